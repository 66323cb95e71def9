"""A dataset root as a table of its sequences (frames, layout, attributes, runs), filled in off the
GUI thread because counting frames and reading attribute files of many sequences takes a while."""
from __future__ import annotations

import time
from contextlib import contextmanager

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QHeaderView, QLabel, QLineEdit, QStyle,
                               QStyledItemDelegate, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from workbench.gui.style import WARN_COLOR
from workbench.gui.worker import LatestJob

COLUMNS = ("Sequence", "Frames", "Layout", "Attributes", "Results")
# the widest a name / the results list starts (its full text is the cell's tooltip): sized to their
# contents, the two left the Attributes column ~30 px at the dock's 420 px ("ribu", "ca… m…")
NAME_MAX_W, RESULTS_MAX_W = 150, 90
SKIPPED_MARK = "⚠ "  # before a run whose result file the dataset scores left out
FITTED = (1, 2)  # Frames and Layout: as wide as their contents
RUNS_ROLE = Qt.ItemDataRole.UserRole + 1  # a Results cell's runs: [(run, why it was left out, or None)]


class ResultsDelegate(QStyledItemDelegate):
    """The Results column: each run in the cell's own colour, a run the dataset scores left out as
    "⚠ run" in amber and the others in the text colour (the whole cell was amber for one such run: which
    tracker's file it was could not be read off it), cut with "…" where the cell ends."""

    @staticmethod
    def segments(index, palette: QPalette, selected: bool = False) -> list[tuple[str, QColor]]:
        """What the cell draws, left to right: (text, colour)."""
        runs = index.data(RUNS_ROLE)
        if runs is None:
            return []
        plain = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        out = []
        for k, (name, why) in enumerate(runs):
            if k:
                out.append((", ", plain))
            out.append((f"{SKIPPED_MARK}{name}", QColor(WARN_COLOR)) if why else (name, plain))
        return out

    def paint(self, painter, option, index) -> None:
        if index.data(RUNS_ROLE) is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        option.text = ""  # the background, the selection and the focus as any cell; the text here
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
            rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, option.widget)
        else:
            rect = option.rect
        rect = rect.adjusted(3, 0, -3, 0)  # the text margin a plain cell has
        fm = option.fontMetrics
        painter.save()
        painter.setFont(option.font)
        x, right = rect.left(), rect.right() + 1
        for text, colour in self.segments(index, option.palette, selected):
            width = fm.horizontalAdvance(text)
            if x + width > right:  # the rest does not fit: what fits of this one, then "…"
                text = fm.elidedText(text, Qt.TextElideMode.ElideRight, right - x)
                width = fm.horizontalAdvance(text)
            painter.setPen(colour)
            painter.drawText(x, rect.top(), max(0, right - x), rect.height(),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
            x += width
            if x >= right:
                break
        painter.restore()


# the described rows go to the GUI thread in batches: each delivery re-lays the table out (its Frames and
# Layout columns fit their contents, every row measured), 5-20 ms for 300 rows, and one a row held the GUI
# thread up to 0.55 s opening a 300-sequence root; a batch is what was described in BATCH_S, at most BATCH_ROWS
BATCH_S = 0.1
BATCH_ROWS = 64


def _describe_entries(entries, clock=time.perf_counter):
    """As ``workbench list --dataset`` does: every good sequence described, a bad one marked with the
    reader's one-line message (``SequenceEntry.try_open``), never stopping the listing. Yields lists of
    ``(row, frames, tags, error)``: those described in ``BATCH_S`` (at most ``BATCH_ROWS``)."""
    batch, since = [], clock()
    for row, e in enumerate(entries):
        batch.append(_describe(row, e))
        if len(batch) >= BATCH_ROWS or clock() - since >= BATCH_S:
            yield batch
            batch, since = [], clock()
    if batch:
        yield batch


def _describe(row: int, e) -> tuple:
    if getattr(e, "error", None):  # the listing itself already failed for this entry
        return row, None, "", e.error
    try:
        seq = e.try_open()
    except Exception as exc:  # noqa: BLE001 - a reader bug in one sequence must not hide the others
        return row, None, "", f"{type(exc).__name__}: {exc}"
    if seq is None:
        return row, None, "", e.error
    return row, len(seq), ", ".join(seq.tags()), ""


NO_DATASET = "No dataset open: File › Open dataset root… lists a folder of sequences here."


class DatasetDock(QDockWidget):
    sigOpen = Signal(object)  # SequenceEntry

    def __init__(self, parent=None):
        super().__init__("Dataset", parent)
        self.setObjectName("dataset_dock")
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel(NO_DATASET)
        self.title.setWordWrap(True)
        lay.addWidget(self.title)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name or attribute…")
        self.filter.textChanged.connect(self._apply_filter)
        lay.addWidget(self.filter)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(False)
        # Tab moves on to the next widget (it walked every cell of every sequence); arrows move within
        self.table.setTabKeyNavigation(False)
        # one line a row, cut with "…" (the full text is the tooltip): wrapped, a narrow cell showed
        # two cut lines ("ca… m…")
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results_delegate = ResultsDelegate(self.table)
        self.table.setItemDelegateForColumn(4, self.results_delegate)
        h = self.table.horizontalHeader()
        # Frames and Layout are short; the name and the results list start at their contents' width up
        # to a cap (``_fit_columns``) and can be dragged wider; Attributes takes the rest, never less
        # than its header's width (a horizontal scroll bar then, not a clipped "ribu"; a Stretch
        # section's minimum is every section's minimum, ``_fit_attributes``)
        for c in FITTED:
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        for c in (0, 3, 4):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        h.setStretchLastSection(False)
        h.sectionResized.connect(lambda c, _old, _new: self._fit_attributes() if c != 3 else None)
        self.table.viewport().installEventFilter(self)
        # a double-click and Enter open the row (activated comes with a double-click too: doubleClicked as
        # well opened it twice, two reads, and the second undid an Esc cancelling the first)
        self.table.cellActivated.connect(lambda r, _c: self._open_row(r))
        lay.addWidget(self.table, 1)
        hint = QLabel("Double-click a sequence to open it.")
        hint.setObjectName("muted")
        lay.addWidget(hint)
        self.setWidget(body)
        self.entries = []
        self.bad: dict[int, str] = {}  # row -> why that sequence cannot be opened
        # sequence -> runs with a result file (the Results column); None while it is being listed
        self.results: dict[str, list[str]] | None = {}
        # (sequence, run) -> why the dataset scores left its result file out (a wrong length, unreadable)
        self.skipped: dict[tuple[str, str], str] = {}
        self.root = None
        # the entries being described on a worker (``_describe_entries``): the dataset open last's alone land
        self._describer = LatestJob(self)
        self._describer.yielded.connect(self._on_described)

    def set_dataset(self, root, entries, results: dict[str, list[str]] | None = None) -> None:
        """``results``: the Results column (``set_results``); None: not listed yet, its cells read "…"
        until ``set_results`` comes."""
        self._describer.drop()  # the last dataset's rows may still be arriving: they must not land here
        self.root, self.entries = root, list(entries)
        self.bad, self.skipped = {}, {}
        n = len(self.entries)
        self.title.setText(f"<b>{root.name}</b> — {n} sequence{'s' if n != 1 else ''}<br>"
                           f"<span style='color:#8a919c'>{root}</span>")
        # (a table already shown and filled measured every row again at each cell put in: 2.5 s for 300 rows)
        with self._laid_out_once():
            self.table.setRowCount(len(self.entries))
            for r, e in enumerate(self.entries):
                item = QTableWidgetItem(e.name)
                item.setToolTip(e.name)
                item.setData(Qt.ItemDataRole.UserRole, r)
                self.table.setItem(r, 0, item)
                frames = QTableWidgetItem("…" if e.frames is None else str(e.frames))
                frames.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, 1, frames)
                self.table.setItem(r, 2, QTableWidgetItem(e.layout or ""))
                self.table.setItem(r, 3, QTableWidgetItem("…"))
                self.table.setItem(r, 4, QTableWidgetItem(""))
        self.set_results(results or {})  # and sizes the columns
        if results is None:  # being listed
            self.results = None
            for r in range(len(self.entries)):
                self.table.item(r, 4).setText("…")
                self.table.item(r, 4).setData(RUNS_ROLE, None)  # drawn as it reads
                self.table.item(r, 4).setToolTip("Listing the workspace's results…")
        self._describer.start(_describe_entries, self.entries)

    @property
    def describing(self) -> bool:
        """The sequences' frames and attributes are still being read on a worker."""
        return self._describer.pending

    def _on_described(self, batch) -> None:
        """A batch of described rows (``_describe_entries``) into the table, laid out once."""
        with self._laid_out_once():
            for info in batch:
                self._describe_row(*info)

    @contextmanager
    def _laid_out_once(self):
        """The Frames and Layout columns fit their contents once, at the end: each cell's new text made them
        measure every row again at once, 7 ms a cell of a 300-row table (2 s for its Frames column)."""
        h = self.table.horizontalHeader()
        for c in FITTED:
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
        try:
            yield
        finally:
            for c in FITTED:
                h.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)

    def _describe_row(self, row: int, frames, tags: str, error: str) -> None:
        if row >= self.table.rowCount():
            return
        if frames is not None:
            self.table.item(row, 1).setText(str(frames))
        self.table.item(row, 3).setText(tags if not error else f"cannot open: {error}")
        self.table.item(row, 3).setToolTip(tags if not error else error)
        if error:
            from PySide6.QtGui import QBrush

            self.bad[row] = error
            for c in range(len(COLUMNS)):
                item = self.table.item(row, c)
                item.setToolTip(error)
                item.setForeground(QBrush(QColor("#e06c75")))
            self.table.item(row, 4).setData(RUNS_ROLE, None)  # drawn as a plain cell, in that colour

    def set_results(self, results: dict[str, list[str]]) -> None:
        """``{sequence: [trackers with a result file]}``. A run whose file the dataset scores left out
        (``set_skipped``) is marked "⚠" in amber, that run alone (``ResultsDelegate``); its file and
        problem are in the cell's tooltip."""
        self.results = {k: list(v) for k, v in results.items()}
        for r, e in enumerate(self.entries):
            names = results.get(e.name, [])
            runs = [(n, self.skipped.get((e.name, n))) for n in names]
            left_out = [(n, why) for n, why in runs if why]
            item = self.table.item(r, 4)
            # the text as drawn (the filter, the column's width and the accessible text read it)
            item.setText(", ".join(f"{SKIPPED_MARK}{n}" if why else n for n, why in runs))
            if r in self.bad:  # a bad row: all of it in the error colour, its tooltips say why it cannot be opened
                item.setData(RUNS_ROLE, None)
                continue
            item.setData(RUNS_ROLE, runs)
            tip = ", ".join(names)
            if left_out:
                tip += "\n\nLeft out of the dataset scores:\n" + "\n".join(
                    f"{SKIPPED_MARK}{n}: {why}" for n, why in left_out)
            item.setToolTip(tip)
        self._fit_columns()

    def set_skipped(self, skipped: dict[tuple[str, str], str]) -> None:
        """The result files the dataset scores left out, (sequence, run) -> why (the scores' problems):
        marked in the Results column, as the plots' note counts them."""
        skipped = dict(skipped or {})
        if skipped != self.skipped:
            self.skipped = skipped
            if self.results is not None:  # else marked when the listing comes
                self.set_results(self.results)

    def _fit_columns(self) -> None:
        """The name and the results columns as wide as their text, up to their caps."""
        h = self.table.horizontalHeader()
        for c, cap in ((0, NAME_MAX_W), (4, RESULTS_MAX_W)):
            self.table.resizeColumnToContents(c)
            h.resizeSection(c, min(h.sectionSize(c), max(cap, h.sectionSizeHint(c))))
        self._fit_attributes()

    def _fit_attributes(self) -> None:
        """The Attributes column fills the width the others leave, and is at least as wide as its header."""
        h = self.table.horizontalHeader()
        rest = self.table.viewport().width() - sum(h.sectionSize(c) for c in range(h.count()) if c != 3)
        want = max(h.sectionSizeHint(3), rest)
        if h.sectionSize(3) != want:
            h.resizeSection(3, want)

    def eventFilter(self, obj, ev) -> bool:
        if obj is self.table.viewport() and ev.type() == QEvent.Type.Resize:
            self._fit_attributes()
        return super().eventFilter(obj, ev)

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.sigOpen.emit(self.entries[row])

    def _apply_filter(self, text: str) -> None:
        text = text.lower().strip()
        for r in range(self.table.rowCount()):
            hay = " ".join(self.table.item(r, c).text().lower() for c in (0, 2, 3))
            self.table.setRowHidden(r, bool(text) and text not in hay)

    def clear(self) -> None:
        """No dataset open: the table empties. The dataset left stayed listed, and View › Dataset showed it
        beside a sequence of elsewhere (the demo), its rows still opening as if it were open."""
        self._describer.drop()
        self.root, self.entries, self.bad, self.skipped, self.results = None, [], {}, {}, {}
        self.table.setRowCount(0)
        self.title.setText(NO_DATASET)

    def shutdown(self) -> None:
        self._describer.drop()
