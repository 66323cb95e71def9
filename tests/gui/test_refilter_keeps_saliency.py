"""A live slider move (LW-IRSTNet's threshold, size and aspect sliders) re-filters the frame on screen
from its cached logits: the saliency is the same, and its float16 copy kept per frame is not made anew
(that conversion was most of each slider step on the GUI thread, 70-85 ms of ~100 ms for a 1024x1280
frame). A new frame's (or another frame's) saliency is converted as before."""
from __future__ import annotations

import numpy as np

from workbench.core.methods import SegOutput
from workbench.gui.controllers.segmentation import SegResults


def _out(sal, thr):
    return SegOutput(saliency=sal, mask=sal > thr, targets=[])


def test_refilter_reuses_the_frames_float16_saliency():
    rng = np.random.default_rng(0)
    sal = rng.random((64, 80), dtype=np.float32)
    seg = SegResults("lw_irstnet", 5)
    first = seg.put(2, _out(sal, 0.5))
    again = seg.put(2, _out(sal, 0.3))  # a re-filter: the same saliency array, another threshold
    assert again.saliency is first.saliency  # the copy kept, not converted again
    assert again.mask.sum() > first.mask.sum()  # the new mask is the new threshold's
    assert seg.get(2) is again and seg._bytes == again.saliency.nbytes + again.mask.nbytes
    other = seg.put(3, _out(sal, 0.3))  # the same array for another frame: its own copy
    assert other.saliency is not again.saliency
    new = rng.random((64, 80), dtype=np.float32)
    fresh = seg.put(3, _out(new, 0.3))  # a new network pass: converted
    np.testing.assert_array_equal(fresh.saliency, new.astype(np.float16))
    assert fresh.saliency.dtype == np.float16
