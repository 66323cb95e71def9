"""Segmentation metrics on hand-made masks, values worked out by hand (BasicIRSTD conventions)."""
import numpy as np
import pytest

from workbench.core.evaluation.segmentation import SegmentationMetrics, evaluate_masks, match_targets


def _case():
    gt = np.zeros((10, 10), bool)
    gt[2:4, 2:4] = True  # 4-pixel target, centroid (2.5, 2.5)
    gt[7, 7] = True  # 1-pixel target, missed
    pred = np.zeros((10, 10), bool)
    pred[2:4, 3:5] = True  # shifted by one column: centroid (3.5, 2.5), 1 px away -> matched
    pred[0, 7:10] = True  # 3-pixel false alarm far from any target
    return pred, gt


def _logits(mask):
    return np.where(mask, 4.0, -4.0)


def test_hand_computed_single_image():
    pred, gt = _case()
    acc = SegmentationMetrics()
    r1 = acc.update(_logits(pred), gt)
    # TP = 2 (overlap of the squares), FP = 2 + 3, FN = 2 + 1
    assert (r1["tp"], r1["fp"], r1["fn"]) == (2, 5, 3)
    rep = acc.report()
    assert rep.miou == pytest.approx(2 / 10)
    assert rep.niou == pytest.approx(2 / 10)
    assert rep.precision == pytest.approx(2 / 7)
    assert rep.recall == pytest.approx(2 / 5)
    assert rep.f1 == pytest.approx(1 / 3)
    assert rep.pd == pytest.approx(1 / 2)
    assert rep.fa == pytest.approx(3 / 100)  # only the unmatched component's pixels
    assert rep.fa_e6 == pytest.approx(30000.0)


def test_dataset_level_miou_vs_mean_niou():
    pred, gt = _case()
    gt2 = np.zeros((10, 10), bool)
    gt2[5:7, 5:7] = True
    acc = SegmentationMetrics()
    acc.update(_logits(pred), gt)
    acc.update(_logits(gt2), gt2)  # perfect: IoU 1
    rep = acc.report()
    assert rep.miou == pytest.approx((2 + 4) / (10 + 4))  # sums over the dataset
    assert rep.niou == pytest.approx((0.2 + 1.0) / 2)  # mean of per-image IoU
    assert rep.pd == pytest.approx(2 / 3)
    assert rep.fa == pytest.approx(3 / 200)
    assert rep.images == 2 and rep.targets == 3


def test_threshold_is_strictly_above_zero_logit():
    gt = np.zeros((4, 4), bool)
    gt[1, 1] = True
    logits = np.full((4, 4), -1.0)
    logits[1, 1] = 0.0  # probability exactly 0.5 -> not a detection
    rep = evaluate_masks([(logits, gt)])
    assert rep.miou == 0.0 and rep.pd == 0.0
    rep = evaluate_masks([(np.where(gt, 0.6, 0.2), gt)], probabilities=True)
    assert rep.miou == 1.0


def test_eight_connectivity_and_strict_distance():
    gt = np.zeros((12, 12), bool)
    gt[2, 2] = gt[3, 3] = True  # diagonal neighbours: one target
    pred = np.zeros_like(gt)
    pred[2, 2] = pred[3, 3] = True
    m = match_targets(pred, gt)
    assert m["targets"] == 1 and m["matched"] == 1 and m["false_pixels"] == 0
    gt = np.zeros((12, 12), bool)
    gt[5, 2] = True
    pred = np.zeros_like(gt)
    pred[5, 5] = True  # exactly 3 px away: not matched (< 3 px)
    m = match_targets(pred, gt)
    assert m["matched"] == 0 and m["false_pixels"] == 1
    pred[5, 5] = False
    pred[5, 4] = True  # 2 px: matched
    assert match_targets(pred, gt)["matched"] == 1


def test_one_prediction_matches_one_target_only():
    gt = np.zeros((10, 10), bool)
    gt[4, 3] = gt[4, 6] = True  # two targets 3 px apart
    pred = np.zeros_like(gt)
    pred[4, 4:6] = True  # one component between them, centroid (4.5, 4): 1.5 px from both
    m = match_targets(pred, gt)
    assert m["targets"] == 2 and m["matched"] == 1


