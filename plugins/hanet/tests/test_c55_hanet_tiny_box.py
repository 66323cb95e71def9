"""HA-Net on tiny targets: its box floor (4 px while tracking, 2 px at the start) grew a 2 x 2 px target's box to
4 x 4; the floor is now never larger than the first box's side, and a first box under 2 px a side (whose search
region is smaller than the target's motion) or without a size is refused at the start, naming it."""
import numpy as np
import pytest

from workbench.core.boxes import FirstBoxError
from tests.test_c55_tiny_target_boxes import moving_square


def cubes(side: int, frames: int):
    grey, gt = moving_square(side, frames)
    ramp = np.linspace(1.0, 0.8, 16, dtype=np.float32)
    return [np.clip(g[:, :, None] * ramp, 0, 255).astype(np.uint8) for g in grey], gt


@pytest.fixture(scope="module")
def tracker():
    from workbench_hanet.config import HANetConfig
    from workbench_hanet.tracker import make_hanet

    return make_hanet(HANetConfig())  # the shipped weights


def test_a_two_pixel_target_keeps_a_box_under_the_old_floor(tracker):
    frames, gt = cubes(2, 8)
    tracker.initialize(frames[0], tuple(gt[0]))
    boxes = np.array([tuple(tracker.track(f).box) for f in frames[1:]])
    assert (boxes[:, 2:] < 3.5).all(), boxes[:, 2:].tolist()  # was 4 x 4 from the first frame on
    centre = boxes[:, :2] + boxes[:, 2:] / 2
    assert np.linalg.norm(centre - (gt[1:, :2] + 1.0), axis=1).max() < 2.0


@pytest.mark.parametrize("box, said", [((40, 50, 1, 1), "is under 2 px on a side"),
                                       ((40, 50, 3, 0), "positive width and height")])
def test_a_first_box_it_cannot_track_is_refused_naming_it(tracker, box, said):
    frames, _ = cubes(1, 1)
    with pytest.raises(FirstBoxError, match=r"^hanet: the first box 40,50,") as info:
        tracker.initialize(frames[0], box)
    assert said in str(info.value)
