"""The Scores dock's segmentation row showed Pd 0.000 over frames with no labelled target (0 / 0, scored 0 by the
toolkits' rule) as if measured, where ``segment`` names such a score under its table (b85fe08): the note under the
dock's table names it and the rule, the cell's tooltip says why; a measured row says nothing more."""
from __future__ import annotations

import numpy as np

from workbench.core.evaluation.running import RunningSegmentation
from workbench.core.evaluation.segmentation import ZERO_RULE, SegmentationMetrics
from workbench.gui.scores_dock import ScoresDock


def _summary(*targets: bool) -> dict:
    run = RunningSegmentation(len(targets))
    for i, target in enumerate(targets):
        gt = np.zeros((16, 16), bool)
        gt[4:6, 4:6] = target
        run.add(i, int(target), SegmentationMetrics(bins=2).update(gt.astype(np.float32), gt, probabilities=True),
                gt.size)
    return {"method": "lw_irstnet", "status": "done", "frames": f"{len(targets)} / {len(targets)}", **run.summary()}


def test_pd_of_no_target_is_named(qtbot):
    dock = ScoresDock()
    qtbot.addWidget(dock)
    dock.set_run("segmentation", _summary(False, False))
    cols = [k for k, _h, _f in dock.columns()]
    pd = dock.table.item(0, cols.index("pd"))
    assert pd.text() == "0.000" and pd.toolTip() == f"no target: {ZERO_RULE}", pd.toolTip()
    assert dock.table.item(0, cols.index("fa_e6")).toolTip() == ""  # 0 false pixels of 512: measured
    note = dock.note.text()
    assert "pd no target" in note and "miou no target or predicted pixel" in note and ZERO_RULE in note, note
    assert "zero_of_none" not in cols  # (the reasons are no column of their own, nor of the CSV)

    dock.set_run("segmentation", _summary(True, False))  # a target found: Pd measured (nIoU's empty frame named)
    pd = dock.table.item(0, cols.index("pd"))
    assert pd.text() == "1.000" and pd.toolTip() == ""
    assert "pd no target" not in dock.note.text() and "niou 1 of 2 images" in dock.note.text()
