"""What is drawn over the frame: groundtruth, each run's boxes, and a published map as a heatmap."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDockWidget, QFormLayout, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QScrollArea, QSlider, QVBoxLayout, QWidget)

from workbench.gui.curves import color_and_line
from workbench.gui.painted_icons import swatch_icon

NO_MAP = "(none)"


SWATCH_SIDE = 14  # logical pixels, in the list's 16 px icons


def swatch(color: str, line: str = "-") -> QIcon:
    """A square of ``color`` as large as the list's icons, drawn at the screen's pixels (a 14 px pixmap was
    scaled up, its edges blurred, at 125 % / 150 % scaling); made once per colour and line (``swatch_icon``'s
    cache). ``line``: a run drawn dashed, dotted... (past the eighth colour, which comes round) has bars in that
    pattern, not the first run's square."""
    return swatch_icon(color, SWATCH_SIDE, line)


# read once: an enum member read through its class costs ~50 us in Python 3.11, and ``set_runs`` read three
# per run (25 saved runs: 4 of its 6 ms)
_RUN_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
_CHECKED = Qt.CheckState.Checked
_COLOR_ROLE = Qt.ItemDataRole.UserRole
_LINE_ROLE = Qt.ItemDataRole.UserRole + 1  # its line style ("-", "--" ...): its swatch's pattern
_EXACTLY = Qt.MatchFlag.MatchExactly


# the response map's opacity: at 60 % it hid the target under the map (issue 21); the window's saved
# setting starts from the same value
DEFAULT_MAP_OPACITY = 35

