"""The window's plots dock (F, session 52): the runs' colours are a cycle of eight, so a ninth run's curve had the
first one's colour and line and the two could not be told apart (the figures were fixed in a5872e6). The dock draws
each run's curve with its line style in the window (``tracking.style``, ``plots.tracker_styles``): past the eighth,
dashed, as the window's exported figures draw it."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from workbench.core.evaluation.ope import IOU_THRESHOLDS, Curves


def test_ninth_run_is_dashed_in_the_plots_dock(window):
    w = window
    names = [f"r{k}" for k in range(9)]
    p = np.linspace(0, 0.8, 51)
    curves = {n: Curves((0.9 - 0.05 * k) * (1 - IOU_THRESHOLDS), p, p.copy(), 10) for k, n in enumerate(names)}
    w.plots.set_curves(curves, {n: w.tracking.color(n) for n in names})
    w.plots._draw_curves()
    for curve_set in (w.plots._success_set, w.plots._precision_set):
        pens = {n: curve_set.items[n].opts["pen"] for n in names}
        looks = {(pen.color().name(), pen.style()) for pen in pens.values()}
        assert len(looks) == 9, looks  # every run told apart
        assert pens["r8"].color().name() == pens["r0"].color().name()
        assert pens["r0"].style() == Qt.PenStyle.SolidLine and pens["r8"].style() == Qt.PenStyle.DashLine
