"""Named curves on a pyqtgraph plot and its legend, updated in place.

During a run the plots and the timeline are refreshed twice a second. Removing every curve and legend
entry and making them again cost 25-35 ms per curve and plot (a PlotDataItem, its scatter item, a
legend sample and label), 0.3-0.6 s per refresh with a few runs on screen: the GUI thread stalled.
``CurveSet.update`` keeps each curve's item and only sets its data (none when it is the same); the
legend keeps each curve's entry too: a curve new to it gets one, a curve gone loses its own, and a new
order (the success legend is sorted by AUC, which changes as a run goes) only lays the same entries out
again. It was cleared and made again whenever its order or its set of curves changed (a run starting
or ending, two AUCs swapping): 5-25 ms per entry (a label and a sample), on every such tick.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg


class CurveSet:
    def __init__(self, plot: pg.PlotItem, legend: pg.LegendItem):
        self.plot = plot
        self.legend = legend
        self.items: dict[str, pg.PlotDataItem] = {}
        self._pens: dict[str, tuple] = {}

    def update(self, rows) -> None:
        """``rows``: [(key, x, y, color, width, legend text)] in legend order; ``connect="finite"``."""
        keys = {r[0] for r in rows}
        for key in [k for k in self.items if k not in keys]:
            self.plot.removeItem(self.items.pop(key))
            self._pens.pop(key, None)
        ours = set(map(id, self.items.values()))
        for item in list(self.plot.listDataItems()):  # anything else someone put there goes too, as before
            if id(item) not in ours:
                self.plot.removeItem(item)
        for key, x, y, color, width, _text in rows:
            item = self.items.get(key)
            if item is None:
                item = pg.PlotDataItem(x, y, pen=pg.mkPen(color, width=width), connect="finite")
                self.plot.addItem(item)  # no name: the legend is ours to fill, in order
                self.items[key] = item
                self._pens[key] = (color, width)
                continue
            if self._pens.get(key) != (color, width):
                item.setPen(pg.mkPen(color, width=width))
                self._pens[key] = (color, width)
            if not _same_data(item, x, y):
                item.setData(x, y, connect="finite")
        self._sync_legend([(self.items[r[0]], r[5]) for r in rows])

    def _sync_legend(self, wanted) -> None:
        """The legend's entries: ``wanted`` [(curve item, text)], in that order; entries kept per curve."""
        legend = self.legend
        if [i for i, _ in wanted] == [sample.item for sample, _ in legend.items]:
            for (_item, text), (_sample, label) in zip(wanted, legend.items):
                if label.text != text:
                    label.setText(text)
            return
        keep = {id(i) for i, _ in wanted}
        for sample, label in [e for e in legend.items if id(e[0].item) not in keep]:
            legend.items.remove((sample, label))
            legend._removeItemFromLayout(sample, label)
        have = {id(sample.item) for sample, _ in legend.items}
        for item, text in wanted:
            if id(item) not in have:
                legend.addItem(item, text)  # its sample and label, laid out at the end for now
        entries = {id(sample.item): (sample, label) for sample, label in legend.items}
        legend.items = [entries[id(i)] for i, _ in wanted]
        for (_item, text), (_sample, label) in zip(wanted, legend.items):
            if label.text != text:
                label.setText(text)
        lay_out(legend)

    def clear(self) -> None:
        self.update([])


def _same_data(item: pg.PlotDataItem, x, y) -> bool:
    """Whether ``item`` already draws ``x``, ``y`` (a live tick redraws curves whose run has not moved)."""
    old_x, old_y = item.xData, item.yData
    if old_x is None or old_y is None or old_x is x or old_y is y:  # the same array: maybe changed in place
        return False
    return (len(old_x) == len(x) and len(old_y) == len(y)
            and np.array_equal(old_x, x) and np.array_equal(old_y, y, equal_nan=True))


def lay_out(legend: pg.LegendItem) -> None:
    """``legend``'s entries laid out again in the order of its ``items`` (no entry made again)."""
    if hasattr(legend, "relayout"):  # a legend that lays itself out (plots_dock.FittedLegend)
        legend.relayout()
        return
    lay = legend.layout
    for i in range(lay.count() - 1, -1, -1):
        lay.removeAt(i)
    for sample, label in legend.items:
        legend._addItemToLayout(sample, label)
    legend.updateSize()
