"""NAS-TIR on tiny targets: the first box was floored at 2 px, so a 1 x 1 px target was tracked as 2 x 2 (IoU
about 0.2 on a generated sequence) and a first box of zero size as a 2 x 2 one; the first box is now taken as it
is, and one without a size is refused, naming it."""
import numpy as np
import pytest

from workbench.core.boxes import FirstBoxError
from tests.test_c55_tiny_target_boxes import moving_square


@pytest.fixture(scope="module")
def tracker():
    from workbench_nas_tir import NASTIRConfig
    from workbench_nas_tir.tracker import make_tracker

    return make_tracker(NASTIRConfig())  # the shipped weights


def test_a_one_pixel_target_keeps_a_one_pixel_box_and_is_followed(tracker):
    frames, gt = moving_square(1, frames=10)
    tracker.initialize(frames[0], tuple(gt[0]))
    boxes = np.array([tuple(tracker.track(f).box) for f in frames[1:]])
    assert (boxes[:, 2:] < 1.5).all(), boxes[:, 2:].tolist()  # was 2 x 2 and more
    centre = boxes[:, :2] + boxes[:, 2:] / 2
    assert np.linalg.norm(centre - (gt[1:, :2] + 0.5), axis=1).max() < 2.0


def test_a_first_box_without_a_size_is_refused_naming_it(tracker):
    frames, _ = moving_square(1, frames=1)
    with pytest.raises(FirstBoxError, match=r"^nas_tir: the first box 40,50,0,1 \(x,y,w,h\) needs finite values"):
        tracker.initialize(frames[0], (40, 50, 0, 1))
