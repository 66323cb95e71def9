"""OPE numbers against values worked out by hand from the GOT-10k toolkit's OTB definition:
success = fraction of frames with IoU > t for t in linspace(0, 1, 21), AUC = mean of that curve;
precision = fraction with centre error <= t px, t = 0..50, score at 20 px; normalized precision as
LaSOT (centre offset / gt size, thresholds linspace(0, 0.5, 51)); absent-gt frames left out;
dataset score = mean of per-sequence curves."""
import json

import numpy as np
import pytest

from workbench.core.evaluation import ope
from workbench.core.evaluation.plots import export_csv, export_json, export_plots

GT = np.array([[10, 10, 20, 20]] * 5, float)
PRED = GT + np.array([[0, 0, 0, 0], [5, 0, 0, 0], [10, 10, 0, 0], [np.nan] * 4, [30, 30, 0, 0]])
# per-frame IoU: 1, 300/500 = 0.6, 100/700 = 0.142857, NaN -> 0, 0
# thresholds counted with '>': t=0,0.05,0.1 -> 3 frames; t=0.15..0.55 (9 thresholds) -> 2;
# t=0.6..0.95 (8 thresholds) -> 1 (0.6 > 0.6 is false); t=1.0 -> 0
HAND_AUC = (3 * 3 + 9 * 2 + 8 * 1) / (21 * 5)  # = 35/105 = 1/3
# centre errors: 0, 5, 14.142, inf, 42.43 -> within 20 px: 3 of 5
HAND_P20 = 3 / 5


def test_success_and_precision_match_hand_values():
    c = ope.evaluate_sequence(PRED, GT)
    assert c.success_auc == pytest.approx(HAND_AUC, abs=1e-12)
    assert c.precision_20 == pytest.approx(HAND_P20)
    assert c.success[0] == pytest.approx(3 / 5)
    assert c.success[12] == pytest.approx(1 / 5)  # t = 0.6 strict
    assert c.success[-1] == 0.0
    assert c.frames == 5


def test_normalized_precision_both_conventions():
    c = ope.evaluate_sequence(PRED, GT)
    # normalized errors: 0, 0.25, sqrt(0.5^2+0.5^2)=0.707, inf, 2.12
    thr = np.linspace(0, 0.5, 51)
    expected = np.mean((np.array([0, 0.25, np.sqrt(0.5), np.inf, np.hypot(1.5, 1.5)])[:, None] <= thr), axis=0)
    np.testing.assert_allclose(c.norm_precision, expected)
    assert c.norm_precision_02 == pytest.approx(1 / 5)  # only the perfect frame is within 0.2
    assert c.norm_precision_auc == pytest.approx(float(np.mean(expected)))


def test_absent_frames_excluded_and_start_frame():
    gt = GT.copy()
    gt[1] = np.nan  # absent: the 0.6-IoU frame no longer counts
    gt[2, 2] = 0  # zero size: absent too
    c = ope.evaluate_sequence(PRED, gt)
    assert c.frames == 3
    assert c.success[0] == pytest.approx(1 / 3)
    c2 = ope.evaluate_sequence(PRED, GT, start=1)
    assert c2.frames == 4


def test_dataset_mean_of_sequence_curves_vs_pooled():
    a = ope.evaluate_sequence(PRED, GT)  # AUC 1/3 over 5 frames
    perfect = np.array([[0, 0, 5, 5]] * 15, float)
    b = ope.evaluate_sequence(perfect, perfect)  # AUC 20/21 over 15 frames
    assert ope.aggregate([a, b]).success_auc == pytest.approx((1 / 3 + 20 / 21) / 2)
    pooled = ope.aggregate([a, b], pooled=True).success_auc
    assert pooled == pytest.approx((5 * (1 / 3) + 15 * (20 / 21)) / 20)


def test_evaluate_tracker_attributes_and_json_csv_plots(tmp_path):
    occl = np.array([False, True, True, False, False])
    rep = ope.evaluate_tracker("t", {"s": PRED}, {"s": GT, "other": GT},
                               attributes={"s": {"occlusion": occl, "night": True}})
    assert rep.missing == ["other"]
    assert rep.attributes["night"].success_auc == pytest.approx(HAND_AUC)
    # occluded frames: IoU 0.6 and 0.1429 -> >0 for t<=0.1 (3 thr) both, 0.15..0.55 one (9 thr)
    assert rep.attributes["occlusion"].success_auc == pytest.approx((3 * 2 + 9 * 1) / (21 * 2))
    j = export_json([rep], tmp_path / "s.json")
    data = json.loads(j.read_text())
    assert set(data["t"]["s"]) >= {"success_auc", "precision_20", "norm_precision"}
    assert data["t"]["_all"]["success_auc"] == pytest.approx(HAND_AUC)
    csv_text = export_csv([rep], tmp_path / "s.csv").read_text().splitlines()
    assert csv_text[0].startswith("tracker,sequence,success_auc,precision_20")
    files = export_plots([rep], tmp_path / "plots")
    assert {f.suffix for f in files} == {".png", ".svg", ".pdf"}
    assert (tmp_path / "plots" / "success.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "plots" / "precision.pdf").read_bytes()[:5] == b"%PDF-"
    assert b"<svg" in (tmp_path / "plots" / "success.svg").read_bytes()[:500]


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        ope.evaluate_sequence(PRED[:4], GT)


def test_an_attribute_without_scored_frames_has_no_row():
    """A per-frame attribute flagged only on frames before the start frame scores no frame: it is left out
    of the report (and so of the CSV / JSON / window tables), not shown as a 0.0000 score."""
    import numpy as np

    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.core.evaluation.plots import table_rows

    gt = np.tile([10.0, 10.0, 20.0, 20.0], (10, 1))
    early = np.zeros(10, bool)
    early[:3] = True
    r = evaluate_tracker("t", {"s": gt.copy()}, {"s": gt}, {"s": {"early": early, "late": ~early, "tag": True}},
                         starts={"s": 5})
    assert set(r.attributes) == {"late", "tag"}
    assert r.attributes["late"].frames == 5
    assert not [row for row in table_rows([r]) if row["sequence"] == "_attr:early"]
