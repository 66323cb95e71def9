"""SiamFC++ / PS-SiamFC++ on tiny targets: the min_size floor (6 px) grew a 2 x 2 px target's box to 6 x 6 (IoU
0.11); the floor is now never larger than the first box's side, and a first box under 2 px a side (whose search
region is smaller than the target's motion) or without a size is refused at the start, naming it."""
import numpy as np
import pytest

from workbench.core.boxes import FirstBoxError
from tests.test_c55_tiny_target_boxes import moving_square


@pytest.fixture(scope="module")
def tracker():
    from workbench_siamfcpp_prune.config import SiamFCppConfig
    from workbench_siamfcpp_prune.tracker import make_siamfcpp

    return make_siamfcpp(SiamFCppConfig(backend="torch"))  # the shipped weights


def test_a_two_pixel_target_keeps_a_two_pixel_box(tracker):
    frames, gt = moving_square(2, frames=5)
    tracker.initialize(frames[0], tuple(gt[0]))
    boxes = np.array([tuple(tracker.track(f).box) for f in frames[1:]])
    assert (boxes[:, 2:] < 4.0).all(), boxes[:, 2:].tolist()  # was 6 x 6 from the first frame on
    centre = boxes[:, :2] + boxes[:, 2:] / 2
    assert np.linalg.norm(centre - (gt[1:, :2] + 1.0), axis=1).max() < 2.0


@pytest.mark.parametrize("box, said", [((40, 50, 1, 1), "is under 2 px on a side"),
                                       ((40, 50, 0, 4), "positive width and height")])
def test_a_first_box_it_cannot_track_is_refused_naming_it(tracker, box, said):
    frames, _ = moving_square(1, frames=1)
    with pytest.raises(FirstBoxError, match=r"^siamfcpp: the first box 40,50,") as info:
        tracker.initialize(frames[0], box)
    assert said in str(info.value)
