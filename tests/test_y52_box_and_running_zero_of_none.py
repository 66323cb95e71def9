"""0 / 0 scores named where the mask scorer names them (``zero_of_none``, b85fe08): a box-labelled set whose boxes are
none gave Pd 0.0 with no word (``irst_boxes.evaluate_boxes``, ``segment``'s box table and JSON); and the window's
running Pd (``RunningSegmentation``) was 0.000 before any labelled target, where it is undefined: NaN there (a gap,
nothing in the readout) as the detector's running precision (37fa719), its summary naming the 0 / 0 scores."""
from __future__ import annotations

import json

import cv2
import numpy as np

from tests.helpers import segment_nothing_command
from workbench.core.evaluation.irst_boxes import evaluate_boxes
from workbench.core.evaluation.running import RunningSegmentation
from workbench.core.evaluation.segmentation import ZERO_RULE, SegmentationMetrics


def _box_set(root, lines: str):
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    cv2.imwrite(str(root / "images" / "000001.png"), np.full((20, 30), 30, np.uint8))
    (root / "labels" / "000001.txt").write_text(lines)  # empty: an image with no target
    return root


def _nothing(frame):
    return np.full(frame.shape[:2], -5.0, np.float32)


def test_box_pd_of_no_box_is_named(tmp_path):
    r = evaluate_boxes(None, _box_set(tmp_path / "none", ""), _nothing)
    assert r["pd"] == 0.0 and r["targets"] == 0 and r["zero_of_none"] == {"pd": "no target"}
    r = evaluate_boxes(None, _box_set(tmp_path / "one", "0 0.5 0.5 0.2 0.2\n"), _nothing)  # a box, missed
    assert r["pd"] == 0.0 and r["zero_of_none"] == {}  # measured: 0 of 1


def test_segment_box_table_and_json_say_it(tmp_path, monkeypatch, capsys):
    root = _box_set(tmp_path / "set", "")
    cmd = segment_nothing_command(monkeypatch, "y_none")
    assert cmd(["--dataset", str(root), "--json", str(tmp_path / "s.json")]) == 0
    said = json.loads((tmp_path / "s.json").read_text())
    assert said["pd"] == 0.0 and said["zero_of_none"] == {"pd": "no target"}, said
    assert f"note: pd no target: {ZERO_RULE}" in capsys.readouterr().out


def _frame(target: bool):
    gt = np.zeros((16, 16), bool)
    if target:
        gt[4:6, 4:6] = True
    return gt


def test_running_pd_is_a_gap_before_the_first_target():
    run = RunningSegmentation(3)
    batch = SegmentationMetrics(bins=2)
    for i, target in enumerate((False, True)):
        gt = _frame(target)
        pred = gt.astype(np.float32)  # found where there is one
        batch.update(pred, gt, probabilities=True)
        run.add(i, int(target), SegmentationMetrics(bins=2).update(pred, gt, probabilities=True), gt.size)
        if i == 0:
            assert np.isnan(run.series()["pd"][0])  # no labelled target yet: undefined, not 0.000
            s = run.summary()
            assert s["pd"] == 0.0 and s["zero_of_none"]["pd"] == "no target"  # the batch rule, named
            assert s["zero_of_none"]["miou"] == "no target or predicted pixel"
    pd = run.series()["pd"]
    assert np.isnan(pd[0]) and pd[1] == 1.0 and np.isnan(pd[2])  # frame 2 not done
    s = run.summary()
    assert s["pd"] == batch.report().pd == 1.0
    # frame 0 had neither target nor predicted pixel: its IoU a 0 / 0 in nIoU's mean, as the batch scorer says it
    assert s["zero_of_none"] == batch.report().zero_of_none == {
        "niou": "1 of 2 images with no target or predicted pixel (each 0)"}
