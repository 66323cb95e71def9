"""The timeline's legend does not sit on the curves it labels: a run that started late (its curve only in the
last frames) gets the legend in the top-left corner; a run over the whole sequence keeps it top right."""
from __future__ import annotations

import numpy as np

from workbench.gui.timeline import TimelineDock


def _legend_side(qtbot, dock) -> str:
    vb = dock.plot.getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: vb.width() > 100)
    x = dock.legend.mapToItem(vb, dock.legend.boundingRect().center()).x()
    return "left" if x < vb.width() / 2 else "right"


def test_legend_moves_off_a_late_run(qtbot):
    dock = TimelineDock()
    qtbot.addWidget(dock)
    dock.resize(900, 260)
    dock.show()
    dock.set_length(348)
    iou = np.full(348, np.nan)
    iou[328:] = 0.95  # started at frame 329, as 'Start from this frame' does
    dock.set_series({"kcf": {"iou": iou, "score": iou, "error": iou}}, {"kcf": "#3399ff"})
    assert _legend_side(qtbot, dock) == "left"
    whole = np.full(348, 0.7)
    dock.set_series({"kcf": {"iou": whole, "score": whole, "error": whole}}, {"kcf": "#3399ff"})
    assert _legend_side(qtbot, dock) == "right"
