"""A run's live ticks (twice a second) and its end redraw only what changed, and nothing of a dock that
is a tab behind another. QA measured GUI-thread stalls there (a loaded machine, 0.2-0.5 s): the legends
were cleared and made again whenever their order changed (the success legend is sorted by AUC), every
curve's data was set again, the Success / precision dock (behind the Timeline at 1366x768 and
1280x720) drew its curves, legends, ranking and attribute table on every tick, and every run's scores
were computed again though only the running one had new frames. Counted here, not timed."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from workbench.gui.curves import CurveSet

GT = np.array([[10.0 + i, 10.0, 20.0, 20.0] for i in range(30)])


def _curves(names, shift=0.0) -> dict:
    from workbench.core.evaluation.ope import evaluate_tracker

    return {n: evaluate_tracker(n, {"s": GT + [3 * k + shift, k, 0, 0]}, {"s": GT}, {"s": {}}).overall
            for k, n in enumerate(names)}


class _Count:
    """Calls of ``cls.name`` (still calling it)."""

    def __init__(self, monkeypatch, cls, name):
        self.n = 0
        f = getattr(cls, name)

        def counted(*a, **k):
            self.n += 1
            return f(*a, **k)

        monkeypatch.setattr(cls, name, counted)


@pytest.mark.parametrize("legend_kind", ["fitted", "side"])
def test_legend_entries_kept_when_reordered_and_only_changed_curves_set(qtbot, monkeypatch, legend_kind):
    from workbench.gui.plots_dock import FittedLegend
    from workbench.gui.timeline import SideLegend

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    legend = FittedLegend() if legend_kind == "fitted" else SideLegend(colCount=1)
    legend.setParentItem(plot)
    curves = CurveSet(plot, legend)
    x = np.arange(5.0)
    ys = {k: x * i for i, k in enumerate("abc")}
    curves.update([(k, x, ys[k], "#ff0000", 1, f"{k} 1") for k in "abc"])
    labels = {sample.item: label for sample, label in legend.items}
    added = _Count(monkeypatch, pg.LegendItem, "addItem")
    set_data = _Count(monkeypatch, pg.PlotDataItem, "setData")

    # a new order (scores swapped), one text changed, the data of one curve changed
    ys["b"] = ys["b"] + 1
    curves.update([(k, x, ys[k], "#ff0000", 1, f"{k} 2" if k == "a" else f"{k} 1") for k in "cab"])
    assert [label.text for _s, label in legend.items] == ["c 1", "a 2", "b 1"]
    assert added.n == 0 and all(labels[s.item] is label for s, label in legend.items)
    assert set_data.n == 1  # b's; a's and c's data are the same
    rows = [legend.layout.itemAt(r, 1).text for r in range(legend.layout.rowCount())
            if legend.layout.itemAt(r, 1) is not None and legend.layout.itemAt(r, 1).isVisible()]
    assert rows == ["c 1", "a 2", "b 1"]  # laid out in the new order

    # a run starts: one entry made; a run gone: its entry only
    curves.update([(k, x, x, "#00ff00", 1, k) for k in "cabd"])
    assert added.n == 1 and len(legend.items) == 4
    curves.update([(k, x, x, "#00ff00", 1, k) for k in "abd"])
    assert added.n == 1 and [label.text for _s, label in legend.items] == ["a", "b", "d"]
    assert len(plot.listDataItems()) == 3


class _Behind(QDockWidget):
    def __init__(self, parent):
        super().__init__("Other", parent)
        self.setObjectName("other")
        self.setWidget(QLabel("in front"))


@pytest.fixture
def window(qtbot):
    """A window with the Success / precision and Timeline docks tabbed together, as at 1366x768."""
    from workbench.gui.plots_dock import PlotsDock
    from workbench.gui.timeline import TimelineDock

    w = QMainWindow()
    qtbot.addWidget(w)
    w.setCentralWidget(QLabel("frame"))
    w.plots = PlotsDock(w)
    w.timeline = TimelineDock(w)
    for d in (w.timeline, w.plots):
        w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, d)
    w.tabifyDockWidget(w.timeline, w.plots)
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    w.timeline.raise_()
    qtbot.waitUntil(lambda: w.timeline.on_screen() and not w.plots.on_screen(), timeout=3000)
    return w


def test_plots_behind_a_tab_drawn_when_shown(qtbot, monkeypatch, window):
    from workbench.core.evaluation.ope import evaluate_tracker

    dock = window.plots
    drawn = _Count(monkeypatch, CurveSet, "update")
    rows = _Count(monkeypatch, type(dock.ranking), "set_rows")
    for shift in (0.0, 1.0, 2.0):  # three live ticks behind the Timeline
        dock.set_curves(_curves(["kcf", "dsst"], shift), {"kcf": "#ff0000", "dsst": "#00ff00"}, "seq",
                        partial={"dsst": "dsst: running"})
    assert drawn.n == 0 and rows.n == 0
    assert set(dock.curves) == {"kcf", "dsst"} and "partial" in dock.note.text()  # what exports read: current
    dock.raise_()
    qtbot.waitUntil(lambda: drawn.n == 2, timeout=3000)  # once: success and precision, the last tick's
    assert rows.n == 1 and dock.ranking.rowCount() == 2
    assert sorted(t.split(" ")[0] for t in dock.success_legend.shown_texts()) == ["dsst*", "kcf"]
    window.timeline.raise_()
    qtbot.waitUntil(lambda: not dock.on_screen(), timeout=3000)
    dock.set_curves(_curves(["kcf"]), {"kcf": "#ff0000"}, "seq")
    assert drawn.n == 2
    assert [t.split(" ")[0] for t in dock.legend_texts()] == ["kcf", "kcf"]  # read: drawn first

    # the attribute table is filled when it is the view shown, not on every tick
    report = evaluate_tracker("kcf", {"s": GT + 2}, {"s": GT}, {"s": {"occlusion": np.arange(30) < 10}})
    dock.raise_()
    qtbot.waitUntil(dock.on_screen, timeout=3000)
    headers = _Count(monkeypatch, type(dock.attributes), "setHorizontalHeaderLabels")
    dock.set_attributes([report])
    assert headers.n == 0 and dock.attribute_rows[1][0][0] == "occlusion"
    dock.view.setCurrentIndex(1)
    assert headers.n == 1 and dock.attributes.item(0, 0).text() == "occlusion"
    dock.set_attributes([report])  # shown: filled at once
    assert headers.n == 2


def test_timeline_behind_a_tab_drawn_when_shown(qtbot, monkeypatch, window):
    tl = window.timeline
    tl.set_length(30)
    window.plots.raise_()
    qtbot.waitUntil(lambda: not tl.on_screen(), timeout=3000)
    drawn = _Count(monkeypatch, CurveSet, "update")
    series = {"kcf": {"iou": np.linspace(0, 1, 30), "score": np.ones(30), "error": np.zeros(30)}}
    tl.set_series(series, {"kcf": "#ff0000"})
    assert drawn.n == 0 and set(tl._series) == {"kcf"}
    tl.raise_()
    qtbot.waitUntil(lambda: drawn.n == 1, timeout=3000)
    assert [label.text for _s, label in tl.legend.items] == ["kcf"]


class _Window(QObject):
    """What ScoringController reads of the window for a sequence's scores."""

    def __init__(self, plots, seq, live):
        super().__init__()
        from types import SimpleNamespace

        self.plots = plots
        self.sequences = SimpleNamespace(sequence=seq, dataset_entries=[], dataset_root=None)
        self.tracking = SimpleNamespace(live=live, color=lambda k: "#ff0000")
        self.enabled = 0

    def update_enabled(self):
        self.enabled += 1


