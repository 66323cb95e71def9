"""SiamFC++ / PS-SiamFC++ on tiny targets: the min_size floor (6 px) grew a 2 x 2 px target's box to 6 x 6 (IoU
0.11); the floor is now never larger than the first box's side. A first box under 2 px a side from the groundtruth
(a TRE segment, a VOT re-init) is tracked, its crops cut as for a 2 x 2 px box (it failed the whole task), and
only a user's box under 2 px is refused (``check_user_box``); a first box without a size is refused, naming it."""
import numpy as np
import pytest

from workbench.core.boxes import Box, FirstBoxError, check_user_box
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


def test_a_one_pixel_groundtruth_start_is_tracked_at_its_size(tracker):
    frames, gt = moving_square(1, frames=6)
    tracker.initialize(frames[0], tuple(gt[0]))  # was FirstBoxError: the TRE / VOT task failed
    boxes = np.array([tuple(tracker.track(f).box) for f in frames[1:]])
    assert np.isfinite(boxes).all() and (boxes[:, 2:] < 2.0).all(), boxes.tolist()  # not grown to a floor
    centre = boxes[:, :2] + boxes[:, 2:] / 2
    assert np.linalg.norm(centre - (gt[1:, :2] + 0.5), axis=1).max() < 2.0, boxes.tolist()


def test_a_users_box_under_two_pixels_is_refused_naming_where():
    from workbench.core.registry import default_registry

    plugin = default_registry().get("siamfcpp")  # its Plugin declares the smallest (the tracker is not made)
    with pytest.raises(FirstBoxError, match=r"^siamfcpp: the first box 40,50,1,1 \(x,y,w,h\) on 's' frame 3 is "
                                            r"under 2 px on a side: a target under 2 px is often lost"):
        check_user_box(plugin, Box(40, 50, 1, 1), "'s' frame 3")
    check_user_box(plugin, Box(40, 50, 2, 2), "'s' frame 3")


def test_a_first_box_without_a_size_is_refused_naming_it(tracker):
    frames, _ = moving_square(1, frames=1)
    with pytest.raises(FirstBoxError, match=r"^siamfcpp: the first box 40,50,0,4 .*positive width and height"):
        tracker.initialize(frames[0], (40, 50, 0, 4))
