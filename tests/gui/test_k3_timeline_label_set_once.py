"""K3: every redraw of the Timeline (each map read and live tick while it is on screen) set its value axis's
label again, unchanged, and pyqtgraph laid out and repainted the whole plot for it (20-60 ms under load with
25 curves). The label is set when it changes only."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from workbench.gui.timeline import TimelineDock


def test_value_label_set_only_when_it_changes(qtbot, monkeypatch):
    tl = TimelineDock()
    qtbot.addWidget(tl)
    tl.show()
    qtbot.waitExposed(tl)
    tl.set_length(6)
    series = {"kcf": {"iou": np.linspace(0, 1, 6), "score": np.ones(6), "error": np.zeros(6)}}
    tl.set_series(series, {"kcf": "#ff0000"})
    labels = []
    set_label = pg.PlotItem.setLabel
    monkeypatch.setattr(pg.PlotItem, "setLabel", lambda self, *a, **k: (labels.append(a[1]), set_label(self, *a, **k))[1])
    for _ in range(3):  # live ticks: the same curves shown
        tl.set_series(series, {"kcf": "#ff0000"})
    assert labels == []
    assert tl.show_metric("tracking", "error")
    assert labels == ["centre error (px)"]
    assert tl.plot.getPlotItem().getAxis("left").labelText == "centre error (px)"
    tl.set_series(series, {"kcf": "#ff0000"})
    assert tl.show_metric("tracking", "iou") and labels == ["centre error (px)", "IoU"]
