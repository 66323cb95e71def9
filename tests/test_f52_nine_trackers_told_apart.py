"""Found plotting every installed tracker (nine) for a paper (F, session 52): the plots' colours are a cycle of eight,
so the ninth tracker's curve had the first one's colour and line and the two could not be told apart in the success /
precision plots or the report's timelines. After the eighth, the colours come round again dashed (then dotted ...)."""
from __future__ import annotations

import numpy as np

from workbench.core.evaluation.ope import IOU_THRESHOLDS, Curves, evaluate_tracker
from workbench.core.evaluation.plots import curve_figure

NAMES = [f"t{k}" for k in range(9)]


def _looks(ax) -> list[tuple]:
    from matplotlib.colors import to_hex

    return [(to_hex(line.get_color()), line.get_linestyle()) for line in ax.get_lines()]


def test_nine_curves_differ_in_colour_or_line():
    p = np.linspace(0, 0.8, 51)
    curves = {n: Curves((0.9 - 0.05 * k) * (1 - IOU_THRESHOLDS), p, p.copy(), 10) for k, n in enumerate(NAMES)}
    looks = _looks(curve_figure(curves, "success").axes[0])
    assert len(looks) == 9 and len(set(looks)) == 9, looks


def test_nine_timelines_differ_in_colour_or_line():
    from workbench.core.evaluation import report

    gt = np.tile([10.0, 10, 20, 20], (12, 1))
    runs = {n: {"a": gt + k * 0.5} for k, n in enumerate(NAMES)}
    reports = [evaluate_tracker(n, res, {"a": gt}) for n, res in runs.items()]
    looks = _looks(report.timeline_figure(reports, runs, {}, {"a": gt}, {}).axes[0])
    assert len(looks) == 9 and len(set(looks)) == 9, looks
