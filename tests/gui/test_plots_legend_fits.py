"""The Success / precision legends with a dataset's many runs: the legend grew up over the whole plot
and covered the curves (a 1366x768 window, seven runs: /tmp/review_gui2/t6_dataset_scope.png). It now
keeps to the lower half of its plot: the best entries, then "… and N more", every entry in its
tooltip; with few runs it shows them all, as before."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

LEGEND_SHARE = 0.55  # of the plot's height: about its lower half (the curves of most runs are above it)
GT = np.array([[10.0 + i, 10.0, 20.0, 20.0] for i in range(30)])


def _curves(n: int) -> dict:
    from workbench.core.evaluation.ope import evaluate_tracker

    return {f"tracker{k}/default-run2": evaluate_tracker("t", {"s": GT + [k, 0, 0, 0]}, {"s": GT}, {"s": {}}).overall
            for k in range(n)}


@pytest.fixture
def dock(qtbot):
    """The dock at its size in a 1366x768 window (bottom area, dataset scope)."""
    from workbench.gui import style
    from workbench.gui.plots_dock import PlotsDock

    style.apply(QApplication.instance())
    d = PlotsDock()
    qtbot.addWidget(d)
    d.resize(1030, 290)
    d.show()
    qtbot.waitExposed(d)
    qtbot.waitUntil(lambda: d.success.getViewBox().height() > 50, timeout=5000)
    return d


def _settle(qtbot, d):
    # the legends are laid out and anchored on the GUI thread's next passes
    qtbot.waitUntil(lambda: d.success_legend.isVisible(), timeout=3000)
    QApplication.processEvents()


@pytest.mark.parametrize("n", [7, 12, 20])
def test_many_runs_leave_the_curves_visible(qtbot, dock, n):
    curves = _curves(n)
    colors = {k: "#%02x%02x80" % (40 + 10 * i, 200 - 8 * i) for i, k in enumerate(curves)}
    dock.set_curves(curves, colors)
    _settle(qtbot, dock)
    for plot, legend in ((dock.success, dock.success_legend), (dock.precision, dock.precision_legend)):
        vb = plot.getViewBox().sceneBoundingRect()
        box = legend.sceneBoundingRect()
        assert box.height() <= LEGEND_SHARE * vb.height() + 1, (box, vb)  # about the lower half at most
        assert vb.contains(box), (box, vb)  # inside the plot, not over its axes or title
        assert legend.hidden_count > 0 and legend.more.isVisible()
        assert legend.more.text.startswith(f"… and {legend.hidden_count} more")
        shown = legend.shown_texts()
        assert len(shown) >= 1 and len(shown) + legend.hidden_count == n
        # the best scores are the ones shown (the legend is sorted by the score it names)
        assert shown == [label.text for _s, label in legend.items][:len(shown)]
        # every entry in the tooltip
        assert legend.toolTip().splitlines() == [label.text for _s, label in legend.items]
    assert len(dock.legend_texts()) == 2 * n  # all entries are kept (updated in place during a run)
    # readable: the legend's own font, not shrunk
    assert dock.success_legend.items[0][1].opts["size"] == "8pt"


def test_hovering_the_legend_shows_every_entry(qtbot, dock):
    dock.set_curves(_curves(12), {})
    _settle(qtbot, dock)
    legend = dock.success_legend
    view = dock.glw
    at = view.mapFromScene(legend.mapToScene(legend.boundingRect().center()))
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, at, view.viewport().mapToGlobal(at)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    assert QToolTip.text() == legend.toolTip()
    QToolTip.hideText()


def test_few_runs_all_in_the_legend_and_growing_again(qtbot, dock):
    dock.set_curves(_curves(3), {})
    _settle(qtbot, dock)
    for legend in (dock.success_legend, dock.precision_legend):
        assert legend.hidden_count == 0 and not legend.more.isVisible() and legend.toolTip() == ""
        assert len(legend.shown_texts()) == 3
    # more runs, then a taller dock: the legend shows more of them
    dock.set_curves(_curves(12), {})
    _settle(qtbot, dock)
    few = len(dock.success_legend.shown_texts())
    dock.resize(1030, 700)
    qtbot.waitUntil(lambda: len(dock.success_legend.shown_texts()) > few, timeout=5000)
    vb = dock.success.getViewBox().sceneBoundingRect()
    assert dock.success_legend.sceneBoundingRect().height() <= LEGEND_SHARE * vb.height() + 1
    # back to none: the legends are empty and hidden
    dock.set_curves({}, {})
    assert not dock.success_legend.isVisible() and dock.success_legend.hidden_count == 0


@pytest.mark.parametrize("width", [620, 800, 900])
def test_legends_fit_a_narrow_plot(qtbot, dock, width):
    """The large-screen layout (1600x1000): the plots dock about 600 px wide, the ranking table beside
    the plots, each plot's view 100-200 px. A legend of long run names ("tracker3/default-run2 [AUC
    0.412]") was wider than its plot and cut at the view's edge ("fault-run2 [P@20 0.213]"). It is
    scaled to the view's width now, or, where that would make it unreadable, left out: the ranking
    table beside the plots names every run with its colour."""
    dock.resize(width, 290)
    curves = _curves(4)
    dock.set_curves(curves, {})
    qtbot.waitUntil(lambda: dock.ranking.rowCount() == 4 and dock.success.getViewBox().width() < 300, timeout=3000)
    QApplication.processEvents()
    dock._fit_legends()
    for plot, legend in ((dock.success, dock.success_legend), (dock.precision, dock.precision_legend)):
        if legend.isVisible():
            vb = plot.getViewBox().sceneBoundingRect()
            box = legend.sceneBoundingRect()
            assert vb.contains(box), (box, vb)  # whole, inside its plot
            assert legend.scale() >= 0.75 and len(legend.shown_texts()) + legend.hidden_count == 4
        else:
            assert dock.ranking.isVisible() and dock.ranking.rowCount() == 4
