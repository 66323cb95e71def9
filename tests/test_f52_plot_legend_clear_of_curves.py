"""Found making a paper's figures (F, session 52): the success plot's legend sat in the lower left and the precision
plots' in the lower right whatever the curves did, so a tracker that lost its target (a curve low along the bottom)
was drawn under the legend and could not be read. The legend now goes where it covers least of the curves."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.evaluation.ope import IOU_THRESHOLDS, Curves
from workbench.core.evaluation.plots import curve_figure


def _curves(level: float) -> Curves:
    success = level * (1 - IOU_THRESHOLDS ** 4)  # flat at ``level``, down to 0 at IoU 1
    precision = level * np.minimum(np.arange(51) / 10, 1)  # up to ``level`` by 10 px, flat after
    return Curves(success, precision, precision.copy(), 100)


def _hidden(fig) -> list[str]:
    """The curves that pass under the legend (points along each segment, in display pixels)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    box = ax.get_legend().get_window_extent()
    out = []
    t = np.linspace(0, 1, 40)[:, None]
    for line in ax.get_lines():
        xy = line.get_xydata()
        d = ax.transData.transform(np.concatenate([a + t * (b - a) for a, b in zip(xy[:-1], xy[1:])]))
        if np.any((d[:, 0] > box.x0) & (d[:, 0] < box.x1) & (d[:, 1] > box.y0) & (d[:, 1] < box.y1)):
            out.append(line.get_label())
    return out


@pytest.mark.parametrize("kind", ["success", "precision", "norm_precision"])
def test_a_lost_trackers_curve_is_not_under_the_legend(kind):
    fig = curve_figure({"good": _curves(0.9), "fair": _curves(0.6), "lost": _curves(0.08)}, kind)
    assert len(fig.axes[0].get_lines()) == 3
    assert _hidden(fig) == []


def test_the_reports_timeline_legend_leaves_a_tracker_lost_early_readable():
    from workbench.core.evaluation import report
    from workbench.core.evaluation.ope import evaluate_tracker

    gt = np.tile([10.0, 10, 20, 20], (60, 1))
    lost = gt.copy()
    lost[3:] = [100, 100, 20, 20]  # lost from frame 4: IoU 0 along the bottom, under a lower-left legend
    runs = {"good": {"a": gt + 1}, "lost": {"a": lost}}
    reports = [evaluate_tracker(name, res, {"a": gt}) for name, res in runs.items()]
    fig = report.timeline_figure(reports, runs, {}, {"a": gt}, {})
    assert len(fig.axes[0].get_lines()) == 2
    _assert_legend_above_the_plots(fig, ["good", "lost"])


def _assert_legend_above_the_plots(fig, names):
    """The timelines' legend (every tracker once) is a row of its own, clear of every plot."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    assert all(ax.get_legend() is None for ax in fig.axes)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == names
    box = legend.get_window_extent()
    for ax in fig.axes:
        a = ax.get_window_extent()
        assert box.y0 > a.y1 or box.x1 < a.x0 or box.x0 > a.x1  # no plot under it (above them)


def test_the_timelines_legend_of_many_trackers_and_sequences_covers_no_plot():
    from workbench.core.evaluation import report
    from workbench.core.evaluation.ope import evaluate_tracker

    gt = np.tile([10.0, 10, 20, 20], (30, 1))
    seqs = {f"s{k}": gt for k in range(4)}
    names = [f"tracker_{k}" for k in range(7)]
    runs = {n: {s: gt + [k, 0, 0, 0] for s in seqs} for k, n in enumerate(names)}
    reports = [evaluate_tracker(n, res, seqs) for n, res in runs.items()]
    fig = report.timeline_figure(reports, runs, {}, seqs, {})
    assert len(fig.axes) == 4
    _assert_legend_above_the_plots(fig, names)
