"""The targets of the frame on screen as a table dock: what a segmenter found (clustered components)
or what a detector found (points, with boxes when it sizes them)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

MAX_ROWS = 1000  # a threshold far too low makes thousands of noise components: list the first ones
COLUMNS = ("#", "x", "y", "pixels", "aspect", "box (x, y, w, h)", "score")


# what the dock says before any segmenter or detector ran on the sequence: it named the segmenter only, also
# over a DAUB sequence with the detector selected (the one kind that lists targets there)
NO_TARGETS = "No targets yet: run a segmenter or a detector (Methods) on this sequence."

class TargetsDock(QDockWidget):
    """The clustered targets of the frame on screen: centroid, pixel size, aspect ratio, box, score.
    Clicking a row centres the view on that target."""

    sigCentre = Signal(float, float, object)  # x, y, box

    def __init__(self, parent=None):
        super().__init__("Targets", parent)
        self.setObjectName("targets_dock")
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)
        self.summary = QLabel(NO_TARGETS)
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next widget; arrows move within
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(True)
        self.table.cellClicked.connect(self._on_click)
        lay.addWidget(self.table, 1)
        self.setWidget(body)
        self.targets: list = []

    def set_targets(self, targets, note: str = "", kind: str = "target", classes=None) -> None:
        """``kind``: "target" (a segmenter's components) or "detection" (a detector's points: a size,
        aspect and box are shown only when the detector gives boxes); ``classes``: a class name per
        row, shown beside the score when given."""
        self.targets = list(targets or [])
        classes = list(classes or [])
        shown = self.targets[:MAX_ROWS]
        self.table.setUpdatesEnabled(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # resizing per item is quadratic
        self.table.setRowCount(len(shown))
        for r, t in enumerate(shown):
            x, y = t.centroid
            sized = kind != "detection" or (t.box[2] > 0 and t.box[3] > 0)
            bx = ", ".join(f"{v:.0f}" for v in t.box) if sized else "–"
            vals = (str(r + 1), f"{x:.1f}", f"{y:.1f}", str(int(t.pixels)) if sized else "–",
                    f"{t.aspect_ratio:.2f}" if sized and np.isfinite(t.aspect_ratio) else "–", bx,
                    (f"{t.score:.3f}" if np.isfinite(t.score) else "–")
                    + (f"  {classes[r]}" if r < len(classes) and classes[r] else ""))
            for c, v in enumerate(vals):
                item = QTableWidgetItem(v)
                if c != 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        # a detector's class beside the score is named in the header (it read "score" over "0.312  interference")
        named = any(classes[r] for r in range(min(len(classes), len(shown))))
        self.table.horizontalHeaderItem(len(COLUMNS) - 1).setText("score, class" if named else COLUMNS[-1])
        self.table.resizeColumnsToContents()
        hh.setStretchLastSection(True)
        self.table.setUpdatesEnabled(True)
        n = len(self.targets)
        more = f" (table shows the first {MAX_ROWS})" if n > MAX_ROWS else ""
        self.summary.setText(f"<b>{n}</b> {kind}{'s' if n != 1 else ''}{more}" + (f" · {note}" if note else ""))

    def clear(self, text: str = "") -> None:
        self.targets = []
        self.table.setRowCount(0)
        self.summary.setText(text or "No segmentation of this frame.")

    def _on_click(self, row: int, _col: int) -> None:
        """The view centred where the target is drawn: its centroid is a pixel index (a segmenter's component's
        mean pixel, a detector's point), whose pixel's centre is at + 0.5 in the core's box convention (pixel i
        spans i ... i + 1, ``irseq.point_box``), where the view draws its box and cross; the raw index centred it
        half a pixel up and left of them."""
        if 0 <= row < len(self.targets):
            t = self.targets[row]
            self.sigCentre.emit(float(t.centroid[0]) + 0.5, float(t.centroid[1]) + 0.5, tuple(t.box))
