"""Found opening the demo with 25 saved runs (H3): the Success / precision and Timeline docks made a curve item
(a PlotDataItem: a curve and a scatter item, 2-3 ms made and added) for every run of a sequence opened and
removed those of the sequence before, and the Timeline's legend was laid out again after each entry it made
(25 runs: 25 layouts of up to 25 rows). The items of curves gone are taken over by the new ones (their data,
pen and legend text set), the docks draw plain curve items, and a legend is laid out once for all the entries
made together. Counted, not timed."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from workbench.gui.curves import LIGHT_CURVE, CurveSet

X = np.arange(6.0)


class _Count:
    def __init__(self, monkeypatch, cls, name):
        self.n = 0
        f = getattr(cls, name)

        def counted(*a, **k):
            self.n += 1
            return f(*a, **k)

        monkeypatch.setattr(cls, name, counted)


def _rows(names, scale=1.0, color="#ff0000"):
    return [(n, X, X * (k + 1) * scale, color, 1.6, f"{n} [{k}]") for k, n in enumerate(names)]


@pytest.mark.parametrize("legend_kind", ["fitted", "side"])
def test_another_sequences_runs_take_over_the_curves_and_their_legend_entries(qtbot, monkeypatch, legend_kind):
    from workbench.gui.plots_dock import FittedLegend
    from workbench.gui.timeline import SideLegend

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    legend = FittedLegend() if legend_kind == "fitted" else SideLegend(colCount=1)
    legend.setParentItem(plot)
    curves = CurveSet(plot, legend, LIGHT_CURVE)
    curves.update(_rows(["a/default", "a/default-run2", "a/default-run3"]))
    items = list(plot.listDataItems())
    entries = [(s, label) for s, label in legend.items]
    assert len(items) == 3 and all(type(i) is pg.PlotCurveItem for i in items)  # no scatter item under each
    items[1].hide()  # its legend sample clicked

    made = _Count(monkeypatch, LIGHT_CURVE, "__init__")
    added = _Count(monkeypatch, pg.LegendItem, "addItem")
    removed = _Count(monkeypatch, pg.PlotItem, "removeItem")
    curves.update(_rows(["b", "b/default-run2"], 2.0, "#00ff00"))  # another sequence's two runs
    assert made.n == 0 and added.n == 0 and removed.n == 1  # two taken over, the third gone
    assert list(plot.listDataItems()) == items[:2] and all(i.isVisible() for i in items[:2])
    assert [(s, label) for s, label in legend.items] == entries[:2]
    assert [label.text for _s, label in legend.items] == ["b [0]", "b/default-run2 [1]"]
    for item, k in zip(items[:2], (1, 2)):
        np.testing.assert_array_equal(item.yData, X * k * 2.0)
        assert item.opts["pen"].color().name() == "#00ff00"
    curves.update(_rows(["b", "b/default-run2", "c"]))  # one more: one made
    assert made.n == 1 and added.n == 1


def test_side_legend_lays_out_once_for_the_entries_made_together(qtbot, monkeypatch):
    from workbench.gui.timeline import SideLegend

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    legend = SideLegend(colCount=1)
    legend.setParentItem(plot)
    curves = CurveSet(plot, legend, LIGHT_CURVE)
    placed = _Count(monkeypatch, pg.LegendItem, "_addItemToLayout")
    names = [f"fake/default-run{k}" for k in range(25)]
    curves.update(_rows(names))
    assert placed.n == 25  # one layout of the 25 (50 before: each placed as made, then all again)
    assert [label.text for _s, label in legend.items] == [f"{n} [{k}]" for k, n in enumerate(names)]
    assert legend.layout.rowCount() == 25
    hint = legend.layout.effectiveSizeHint(pg.QtCore.Qt.SizeHint.PreferredSize)
    assert abs(legend.height() - hint.height()) < 1 and abs(legend.width() - hint.width()) < 1  # sized after


def test_docks_draw_plain_curve_items(qtbot):
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.gui.plots_dock import PlotsDock
    from workbench.gui.timeline import TimelineDock

    gt = np.array([[10.0 + i, 10.0, 20.0, 20.0] for i in range(12)])
    dock = PlotsDock()
    qtbot.addWidget(dock)
    dock.set_curves({"a": evaluate_tracker("a", {"s": gt + 2}, {"s": gt}, {"s": {}}).overall}, {"a": "#ff0000"})
    assert len(dock.legend_texts()) == 2
    tl = TimelineDock()
    qtbot.addWidget(tl)
    tl.set_length(12)
    tl.set_series({"a": {"iou": np.linspace(0, 1, 12)}}, {"a": "#ff0000"})
    tl.redraw()
    for plot in (dock.success, dock.precision):
        assert [type(i) for i in plot.listDataItems()] == [pg.PlotCurveItem]
    # the timeline's own curve item (a long curve drawn at the view's resolution): a plain curve too
    assert [type(i).__mro__[1] for i in tl.plot.getPlotItem().listDataItems()] == [pg.PlotCurveItem]