def test_only_runs_with_new_frames_scored_again(qtbot, monkeypatch):
    from workbench.core.data.sequence import Sequence
    from workbench.core.evaluation import ope
    from workbench.gui.controllers.scoring import ScoringController
    from workbench.gui.plots_dock import PlotsDock
    from workbench.gui.runner import LiveRun

    seq = Sequence("s", frames=[np.zeros((8, 8), np.uint8)] * 30, groundtruth=GT.copy())
    done, going = LiveRun("kcf", "s", 30, 0, status="done"), LiveRun("dsst", "s", 30, 0)
    for r in (done, going):
        r.boxes[:] = GT + 1
    done.last, going.last = 29, 9
    plots = PlotsDock()
    qtbot.addWidget(plots)
    w = _Window(plots, seq, {"kcf": done, "dsst": going})
    scoring = ScoringController(w)
    scored = _Count(monkeypatch, ope, "evaluate_tracker")
    scoring.update_plots()
    assert scored.n == 2 and [r.tracker for r in scoring.reports] == ["kcf", "dsst"]
    before = scoring.reports[0].overall.success_auc
    going.last = 19  # a live tick: dsst has ten more frames
    scoring.update_plots()
    assert scored.n == 3
    assert scoring.reports[1].overall.frames == 20 and "dsst" in plots.partial
    going.status = "done"
    going.last = 29
    scoring.update_plots()
    scoring.update_plots()  # the run's end told twice (its last tick, runs changed): scored once
    assert scored.n == 4 and "dsst" not in plots.partial
    w.tracking.live = {"kcf": LiveRun("kcf", "s", 30, 0, status="done"), "dsst": going}  # kcf run again
    w.tracking.live["kcf"].boxes[:] = GT
    w.tracking.live["kcf"].last = 29
    scoring.update_plots()
    assert scored.n == 5 and scoring.reports[0].overall.success_auc > before