def test_roc_auc():
    rng = np.random.default_rng(0)
    gt = np.zeros((32, 32), bool)
    gt[10:14, 10:14] = True
    perfect = np.where(gt, 5.0, -5.0)
    assert evaluate_masks([(perfect, gt)]).auc == pytest.approx(1.0, abs=1e-6)
    # 16 noise frames (65,536 pixels, ~6,500 of them targets): the AUC's spread over seeds is ~0.005, well inside the
    # 0.03 asked; 64 frames took 4x as long for the same check (the Pd-Fa curve labels each frame 31 times)
    noise = rng.normal(size=(16, 64, 64))
    gts = rng.random((16, 64, 64)) < 0.1
    rep = evaluate_masks(zip(noise, gts))
    assert rep.auc == pytest.approx(0.5, abs=0.03)
    assert rep.roc_fpr[0] == 0 and rep.roc_tpr[-1] == 1.0 and rep.roc_fpr[-1] == 1.0
    assert np.all(np.diff(rep.roc_fpr) >= 0)


def test_roc_of_a_confident_network_is_a_curve():
    """A trained network puts the background far below probability 0.005 (logits -8 .. -20): the ROC
    still has many points between FPR 0 and 1 (it was one step there, thresholds being even in
    probability), the thresholds are probabilities from 1 down to 0, and bins=2 still splits at 0.5."""
    rng = np.random.default_rng(1)
    gt = np.zeros((16, 64, 64), bool)
    gt[:, 30:33, 30:33] = True
    logits = np.where(gt, rng.uniform(-2, 12, gt.shape), rng.uniform(-20, -8, gt.shape))
    rep = evaluate_masks(zip(logits, gt))
    inside = rep.roc_fpr[(rep.roc_fpr > 0) & (rep.roc_fpr < 1)]
    assert len(np.unique(inside)) > 20
    assert rep.roc_thresholds[0] == 1.0 and rep.roc_thresholds[-1] == 0.0
    assert np.all(np.diff(rep.roc_thresholds) <= 0)
    from workbench.core.evaluation.segmentation import SegmentationMetrics

    assert np.allclose(SegmentationMetrics(bins=2).roc()[2], [1.0, 0.5, 0.0])


def test_pd_fa_curve_by_threshold():
    """Target-level Pd-Fa over the logit thresholds: a target scored 3 and a 4-pixel false blob scored -2."""
    from workbench.core.evaluation.segmentation import PDFA_LOGITS

    gt = np.zeros((40, 50), bool)
    gt[10:13, 10:13] = True
    logits = np.full(gt.shape, -40.0)  # below every threshold
    logits[10:13, 10:13] = 3.0
    logits[30:32, 30:32] = -2.0
    acc = SegmentationMetrics()
    acc.update(logits, gt)
    rep = acc.report()
    t = PDFA_LOGITS
    assert np.allclose(rep.pdfa_thresholds, 1 / (1 + np.exp(-t)))
    assert np.array_equal(rep.pdfa_pd, np.where(t < 3.0, 1.0, 0.0))
    assert np.allclose(rep.pdfa_fa, np.where(t < -2.0, 4 / gt.size, 0.0))
    k0 = int(np.flatnonzero(t == 0.0)[0])  # the operating point is the report's own Pd / Fa
    assert rep.pdfa_pd[k0] == rep.pd and rep.pdfa_fa[k0] == rep.fa
    d = rep.as_dict(curves=True)["pd_fa"]
    assert len(d["pd"]) == len(d["fa"]) == len(d["thresholds"]) == len(t)


def test_pd_fa_curve_ends_on_noise():
    """Neither Pd nor Fa is monotone in the threshold in general (at a lenient threshold a target can merge
    with clutter and its centroid move away); the ends are: strict finds fewer, lenient alarms more."""
    from workbench.core.evaluation.segmentation import PDFA_LOGITS

    rng = np.random.default_rng(3)
    acc = SegmentationMetrics()
    for _ in range(4):
        gt = np.zeros((64, 64), bool)
        y, x = rng.integers(5, 59, 2)
        gt[y - 1:y + 2, x - 1:x + 2] = True
        acc.update(rng.normal(-6, 1.5, gt.shape) + 12 * gt, gt)
    rep = acc.report()
    k0 = int(np.flatnonzero(PDFA_LOGITS == 0.0)[0])
    assert rep.pdfa_pd[0] < rep.pdfa_pd[k0] == 1.0
    assert rep.pdfa_fa[-1] > rep.pdfa_fa[k0] >= rep.pdfa_fa[0]
