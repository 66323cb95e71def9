"""Named curves on a pyqtgraph plot and its legend, updated in place.

During a run the plots and the timeline are refreshed twice a second. Removing every curve and legend
entry and making them again cost 25-35 ms per curve and plot (a PlotDataItem, its scatter item, a
legend sample and label), 0.3-0.6 s per refresh with a few runs on screen: the GUI thread stalled.
``CurveSet.update`` keeps each curve's item and only sets its data (none when it is the same); the
legend keeps each curve's entry too: a curve new to it gets one, a curve gone loses its own, and a new
order (the success legend is sorted by AUC, which changes as a run goes) only lays the same entries out
again. It was cleared and made again whenever its order or its set of curves changed (a run starting
or ending, two AUCs swapping): 5-25 ms per entry (a label and a sample), on every such tick.

A new set of curves (another sequence's runs) takes the items of the curves gone first (their data, pen
and legend text set: no item or legend entry made or removed for them), and the legend is laid out once
for all the entries made (pyqtgraph laid it out again after each: 25 runs, 25 layouts of up to 25 rows).
The docks draw with ``LIGHT_CURVE``, a plain curve item: a ``PlotDataItem`` is that curve and a scatter
item under a wrapper, and made and added it cost 2-3 ms (opening a sequence with 25 saved runs made 75 of
them: 0.15-0.25 s of the GUI thread).

A sequence opened whose saved runs are scored on a worker shows no curves until they come: the curves gone
then are taken out of the plot with their legend entries together (the plot's own removal sized the legend
again after each entry: 25 runs, 54-86 ms), and their items are kept for the curves that come next.
"""
from __future__ import annotations

from contextlib import nullcontext

import numpy as np
import pyqtgraph as pg

LIGHT_CURVE = pg.PlotCurveItem  # the docks' curve item: a line, no symbols (see the module's note)
# a row's (colour, line style) as ``plots.tracker_styles`` gives it: past the eighth colour, dashed, dotted ...
# (the one table: the viewer's boxes and legend lines take their pens' styles from ``pen_style`` too)
_QT_STYLES = {"-": "SolidLine", "--": "DashLine", ":": "DotLine", "-.": "DashDotLine"}


def pen_style(line: str):
    """The Qt pen style of a matplotlib line style (``plots.line_style_for``); any other, solid."""
    from PySide6.QtCore import Qt

    return getattr(Qt.PenStyle, _QT_STYLES.get(line, "SolidLine"))


def color_and_line(look) -> tuple:
    """(colour, matplotlib line style) of a run's ``look``: a colour (solid, "-"), or (colour, line style) for a run
    past the eighth colour (``plots.tracker_styles``): the one reading of it, for the curves, the frame view's pens,
    the layers dock's and the scores table's swatches."""
    return look if isinstance(look, tuple) else (look, "-")


def _pen(look, width: float):
    """The pen of a row's ``look``: a colour, or (colour, matplotlib line style) for a run past the eighth."""
    color, line = color_and_line(look)
    return pg.mkPen(color, width=width, style=pen_style(line))
SPARE_CURVES = 64  # items of curves gone kept for the curves that come next (``CurveSet._spare``)


