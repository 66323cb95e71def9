"""Success and precision plots (pyqtgraph) of the results of the open sequence or dataset, AUC and
P@20 in the legend and in a ranking table beside the plots (every tracker's, however many: a legend
keeps to about half its plot and names the rest on hover), the scoring convention under them; exports
are drawn by matplotlib in core. Scores of another convention (an RGB-T sequence scored by its toolkit's rule,
``evaluation.rgbt``) are named as their curves name them (``success_label`` / ``precision_label``: MSR and MPR@5
on GTOT), their headline precision (``precision_headline``) in the legend and the ranking, its threshold marked on
the precision plot, and their convention line under the plots, as ``workbench eval`` and the exports say them. Where
the scored sequences are RGB-T, the "RGB-T" choice picks the rule they are scored under as ``--rgbt`` does (auto: each
benchmark's own, a rule named, or off: one-pass); the window keeps it in its settings. The
"Show" choice swaps the plots for a table of the success AUC per attribute (attributes as rows, the
scored trackers as columns, the frames scored), of the same scope."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDockWidget, QHBoxLayout, QHeaderView, QLabel,
                               QMenu, QStackedWidget, QTableWidget, QTableWidgetItem, QToolButton, QVBoxLayout,
                               QWidget)

from workbench.core.evaluation.ope import CE_THRESHOLDS, CONVENTION, CONVENTION_SHORT, IOU_THRESHOLDS
from workbench.gui import style
from workbench.gui.curves import LIGHT_CURVE, CurveSet, color_and_line
from workbench.gui.painted_icons import swatch_icon
from workbench.gui.widgets import ElidedLabel, on_screen

EMPTY_HINT = "Run a tracker on a sequence with groundtruth to see its curves"
SCOPES = (("This sequence", "sequence"), ("Dataset (all sequences with results)", "dataset"))
VIEWS = (("Curves", "curves"), ("AUC by attribute", "attributes"))
NO_ATTRIBUTES = "No attribute has scored frames here (the sequences carry no attributes)"
EXPORTS = (("Plots (PNG, SVG, PDF)…", "plots"), ("Numbers (CSV, JSON)…", "numbers"),
           ("AUC by attribute (CSV)…", "attributes"), ("Result boxes (text)…", "boxes"),
           ("Current frame with overlays (PNG)…", "frame"))
NO_SCORES = "No scored results yet: run a tracker on a sequence with groundtruth."
# the RGB-T rules the "RGB-T" choice offers (``--rgbt``'s, ``toolkits.RGBT_RULES``): key -> the choice's text
RGBT_CHOICES = (("auto", "auto"), ("gtot", "GTOT"), ("rgbt234", "RGBT234"), ("rgbt210", "RGBT210"),
                ("lasher", "LasHeR"), ("vtuav", "VTUAV"), ("off", "off (one-pass)"))
RGBT_DEFAULT = "auto"
ONE_PASS_AT_PX = 20.0  # the one-pass headline precision's threshold (P@20)


def scoring_convention(curves) -> tuple[str, str, str, str, float]:
    """(short and whole convention line, success and precision labels, headline precision threshold in px) of the
    curves shown: the one-pass convention's (AUC, P@20), or the rule the curves were scored under (an RGB-T
    sequence's toolkit rule, ``evaluation.rgbt.RgbtCurves.rule``: MSR, MPR@5 on GTOT), as eval's tables say them."""
    curves = list(curves)
    rule = next((r for c in curves if (r := getattr(c, "rule", None)) is not None), None)
    if rule is None:
        first = curves[0] if curves else None  # (``Curves`` names its scores AUC and P@20)
        return (CONVENTION_SHORT, CONVENTION, getattr(first, "success_label", "AUC"),
                getattr(first, "precision_label", "P@20"), ONE_PASS_AT_PX)
    return rule.convention_short(), rule.convention(), rule.success_label, rule.precision_label, rule.precision_at


def attribute_label(reports) -> str:
    """What the per-attribute view shows, named as the curves name their success score: "AUC by attribute"
    one-pass, "MSR by attribute" / "SR by attribute" under an RGB-T rule (its cells are that rule's score)."""
    return f"{scoring_convention([r.overall for r in reports])[2]} by attribute"


def attribute_table(reports) -> tuple[list[str], list[list]]:
    """(header, rows) of the success AUC per attribute: ``attribute``, ``frames`` (the most any tracker
    scored, as ``workbench eval --attributes`` counts), then one column per tracker (None where it has
    no frame of that attribute)."""
    attrs = sorted({a for r in reports for a in r.attributes})
    rows = []
    for a in attrs:
        curves = [r.attributes.get(a) for r in reports]
        rows.append([a, max(c.frames for c in curves if c is not None)] +
                    [c.success_auc if c is not None else None for c in curves])
    return ["attribute", "frames"] + [r.tracker for r in reports], rows


class EndAxis(pg.AxisItem):
    """An axis that labels its ends too (0 and 1.0, 0 and 50 px). pyqtgraph drops a tick label that
    reaches past the axis's box, which with a grid is the plot's own box: the end ticks of a range
    padded by 1-2 % are half a label from its edge, so their labels were never drawn. The box here
    reaches ``END_MARGIN`` px past the plot's ends (the title and the axes' corners have that room).

    In a narrow plot (the wide layout's plots dock with the ranking table beside: ~170 px a plot at 1400x900)
    pyqtgraph's tick spacing put the labels of a horizontal axis edge to edge ('0.40.60.81.0') and the axis
    title was cut at the plot's width ('Location error threshold (px'): the major ticks are spaced for their
    labels (``LABEL_GAP`` px between two), and the title is the longest of ``set_label_choices`` that fits."""

    END_MARGIN = 12
    LABEL_GAP = 10

    def boundingRect(self):
        r = super().boundingRect()
        m = self.END_MARGIN
        return r.adjusted(0, -m, 0, m) if self.orientation in ("left", "right") else r.adjusted(-m, 0, m, 0)

    def tickSpacing(self, minVal: float, maxVal: float, size: float):
        levels = super().tickSpacing(minVal, maxVal, size)
        dif = abs(maxVal - minVal)
        if not levels or self._tickSpacing is not None or self.orientation not in ("top", "bottom") \
                or size <= 0 or dif <= 0:
            return levels
        major = first = levels[0][0]
        while major < dif and major * size / dif < self._widest_tick_label(minVal, maxVal, major) + self.LABEL_GAP:
            major = _next_round(major)
        if major == first:
            return levels
        return [(major, 0)] + [level for level in levels[1:] if level[0] < major]

    def _widest_tick_label(self, lo: float, hi: float, spacing: float) -> float:
        from PySide6.QtGui import QFontMetricsF

        lo, hi = min(lo, hi), max(lo, hi)
        first = np.ceil(lo / spacing) * spacing
        values = list(np.arange(first, hi + spacing * 1e-6, spacing)[:50]) or [lo, hi]
        fm = QFontMetricsF(self.style["tickFont"] or self.font())
        return max(fm.horizontalAdvance(t) for t in self.tickStrings(values, self.autoSIPrefixScale * self.scale,
                                                                     spacing))

    def set_label_choices(self, *texts: str) -> None:
        """The axis title, longest first: the first that fits the axis's length is shown (the last where none
        does)."""
        self._label_choices = tuple(texts)
        self._fit_label()

    def _fit_label(self) -> None:
        choices = getattr(self, "_label_choices", ())
        if not choices or self.label is None:
            return
        from PySide6.QtGui import QFontMetricsF

        room = self.size().width() if self.orientation in ("top", "bottom") else self.size().height()
        if room <= 0:
            return
        fm = QFontMetricsF(self.label.font())
        text = next((t for t in choices if fm.horizontalAdvance(t) + 8 <= room), choices[-1])
        if text != self.labelText:
            self.setLabel(text, **self.labelStyle)

    def resizeEvent(self, ev=None):
        self._fit_label()
        super().resizeEvent(ev)


def _next_round(step: float) -> float:
    """The round tick step after ``step`` (1, 2, 5 x 10^k)."""
    k = np.floor(np.log10(step))
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * 10 ** k > step * (1 + 1e-9):
            return float(m * 10 ** k)
    return float(10 ** (k + 1))


def _end_axes() -> dict:
    return {"left": EndAxis("left"), "bottom": EndAxis("bottom")}


def _style_plot(p: pg.PlotItem, title: str, xlabel: str, ylabel: str, xmax: float) -> None:
    p.setTitle(title, color=style.TEXT, size=style.text_pt(1))  # a point over the application's font
    p.setLabel("bottom", xlabel, color=style.MUTED)
    p.setLabel("left", ylabel, color=style.MUTED)
    p.showGrid(x=True, y=True, alpha=0.18)
    p.setXRange(0, xmax, padding=0.01)
    p.setYRange(0, 1.0, padding=0.02)
    p.setMouseEnabled(x=False, y=False)
    p.hideButtons()
    p.setMenuEnabled(False)
    for ax in ("left", "bottom"):
        p.getAxis(ax).setPen(pg.mkPen(style.GRID))
        p.getAxis(ax).setTextPen(pg.mkPen(style.MUTED))


LEGEND_SHARE = 0.55  # of a plot's height the legend may take: about its lower half, below most curves


class _Unmade:
    """A legend entry not shown yet: its curve and its text, in ``items`` in place of the sample and the
    label, which are made when the entry is first shown (``FittedLegend.relayout``)."""

    def __init__(self, item, text: str):
        self.item, self.text = item, text

    def setText(self, text: str, **_attrs) -> None:
        self.text = text

    def setAttr(self, *_args) -> None:  # the label made later takes the legend's options then
        pass

    def setVisible(self, _on: bool) -> None:
        pass

    def isVisible(self) -> bool:
        return False

    def height(self) -> float:
        return 0.0


class FittedLegend(pg.LegendItem):
    """A legend kept to the rows that fit in ``max_rows``: the first entries (the best scores: the
    legend is sorted), then one "… and N more" row; every entry in the tooltip then. With a dataset's
    many runs the legend grew over the whole plot and covered the curves (a 1366x768 window: seven
    entries filled it). Hidden entries stay in ``items`` (the curves keep their legend entries and
    are updated in place, see curves.py); only the layout leaves them out. An entry's sample and label
    are made when it is first shown (``_Unmade`` until then): a sequence with 25 saved runs made 50 of
    them (2-5 ms each) on opening, for the 8-10 that the two plots show."""

    def __init__(self, *args, more_color=None, **kwargs):
        super().__init__(*args, **kwargs)
        # rows closer (a label's text box has 4 px of margin above and below) and a thinner frame: more
        # entries in the same height, at the same 8 pt
        self.layout.setContentsMargins(4, 2, 6, 2)
        self.layout.setVerticalSpacing(-5)
        self.max_rows: int | None = None
        self.more = pg.LabelItem("", color=more_color or self.opts["labelTextColor"], justify="left",
                                 size=self.opts["labelTextSize"])
        self.more.setParentItem(self)
        self.more.hide()
        self.hidden_count = 0
        self._making = False  # entries being made (``_made``): pyqtgraph's addItem must not lay out each
        self._probe_h: float | None = None  # a row's height measured before any entry was made

    def shown_texts(self) -> list[str]:
        """The entries on screen (without the "more" row)."""
        return [label.text for _sample, label in self.items if label.isVisible()]

    def row_height(self) -> float:
        heights = [max(sample.height(), label.height()) for sample, label in self.items if label.height() > 0]
        if heights:
            return max(heights)
        if self._probe_h is None:  # no entry made yet: a label measured (rows planned before)
            probe = pg.LabelItem("Ag", size=self.opts["labelTextSize"])
            self._probe_h = max(20.0, probe.itemRect().height())  # a sample is 20 px high
        return self._probe_h

    def preferred_height(self) -> float:
        """The height the layout gives the legend (its rows and its margins)."""
        return self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize).height()

    def fit_height(self, limit: float) -> None:
        """As many rows as fit in ``limit`` pixels (two at least: an entry and the "more" row)."""
        _left, top, _right, bottom = self.layout.getContentsMargins()
        pitch = self.row_height() + self.layout.verticalSpacing()
        # n rows take n * pitch - spacing: the spacing was taken off the room, not added, and one row too
        # many was made and then taken away (entries are made when first shown)
        rows = max(2, int((limit - top - bottom + self.layout.verticalSpacing()) // pitch))
        self.set_max_rows(rows)
        while rows > 2 and self.hidden_count + len(self.shown_texts()) > 0 and self.preferred_height() > limit:
            rows -= 1  # rows taller than their items said
            self.set_max_rows(rows)

    def set_max_rows(self, rows: int | None) -> None:
        if rows != self.max_rows:
            self.max_rows = rows
            self.relayout()

    def addItem(self, item, name) -> None:
        """``item``'s entry, made when it is shown (``relayout``, which ``curves.lay_out`` calls)."""
        entry = _Unmade(item, name)
        self.items.append((entry, entry))

    def _made(self, cap: int) -> None:
        """The first ``cap`` entries made where they were not yet (pyqtgraph's own entry, laid out again by
        the caller)."""
        self._making = True  # pyqtgraph's addItem lays the legend out (``_addItemToLayout``): once, after
        try:
            for i, (sample, _label) in enumerate(self.items[:cap]):
                if isinstance(sample, _Unmade):
                    super().addItem(sample.item, sample.text)
                    self.items[i] = self.items.pop()
        finally:
            self._making = False

    def relayout(self) -> None:
        lay = self.layout
        n = len(self.items)
        cap = n if self.max_rows is None or n <= self.max_rows else max(1, self.max_rows - 1)
        self._made(cap)
        for i in range(lay.count() - 1, -1, -1):
            lay.removeAt(i)
        for row, (sample, label) in enumerate(self.items):
            on = row < cap
            sample.setVisible(on)
            label.setVisible(on)
            if on:
                lay.addItem(sample, row, 0, alignment=Qt.AlignmentFlag.AlignVCenter)
                lay.addItem(label, row, 1)
        self.hidden_count = n - cap
        if self.hidden_count:
            self.more.setText(f"… and {self.hidden_count} more (see the ranking)")
            lay.addItem(self.more, cap, 1)
            self.more.show()
            self.setToolTip("\n".join(label.text for _sample, label in self.items))
        else:
            self.more.hide()
            self.setToolTip("")
        self.rowCount = cap + (1 if self.hidden_count else 0)
        self.updateSize()

    def updateSize(self) -> None:
        """The legend's size: its layout's, rows and margins (pyqtgraph summed its items' heights, which
        left out the spacing, and the geometry then stayed at the layout's cached, larger, minimum)."""
        if self.size is not None:
            return
        self.updateGeometry()  # the cached size hints go: they were the layout's before the change
        self.layout.invalidate()
        hint = self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize)
        self.setGeometry(0, 0, hint.width(), hint.height())

    # pyqtgraph's hooks: an entry is placed by relayout, and one out of the layout is not removed from it
    def _addItemToLayout(self, sample, label) -> None:
        if not self._making:
            self.relayout()

    def _removeItemFromLayout(self, *items) -> None:
        lay = self.layout
        for item in items:
            if isinstance(item, _Unmade):  # never made: nothing laid out
                continue
            for i in range(lay.count()):
                if lay.itemAt(i) is item:
                    lay.removeAt(i)
                    break
            item.close()
            scene = item.scene()
            if scene:
                scene.removeItem(item)

    def clear(self) -> None:
        super().clear()
        self.relayout()


class _Score(QTableWidgetItem):
    """A score cell: shown to three decimals, sorted by its value."""

    def __init__(self, value: float):
        super().__init__(f"{value:.3f}")
        self.value = value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def set_value(self, value: float) -> None:
        self.value = value
        self.setText(f"{value:.3f}")

    def __lt__(self, other):
        return self.value < getattr(other, "value", float("-inf"))


class RankingTable(QTableWidget):
    """Every scored tracker's success AUC and P@20 (its colour, name, the two scores), best AUC first;
    a header click sorts by that column. As narrow as its contents (names elided past
    ``MAX_NAME_PX``, whole in their tooltip); hidden while there is nothing scored. Scores of another
    convention name their columns as it does (``set_labels``: MSR / MPR@5 on GTOT)."""

    MAX_NAME_PX = 190
    HEADER = ("tracker", "AUC", "P@20")

    def __init__(self):
        super().__init__(0, len(self.HEADER))
        self.setObjectName("ranking")
        self.labels: tuple[str, ...] = ()
        self.set_labels(*self.HEADER[1:])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setIconSize(QSize(10, 10))
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(20)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setSortIndicatorShown(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hide()

    def set_labels(self, success: str, precision: str) -> None:
        """The score columns' names: the curves' ``success_label`` / ``precision_label`` (AUC / P@20 one-pass)."""
        if self.labels == (success, precision):
            return  # (asked at each draw: twice a second live)
        self.labels = (success, precision)
        self.setHorizontalHeaderLabels([self.HEADER[0], success, precision])
        self.horizontalHeaderItem(1).setToolTip(f"{success}: the success score (the Success plot's legend)")
        self.horizontalHeaderItem(2).setToolTip(f"{precision}: the precision score (the Precision plot's legend)")

    def set_rows(self, rows) -> None:
        """``rows``: [(name, colour or (colour, line style), success score, precision score, frames)], in the order
        to show (until a header click sorts otherwise); the scores are those ``labels`` name. Runs twice a second
        live: the items are kept and re-set."""
        self.setVisible(bool(rows))
        sorting = self.isSortingEnabled()
        self.setSortingEnabled(False)  # rows stay put while their cells are set
        self.setRowCount(len(rows))
        for i, (name, color, auc, p20, frames) in enumerate(rows):
            item = self.item(i, 0)
            if item is None:
                item = QTableWidgetItem()
                self.setItem(i, 0, item)
                self.setItem(i, 1, _Score(auc))
                self.setItem(i, 2, _Score(p20))
            item.setText(name)
            # painted at the screen's pixels (a 10 px pixmap was scaled up, its edges blurred, at 125-200 %)
            # (colour, line style) of a run past the eighth colour: a dashed one's swatch is not the first's square
            color, line = color_and_line(color)
            item.setIcon(swatch_icon(color, None, line))
            tip = f"{name}: {self.labels[0]} {auc:.3f}, {self.labels[1]} {p20:.3f} ({frames} frames)"
            item.setToolTip(tip)
            for j, v in ((1, auc), (2, p20)):
                self.item(i, j).set_value(v)
                self.item(i, j).setToolTip(tip)
        if not sorting:  # the first rows: AUC order, then a header click may sort by any column
            self.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.setSortingEnabled(True)
        self._fit_width()

    def _fit_width(self) -> None:
        """As wide as the names (up to ``MAX_NAME_PX``) and the two scores, and a scroll bar's width
        where the rows are more than its height shows."""
        self.resizeColumnsToContents()
        if self.columnWidth(0) > self.MAX_NAME_PX:
            self.setColumnWidth(0, self.MAX_NAME_PX)
        width = sum(self.columnWidth(c) for c in range(self.columnCount())) + 2 * self.frameWidth()
        width += self.verticalScrollBar().sizeHint().width()  # the same width with or without one
        self.setFixedWidth(width)


class PlotsDock(QDockWidget):
    sigScope = Signal(str)
    sigRule = Signal(str)  # the RGB-T rule chosen (``RGBT_CHOICES``' key)
    sigExport = Signal(str)  # plots | numbers | boxes | frame

    def __init__(self, parent=None):
        super().__init__("Success / precision", parent)
        self.setObjectName("plots_dock")
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.scope = QComboBox()
        for text, value in SCOPES:
            self.scope.addItem(text, value)
        self.scope.currentIndexChanged.connect(lambda _i: self.sigScope.emit(self.scope.currentData()))
        top.addWidget(QLabel("Scope"))
        top.addWidget(self.scope)
        self.view = QComboBox()
        for text, value in VIEWS:
            self.view.addItem(text, value)
        self.view.setToolTip("The success / precision curves, or the success AUC of each tracker per attribute "
                             "(the frames or sequences tagged with it)")
        self.view.currentIndexChanged.connect(self._show_view)
        top.addWidget(QLabel("Show"))
        top.addWidget(self.view)
        # the rule RGB-T sequences are scored under (as eval's --rgbt); shown only where the scores are of RGB-T
        # sequences (``set_rgbt_available``), beside the convention line it decides (in the top row it made the
        # dock's least width 160 px more: the line is cut to the room instead)
        from workbench.core.toolkits import RGBT_RULES

        self.rule = QComboBox()
        self.rule.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for key, text in RGBT_CHOICES:
            self.rule.addItem(text, key)
            self.rule.setItemData(self.rule.count() - 1, RGBT_RULES[key], Qt.ItemDataRole.ToolTipRole)
        self.rule.setToolTip("The rule RGB-T sequences are scored under, as workbench eval --rgbt: auto = each "
                             "sequence by its benchmark's toolkit rule, a benchmark's rule for all, or off = one-pass "
                             "(OPE) on the opened stream's boxes")
        self.rule.currentIndexChanged.connect(lambda _i: self.sigRule.emit(self.current_rule()))
        self.rule_label = QLabel("RGB-T rule")
        self.rule_label.setObjectName("muted")
        top.addStretch(1)
        self.export_button = QToolButton()
        self.export_button.setText("Export…")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_menu = menu = QMenu(self.export_button)
        menu.setToolTipsVisible(True)  # a greyed entry says why
        # what -> the menu's entry; the window gives its File › Export actions for the entries both have
        # (``use_actions``): one enabling for both menus (these were always enabled, and said "Nothing to
        # export" in an error box when chosen)
        self.export_actions: dict = {}
        for text, what in EXPORTS:
            self.export_actions[what] = menu.addAction(text, lambda w=what: self.sigExport.emit(w))
        self._own_actions = dict(self.export_actions)
        self.export_button.setMenu(menu)
        top.addWidget(self.export_button)
        lay.addLayout(top)
        self.glw = pg.GraphicsLayoutWidget()
        self.glw.setBackground(style.BG)
        self.glw.setMinimumHeight(170)
        self.glw.ci.layout.setContentsMargins(2, 2, EndAxis.END_MARGIN, 2)  # room for the last x label
        self.success = self.glw.addPlot(axisItems=_end_axes())
        _style_plot(self.success, "Success plot", "Overlap threshold (IoU)", "Success rate", 1.0)
        self.success.getAxis("bottom").set_label_choices("Overlap threshold (IoU)", "Overlap (IoU)", "IoU")
        self.precision = self.glw.addPlot(axisItems=_end_axes())
        _style_plot(self.precision, "Precision plot", "Location error threshold (px)", "Precision", 50)
        self.precision.getAxis("bottom").set_label_choices("Location error threshold (px)", "Location error (px)",
                                                           "Error (px)")
        self.success_legend = self._legend(self.success)
        self.precision_legend = self._legend(self.precision)
        # where the precision the legend gives is read (20 px; an RGB-T rule's own: 5 px on GTOT)
        self.precision_mark = pg.InfiniteLine(ONE_PASS_AT_PX, angle=90,
                                              pen=pg.mkPen("#59606b", style=Qt.PenStyle.DotLine))
        self.precision.addItem(self.precision_mark)
        self.attributes = QTableWidget(0, 0)
        self.attributes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attributes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.attributes.setTabKeyNavigation(False)
        self.attributes.verticalHeader().setVisible(False)
        self.attributes.verticalHeader().setDefaultSectionSize(22)
        self.attributes.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.attribute_rows: tuple[list[str], list[list]] = (["attribute", "frames"], [])
        # every tracker's AUC and P@20, beside the plots: the legends show what fits in about half a
        # plot (two of five trackers at 1366x768, the rest on hover only)
        self.ranking = RankingTable()
        curves_page = QWidget()
        cl = QHBoxLayout(curves_page)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(4)
        cl.addWidget(self.glw, 1)
        cl.addWidget(self.ranking)
        self.stack = QStackedWidget()
        self.stack.addWidget(curves_page)
        self.stack.addWidget(self.attributes)
        lay.addWidget(self.stack, 1)
        self.note = ElidedLabel(CONVENTION_SHORT, tooltip=False)  # its tooltip says more than its text
        self.note.setObjectName("muted")
        self.note.setToolTip(CONVENTION)
        self.note.setAlignment(Qt.AlignmentFlag.AlignRight)
        foot = QHBoxLayout()
        foot.setContentsMargins(0, 0, 0, 0)
        foot.addWidget(self.rule_label)
        foot.addWidget(self.rule)
        foot.addWidget(self.note, 1)
        lay.addLayout(foot)
        self.set_rgbt_available(False)
        self.setWidget(body)
        self.curves: dict = {}
        self._success_set = CurveSet(self.success, self.success_legend, LIGHT_CURVE)
        self._precision_set = CurveSet(self.precision, self.precision_legend, LIGHT_CURVE)
        self.partial: dict[str, str] = {}
        self.problems: list[str] = []
        self.notes: list[str] = []  # result files scored but read with a change (rows dropped)
        # the hint wraps to the plot's width (one line was clipped in a narrow dock, e.g. at 1366 px)
        self.empty = pg.TextItem(color=style.MUTED, anchor=(0.5, 0.5))
        self.empty.setHtml(f'<div style="text-align:center; color:{style.MUTED}">{EMPTY_HINT}</div>')
        self.success.addItem(self.empty)
        self.empty.setPos(0.5, 0.5)
        self.success.getViewBox().sigResized.connect(self._wrap_hint)
        for plot in (self.success, self.precision):
            plot.getViewBox().sigResized.connect(self._fit_legends)
        # what set_curves / set_attributes gave while the dock was not on screen (a tab behind the
        # Timeline during a run, twice a second): drawn when it shows
        self._colors: dict[str, str] = {}
        # a tracker's line style (``tracking.style``, set by the window; None: solid): a ninth run's curve had the
        # first one's colour and line, and the two could not be told apart
        self.line_style = None
        self._attribute_columns: list[str] = []
        self._any_reports = False
        self._curves_stale = False
        self._table_stale = False
        # while a sequence opens, its curves are drawn on a later event-loop turn (``redraw``: the opener's)
        self.draw_later = False
        self._steps_asked = 0  # ``draw_in_steps`` calls so far: an older call's steps stop at a newer one's
        self._set_count = 0  # set_curves calls: a drawing in steps whose curves were set again starts over
        self.visibilityChanged.connect(self._on_visibility)
        self._update_export_actions()

    @staticmethod
    def _legend(plot: pg.PlotItem) -> FittedLegend:
        legend = FittedLegend(labelTextColor=style.TEXT, brush=pg.mkBrush(20, 22, 26, 200),
                              labelTextSize=style.text_pt(-1),  # a point under the application's font
                              more_color=style.MUTED)
        legend.setParentItem(plot.getViewBox())
        plot.legend = legend
        return legend

    LEGEND_MIN_SCALE = 0.75  # narrower than this would need, a legend is left out: the ranking beside names all

    def _fit_legends(self, *_args) -> None:
        """Each legend kept to the lower ``LEGEND_SHARE`` of its plot, anchored in its corner: lower
        left for success, lower right for precision (where curves are not). A legend wider than its
        plot is scaled to it (long run names in the large-screen layout, where the ranking table beside
        leaves each plot ~170 px: it was cut at the plot's edge), down to ``LEGEND_MIN_SCALE``; where
        even that is too wide it is left out (the ranking table names every run with its colour)."""
        for plot, legend, corner, offset in ((self.success, self.success_legend, (0, 1), (8, -8)),
                                             (self.precision, self.precision_legend, (1, 1), (-8, -8))):
            vb = plot.getViewBox()
            height, room = vb.height(), vb.width() - 2 * abs(offset[0])
            scale = 1.0
            if height > 0:
                legend.fit_height(LEGEND_SHARE * height)
                if room > 0 and legend.width() > room:
                    scale = room / legend.width()
                    legend.fit_height(LEGEND_SHARE * height / max(scale, self.LEGEND_MIN_SCALE))
                    scale = min(1.0, room / max(legend.width(), 1.0))
            fits = scale >= self.LEGEND_MIN_SCALE
            legend.setScale(scale if fits else 1.0)
            legend.setVisible(bool(self.curves) and fits)
            legend.anchor(itemPos=corner, parentPos=corner, offset=offset)

    def _wrap_hint(self, *_args) -> None:
        width = self.success.getViewBox().width()
        if width > 20:
            self.empty.textItem.setTextWidth(max(60.0, width - 16))
            self.empty.updateTextPos()

    def set_dataset_available(self, available: bool) -> None:
        item = self.scope.model().item(1)
        item.setEnabled(available)
        if not available and self.scope.currentIndex() == 1:
            self.scope.setCurrentIndex(0)

    def current_scope(self) -> str:
        return self.scope.currentData()

    def current_rule(self) -> str:
        """The RGB-T rule chosen: a key of ``RGBT_CHOICES`` (``--rgbt``'s), "auto" by default."""
        return self.rule.currentData() or RGBT_DEFAULT

    def set_rule(self, key) -> None:
        """The RGB-T choice set to ``key`` without saying so (the window restoring it); an unknown key: auto."""
        i = self.rule.findData(key)
        was = self.rule.blockSignals(True)
        try:
            self.rule.setCurrentIndex(i if i >= 0 else self.rule.findData(RGBT_DEFAULT))
        finally:
            self.rule.blockSignals(was)

    def set_rgbt_available(self, available: bool) -> None:
        """The RGB-T choice shown where the sequences scored are RGB-T, hidden elsewhere (it changes nothing there)."""
        self.rule.setVisible(available)
        self.rule_label.setVisible(available)

    def set_curves(self, curves: dict, colors: dict[str, str], frames_note: str = "", problems=(),
                   partial: dict[str, str] | None = None, details: str = "", notes=()) -> None:
        """``curves``: {tracker: Curves}; legend sorted by the score it shows. ``problems``: result files
        left out of the scores, with the reason; counted in the note, listed in its tooltip. ``notes``:
        result files scored but read with a change (``FolderScores.notes``: rows after the groundtruth
        dropped), counted apart from the skipped ones ("N read with a change") and listed in the tooltip.
        ``partial``: {tracker: why} for runs that stopped early or are still running: a ``*`` after
        the name in the legend, explained in the note. ``details``: more on the note, in its tooltip
        only (the note is one line, cut to the dock's width; its whole text heads the tooltip)."""
        self.curves = dict(curves)
        self._colors = dict(colors)
        self.partial = dict(partial or {})
        self._curves_stale = True
        self._set_count += 1
        if self.on_screen() and not self.draw_later:
            self._draw_curves()
        self._update_export_actions()
        if problems:
            frames_note = f"{frames_note} · {len(problems)} result file{'s' if len(problems) != 1 else ''} skipped"
        if notes:
            frames_note = (f"{frames_note} · {len(notes)} result file{'s' if len(notes) != 1 else ''} "
                           f"read with a change")
        if self.partial:
            frames_note = f"{frames_note} · * partial ({len(self.partial)})"
        self.problems, self.notes = list(problems), list(notes)
        # the convention the curves were scored under (an RGB-T sequence: its toolkit's rule), as eval says it
        short, whole, *_labels = scoring_convention(self.curves.values())
        self.note.setText(f"{frames_note}   {short}".strip())
        head = f"{frames_note}\n\n" if frames_note else ""
        more = f"{details}\n\n" if details else ""
        skipped = "\n\nSkipped:\n" + "\n".join(self.problems) if self.problems else ""
        changed = ("\n\nScored, read with a change:\n" + "\n".join(self.notes)) if self.notes else ""
        part = "\n\n* Partial runs:\n" + "\n".join(self.partial.values()) if self.partial else ""
        self.note.setToolTip(head + more + whole + part + skipped + changed)

    def _draw_curves(self) -> None:
        """The curves, legends and ranking of the last ``set_curves``."""
        for step in self._draw_steps():
            step()

    def _draw_steps(self) -> list:
        """``_draw_curves`` as its three steps: the success curves and legend, the precision ones, then the
        legends fitted and the ranking (``draw_in_steps`` runs them one event-loop turn each)."""
        self._curves_stale = False
        curves, shades = self.curves, self._colors
        lines = {n: self.line_style(n) if self.line_style is not None else "-" for n in curves}
        colors = {n: shades.get(n, "#ffffff") for n in curves}
        looks = {n: (colors[n], lines[n]) for n in curves}  # the curves' pens (``curves._pen``)
        star = {n: "*" if n in self.partial else "" for n in curves}
        # the scores as the convention names them: AUC / P@20, or an RGB-T rule's (MSR / MPR@5 on GTOT)
        _short, _whole, s_label, p_label, at_px = scoring_convention(curves.values())

        def success():
            self.empty.setVisible(not curves)
            self.success_legend.setVisible(bool(curves))
            self.precision_legend.setVisible(bool(curves))
            # curves and legend entries are kept and updated (see curves.py): this runs twice a second live
            if not self._success_set.items:  # the rows that fit known before the entries are made (FittedLegend)
                self._fit_legends()
            self._success_set.update([
                (name, IOU_THRESHOLDS, curves[name].success, looks[name], 2.2,
                 f"{name}{star[name]} [{s_label} {curves[name].success_auc:.3f}]")
                for name in sorted(curves, key=lambda n: -curves[n].success_auc)])

        def precision():
            if self.precision_mark.value() != at_px:
                self.precision_mark.setValue(at_px)
            self._precision_set.update([
                (name, CE_THRESHOLDS, curves[name].precision, looks[name], 2.2,
                 f"{name}{star[name]} [{p_label} {curves[name].precision_headline:.3f}]")
                for name in sorted(curves, key=lambda n: -curves[n].precision_headline)])

        def ranking():
            self._fit_legends()  # after filling: fitted to the plot's height, anchored in its corner
            self.ranking.set_labels(s_label, p_label)
            self.ranking.set_rows([(f"{name}{star[name]}", looks[name], curves[name].success_auc,
                                    curves[name].precision_headline, curves[name].frames)
                                   for name in sorted(curves, key=lambda n: -curves[n].success_auc)])

        return [success, precision, ranking]

    def draw_in_steps(self, then=None) -> None:
        """Draw what ``set_curves`` set (when on screen and not drawn yet) one step per later event-loop turn:
        the success curves, the precision curves, the ranking. A sequence's 25 saved runs scored at once drew 50
        curves, two legends and 25 ranking rows in one turn (0.07-0.15 s). Set again meanwhile: the steps
        start over with the new curves; drawn meanwhile (``redraw``, a live tick): the rest is not needed.
        ``then``: called once, after the last step (at once when nothing is to draw; when set again meanwhile, then,
        not after the new steps)."""
        from workbench.gui.worker import step_later

        done = then or (lambda: None)
        if not self._curves_stale or not self.on_screen():
            done()
            return  # drawn already, or drawn when it shows (``redraw``)
        count = self._set_count
        self._steps_asked += 1
        asked = self._steps_asked
        steps = self._draw_steps()
        self._curves_stale = True  # until the last step: a ``redraw`` meanwhile draws all of it

        def run(rest):
            if self._steps_asked != asked:  # asked again since (the scores came while the opener's steps went
                done()  # on): the newer steps draw; two at once drew the success and precision curves twice
                return
            if self._set_count != count:  # set again (scores still arriving): its own steps (nothing when it
                done()  # was drawn at once); the next dock does not wait for them
                self.draw_in_steps()
                return
            if not self._curves_stale:
                done()
                return  # drawn whole meanwhile
            rest[0]()
            if len(rest) > 1:
                step_later(lambda: run(rest[1:]), self)
            else:
                self._curves_stale = False
                done()

        # not in the turn that set them either; each a step of the window's (``step_later``: one a turn, painted
        # before the next, the other docks' steps in the same queue)
        step_later(lambda: run(steps), self)

    def on_screen(self) -> bool:
        """Whether the dock can be seen (``widgets.on_screen``): drawn now, or when it shows."""
        return on_screen(self)

    def redraw_in_steps(self, then=None) -> None:
        """``redraw`` with the curves drawn in steps (``draw_in_steps``), ``then`` called after the last: a
        sequence opening draws its docks so (``SequenceController._draw_docks_later``). Its 25 saved runs' curves
        drawn in one turn there held the GUI thread 80-165 ms under load."""
        if self._table_stale and self.current_view() == "attributes":
            self._fill_table()
        self.draw_in_steps(then)

    def redraw(self) -> None:
        """Draw what was set while the dock was not on screen (it is shown now, or read)."""
        if self._curves_stale:
            self._draw_curves()
        if self._table_stale and self.current_view() == "attributes":
            self._fill_table()

    def _on_visibility(self, visible: bool) -> None:
        if visible:  # its tab brought to the front, the dock shown again
            self.redraw()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.redraw()

    def _show_view(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        if self._table_stale and self.current_view() == "attributes":
            self._fill_table()

    def use_actions(self, actions: dict) -> None:
        """The Export menu's entries ``actions`` ({"plots" | "numbers" | "boxes" | "frame": QAction}) are
        the window's own File › Export actions: enabled (and greyed, with their tooltips) as those."""
        menu = self.export_menu
        for what, act in actions.items():
            own = self.export_actions.get(what)
            if own is None or own is act:
                continue
            menu.insertAction(own, act)
            menu.removeAction(own)
            self.export_actions[what] = act
        self._update_export_actions()

    def _update_export_actions(self) -> None:
        """The dock's own Export entries (those the window did not give, ``use_actions``) greyed where
        there is nothing to write, the reason in their tooltip: scores for the plots and numbers, a scored
        attribute for the AUC table."""
        from workbench.gui.widgets import tip_with_reason

        rows = self.attribute_rows[1]
        why = {"plots": None if self.curves else NO_SCORES, "numbers": None if self.curves else NO_SCORES,
               "attributes": NO_SCORES if not self.curves else None if rows else NO_ATTRIBUTES}
        for what, act in self.export_actions.items():
            if act is self._own_actions.get(what) and what in why:  # ours, not the window's
                act.setEnabled(why[what] is None)
                tip_with_reason(act, why[what])

    def current_view(self) -> str:
        return self.view.currentData()

    def set_attributes(self, reports) -> None:
        """The success AUC per attribute of ``reports`` (``attribute_table``); a partial run's column has
        its ``*`` as in the legend, the best score of a row is bold. The table is filled when it shows."""
        self.attribute_rows = attribute_table(reports)
        label = attribute_label(reports)  # AUC one-pass; an RGB-T rule's MSR / SR
        self.view.setItemText(self.view.findData("attributes"), label)
        self._own_actions["attributes"].setText(f"{label} (CSV)…")
        self._attribute_columns = [f"{n}*" if n in self.partial else n for n in self.attribute_rows[0][2:]]
        self._any_reports = bool(reports)
        self._table_stale = True
        if self.current_view() == "attributes" and self.on_screen():
            self._fill_table()
        self._update_export_actions()

    def _fill_table(self) -> None:
        self._table_stale = False
        head, rows = self.attribute_rows
        t = self.attributes
        t.setUpdatesEnabled(False)
        t.clear()
        t.clearSpans()
        t.setColumnCount(len(head))
        t.setHorizontalHeaderLabels(head[:2] + self._attribute_columns)
        t.setRowCount(len(rows) if rows else 1)
        if not rows:
            t.setSpan(0, 0, 1, len(head))
            t.setItem(0, 0, QTableWidgetItem(NO_ATTRIBUTES if self._any_reports else EMPTY_HINT))
        for i, row in enumerate(rows):
            scores = [v for v in row[2:] if v is not None]
            for j, v in enumerate(row):
                item = QTableWidgetItem(v if j == 0 else str(v) if j == 1 else "–" if v is None else f"{v:.3f}")
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if j > 1 and v is not None and len(scores) > 1 and v == max(scores):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                t.setItem(i, j, item)
        t.setUpdatesEnabled(True)

    def legend_texts(self) -> list[str]:
        self.redraw()
        return [label.text for _, label in self.success_legend.items] + \
               [label.text for _, label in self.precision_legend.items]
