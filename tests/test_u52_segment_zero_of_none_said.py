"""``evaluation.segmentation`` scores a 0 / 0 as 0 (precision with no pixel predicted, Pd with no target, ...), the
IRST toolkits' convention (BasicIRSTD's eps), kept: but its tables and JSON gave that 0 as if measured. The report
says which scores are 0 of nothing and why (``zero_of_none``, in the JSON), and ``segment`` prints a note under the
table; a set where every score is measured says nothing more."""
from __future__ import annotations

import json

import cv2
import numpy as np

from tests.helpers import segment_nothing_command
from workbench.core.evaluation.segmentation import ZERO_RULE, SegmentationMetrics, zero_note


def test_the_zeros_of_nothing_are_named():
    gt = np.zeros((8, 8), bool)
    m = SegmentationMetrics(bins=20)
    m.update(np.full((8, 8), -5.0), gt)  # no target, nothing predicted
    r = m.report()
    assert r.precision == r.recall == r.pd == r.miou == 0.0  # the convention, unchanged
    z = r.as_dict()["zero_of_none"]
    assert z["precision"] == "no pixel predicted" and z["recall"] == "no target pixel" and z["pd"] == "no target"
    assert z["miou"] == z["f1"] == "no target or predicted pixel" and "1 of 1 images" in z["niou"]
    assert "fa" not in z  # 0 false pixels of 64: measured
    assert zero_note(r).startswith("note: miou no target or predicted pixel;") and zero_note(r).endswith(ZERO_RULE)


def test_measured_scores_say_nothing_more():
    gt = np.zeros((8, 8), bool)
    gt[2:4, 2:4] = True
    m = SegmentationMetrics(bins=20)
    m.update(np.where(gt, 5.0, -5.0), gt)
    r = m.report()
    assert r.as_dict()["zero_of_none"] == {} and zero_note(r) == ""
    m.update(np.where(gt, -5.0, -5.0), gt)  # a second image, its target missed: recall 1/2, all measured
    assert m.report().zero_of_none == {}


def test_segment_says_the_precision_of_no_prediction(tmp_path, monkeypatch, capsys):
    root = tmp_path / "set"
    for d in ("images", "masks"):
        (root / d).mkdir(parents=True)
    img = np.full((24, 24), 20, np.uint8)
    img[5:9, 10:13] = 255
    cv2.imwrite(str(root / "images" / "im0.png"), img)
    cv2.imwrite(str(root / "masks" / "im0_pixels0.png"), (img > 100).astype(np.uint8) * 255)
    cmd = segment_nothing_command(monkeypatch, "u_none")
    assert cmd(["--dataset", str(root), "--json", str(tmp_path / "s.json")]) == 0
    said = json.loads((tmp_path / "s.json").read_text())
    assert said["precision"] == 0.0 and said["zero_of_none"] == {"precision": "no pixel predicted"}, said
    out = capsys.readouterr().out
    assert f"note: precision no pixel predicted: {ZERO_RULE}" in out, out

