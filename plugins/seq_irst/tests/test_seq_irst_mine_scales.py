"""Hard-negative mining at the test pyramid's scales (``loso --mine-scales 0.5``, ``hard_negatives(scales=...)``):
the stage-1 network's errors on the training frames' input resized by 0.5 become crops cut at that scale."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from seq_irst_standins import StrideOneNet  # noqa: E402

from workbench.core.data.irseq import INTERFERENCE, TARGET, Label  # noqa: E402
from workbench.core.data.irseq_synth import make_sequence  # noqa: E402
from workbench_seq_irst.crops import MINED_AT, SCALE_SUFFIX, build_crops, scale_label, scaled_input  # noqa: E402
from workbench_seq_irst.detector import SeqIRSTDetector  # noqa: E402
from workbench_seq_irst.differential import FrameCache  # noqa: E402
from workbench_seq_irst.loso import hard_negatives, mined_counts  # noqa: E402

FA = (5, 6)  # the cell (x, y) where the stand-in fires, on inputs narrower than 40 px only
TARGET_XY = (40.0, 44.0)  # the (relabelled) target of every frame, far from the false alarm at every scale


class HalfOnlyNet(StrideOneNet):
    """Grid stride 1; one confident `target` detection at cell FA of any input narrower than 40 px (the 64 px
    frame at scale 0.5), none at scale 1: its false alarm and its miss exist only at the half-scale level."""

    def forward(self, x):
        b, _, h, w = x.shape
        out = torch.zeros(b, 7, h, w)
        out[:, 0:2] = -0.5  # centre = the cell's pixel
        out[:, 4] = -10.0
        if w < 40:
            out[:, 4, FA[1], FA[0]] = 10.0
        out[:, 5] = 10.0  # class: target
        out[:, 6] = -10.0
        return out


def _data():
    seq = make_sequence(3, width=64, height=64, frames=6)
    seq = seq.with_labels([[Label(i, *TARGET_XY, 2.0, 2.0, TARGET)] for i in range(len(seq))])
    return seq, [(seq, [1, 3])]


def test_mining_at_half_scale_yields_crops_cut_at_that_scale():
    seq, data = _data()
    det = SeqIRSTDetector(HalfOnlyNet(), "cpu", 0.5)
    plain, fa1, miss1 = hard_negatives(det, data)  # the default: scale 1 only, as before
    assert (fa1, miss1) == (0, 2) and MINED_AT not in plain[0][0].meta
    mined, fa, miss = hard_negatives(det, data, scales=(1.0, 0.5))
    assert (fa, miss) == (0, 2)  # scale 1's own figures do not change
    assert mined[0][0].labels == seq.labels  # and no scale-1 label is added
    assert mined_counts(mined) == {0.5: (2, 2)}
    fas, missed = mined[0][0].meta[MINED_AT][0.5][1]
    fx = (FA[0] + 0.5) / 0.5 - 0.5  # the cell's centre in frame pixels (detector.to_frame)
    assert [(lab.cx, lab.cy, lab.w, lab.cls) for lab in fas] == [(fx, (FA[1] + 0.5) / 0.5 - 0.5, 6.0, INTERFERENCE)]
    assert missed == seq.labels[1]

    base = build_crops(plain, 16, seed=0)
    cs = build_crops(mined, 16, seed=0)
    half = [k for k, o in enumerate(cs.origin) if o[0] == f"{seq.name}{SCALE_SUFFIX}0.5"]
    assert not any(SCALE_SUFFIX in o[0] for o in base.origin)
    assert len(half) == 4 and len(cs) == len(base) + 4  # per mined frame: one false-alarm and one miss crop
    cache = FrameCache(seq)
    fa_at = scale_label(fas[0], 0.5)
    tg_at = scale_label(seq.labels[1][0], 0.5)
    kinds = []
    for k in half:
        name, i, x0, y0 = cs.origin[k]
        g = scaled_input(seq, cache, i, "past", "frame", 0.5)  # the crop is cut from the half-scale input
        assert g.shape[-1] == 32 and np.array_equal(cs.x[k], g[:, y0:y0 + 16, x0:x0 + 16].astype(np.float16))
        labs = cs.labels[k]
        for cx, cy, w, h, c in labs:
            ref = fa_at if c == INTERFERENCE else tg_at
            assert (cx + x0, cy + y0, w, h) == pytest.approx((ref.cx, ref.cy, ref.w, ref.h))
        kinds.append(sorted(c for *_, c in labs))
    assert sum(INTERFERENCE in k for k in kinds) == 2 and sum(TARGET in k for k in kinds) >= 2
