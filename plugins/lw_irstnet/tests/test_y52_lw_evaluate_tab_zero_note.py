"""LW-IRSTNet's Evaluate tab showed a 0 / 0 score (Pd of a box set with no box, precision with no pixel predicted)
as a measured 0.0000, where ``segment`` names it under its table (b85fe08): the cell is marked ``*``, its tooltip
says why and by what rule, the status line names the marked scores and metrics.json keeps ``zero_of_none``; a
measured score is unmarked. ``segment --model lw_irstnet`` on a box set with no box says it under its table and in
its JSON, as on a mask set."""
from __future__ import annotations

from types import SimpleNamespace

import cv2
import numpy as np

from workbench.core.evaluation.irst_boxes import BoxSet, evaluate_boxes
from workbench.core.evaluation.segmentation import ZERO_RULE, EvalResult, SegmentationMetrics


def _box_set(root, lines: str) -> BoxSet:
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    cv2.imwrite(str(root / "images" / "000001.png"), np.full((20, 30), 30, np.uint8))
    (root / "labels" / "000001.txt").write_text(lines)
    return BoxSet(root)


def _fires_at_the_centre(frame):
    out = np.full(frame.shape[:2], -5.0, np.float32)
    out[9:11, 14:16] = 5.0
    return out


def _tab(qtbot):
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import METRICS, Panel

    panel = Panel(PLUGIN, None)
    qtbot.addWidget(panel)
    panel.setCurrentIndex(2)  # the evaluation tab is built
    return panel, {k: r for r, k in enumerate(METRICS)}


def _shown(qtbot, panel, ds, res) -> None:
    panel._on_eval_done((ds, None, res, SimpleNamespace(params=1000, ops=2e6), 0))
    qtbot.waitUntil(lambda: not panel.view_job.running)  # the per-image picture's job (nothing to draw here)


def test_box_pd_of_no_box_is_marked(qtbot, tmp_path):
    from workbench_lw_irstnet.evaluate import box_result

    panel, row = _tab(qtbot)
    bs = _box_set(tmp_path / "none", "")
    _shown(qtbot, panel, bs, box_result(evaluate_boxes(None, bs, _fires_at_the_centre)))
    cell = panel.ev_table.item(row["pd"], 1)
    assert cell.text() == "0.0000 *" and cell.toolTip() == f"pd: no target: {ZERO_RULE}", cell.toolTip()
    assert "* pd: 0 / 0 counted 0" in panel.ev_status.text(), panel.ev_status.text()
    assert panel.metrics["zero_of_none"] == {"pd": "no target"}
    assert panel.ev_table.item(row["precision"], 1).text() == "n/a (boxes)"  # boxes give none: not a 0 / 0

    bs = _box_set(tmp_path / "one", "0 0.5 0.5 0.2 0.2\n")  # a box, found: measured
    _shown(qtbot, panel, bs, box_result(evaluate_boxes(None, bs, _fires_at_the_centre)))
    cell = panel.ev_table.item(row["pd"], 1)
    assert cell.text() == "1.0000" and cell.toolTip() == "" and "0 / 0" not in panel.ev_status.text()
    assert panel.metrics["zero_of_none"] == {}


def test_mask_precision_of_nothing_predicted_is_marked(qtbot):
    panel, row = _tab(qtbot)
    gt = np.zeros((16, 16), bool)
    gt[4:6, 4:6] = True
    m = SegmentationMetrics(bins=20)
    m.update(np.full((16, 16), -5.0), gt)  # a target, nothing predicted
    _shown(qtbot, panel, SimpleNamespace(split=None), EvalResult(m.report()))
    cell = panel.ev_table.item(row["precision"], 1)
    assert cell.text() == "0.0000 *" and cell.toolTip() == f"precision: no pixel predicted: {ZERO_RULE}"
    recall = panel.ev_table.item(row["recall"], 1)
    assert recall.text() == "0.0000" and recall.toolTip() == ""  # 0 of 4 target pixels: measured


def test_lw_segment_box_table_says_it(tmp_path, capsys):
    import json

    from workbench_lw_irstnet import evaluate

    _box_set(tmp_path / "none", "")
    assert evaluate.main(["--dataset", str(tmp_path / "none"), "--json", str(tmp_path / "s.json"), "--device", "cpu",
                          "--threads", "1", "--tta", "none"]) == 0
    assert json.loads((tmp_path / "s.json").read_text())["zero_of_none"] == {"pd": "no target"}
    assert f"note: pd no target: {ZERO_RULE}" in capsys.readouterr().out
