"""VOT supervised measures against vot-toolkit-python's ``vot/analysis/supervised.py`` rules, written here
(the toolkit is not installed): ``compute_accuracy`` returns 0 for a sequence with no frame outside the burn-in
/ failure / unknown frames, and ``AverageAccuracyRobustness`` weights every sequence's accuracy by its length."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.evaluation import vot


def _toolkit_accuracy(seqs):
    total = weight = 0.0
    for boxes, codes, gt in seqs:
        ov = np.array([vot.bounded_overlap(b, g, (64, 64)) if c == vot.TRACKED else 0.0
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
