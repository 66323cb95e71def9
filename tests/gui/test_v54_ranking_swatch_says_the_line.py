"""The ranking table beside the success / precision plots named each run by a square of its colour: past the
eighth run the colours come round again (the curves then dashed), so the first and the ninth runs had the same
square (mil and siamfcpp/default-run2: two green squares) and the table could not say which row was which curve.
A run drawn dashed, dotted ... has a swatch of that pattern; a solid one keeps its square."""
from __future__ import annotations

import numpy as np

from workbench.core.evaluation.ope import IOU_THRESHOLDS, Curves


def _picture(item):
    return item.icon().pixmap(16, 16).toImage()


def test_ninth_run_swatch_differs_from_the_first(window):
    w = window
    names = [f"r{k}" for k in range(9)]
    p = np.linspace(0, 0.8, 51)
    curves = {n: Curves((0.9 - 0.05 * k) * (1 - IOU_THRESHOLDS), p, p.copy(), 10) for k, n in enumerate(names)}
    w.plots.set_curves(curves, {n: w.tracking.color(n) for n in names})
    w.plots._draw_curves()
    table = w.plots.ranking
    rows = {table.item(i, 0).text(): table.item(i, 0) for i in range(table.rowCount())}
    assert set(rows) == set(names)
    assert w.tracking.color("r8") == w.tracking.color("r0")  # the colour came round
    first, ninth, second = _picture(rows["r0"]), _picture(rows["r8"]), _picture(rows["r1"])
    assert not first.isNull() and not ninth.isNull()
    assert first != ninth  # told apart by the pattern
    assert first.size() == second.size()
    # the ninth's pattern leaves part of its square empty, in its colour elsewhere
    colours = {ninth.pixelColor(x, y).name() for x in range(ninth.width()) for y in range(ninth.height())}
    assert w.tracking.color("r8").lower() in colours
