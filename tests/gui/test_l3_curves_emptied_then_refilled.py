"""Found reopening a sequence whose saved runs' scores were not kept (L3): the plots were emptied while its runs
were scored on the worker, then all their curves drawn at once. Emptying removed each curve from the plot, whose
``legend.removeItem`` sized the legend again after every entry (25 runs: 50 sizings of the two legends, 54-86 ms),
and the curves that came next were all made anew. The entries now go together (one sizing), and the items of the
curves gone are kept and given to the next curves. Counted, not timed."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from workbench.gui.curves import LIGHT_CURVE, CurveSet

X = np.arange(6.0)


def _rows(prefix, n=25):
    return [(f"{prefix}{k}", X, X * (k + 1), "#ff0000", 1.6, f"{prefix}{k} [{k}]") for k in range(n)]


def test_curves_emptied_size_the_legend_once_and_come_back_in_the_same_items(qtbot, monkeypatch):
    from workbench.gui.plots_dock import FittedLegend

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    legend = FittedLegend()
    legend.setParentItem(plot)
    plot.legend = legend  # as the plots dock's: the plot's removeItem takes the curve's entry out
    curves = CurveSet(plot, legend, LIGHT_CURVE)
    curves.update(_rows("a/run"))
    items = set(map(id, plot.listDataItems()))
    assert len(items) == 25

    counts = {"size": 0, "made": 0}
    size, init = FittedLegend.updateSize, LIGHT_CURVE.__init__

    def counted_size(self, *a):
        counts["size"] += 1
        return size(self, *a)

    def counted_init(self, *a, **k):
        counts["made"] += 1
        return init(self, *a, **k)

    monkeypatch.setattr(FittedLegend, "updateSize", counted_size)
    monkeypatch.setattr(LIGHT_CURVE, "__init__", counted_init)
    full = legend.boundingRect().height()
    curves.update([])  # another sequence opened: its saved runs are being scored
    assert plot.listDataItems() == [] and legend.items == []
    assert 1 <= counts["size"] <= 2  # once for all the entries (26 before: one per entry, one after)
    empty = FittedLegend()
    empty.setParentItem(plot)
    empty.updateSize()
    assert legend.boundingRect().height() == empty.boundingRect().height() < full  # sized to no entries
    curves.update(_rows("b/run"))  # its runs scored
    assert counts["made"] == 0  # the items of the curves gone (25 made before)
    assert set(map(id, plot.listDataItems())) == items and all(i.isVisible() for i in plot.listDataItems())
    assert [label.text for _s, label in legend.items] == [f"b/run{k} [{k}]" for k in range(25)]
    for k in (0, 24):
        np.testing.assert_array_equal(curves.items[f"b/run{k}"].yData, X * (k + 1))