class LayersDock(QDockWidget):
    RUN_ROWS = 8  # the run list's most rows shown without scrolling
    RUNS_MIN_H = 64
    MIN_H = 90  # the dock's least height: the groundtruth check box and a few runs; the rest scrolls

    sigChanged = Signal()
    sigMethodRun = Signal(str, str)  # (kind: "detection" | "segmentation", run label): the user picked a run

    def __init__(self, parent=None):
        super().__init__("Layers", parent)
        self.setObjectName("layers_dock")
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)
        self.show_gt = QCheckBox("Groundtruth box (dashed)")
        self.show_gt.setChecked(True)
        self.show_gt.toggled.connect(self.sigChanged)
        lay.addWidget(self.show_gt)
        self.runs = QListWidget()
        # as tall as its runs, up to RUN_ROWS (a fixed 64 px showed four of six runs, the rest behind a
        # scroll bar, with the compact layout's tall Layers tab empty below); compressible to MIN_H
        self.runs.setMinimumHeight(self.RUNS_MIN_H)
        self.runs.setMaximumHeight(self.RUNS_MIN_H)
        self.runs.itemChanged.connect(lambda *_: self.sigChanged.emit())
        lay.addWidget(self.runs)
        form = QFormLayout()
        self.map_tracker = QComboBox()
        self.map_name = QComboBox()
        self.map_tracker.currentIndexChanged.connect(lambda _i: self._on_map_tracker())
        self.map_name.currentIndexChanged.connect(lambda _i: self.sigChanged.emit())
        form.addRow("Map of", self.map_tracker)
        form.addRow("Map", self.map_name)
        row = QHBoxLayout()
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(DEFAULT_MAP_OPACITY)
        self.opacity_label = QLabel(f"{DEFAULT_MAP_OPACITY} %")
        self.opacity.valueChanged.connect(lambda v: (self.opacity_label.setText(f"{v} %"), self.sigChanged.emit()))
        row.addWidget(self.opacity, 1)
        row.addWidget(self.opacity_label)
        form.addRow("Opacity", row)
        # the detector's and the segmenter's runs of the sequence (every saved one, and the one not
        # saved yet): the one picked is drawn, in the Targets table and scored; hidden while there is none
        self.method_runs: dict[str, QComboBox] = {}
        for kind, text in (("detection", "Detections of"), ("segmentation", "Segmentation of")):
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            combo.activated.connect(lambda _i, k=kind, c=combo: self.sigMethodRun.emit(k, c.currentText()))
            form.addRow(text, combo)
            form.setRowVisible(combo, False)
            self.method_runs[kind] = combo
        self._form = form
        lay.addLayout(form)
        # segmentation overlays (shown when a segmenter has run on the frame)
        self.seg_box = QWidget()
        sl = QFormLayout(self.seg_box)
        sl.setContentsMargins(0, 4, 0, 0)
        # the three check boxes go under their label where the row does not fit: beside it they needed 343 px,
        # and the compact layout's right column has 330 at 1366x768 and 1280x720 ("Target boxe", a scroll bar)
        sl.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        checks = QHBoxLayout()
        self.show_saliency = QCheckBox("Saliency")
        self.show_mask = QCheckBox("Mask")
        self.show_targets = QCheckBox("Target boxes")
        for c in (self.show_saliency, self.show_mask, self.show_targets):
            c.setChecked(True)
            c.toggled.connect(self.sigChanged)
            checks.addWidget(c)
        self.show_saliency.setChecked(False)  # the mask is what one looks at first
        checks.addStretch(1)
        sl.addRow("Segmentation", checks)
        srow = QHBoxLayout()
        self.seg_opacity = QSlider(Qt.Orientation.Horizontal)
        self.seg_opacity.setRange(0, 100)
        self.seg_opacity.setValue(55)
        self.seg_opacity_label = QLabel("55 %")
        self.seg_opacity.valueChanged.connect(
            lambda v: (self.seg_opacity_label.setText(f"{v} %"), self.sigChanged.emit()))
        srow.addWidget(self.seg_opacity, 1)
        srow.addWidget(self.seg_opacity_label)
        sl.addRow("Overlay opacity", srow)
        self.seg_box.setVisible(False)
        lay.addWidget(self.seg_box)
        body.setMaximumHeight(300)
        # in a scroll area: below Methods in the wide layout, its rows' minimum height (~200 px) added
        # to the Methods dock's made the window taller than a 768 px screen when the compact layout was
        # turned off there (1366x768 -> 1366x779). In a short window (``set_short``) it may be shorter
        # than its rows and scrolls; otherwise its least height is its rows' as before.
        self.body = body
        self._short = False
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.setWidget(scroll)
        body.installEventFilter(self)  # its rows' minimum height changes: the dock's follows
        self._update_min_height()
        self._map_names: dict[str, list[str]] = {}

    def set_runs(self, colors: dict[str, str | tuple[str, str]], map_names: dict[str, list[str]]) -> None:
        """Tracker labels with their colours (or (colour, line style): ``tracking.style``, as their boxes are
        drawn), and the map names each has published so far."""
        # updated in place: this runs on every live tick (2 Hz) of a run, and the list's items were
        # deleted and made anew each time. A CI run segfaulted inside that clear() on the GUI thread
        # while a tracker ran on a worker; now an item is made only for a new run and deleted only
        # when its run left, and nothing changes when the runs did not.
        self.runs.blockSignals(True)
        for row in reversed(range(self.runs.count())):
            if self.runs.item(row).text() not in colors:
                self.runs.takeItem(row)  # deleted with its Python wrapper, not by the list
        for row, (name, look) in enumerate(colors.items()):
            color, line = color_and_line(look)
            item = self.runs.item(row) if row < self.runs.count() else None
            if item is None or item.text() != name:
                have = self.runs.findItems(name, _EXACTLY)
                if have:  # a run that moved in the order
                    item = self.runs.takeItem(self.runs.row(have[0]))
                else:
                    item = QListWidgetItem(name)
                    item.setFlags(_RUN_FLAGS)
                    item.setCheckState(_CHECKED)
                self.runs.insertItem(row, item)
            if item.data(_COLOR_ROLE) != color or item.data(_LINE_ROLE) != line:
                item.setIcon(swatch(color, line))
                item.setData(_COLOR_ROLE, color)
                item.setData(_LINE_ROLE, line)
        self.runs.blockSignals(False)
        self.runs.setVisible(bool(colors))
        self._fit_runs()
        self._map_names = {k: v for k, v in map_names.items() if v}
        current = self.map_tracker.currentText()
        self.map_tracker.blockSignals(True)
        self.map_tracker.clear()
        self.map_tracker.addItems(list(self._map_names) or [NO_MAP])
        if current in self._map_names:
            self.map_tracker.setCurrentText(current)
        self.map_tracker.blockSignals(False)
        self._on_map_tracker()

    def rename_run(self, old: str, new: str) -> None:
        """The run ``old`` is called ``new`` now: its row keeps its tick (a run hidden stays hidden) and the map
        choice stays on it (``set_runs`` took the new name for a new run: ticked, and the map of another run).
        The overlays are redrawn once, after everything here has the new name: the row's ``setText`` redrew them
        (``itemChanged``) while the map choice still had the old name, which matched no run then, so a run over
        the map budget whose map was shown had its maps dropped, and the old name was noted as shown."""
        renamed = False
        if old in self._map_names:
            self._map_names = {(new if k == old else k): v for k, v in self._map_names.items()}
            k = self.map_tracker.findText(old)
            if k >= 0:
                self.map_tracker.setItemText(k, new)  # the same row, still the current one where it was
            renamed = True
        blocked = self.runs.blockSignals(True)
        try:
            for item in self.runs.findItems(old, _EXACTLY):
                item.setText(new)
                renamed = True
        finally:
            self.runs.blockSignals(blocked)
        if renamed:
            self.sigChanged.emit()  # the boxes' legend and the map's title name it anew

    def set_short(self, short: bool) -> None:
        """In a window too short for every dock's rows (a 768 px laptop screen with the wide layout) the
        dock's least height is ``MIN_H`` and its rows scroll; otherwise it is the rows'."""
        if short != self._short:
            self._short = short
            self._update_min_height()

    def _update_min_height(self) -> None:
        need = self.body.minimumSizeHint().height()
        self.widget().setMinimumHeight(min(need, self.MIN_H) if self._short else need)

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802
        if obj is self.body and ev.type() == QEvent.Type.LayoutRequest:
            self._update_min_height()
        return super().eventFilter(obj, ev)

    def _fit_runs(self) -> None:
        """The run list's height: every run's row, up to ``RUN_ROWS`` (then it scrolls)."""
        n = min(self.runs.count(), self.RUN_ROWS)
        row = self.runs.sizeHintForRow(0) if self.runs.count() else 0
        want = n * max(row, 1) + 2 * self.runs.frameWidth() + 2
        self.runs.setMaximumHeight(max(self.RUNS_MIN_H, want))

    def set_method_runs(self, kind: str, runs: list[tuple[str, str]], current: str | None) -> None:
        """The runs of a detector (``kind`` "detection") or segmenter ("segmentation") on the sequence,
        as (label, tooltip), ``current`` the one shown; the row is hidden without runs."""
        combo = self.method_runs[kind]
        combo.blockSignals(True)
        combo.clear()
        for k, (label, tip) in enumerate(runs):
            combo.addItem(label)
            combo.setItemData(k, tip, Qt.ItemDataRole.ToolTipRole)
        # none shown (its read failed or was cancelled): no run named as shown (the first was)
        combo.setCurrentIndex(combo.findText(current) if current is not None else -1)
        combo.setToolTip(combo.itemData(combo.currentIndex(), Qt.ItemDataRole.ToolTipRole) or "")
        combo.blockSignals(False)
        self._form.setRowVisible(combo, bool(runs))

    def _on_map_tracker(self) -> None:
        names = self._map_names.get(self.map_tracker.currentText(), [])
        current = self.map_name.currentText()
        self.map_name.blockSignals(True)
        self.map_name.clear()
        self.map_name.addItems([NO_MAP] + names)
        if current in names:
            self.map_name.setCurrentText(current)
        elif names:
            self.map_name.setCurrentText("response" if "response" in names else names[0])
        self.map_name.blockSignals(False)
        self.sigChanged.emit()

    def select_map(self, tracker: str, name: str) -> None:
        self.map_tracker.setCurrentText(tracker)
        self.map_name.setCurrentText(name)

    def hidden(self) -> set[str]:
        return {self.runs.item(i).text() for i in range(self.runs.count())
                if self.runs.item(i).checkState() != Qt.CheckState.Checked}

    def selected_map(self) -> tuple[str | None, str | None]:
        name = self.map_name.currentText()
        if not name or name == NO_MAP or self.map_tracker.currentText() == NO_MAP:
            return None, None
        return self.map_tracker.currentText(), name
