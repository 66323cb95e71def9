"""Named curves on a pyqtgraph plot and its legend, updated in place.

During a run the plots and the timeline are refreshed twice a second. Removing every curve and legend
entry and making them again cost 25-35 ms per curve and plot (a PlotDataItem, its scatter item, a
legend sample and label), 0.3-0.6 s per refresh with a few runs on screen: the GUI thread stalled.
``CurveSet.update`` keeps each curve's item and only sets its data; the legend is rebuilt only when
its order or its set of curves changes, otherwise only the changed labels are re-set.
"""
from __future__ import annotations

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
            item.setData(x, y, connect="finite")
        wanted = [(self.items[r[0]], r[5]) for r in rows]
        present = [(sample.item, label) for sample, label in self.legend.items]
        if [i for i, _ in wanted] == [i for i, _ in present]:
            for (_item, text), (_same, label) in zip(wanted, present):
                if label.text != text:
                    label.setText(text)
        else:
            self.legend.clear()
            for item, text in wanted:
                self.legend.addItem(item, text)

    def clear(self) -> None:
        self.update([])
