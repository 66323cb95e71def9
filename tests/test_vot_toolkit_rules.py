"""VOT supervised measures against vot-toolkit-python's ``vot/analysis/supervised.py`` rules, written here
(the toolkit is not installed): ``compute_accuracy`` returns 0 for a sequence with no frame outside the burn-in
/ failure / unknown frames, and ``AverageAccuracyRobustness`` weights every sequence's accuracy by its length."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.evaluation import vot
from workbench.core.evaluation.vot_region import overlap, region


def _toolkit_accuracy(seqs):
    total = weight = 0.0
    for boxes, codes, gt in seqs:
        ov = np.array([overlap(region(b), region(g), (64, 64)) if c == vot.TRACKED else 0.0
                       for b, c, g in zip(boxes, codes, gt)])
        mask = np.ones(len(ov), bool)
        for i, c in enumerate(codes):
            if c == vot.SKIPPED or c == vot.FAILURE:
                mask[i] = False
            elif c == vot.INIT:
                mask[i:i + 10] = False
        acc = float(np.mean(ov[mask])) if mask.any() else 0.0
        total += acc * len(codes)
        weight += len(codes)
    return total / weight


def test_a_sequence_failing_within_every_burn_in_counts_as_zero_accuracy():
    gt = np.array([[0, 0, 10, 10]] * 30, float)
    good_codes = np.full(30, vot.TRACKED, np.int8)
    good_codes[0] = vot.INIT
    good = (np.tile([0.0, 0.0, 10.0, 5.0], (30, 1)), good_codes, gt)  # 0.5 on the 20 frames after burn-in
    bad_codes = np.full(20, vot.TRACKED, np.int8)
    for start in (0, 8):  # fails 3 frames after each init, re-initialised 5 frames later
        bad_codes[start] = vot.INIT
        bad_codes[start + 3] = vot.FAILURE
        bad_codes[start + 4:start + 8] = vot.SKIPPED
    bad_codes[16] = vot.INIT  # the last init runs to the end, inside its burn-in
    bad = (np.tile([0.0, 0.0, 10.0, 10.0], (20, 1)), bad_codes, gt[:20])
    rep = vot.evaluate_tracker("t", {"good": good[:2], "bad": bad[:2]}, {"good": good[2], "bad": bad[2]},
                               {"good": (64, 64), "bad": (64, 64)})
    assert np.isnan(rep.sequences["bad"].accuracy)  # its own row: no frame to average
    assert rep.scores()["accuracy"] == pytest.approx(_toolkit_accuracy([good, bad])) == pytest.approx(0.5 * 30 / 50)


# (trajectory box, groundtruth box or polygon, image size, vot-toolkit 0.9.0's calculate_overlap of the two)
TOOLKIT_OVERLAPS = [
    ([0.5, 0.5, 10, 10], [2, 2, 10, 10], (64, 64), 0.47058823529411764),
    ([1.5, 2.5, 10.4, 7.6], [2, 2, 10, 10], (64, 64), 0.8),
    ([204.055, 151.118, 17, 50], [202, 150, 19, 49], (360, 240), 0.8455958549222798),
    ([-5.3, 10.2, 20.7, 15.5], [0, 8, 12, 20], (64, 48), 0.631578947368421),
    ([50.6, 30.4, 20, 25], [55, 40, 20, 20], (64, 48), 0.3076923076923077),
    ([10, 10, 0.4, 5], [10, 10, 5, 5], (64, 48), 0.0),
    ([3.2, 4.7, 12.1, 9.9], [2.6, 3.1, 15.2, 5.4, 13.9, 16.8, 1.3, 14.2], (64, 48), 0.7361963190184049),
    ([20.5, 20.5, 15, 15], [18, 30, 30, 18, 42, 30, 30, 42], (64, 48), 0.5154929577464789),
    ([100, 100, 10, 10], [0, 0, 5, 0, 5, 5, 0, 5], (64, 48), 0.0),
    ([198.6, 48.4, 90.2, 64.7], [199.06, 48.93, 287.3, 48.93, 287.3, 113.2, 199.06, 113.2], (640, 480),
     0.9590840208789359),
]


@pytest.mark.parametrize("box, gt, size, expected", TOOLKIT_OVERLAPS)
def test_overlap_is_the_vot_toolkits_raster_overlap(box, gt, size, expected):
    """Values computed with vot-toolkit 0.9.0 (``vot.region.raster.calculate_overlap``; 3,000 random rectangle /
    polygon pairs agreed exactly when the port was written). The continuous box IoU differs (0.566 for the first)."""
    from workbench.core.evaluation.vot_region import overlap, region

    assert overlap(region(box), region(gt), size) == pytest.approx(expected, abs=1e-15)


def test_accuracy_uses_the_groundtruth_polygon_of_a_real_vot_sequence(tmp_path):
    """The VOT reader keeps the file's polygons, and the measures use them as the toolkit does."""
    from tests.helpers import shared
    from workbench.core.data.vot import open as open_vot
    from workbench.core.evaluation.vot_region import overlap, region

    seq = open_vot(shared("tracking/vottir2016_crowd"))
    assert seq.regions[0][0] == "poly"
    gt = np.asarray(seq.groundtruth, float)
    boxes = gt + np.array([3.3, -2.6, 1.2, 0.0])
    codes = np.full(len(gt), vot.TRACKED, np.int8)
    codes[0] = vot.INIT
    size = (seq.frame(0).shape[1], seq.frame(0).shape[0])
    s = vot.sequence_measures(boxes, codes, gt, size, regions=seq.regions)
    expect = [overlap(region(b), r, size) for b, r in zip(boxes[10:], seq.regions[10:])]
    assert s.accuracy == pytest.approx(np.mean(expect), abs=1e-12)
    assert s.accuracy != pytest.approx(vot.sequence_measures(boxes, codes, gt, size).accuracy, abs=1e-4)
