"""RGB-T rules as the toolkits' code reads (R2's review of cffbd9e): a run still going is scored on the frames it
tracked under every rule (LasHeR's invalid-groundtruth rule counted the frames after it); result boxes rounded as
each toolkit rounds them (MATLAB's corners: halves away from zero; the Python toolkit's numpy round, RGBT210 /
LasHeR: halves to even; VTUAV's x,y,w,h rows: not rounded); GTOT's MSR over the 21 thresholds of the one public
implementation (the Python toolkit's MSR_GTOT)."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.evaluation.rgbt import RULES, RgbtTruth, aggregate, evaluate_sequence, frame_errors

GT10 = np.tile([10.0, 10.0, 20.0, 20.0], (10, 1))


@pytest.mark.parametrize("key", ["lasher", "rgbt210", "rgbt234", "gtot"])
def test_a_run_still_going_is_scored_on_the_frames_it_tracked(key):
    pred = GT10.copy()
    pred[:, 0] += 30  # 30 px off: a miss at 20 px and IoU 0 on every frame tracked
    pred[5:] = np.nan  # frames 5.. not tracked yet
    c = evaluate_sequence(pred, RgbtTruth(RULES[key], (GT10, GT10)[: 2 if RULES[key].both else 1]).until(4))
    assert c.frames == 5
    # frames 0..4 tracked; RGBT210 / LasHeR score the first with the groundtruth box (a hit), the others do not
    first = 1 if RULES[key].first_frame_gt else 0
    assert c.precision_headline == pytest.approx(first / 5)
    whole = evaluate_sequence(pred[:5], RgbtTruth(RULES[key], tuple(g[:5] for g in (GT10, GT10)[: 2 if RULES[key].both
                                                                                                   else 1])))
    assert c.success_auc == pytest.approx(whole.success_auc)


def test_lasher_invalid_groundtruth_still_counted_within_the_frames_tracked():
    gt = GT10.copy()
    gt[2, 0] = 0  # a groundtruth row with a value <= 0: IoU -1, centre error -1 (a hit)
    pred = GT10 + [30, 0, 0, 0]
    pred[5:] = np.nan
    _i, ces, _n, scored = frame_errors(pred, RgbtTruth(RULES["lasher"], (gt,)).until(4))
    np.testing.assert_array_equal(scored, [True] * 5 + [False] * 5)
    assert ces[2] == -1
    c = evaluate_sequence(pred, RgbtTruth(RULES["lasher"], (gt,)).until(4))
    assert c.precision_headline == pytest.approx(2 / 5)  # frame 0 (the groundtruth box) and frame 2 (invalid)


def _centre_error(key: str, x: float) -> float:
    """The centre error, on frame 2 (frame 1 may be replaced by the groundtruth box), of a box at ``x`` beside
    the groundtruth (10, 10, 10, 10) under rule ``key``."""
    gt = np.array([[10.0, 10, 10, 10]] * 2)
    pred = np.array([[10.0, 10, 10, 10], [x, 10, 10, 10]])
    _i, ces, _n, _s = frame_errors(pred, RgbtTruth(RULES[key], (gt, gt)[: 2 if RULES[key].both else 1]))
    return float(ces[1])


def test_result_boxes_rounded_as_each_toolkit_rounds_them():
    # x = 30.5 and 31.5: numpy (the Python toolkit) rounds both to the even 30 / 32, MATLAB away from zero 31 / 32
    for key in ("rgbt210", "lasher"):
        assert (_centre_error(key, 30.5), _centre_error(key, 31.5)) == (20.0, 22.0), key
    for key in ("gtot", "rgbt234"):
        assert (_centre_error(key, 30.5), _centre_error(key, 31.5)) == (21.0, 22.0), key
    assert (_centre_error("vtuav", 30.5), _centre_error("vtuav", 31.5)) == (20.5, 21.5)
    # the headline flips at 20 px: a hit for RGBT210 (30.5 -> 30: 20 px), a miss for RGBT234 (-> 31: 21 px)
    gt = np.array([[10.0, 10, 10, 10]] * 2)
    pred = np.array([[30.5, 10, 10, 10]] * 2)
    assert evaluate_sequence(pred, RgbtTruth(RULES["rgbt210"], (gt,))).precision_headline == 1.0
    assert evaluate_sequence(pred, RgbtTruth(RULES["rgbt234"], (gt, gt))).precision_headline == 0.0
    for key, word in (("rgbt210", "halves to even"), ("gtot", "halves away from zero"), ("vtuav", "not rounded")):
        assert word in RULES[key].convention()


def _msr_gtot(ious_per_seq: list[np.ndarray]) -> float:
    """The Python rgbt toolkit's MSR_GTOT, as its code computes it: counts of IoU > t over 21 thresholds summed over
    the sequences, the trapezoids' two sums halved, over all frames."""
    thr = np.linspace(0, 1, 21)
    sr = np.array([[np.sum(r > t) for t in thr] for r in ious_per_seq])
    frames = sum(len(r) for r in ious_per_seq)
    return ((sr[:, 1:] * thr[1]).sum() + (sr[:, :-1] * thr[1]).sum()) / 2.0 / frames


def test_gtot_msr_is_the_python_toolkits_msr_gtot():
    # IoU 0.43 (43 x 10 inside 100 x 10): 0.425 over 21 thresholds; the 51 used before gave 0.430
    gt = np.array([[0.0, 0, 100, 10]])
    one = evaluate_sequence(np.array([[0.0, 0, 43, 10]]), RgbtTruth(RULES["gtot"], (gt, gt)))
    assert one.success_auc == pytest.approx(0.425) and one.success_auc == pytest.approx(_msr_gtot([np.array([0.43])]))
    # frames pooled over two sequences of 1 and 3 frames
    gt3 = np.tile(gt, (3, 1))
    three = evaluate_sequence(np.array([[0.0, 0, 90, 10], [0, 0, 20, 10], [0, 0, 100, 10]]),
                              RgbtTruth(RULES["gtot"], (gt3, gt3)))
    want = _msr_gtot([np.array([0.43]), np.array([0.9, 0.2, 1.0])])
    assert aggregate([one, three], RULES["gtot"]).success_auc == pytest.approx(want)