class CurveSet:
    def __init__(self, plot: pg.PlotItem, legend: pg.LegendItem, item_type=pg.PlotDataItem):
        self.plot = plot
        self.legend = legend
        self.item_type = item_type  # a PlotDataItem or a PlotCurveItem: setData, setPen, xData, yData
        self.items: dict[str, pg.GraphicsObject] = {}
        self._pens: dict[str, tuple] = {}
        # items of the curves of a set emptied (a sequence opened, its saved runs scored later): out of the
        # plot, given to the next new curves instead of new items
        self._spare: list = []

    def update(self, rows) -> None:
        """``rows``: [(key, x, y, color, width, legend text)] in legend order (``color``: a colour, or (colour, line
        style) as ``plots.tracker_styles`` gives them); ``connect="finite"``. The
        items of curves gone are given to the curves new here before any item is made."""
        keys = {r[0] for r in rows}
        free = [(k, self.items.pop(k)) for k in [k for k in self.items if k not in keys]]
        for key, _item in free:
            self._pens.pop(key, None)
        ours = {id(i) for i in self.items.values()} | {id(i) for _k, i in free}
        for item in list(self.plot.listDataItems()):  # anything else someone put there goes too, as before
            if id(item) not in ours:
                self.plot.removeItem(item)
        new = [r for r in rows if r[0] not in self.items]
        for (key, *_rest), (_old, item) in zip(new, free):  # taken over: data, pen and text set below
            self.items[key] = item
            item.setVisible(True)  # as a new one (a click on its legend sample may have hidden it)
        gone = [item for _old, item in free[len(new):]]
        self._drop_entries(gone)  # before the plot removes them: its legend.removeItem sized the legend each time
        for item in gone:
            self.plot.removeItem(item)
            if not rows and len(self._spare) < SPARE_CURVES:  # emptied: the next curves are on their way
                self._spare.append(item)
        for key, x, y, color, width, _text in rows:
            item = self.items.get(key)
            if item is None and self._spare:  # a curve gone earlier (a sequence with no curves in between)
                item = self._spare.pop()
                item.setVisible(True)
                self.plot.addItem(item)
                self.items[key] = item
            if item is None:
                item = self.item_type(x, y, pen=_pen(color, width), connect="finite")
                self.plot.addItem(item)  # no name: the legend is ours to fill, in order
                self.items[key] = item
                self._pens[key] = (color, width)
                continue
            if self._pens.get(key) != (color, width):
                item.setPen(_pen(color, width))
                self._pens[key] = (color, width)
            if not _same_data(item, x, y):
                item.setData(x, y, connect="finite")
        self._sync_legend([(self.items[r[0]], r[5]) for r in rows], dropped=bool(gone))

    def _sync_legend(self, wanted, dropped: bool = False) -> None:
        """The legend's entries: ``wanted`` [(curve item, text)], in that order; entries kept per curve.
        ``dropped``: entries were taken out before (``_drop_entries``), so it is laid out even when the rest stays."""
        legend = self.legend
        if [i for i, _ in wanted] == [sample.item for sample, _ in legend.items]:
            for (_item, text), (_sample, label) in zip(wanted, legend.items):
                if label.text != text:
                    label.setText(text)
            if dropped:  # (emptied: the legend kept the size of the entries gone)
                lay_out(legend)
            return
        keep = {id(i) for i, _ in wanted}
        self._drop_entries([sample.item for sample, _label in legend.items if id(sample.item) not in keep])
        have = {id(sample.item) for sample, _ in legend.items}
        batch = getattr(legend, "adding", None)  # a legend that lays out once for many entries (SideLegend)
        with batch() if batch is not None else nullcontext():
            for item, text in wanted:
                if id(item) not in have:
                    legend.addItem(item, text)  # its sample and label, laid out at the end for now
        entries = {id(sample.item): (sample, label) for sample, label in legend.items}
        legend.items = [entries[id(i)] for i, _ in wanted]
        for (_item, text), (_sample, label) in zip(wanted, legend.items):
            if label.text != text:
                label.setText(text)
        lay_out(legend)

    def _drop_entries(self, items) -> None:
        """The legend entries of ``items`` taken out, the legend not laid out or sized here (the caller's
        ``_sync_legend`` does it once)."""
        drop = {id(i) for i in items}
        legend = self.legend
        for sample, label in [e for e in legend.items if id(e[0].item) in drop]:
            legend.items.remove((sample, label))
            legend._removeItemFromLayout(sample, label)

    def clear(self) -> None:
        self.update([])


def _same_data(item: pg.PlotDataItem, x, y) -> bool:
    """Whether ``item`` already draws ``x``, ``y`` (a live tick redraws curves whose run has not moved)."""
    # a curve that draws fewer points than it was given (the timeline's long curves, thinned to the view's
    # pixels) is compared on what it was given: its drawn points never equal the rows, so it was redrawn (and
    # thinned again) at every tick
    full = getattr(item, "full_data", None)
    old_x, old_y = full() if callable(full) else (item.xData, item.yData)
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
