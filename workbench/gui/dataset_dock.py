"""A dataset root as a table of its sequences (frames, layout, attributes, runs), filled in off the
GUI thread because counting frames and reading attribute files of many sequences takes a while."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QHeaderView, QLabel, QLineEdit, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from workbench.gui.worker import Job

COLUMNS = ("Sequence", "Frames", "Layout", "Attributes", "Results")


def _describe_entries(entries):
    """As ``workbench list --dataset`` does: every good sequence described, a bad one marked with the
    reader's one-line message (``SequenceEntry.try_open``), never stopping the listing."""
    for row, e in enumerate(entries):
        if getattr(e, "error", None):  # the listing itself already failed for this entry
            yield row, None, "", e.error
            continue
        try:
            seq = e.try_open()
        except Exception as exc:  # noqa: BLE001 - a reader bug in one sequence must not hide the others
            yield row, None, "", f"{type(exc).__name__}: {exc}"
            continue
        if seq is None:
            yield row, None, "", e.error
        else:
            yield row, len(seq), ", ".join(seq.tags()), ""


class DatasetDock(QDockWidget):
    sigOpen = Signal(object)  # SequenceEntry

    def __init__(self, parent=None):
        super().__init__("Dataset", parent)
        self.setObjectName("dataset_dock")
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel("")
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
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for c in (1, 2, 4):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(lambda r, _c: self._open_row(r))
        self.table.cellActivated.connect(lambda r, _c: self._open_row(r))
        lay.addWidget(self.table, 1)
        hint = QLabel("Double-click a sequence to open it.")
        hint.setObjectName("muted")
        lay.addWidget(hint)
        self.setWidget(body)
        self.entries = []
        self.bad: dict[int, str] = {}  # row -> why that sequence cannot be opened
        self.root = None
        self.worker = None

    def set_dataset(self, root, entries, results: dict[str, list[str]] | None = None) -> None:
        if self.worker is not None:
            self.worker.abort()
        self.root, self.entries = root, list(entries)
        self.bad = {}
        self.title.setText(f"<b>{root.name}</b> — {len(self.entries)} sequences<br><span style='color:#8a919c'>{root}</span>")
        self.table.setRowCount(len(self.entries))
        for r, e in enumerate(self.entries):
            item = QTableWidgetItem(e.name)
            item.setData(Qt.ItemDataRole.UserRole, r)
            self.table.setItem(r, 0, item)
            frames = QTableWidgetItem("…" if e.frames is None else str(e.frames))
            frames.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(r, 1, frames)
            self.table.setItem(r, 2, QTableWidgetItem(e.layout or ""))
            self.table.setItem(r, 3, QTableWidgetItem("…"))
            self.table.setItem(r, 4, QTableWidgetItem(""))
        self.set_results(results or {})
        # a fresh job per dataset: the last one's rows may still be arriving, and must not land here
        job = Job(self)
        job.yielded.connect(lambda info, job=job: self._on_described(info) if job is self.worker else None)
        job.finished.connect(lambda job=job: self._on_worker_done(job))
        self.worker = job
        job.start(_describe_entries, self.entries)

    def _on_worker_done(self, job) -> None:
        if job is self.worker:
            self.worker = None
        job.deleteLater()

    def _on_described(self, info) -> None:
        row, frames, tags, error = info
        if row >= self.table.rowCount():
            return
        if frames is not None:
            self.table.item(row, 1).setText(str(frames))
        self.table.item(row, 3).setText(tags if not error else f"cannot open: {error}")
        if error:
            from PySide6.QtGui import QBrush, QColor

            self.bad[row] = error
            for c in range(len(COLUMNS)):
                item = self.table.item(row, c)
                item.setToolTip(error)
                item.setForeground(QBrush(QColor("#e06c75")))

    def set_results(self, results: dict[str, list[str]]) -> None:
        """``{sequence: [trackers with a result file]}``."""
        for r, e in enumerate(self.entries):
            self.table.item(r, 4).setText(", ".join(results.get(e.name, [])))

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.sigOpen.emit(self.entries[row])

    def _apply_filter(self, text: str) -> None:
        text = text.lower().strip()
        for r in range(self.table.rowCount()):
            hay = " ".join(self.table.item(r, c).text().lower() for c in (0, 2, 3))
            self.table.setRowHidden(r, bool(text) and text not in hay)

    def shutdown(self) -> None:
        if self.worker is not None:
            self.worker.abort()
