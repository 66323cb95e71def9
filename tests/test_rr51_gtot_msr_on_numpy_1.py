"""The GTOT rule's MSR called np.trapezoid, which numpy has only from 2.0: on numpy 1.x (pyproject allows >= 1.24) it
raised AttributeError. It falls back to np.trapz as the segmentation ROC does."""
import numpy as np
import pytest

from workbench.core.evaluation.rgbt import RULES, RgbtTruth, evaluate_sequence


def test_gtot_msr_without_np_trapezoid(monkeypatch):
    gt = np.array([[0.0, 0, 100, 10]])
    want = evaluate_sequence(np.array([[0.0, 0, 43, 10]]), RgbtTruth(RULES["gtot"], (gt, gt))).success_auc
    # numpy 1.x: trapz only (numpy 2.4 has dropped trapz, so it is put in place from trapezoid)
    monkeypatch.setattr(np, "trapz", np.trapezoid, raising=False)
    monkeypatch.delattr(np, "trapezoid")
    got = evaluate_sequence(np.array([[0.0, 0, 43, 10]]), RgbtTruth(RULES["gtot"], (gt, gt))).success_auc
    assert got == pytest.approx(want) == pytest.approx(0.425)
