"""A tracker that scored every frame (a success curve at 1.0) was drawn under the success plot's top line and not
seen: the curves' y axis reaches a little over 1, as the report's IoU timelines do. A short sequence's timeline was
ticked at frames 2.5, 7.5 ...: frames are whole, and the axis says it counts them from 1 (as the report says a
partial run's stop)."""
from __future__ import annotations

import numpy as np
import pytest


def _whole(n):
    from workbench.core.evaluation.ope import evaluate_tracker

    gt = np.tile([10.0, 10, 20, 20], (n, 1))
    return gt, evaluate_tracker("kcf", {"s": gt.copy()}, {"s": gt})


@pytest.mark.parametrize("kind", ["success", "precision", "norm_precision"])
def test_a_curve_at_one_is_below_the_top_of_the_plot(kind):
    from workbench.core.evaluation.plots import curve_figure

    _, r = _whole(12)
    ax = curve_figure({"kcf": r.overall}, kind).axes[0]
    top = max(np.nanmax(ln.get_ydata()) for ln in ax.lines)
    assert top == pytest.approx(1.0)  # the case: every frame a success
    assert ax.get_ylim()[1] > top


@pytest.mark.parametrize("n", [1, 3, 9, 14])
def test_a_short_sequence_timeline_ticks_whole_frames_counted_from_one(n):
    from workbench.core.evaluation.report import timeline_figure

    gt, r = _whole(n)
    fig = timeline_figure([r], {"kcf": {"s": gt.copy()}}, {}, {"s": gt})
    fig.canvas.draw()  # ticks as drawn
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    ticks = [t for t in ax.get_xticks() if lo <= t <= hi]
    assert ticks and all(float(t).is_integer() for t in ticks), ticks
    assert ax.get_xlabel() == "frame (counted from 1)"
    assert list(ax.lines[0].get_xdata()) == list(range(1, n + 1))
