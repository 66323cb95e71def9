"""The timeline's curves past 4,000 frames draw their values thinned to the view's pixels; the check that skips
a curve whose run has not moved compared those drawn points with the rows, never equal, so every redraw (twice a
second in a live run) set and thinned every long curve again (R2: 12 curves of 20,000 frames, 12 updates of an
unchanged redraw). A curve is compared on what it was given."""
import numpy as np
import pyqtgraph as pg

from workbench.gui import timeline as T


def test_an_unchanged_redraw_sets_no_long_curve_again(qtbot, monkeypatch):
    dock = T.TimelineDock()
    qtbot.addWidget(dock)
    dock.resize(600, 200)
    dock.show()
    n = 6000  # past the thinning length
    y = np.random.default_rng(0).random(n) * 30
    y[1000:1200] = np.nan
    series = {f"t{r}": {"iou": y / 30, "score": y, "error": y} for r in range(2)}
    dock.set_length(n)
    dock.set_series(series, {k: "#ff0000" for k in series})
    dock.show_metric("tracking", "error")
    qtbot.waitUntil(lambda: len(dock._curves.items) == 2, timeout=5000)
    dock._redraw()
    assert len(dock._curves.items["t0"].xData) < n  # thinned: the case in question
    calls = []
    orig = pg.PlotCurveItem.updateData
    monkeypatch.setattr(pg.PlotCurveItem, "updateData", lambda self, *a, **k: (calls.append(1), orig(self, *a, **k))[1])
    dock._redraw()
    assert calls == []
    series["t0"]["error"][3000:3010] = 99.0  # a live run fills its rows in place: that curve is set again
    dock._redraw()
    assert calls and np.nanmax(dock._curves.items["t0"].full_data()[1]) == 99.0
