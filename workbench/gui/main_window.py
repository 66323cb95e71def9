"""The main window: layout and menus. The viewer in the centre, methods and layers on the right,
timeline, plots and inspectors at the bottom, the dataset table on the left. What happens in them is
the controllers' business (``workbench.gui.controllers``): the open sequence and its frames, tracker
runs, segmenter runs, scoring and exports. The window owns them, routes its actions to them, and
keeps the few public names that tests, scripts, panels and inspectors use."""
from __future__ import annotations

import time

from PySide6.QtCore import QByteArray, QEvent, QEventLoop, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QApplication, QComboBox,
                               QDockWidget, QHBoxLayout, QLabel, QLayout, QLineEdit, QMainWindow, QMenu, QMessageBox,
                               QPlainTextEdit, QScrollArea, QSlider, QSpinBox, QStyle, QTabBar, QTextEdit, QToolButton,
                               QVBoxLayout, QWidget)

from workbench.gui import display, style
from workbench.gui import settings as wsettings
from workbench.gui.controllers import (DetectionController, ExportController, ScoringController,
                                       SegmentationController, SequenceController, TrackingController)
from workbench.gui.dataset_dock import DatasetDock
from workbench.gui.inspector import InspectorDock, ResponseMapInspector
from workbench.gui.layers_dock import LayersDock
from workbench.gui.methods_dock import MethodsDock
from workbench.gui.plots_dock import PlotsDock
from workbench.gui.spectrum_dock import FROM_0, SpectrumDock
from workbench.gui.scores_dock import ScoresDock
from workbench.gui.targets_dock import TargetsDock
from workbench.gui.timeline import TimelineDock
from workbench.gui.viewer import FrameView, zoom_key
from workbench.gui.widgets import FittingStatusBar, StatusLabel, tip_with_reason


# below either, the docks start in the compact arrangement (a 1366x768 or 1440x900 laptop)
WIDE_MIN_W, WIDE_MIN_H = 1400, 900
DEFAULT_W, DEFAULT_H = 1600, 1000


def initial_size() -> tuple[int, int]:
    """The first window size: 1600x1000, or what the screen leaves (less the panel and frame)."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return DEFAULT_W, DEFAULT_H
    avail = screen.availableGeometry()
    return min(DEFAULT_W, max(800, avail.width() - 16)), min(DEFAULT_H, max(560, avail.height() - 40))


# focused, these keep Space (tick the current tracker, press a button, type a space, open a list);
# anywhere else Space plays / pauses the sequence (the window-wide shortcut took it from all of them)
OWN_SPACE = (QAbstractItemView, QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)
MAPS_ASKED_KEPT_S = 2.0  # a run whose maps something on screen asked for this lately keeps them (map budget)
FRAMES_A_STRIDE = 10  # Shift+Left / Shift+Right


class FrameField(QSpinBox):
    """The transport bar's frame number, "12 / 150" (1-based, as the status bar says it): a number typed goes
    there on Enter, or when the field loses the keys (Tab, a click elsewhere); Ctrl+G selects it, the arrows
    and the wheel step. ``sigFrame`` (0-based) only then, not at each digit typed (a large cube's frames are
    read one by one). ``sigDone``: Enter or Esc pressed, the frame view takes the keys back (the arrows step,
    Space plays)."""

    sigFrame = Signal(int)
    sigDone = Signal()
    NONE = "– / –"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setKeyboardTracking(False)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.setRange(0, 0)
        self.setSpecialValueText(self.NONE)
        self._shown = 0  # the frame shown (0-based)
        self.valueChanged.connect(lambda v: v > 0 and self.sigFrame.emit(v - 1))

    def show_frame(self, i: int, n: int) -> None:
        """Frame ``i`` (0-based) of ``n`` shown, said without a ``sigFrame``; a number being typed is
        kept (a run followed live moves the frame under it), and so is the number selected whole for typing over
        (Ctrl+G): Qt kept the selection's place and length, so a number typed then overwrote part of the
        " / 150" after it, or of the number (from 9 to 10, "42" typed read "40")."""
        self._shown = i
        edit = self.lineEdit()
        if self.hasFocus() and edit.isModified() and self.maximum() == n:
            return
        whole = self.hasFocus() and edit.hasSelectedText() and edit.selectedText() == self.cleanText()
        self.blockSignals(True)
        if self.maximum() != n:
            self.setSpecialValueText("")
            self.setRange(1, n)
            self.setSuffix(f" / {n}")
        self.setValue(i + 1)
        self.blockSignals(False)
        if whole:
            self.selectAll()  # (the number alone, not its " / n")

    def event(self, ev) -> bool:
        if ev.type() == QEvent.Type.ShortcutOverride and ev.key() == Qt.Key.Key_Escape:
            ev.accept()  # Esc drops what is typed here; it does not cancel a run going
            return True
        return super().event(ev)

    def keyPressEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        key = ev.key()
        if key == Qt.Key.Key_Escape:
            self.lineEdit().setModified(False)
            self.show_frame(self._shown, self.maximum())  # what was typed is dropped
            ev.accept()
            self.sigDone.emit()
            return
        super().keyPressEvent(ev)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.sigFrame.emit(self.value() - 1)  # (the number typed may be the one it held before)
            self.sigDone.emit()


def _from(controller: str, name: str, doc: str = ""):
    """A read-only window attribute that lives in a controller (the names scripts and plugins use)."""
    return property(lambda self: getattr(getattr(self, controller), name), doc=doc)


BOTTOM_SHARE = (0.4, 0.6)  # of the window's height, the bottom docks' default height: at least, at most


def bottom_height(h: int, at_9pt: int) -> int:
    """The bottom docks' default height in a window ``h`` px high: ``at_9pt`` px (what their text needs at
    9 pt) grown with the application's font, within ``BOTTOM_SHARE`` of the window. At 12 pt in a
    1008x560 window (a 1280x800 laptop at 125 %) the 260 px made for 9 pt left the pruning inspector's
    histograms 54 px under its controls."""
    need = at_9pt * max(1.0, style.app_font_pt() / 9.0)
    low, high = BOTTOM_SHARE
    return int(min(max(need, low * h), high * h))


def readable_tabs(bar: QTabBar) -> None:
    """A dock tab group's bar keeps its tabs' titles whole and scrolls (arrows at its end) when they do not
    fit: Qt's dock tab bars cut every title instead, and at 1280x720 with the inspectors and two workflow
    docks open the bottom bar read "Time…", "Tar…", "Sc…". Where closer tabs fit, ``fit_tabs`` has them so."""
    bar.setElideMode(Qt.TextElideMode.ElideNone)
    bar.setUsesScrollButtons(True)


def fit_tabs(bar: QTabBar) -> None:
    """A dock tab bar whose tabs do not fit it with their padding has them closer (``style.TIGHT_TABS``, its
    own style sheet), back to their padding once they fit with it. At 12 pt in a 1008 px window the
    bottom group's six titles needed 736 px of the 690 it had: the bar scrolled, "Timeline" out of sight (652
    px closer). Qt's own elision cut every title alike ("Time…", "Tar…", "Sc…" at 1280x720), and a title set
    shorter is set whole again by Qt at the next layout; where even closer they do not fit, the bar scrolls
    (``readable_tabs``)."""
    need = sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
    tight = bar.styleSheet() == style.TIGHT_TABS
    if tight:  # what they would need with their padding
        need += 2 * (style.TAB_PAD - style.TIGHT_TAB_PAD) * bar.count()
    if (need > bar.width()) != tight:
        bar.setStyleSheet("" if tight else style.TIGHT_TABS)  # (its tabs laid out again)


def _size_pair(value) -> bool:
    """Whether ``value`` (read from the settings file) is a [width, height] pair of numbers."""
    return isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value)


class MainWindow(QMainWindow):
    # the open sequence and its frames
    sequence = _from("sequences", "sequence")
    seq_path = _from("sequences", "seq_path")
    frame_index = _from("sequences", "frame_index")
    n_frames = _from("sequences", "n_frames")
    cache = _from("sequences", "cache")
    first_range = _from("sequences", "first_range")  # frame 0's value range, taken on the opener's worker
    _raw = _from("sequences", "raw")
    init_box = _from("sequences", "init_box")
    start_frame = _from("sequences", "start_frame")
    dataset_root = _from("sequences", "dataset_root")
    dataset_entries = _from("sequences", "dataset_entries")
    open_path = _from("sequences", "open_path")
    open_demo = _from("sequences", "open_demo")
    open_entry = _from("sequences", "open_entry")
    set_sequence = _from("sequences", "set_sequence")
    set_dataset = _from("sequences", "set_dataset")
    set_frame = _from("sequences", "set_frame")
    step = _from("sequences", "step")
    toggle_play = _from("sequences", "toggle_play")
    stop_play = _from("sequences", "stop_play")
    _play_tick = _from("sequences", "play_tick")
    _on_cursor = _from("sequences", "on_cursor")
    set_init = _from("sequences", "set_init")
    start_from_here = _from("sequences", "start_from_here")
    clear_init_box = _from("sequences", "clear_init_box")
    # tracker runs
    runner = _from("tracking", "runner")
    live = _from("tracking", "live")
    last_fps = _from("tracking", "last_fps")
    runs = _from("tracking", "runs")  # InspectorHost
    maps_at = _from("tracking", "maps_at")  # InspectorHost
    colors = _from("tracking", "colors")
    # segmenter runs
    seg = _from("segmentation", "seg")
    segmenter = _from("segmentation", "segmenter")
    segmenter_name = _from("segmentation", "segmenter_name")
    segment_frame = _from("segmentation", "segment_frame")
    segment_sequence = _from("segmentation", "segment_sequence")
    refilter_segmentation = _from("segmentation", "refilter")
    # detector runs
    detections = _from("detection", "result", "the latest detector run on the open sequence (DetResults)")
    detect_sequence = _from("detection", "run")
    # scores and exports
    reports = _from("scoring", "reports")
    update_plots = _from("scoring", "update_plots")
    export_dialog = _from("exporter", "export_dialog")
    export_plots = _from("exporter", "export_plots")
    export_numbers = _from("exporter", "export_numbers")
    export_boxes = _from("exporter", "export_boxes")
    export_frame = _from("exporter", "export_frame")
    render_frame = _from("exporter", "render_frame")

    def __init__(self, registry=None, parent=None):
        super().__init__(parent)
        from workbench.core.registry import default_registry

        # its message's paths cut in their middle where it is too long (first: anything may show a message)
        self.setStatusBar(FittingStatusBar(self))
        self.registry = registry if registry is not None else default_registry()
        self.setWindowTitle("Workbench — tracking analysis")
        self.setAcceptDrops(True)
        self.resize(*initial_size())
        self.last_error: str | None = None
        self.quiet_errors = False  # screenshots: errors go to stderr, not a dialog
        self.inspectors: dict[str, InspectorDock] = {}
        # the close was answered Yes (or asked nothing) and goes on (its waits handle events): a Run press's
        # checks answering now start no run (``ready_to_run``); False again where the close is given up
        self._closing = False
        self._warm_up()

        self.sequences = SequenceController(self)
        self.tracking = TrackingController(self)
        self.segmentation = SegmentationController(self)
        self.detection = DetectionController(self)
        self.scoring = ScoringController(self)
        self.exporter = ExportController(self)

        self._build_view()
        self._build_docks()
        self._build_actions()
        # the Success / precision dock's Export menu holds the window's own actions: greyed as File › Export's
        self.plots.use_actions({"plots": self.act_export_plots, "numbers": self.act_export_numbers,
                                "boxes": self.act_export_boxes, "frame": self.act_export_frame})
        self._build_status()
        self._hook_spectrum()
        problem = wsettings.workspace_problem()  # the window starts anyway, saving to a temporary folder: say where
        if problem:
            QTimer.singleShot(0, lambda: self.show_error("Workspace", problem))
        unsaved = wsettings.settings_problem()  # Qt's writes would fail without a word: say so once
        self._settings_said = bool(unsaved)  # (save_settings says a write that failed later, once)
        if unsaved:
            QTimer.singleShot(0, lambda: self.show_error("Settings", unsaved))
        self._connect_controllers()
        # Space: the focused list / button / text field's own key, before the play shortcut (eventFilter);
        # the methods dock too for when it floats (a key event's way up stops at its window)
        for obj in (self, self.methods):
            obj.installEventFilter(self)
        self._restore_settings()
        self.update_enabled()
        self.update_hint()
        # one budget for the maps of all the runs held (map_budget.py): checked as frames and runs come, and as
        # the overlays are drawn (a saved run's maps read back, the map shown changed)
        from workbench.gui.map_budget import MapBudget, window_map_budget

        self.map_budget = MapBudget(window_map_budget())
        self.runner.sigFrame.connect(self._fit_maps)
        self.runner.sigRunEnded.connect(self._fit_maps)
        # frozen now too, not only once torch has warmed up: with automatic collection off on the GUI thread
        # (maingc.py) the start-up's ~180,000 objects (the window's modules and the window) all sat in the young
        # generation, and its first collection, just after the window showed, walked them: 0.13 s on the GUI thread
        self._freeze_heap()

    # ======================================================================================
    # construction
    # ======================================================================================
    def _build_view(self) -> None:
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.view = FrameView()
        self.view.sigInitBox.connect(self.sequences.on_init_box)
        self.view.sigCursor.connect(self.sequences.on_cursor)
        self.view.sigZoom.connect(lambda z: self.zoom_label.setText(f"zoom {z * 100:.0f} %"))
        lay.addWidget(self.view, 1)
        bar = QWidget()
        bar.setObjectName("transport")
        bar.setStyleSheet(f"#transport {{ background: {style.PANEL}; border-top: 1px solid #30343b; }}")
        bl = QHBoxLayout(bar)
        bl.setContentsMargins(8, 4, 8, 4)
        SP = QStyle.StandardPixmap
        self.btn_first = self._tool_button(SP.SP_MediaSkipBackward, "First frame (Home)", lambda: self.sequences.set_frame(0))
        self.btn_prev = self._tool_button(SP.SP_MediaSeekBackward, "Previous frame (Left; Shift+Left: 10 back)",
                                          lambda: self.sequences.step(-1))
        self.btn_play = self._tool_button(SP.SP_MediaPlay, "Play / pause (Space)", self.sequences.toggle_play)
        self.btn_next = self._tool_button(SP.SP_MediaSeekForward, "Next frame (Right; Shift+Right: 10 on)",
                                          lambda: self.sequences.step(1))
        self.btn_last = self._tool_button(SP.SP_MediaSkipForward, "Last frame (End)",
                                          lambda: self.sequences.set_frame(self.n_frames - 1))
        for b in (self.btn_first, self.btn_prev, self.btn_play, self.btn_next, self.btn_last):
            bl.addWidget(b)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.valueChanged.connect(self.sequences.set_frame)
        bl.addWidget(self.slider, 1)
        self.counter = FrameField()
        self.counter.setMinimumWidth(90)
        self.counter.setToolTip("Frame number: type one and press Enter to go there (Ctrl+G)")
        self.counter.sigFrame.connect(self.sequences.set_frame)
        self.counter.sigDone.connect(lambda: self.view.setFocus(Qt.FocusReason.OtherFocusReason))
        self.counter.setEnabled(False)
        bl.addWidget(self.counter)
        self.fps_spin = QSpinBox()
        self.fps_spin.setRange(1, 120)
        self.fps_spin.setValue(25)
        self.fps_spin.setSuffix(" fps")
        self.fps_spin.setToolTip("Play rate")
        self.fps_spin.valueChanged.connect(lambda v: self.sequences.play_timer.setInterval(int(1000 / v)))
        bl.addWidget(self.fps_spin)
        lay.addWidget(bar)
        self.setCentralWidget(central)

    def childEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        super().childEvent(ev)
        if ev.type() == QEvent.Type.ChildPolished and isinstance(ev.child(), QTabBar):
            readable_tabs(ev.child())
            ev.child().installEventFilter(self)  # its tabs fitted to its width (fit_tabs)

    def eventFilter(self, obj, ev) -> bool:
        if ev.type() == QEvent.Type.ShortcutOverride and ev.key() == Qt.Key.Key_Space \
                and not (ev.modifiers() & ~Qt.KeyboardModifier.KeypadModifier) and self.keeps_space():
            ev.accept()  # delivered to the focused widget as a key press, not taken by the shortcut
            return True
        if ev.type() in (QEvent.Type.Resize, QEvent.Type.Paint) and isinstance(obj, QTabBar) \
                and obj.parent() is self:  # a dock tab bar resized, or a tab added or retitled (painted again)
            fit_tabs(obj)
        return super().eventFilter(obj, ev)

    def keeps_space(self, widget=None) -> bool:
        """Whether Space goes to ``widget`` (default: the focused one) rather than playing: a list whose current
        row Space ticks (the Methods tree's trackers), a button, a check box, a text or number field. A table
        where Space only selects (the dataset's sequences once one was opened with a double-click, the targets,
        a plugin's table of results) does not keep it: Space did nothing there, the sequence did not play. A row
        ticks when it holds a tick (a check state): Qt makes every table item user-checkable, so that flag
        said nothing."""
        widget = widget if widget is not None else QApplication.focusWidget()
        if not isinstance(widget, OWN_SPACE) or not widget.isEnabled():
            return False
        if isinstance(widget, QAbstractItemView):
            return widget.currentIndex().data(Qt.ItemDataRole.CheckStateRole) is not None
        return True

    def _tool_button(self, icon, tip, slot) -> QToolButton:
        b = QToolButton()
        b.setIcon(self.style().standardIcon(icon))
        b.setToolTip(tip)
        b.setAutoRaise(True)
        b.setMinimumWidth(30)
        b.clicked.connect(slot)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return b

    def _build_docks(self) -> None:
        self.methods = MethodsDock(self.registry, self)
        self.methods.sigRun.connect(self.run_selected)
        self.methods.sigRunAll.connect(self.segmentation.segment_sequence)
        self.methods.tree.currentItemChanged.connect(lambda *_: self._on_method_selected())
        # a tracker ticked or unticked, a setting a method's readiness depends on edited: Run re-checked
        self.methods.tree.itemChanged.connect(lambda *_: self.update_enabled())
        self.methods.sigReadyChanged.connect(self.update_enabled)
        self.methods.sigCancel.connect(self.cancel_run)
        self.methods.run_gate.changed.connect(lambda _on: self.update_enabled())  # "Checking…": Run greyed, Cancel on
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.methods)
        self.layers = LayersDock(self)
        self.layers.sigChanged.connect(self.refresh_overlays)
        self.layers.sigMethodRun.connect(
            lambda kind, label: (self.detection if kind == "detection" else self.segmentation).show_saved(label))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.layers)
        self.splitDockWidget(self.methods, self.layers, Qt.Orientation.Vertical)

        self.timeline = TimelineDock(self)
        self.timeline.sigFrame.connect(self.sequences.set_frame)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline)
        self.plots = PlotsDock(self)
        self.plots.line_style = lambda label: self.tracking.style(label)[1]  # past the eighth run: dashed ...
        self.plots.sigScope.connect(lambda _s: self.scoring.update_plots())
        self.plots.sigRule.connect(self._rgbt_rule_chosen)
        self.plots.sigExport.connect(self.exporter.export_dialog)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.plots)
        self.splitDockWidget(self.timeline, self.plots, Qt.Orientation.Horizontal)
        self.response_inspector = ResponseMapInspector(self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.response_inspector)
        self.inspectors["Response map"] = self.response_inspector
        # hyperspectral display choice and spectra; shown when a cube sequence opens
        self.spectrum = SpectrumDock(self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.spectrum)
        self.spectrum.hide()
        self.inspectors["Spectrum"] = self.spectrum

        self.targets = TargetsDock(self)
        self.targets.sigCentre.connect(self.segmentation.on_target_clicked)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.targets)
        self.scores = ScoresDock(self)  # detectors' and segmenters' runs scored as they go
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.scores)
        # the docks that become tabs are hidden until the tab groups form on the first show: side by
        # side in the bottom area they made the window wider than the size it was given (1366 -> 1496;
        # shown before they were tabbed on the first show, 1280 -> 1337, see _arrange_docks). The plots
        # too: beside the Timeline they held a window given 1008 px (a 1280x800 screen at 125 %) at 1042
        self._tabbed_later = [self.layers, self.response_inspector, self.plots, self.targets, self.scores]
        for d in self._tabbed_later:
            d.hide()
        # Tab groups are formed on the first show (``_arrange_docks``): Qt 6.11 leaves stale, still
        # painted duplicate tab bars when docks are tabified before the window is first shown.
        # The right column runs the full height (napari's layout): the methods' settings get the room.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.compact = False

        self.dataset = DatasetDock(self)
        self.dataset.sigOpen.connect(self.sequences.open_entry)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dataset)
        self.dataset.hide()
        self._sized = False
        self._grown_from: tuple[int, int] | None = None  # (width, width the minimum made it): _fit_minimum
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # the minimum: _fit_minimum

    def _hook_spectrum(self) -> None:
        self.spectrum.sigDisplayChanged.connect(self.sequences.redisplay)
        self.view.sigClicked.connect(self.spectrum.set_pixel)
        self.band_spin.valueChanged.connect(self.spectrum.sync_band)
        self.spectrum.sigDisplayChanged.connect(self.update_band_toolbar)
        # a drawn (or moved) box is the box whose mean spectrum is plotted
        self.view.sigInitBox.connect(lambda *_: self.spectrum.on_frame(self.frame_index))

    def update_band_toolbar(self) -> None:
        """The toolbar's band control names what the viewer shows: "Band" with the spin box in band
        mode, the colour mode (CIE 1931, triplet) without it otherwise."""
        mode = self.spectrum.mode_name()
        is_hsi = self.band_label_action.isVisible()
        note = self.spectrum.colour_note()  # (CIE mode only) not true colour: said, not called 'CIE 1931'
        self.band_label.setToolTip(f"{note[0].upper()}{note[1:]}" if note else "")
        if mode == "band":
            self.band_label.setText(" Band ")
            self.band_spin_action.setVisible(is_hsi)
        else:
            trip = ", ".join(str(s.value()) for s in self.spectrum.triplet)
            colour = "CIE 1931" if not note else "band groups" if self.spectrum.wavelengths is None else "pseudo colour"
            self.band_label.setText(f" Colour: {colour} " if mode == "cie" else f" Bands R, G, B: {trip} ")
            self.band_spin_action.setVisible(False)
        # the colour map applies to single-band frames only: off in CIE / triplet mode
        single = mode == "band" or not is_hsi
        if is_hsi:  # other sequences: the sequence controller sets it from the frame (off for colour frames)
            self.cmap_combo.setEnabled(single)
        self.cmap_combo.setToolTip("Colour map for single-band frames" if single else
                                   "No effect in colour mode (CIE 1931 / band triplet): the frame is shown in "
                                   "colour. Choose Band in the Spectrum dock to use a colour map.")

    def _default_dock_sizes(self) -> None:
        w, h = self.width(), self.height()
        self.resizeDocks([self.methods], [max(330, int(w * 0.23))], Qt.Orientation.Horizontal)
        if self.compact:
            self.resizeDocks([self.timeline], [bottom_height(h, 260)], Qt.Orientation.Vertical)
            return
        self.resizeDocks([self.methods, self.layers], [int(h * 0.8), 165], Qt.Orientation.Vertical)
        self.resizeDocks([self.timeline, self.plots], [bottom_height(h, 300)] * 2, Qt.Orientation.Vertical)
        self.resizeDocks([self.timeline, self.plots], [int(w * 0.42), int(w * 0.58)], Qt.Orientation.Horizontal)

    def tab_groups(self, compact: bool) -> list[tuple]:
        """The docks tabbed together: on a laptop screen (compact) Layers and Spectrum are tabs of the
        Methods column and the bottom docks are one tab group; on a large screen Layers sits under
        Methods and Timeline / Plots sit side by side."""
        if compact:
            return [(self.methods, self.layers, self.spectrum),
                    (self.timeline, self.response_inspector, self.plots, self.targets, self.scores)]
        return [(self.timeline, self.response_inspector, self.spectrum), (self.plots, self.targets, self.scores)]

    def _set_compact_flag(self, compact: bool) -> None:
        """``compact`` and the View › Compact layout check mark, without moving a dock (a restored
        layout is already arranged). (The method list's height follows its rows: ``fit_list_height``.)"""
        self.compact = bool(compact)
        self.methods.fit_list_height()  # (its rows at the font the window has now)
        if self.act_compact.isChecked() != self.compact:
            self.act_compact.blockSignals(True)
            self.act_compact.setChecked(self.compact)
            self.act_compact.blockSignals(False)

    def layout_is_compact(self) -> bool:
        """Whether the docks as they stand are the compact arrangement (``tab_groups``): Layers a tab
        of the Methods column, or the plots a tab of the Timeline's group."""
        return (self.layers in self.tabifiedDockWidgets(self.methods)
                or self.plots in self.tabifiedDockWidgets(self.timeline))

    def set_compact_layout(self, compact: bool) -> None:
        """Re-arrange the docks for a small (compact) or a large screen (View › Compact layout)."""
        self._set_compact_flag(compact)
        if not self._sized:
            return  # arranged on the first show
        if not compact:  # take the tabs apart again
            self._untab()
        inspectors = [d for d in self.inspectors.values() if d not in (self.response_inspector, self.spectrum)]
        for first, *rest in self.tab_groups(compact):
            for d in rest:
                self.tabifyDockWidget(first, d)
        for d in inspectors:
            self.tabifyDockWidget(self.response_inspector, d)
        for d in getattr(self, "workflow_docks", {}).values():  # a detector's workflow (dock_panel)
            self.tabifyDockWidget(self.timeline if compact else self.plots, d)
        if not compact:
            self._fit_wide_groups(inspectors)
        else:  # a tab of the one bottom group: as wide as its content again (the window's minimum as it was)
            for d in inspectors:
                self._scrolling(d, False)
            # the wide layout's plots group bar stayed painted over the bottom bar ("NAS alphas alphas")
            QTimer.singleShot(50, self, self._hide_stale_tab_bars)
        self.methods.raise_()
        self.timeline.raise_()
        if not compact:
            self.plots.raise_()
        self._default_dock_sizes()

    def _fit_wide_groups(self, inspectors) -> None:
        """Side by side, the Timeline's group and the plots' need the widest of each group's docks: the NAS
        alphas inspector (616 px) with the Timeline beside the plots (544) and Methods needed 1395 px, past a
        1280 screen (the docks overlapped, ``_fit_minimum`` holding the window to the screen). Where the
        docks need more than the window's room (the screen's, and the width the window has: at 12 pt the
        pruning inspector beside the Timeline widened a 1600 px window to 1607), the inspectors join the plots'
        group instead. Where even that needs more (a screen under ~1210 px at 9 pt: the docks were squeezed below
        their least sizes, held to the screen), an inspector wider than the plots scrolls (``_scrolling``)."""
        room = self.available_width()
        if room is None or not inspectors:
            return
        room = min(room, self.width())  # (the window is not widened for them either)
        if self.layout().totalMinimumSize().width() <= room:
            return
        for d in inspectors:
            self.tabifyDockWidget(self.plots, d)
        if self.layout().totalMinimumSize().width() <= room:
            return
        plots = self.plots.minimumSizeHint().width()
        for d in inspectors:
            if d.minimumSizeHint().width() > plots:
                self._scrolling(d)

    @staticmethod
    def _scrolling(dock, on: bool = True) -> None:
        """``dock``'s content in a scroll area (once): the dock may be narrower (or shorter) than the content's
        least size, which it keeps, scrolled, rather than being squeezed below it. ``on=False``: out of it again."""
        body = dock.widget()
        scrolled = body is not None and body.objectName() == "inspector_scroll"
        if not on:
            if scrolled:
                inner = body.takeWidget()
                dock.setWidget(inner)
                inner.show()
                body.deleteLater()
            return
        if body is None or scrolled:
            return
        area = QScrollArea(dock)
        area.setObjectName("inspector_scroll")
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidgetResizable(True)  # as wide as the dock where it has the room: no scroll bar then
        dock.setWidget(area)
        area.setWidget(body)
        body.show()

    def _untab(self) -> None:
        """Layers under the Methods column, the plots beside the Timeline, out of the compact tab
        groups. (splitDockWidget only adds a tab when the first dock is in a tab group: Layers and the
        plots stayed tabbed while the flag and the check mark said "not compact"; taking one dock out
        of a group left the group's tab bar painted with its old tabs.) Each group is taken apart whole
        and its docks added again; the wide groups are tabbed after (set_compact_layout)."""
        for first, second, area, how in (
                (self.methods, self.layers, Qt.DockWidgetArea.RightDockWidgetArea, Qt.Orientation.Vertical),
                (self.timeline, self.plots, Qt.DockWidgetArea.BottomDockWidgetArea, Qt.Orientation.Horizontal)):
            if second not in self.tabifiedDockWidgets(first):
                self.splitDockWidget(first, second, how)
                continue
            group = [first, *(d for d in self.tabifiedDockWidgets(first) if not d.isFloating())]
            shown = {d: not d.isHidden() for d in group}
            for d in group:
                self.removeDockWidget(d)
            self.addDockWidget(area, first)
            self.addDockWidget(area, second, how)
            for d in group:
                if d not in (first, second):
                    self.tabifyDockWidget(first, d)
            for d in group:
                d.setVisible(shown[d])
        QTimer.singleShot(50, self, self._hide_stale_tab_bars)  # once the layout has settled

    def _hide_stale_tab_bars(self) -> None:
        """The tab bar of a tab group taken apart stayed painted with its old tabs (Qt 6 here: a
        "Methods | Layers" bar under the Layers dock once Layers was back under Methods): a bar whose
        tabs are no current group's is hidden."""
        groups = set()
        for d in self.findChildren(QDockWidget):
            tabs = self.tabifiedDockWidgets(d)
            if tabs and not d.isFloating():
                groups.add(frozenset(x.windowTitle() for x in (d, *tabs) if not x.isHidden()))
        for bar in self.findChildren(QTabBar, "", Qt.FindChildOption.FindDirectChildrenOnly):
            if bar.isVisible() and frozenset(bar.tabText(i) for i in range(bar.count())) not in groups:
                bar.hide()

    def event(self, ev) -> bool:
        done = super().event(ev)
        if ev.type() == QEvent.Type.LayoutRequest:  # the docks' layout has been worked out again
            self._fit_minimum()
        return done

    def available_width(self) -> int | None:
        """The width the window may take on its screen (its frame left out); None without a screen."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return None
        return screen.availableGeometry().width() - (self.frameGeometry().width() - self.width())

    def _fit_minimum(self) -> None:
        """The window's minimum size is what its docks need, its width at most the screen's room. Left to
        Qt, the wide arrangement with the NAS alphas inspector open (616 px beside the plots' 544 and
        Methods) demanded 1395 px: the window grew past a 1280 screen. A window that the minimum made
        wider gets its width back when the minimum shrinks again (switching back to compact), unless
        it was resized meanwhile. (The layout sets no minimum itself: ``SetNoConstraint`` in __init__.)"""
        need = self.layout().totalMinimumSize()
        room = self.available_width()
        want = QSize(need.width() if room is None else max(0, min(need.width(), room)), need.height())
        if want == self.minimumSize():
            return
        before = self.width()
        self.setMinimumSize(want)
        if self.width() > before:  # the minimum made it wider
            grown = self._grown_from
            self._grown_from = (grown[0] if grown else before, self.width())
        elif self._grown_from is not None and want.width() < self._grown_from[1]:
            old, grown = self._grown_from
            self._grown_from = None
            if self.width() == grown:
                self.resize(max(old, want.width()), self.height())

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        # a window below the wide layout's height lets the Layers dock scroll rather than grow the window
        self.layers.set_short(self.height() < WIDE_MIN_H)

    def showEvent(self, ev) -> None:
        super().showEvent(ev)
        if not self._sized:
            self._sized = True
            self._arrange_docks()

    def _warm_up(self) -> None:
        """When an installed plugin uses torch: the few extensions whose initialisation holds the GIL
        for long are imported now, before the window shows (a worker would freeze the window just as
        long, later), and torch on a worker once the window is up (its libraries mapped without the
        GIL), so that selecting a learned method, opening its inspector or running it does not freeze
        the window (see preload.py)."""
        self.warm_job = None
        if not any(p.uses_torch for p in self.registry.plugins.values()):
            QTimer.singleShot(0, self._freeze_heap)
            return
        from workbench.gui.preload import import_slow_extensions

        import_slow_extensions()
        QTimer.singleShot(0, self._warm_torch)

    @staticmethod
    def _freeze_heap() -> None:
        """Everything alive once the start-up imports are done (torch, the plugins' modules, the window)
        moves to the collector's permanent generation: a full collection scanned those ~270,000
        objects for 0.12 s on the GUI thread every time it ran (maingc.py runs it here), and they live
        for the whole session anyway. Later garbage is collected as before. Run as the window is built and
        again once torch's warm-up is done."""
        import gc

        gc.freeze()

    def _warm_torch(self) -> None:
        import sys

        from workbench.gui.runner import import_for_window
        from workbench.gui.worker import Job

        # then the inspectors' modules (a run opens its methods' inspectors: importing one then, beside
        # the run's model loading, held the GUI thread ~0.1 s longer)
        modules = sorted({spec.split(":", 1)[0] for p in self.registry.plugins.values() if p.uses_torch
                          for spec in p.inspectors.values()})
        if "torch" in sys.modules:  # imported already (by a plugin's module): its inspectors' modules may not be
            from workbench.gui.preload import imported, leave_a_core_for_drawing

            leave_a_core_for_drawing()
            wanted = [m for m in modules if not imported(m)]  # (one another thread is importing: not done yet)
            if not wanted:
                QTimer.singleShot(0, self._freeze_heap)
                return
            self.warm_job = Job(self)
            self.warm_job.finished.connect(self._freeze_heap)
            self.warm_job.start(import_for_window, wanted)
            return
        from workbench.gui.preload import warm_torch

        def body():
            import importlib

            try:  # the ENVI reader's library: its import (sqlite3 and more) on the GUI thread when the
                importlib.import_module("spectral")  # first cube opened waited for torch's library loading here
            except ImportError:
                pass
            from workbench.core.data.detect import layouts

            layouts()  # the readers a first open needs
            if not warm_torch():
                return
            import_for_window(modules)  # a broken inspector says so when it is opened

        self.warm_job = Job(self)
        self.warm_job.finished.connect(self._freeze_heap)
        self.warm_job.start(body)

    def _arrange_docks(self) -> None:
        """First show: the saved dock layout, or the default tab groups and sizes (see _build_docks)."""
        state, self._saved_state = self._saved_state, None
        if state is not None and self.restoreState(state):
            self._state_restored = True
            # the flag, its check mark and the method list's height follow the restored arrangement
            # (they stayed at "not compact" over a tabbed layout restored from the last session)
            self._set_compact_flag(self.layout_is_compact())
            # the Dataset dock lists an open dataset: saved shown (the last session ended in one), it
            # came back as an empty table over a third of the window, with no dataset open
            if self.dataset_root is None:
                self.dataset.hide()
            # saved with a cube open, the Spectrum tab would hide the Methods dock (and Run) at start
            QTimer.singleShot(0, self.raise_over_spectrum)
            QTimer.singleShot(0, self._fit_restored_docks)
            return
        self.compact = self.width() < WIDE_MIN_W or self.height() < WIDE_MIN_H
        # tabbed while still hidden, then shown: shown first, they stood side by side in the bottom area
        # for a moment and the window grew to their minimum widths (1280 -> 1337 px, past the screen)
        self.set_compact_layout(self.compact)
        for d in self._tabbed_later:
            d.show()
        QTimer.singleShot(0, self._default_dock_sizes)

    def _docked(self) -> list[QDockWidget]:
        """The docks on screen in the window (not floating): of a tab group, its front tab (a tab behind
        another keeps a stale size, and stays ``isVisible()`` in Qt 6)."""
        return [d for d in self.findChildren(QDockWidget)
                if d.objectName() and d.isVisible() and not d.isFloating()
                and (not self.tabifiedDockWidgets(d) or not d.visibleRegion().isEmpty())]

    def _dock_area(self) -> list[int]:
        """The size of what the frame and the docks share (the window less its menu, tool and status bars)."""
        area = self.centralWidget().geometry()
        for d in self._docked():
            area = area.united(d.geometry())
        return [area.width(), area.height()]

    def dock_sizes(self) -> dict:
        """The docks' room and each shown dock's size (by object name), saved beside the dock layout: a
        layout restored in a window of another size has its docks scaled to it (``_fit_restored_docks``)."""
        return {"area": self._dock_area(), "docks": {d.objectName(): self._group_size(d) for d in self._docked()}}

    def _group_size(self, dock: QDockWidget) -> list[int]:
        """``dock``'s size as ``resizeDocks`` takes it: with its tab bar's height when it is tabbed (the
        bottom docks asked 293 px high were 267, their tab bar below them)."""
        w, h = dock.width(), dock.height()
        if self.tabifiedDockWidgets(dock):
            title = dock.windowTitle()
            for bar in self.findChildren(QTabBar, "", Qt.FindChildOption.FindDirectChildrenOnly):
                if bar.isVisible() and any(bar.tabText(i) == title for i in range(bar.count())):
                    return [w, h + bar.height()]
        return [w, h]

    def _fit_restored_docks(self) -> None:
        """The restored docks' sizes scaled by the docks' room over the one the layout was saved with. Qt
        restores them in pixels: saved at 1920x1080 and restored at 1280x800, the bottom docks kept ~400 px
        and the frame got ~250."""
        saved, self._saved_dock_sizes = getattr(self, "_saved_dock_sizes", None), None
        try:
            (sw, sh), docks, (w, h) = saved["area"], saved["docks"], self._dock_area()
            rx, ry = w / float(sw), h / float(sh)
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            return  # none saved (an older version's settings), or not ours
        if not isinstance(docks, dict) or (abs(rx - 1) < 0.02 and abs(ry - 1) < 0.02):
            return
        shown = [d for d in self._docked() if _size_pair(docks.get(d.objectName()))]
        for area in {self.dockWidgetArea(d) for d in shown}:  # (one call over several areas mixed their sizes)
            here = [d for d in shown if self.dockWidgetArea(d) == area]
            for k, (orientation, r) in enumerate(((Qt.Orientation.Horizontal, rx), (Qt.Orientation.Vertical, ry))):
                self.resizeDocks(here, [max(1, int(docks[d.objectName()][k] * r)) for d in here], orientation)

    def raise_over_spectrum(self) -> None:
        """With no cube open the Spectrum dock only says "Not a hyperspectral sequence.": when it is the
        front tab of its group, the Methods dock (Run) comes to the front if it is in the group, else
        the group's first dock."""
        spectrum = self.spectrum
        if spectrum.bands > 0 or spectrum.isHidden() or spectrum.isFloating():
            return
        group = self.tabifiedDockWidgets(spectrum)
        if not group or spectrum.visibleRegion().isEmpty():
            return  # not tabbed, or another tab of the group is in front
        (self.methods if self.methods in group else group[0]).raise_()

    def _action(self, text, slot=None, shortcut=None, tip=None, checkable=False) -> QAction:
        a = QAction(text, self)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            a.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})" if shortcut else tip)
            a.setStatusTip(tip)
        a.setCheckable(checkable)
        if slot is not None:
            (a.toggled if checkable else a.triggered).connect(slot)
        self.addAction(a)
        return a

    def _build_actions(self) -> None:
        A = self._action
        self.act_open_folder = A("Open sequence folder…", self.sequences.open_folder_dialog, "Ctrl+O",
                                 "Open a folder of frames (OTB, VOT, UAV123, … or plain images)")
        self.act_open_file = A("Open video or cube…", self.sequences.open_file_dialog, "Ctrl+Shift+O",
                               "Open a video, an ENVI .hdr or an HDF5 cube")
        self.act_open_dataset = A("Open dataset root…", self.sequences.open_dataset_dialog, "Ctrl+D",
                                  "Open a folder of sequences and pick one from the table")
        self.act_demo = A("Open demo sequence", self.sequences.open_demo, None, "The built-in 16-bit thermal demo")
        self.act_quit = A("Quit", self.close, "Ctrl+Q")
        self.act_draw = A("Draw box", self.sequences.set_draw_mode, "B",
                          "Drag on the frame to draw the initial box", checkable=True)
        self.act_start_here = A("Start from this frame", self.sequences.start_from_here, "S",
                                "Make the current frame the start frame of the next run")
        # both keys said in the menu and the tooltip (Qt says an action's first key alone: "Del")
        self.act_clear_box = A("Clear box\tDel / Backspace", self.sequences.clear_init_box, None,
                               "Use the groundtruth box instead, from the first frame that has one, or from the frame chosen "
                               "with Start from this frame where it has one (Del / Backspace)")
        self.act_clear_box.setIconText("Clear box")
        self.act_clear_box.setShortcuts([QKeySequence("Delete"), QKeySequence("Backspace")])
        self.act_clear_box.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.act_play = A("Play", self.sequences.toggle_play, "Space", "Play / pause")
        self.act_prev = A("Previous frame", lambda: self.sequences.step(-1), "Left")
        self.act_next = A("Next frame", lambda: self.sequences.step(1), "Right")
        self.act_back = A(f"{FRAMES_A_STRIDE} frames back", lambda: self.sequences.step(-FRAMES_A_STRIDE), "Shift+Left")
        self.act_on = A(f"{FRAMES_A_STRIDE} frames on", lambda: self.sequences.step(FRAMES_A_STRIDE), "Shift+Right")
        self.act_goto = A("Go to frame…", self.go_to_frame, "Ctrl+G", "Type a frame number in the transport bar")
        self.act_home = A("First frame", lambda: self.sequences.set_frame(0), "Home")
        self.act_end = A("Last frame", lambda: self.sequences.set_frame(self.n_frames - 1), "End")
        self.act_fit = A("Fit", self.view.fit, "F", "Fit the frame to the view")
        self.act_zoom_in = A("Zoom in", self.view.zoom_in, "+", "Zoom in on the frame")
        self.act_zoom_out = A("Zoom out", self.view.zoom_out, "-", "Zoom out")
        # "=" too: the + key unshifted where + needs Shift (a US layout), the usual zoom-in key there; a
        # shifted + reaches the shortcuts as "Shift+=" and "+" (so "+" takes it), and where a platform
        # offers only "Shift++" the key press falls through to keyPressEvent, which zooms all the same
        self.act_zoom_in.setShortcuts([QKeySequence("+"), QKeySequence("=")])
        self.act_run = A("Run", self.run_selected, "Ctrl+R", "Run the checked (or selected) trackers")
        self.act_cancel = A("Cancel", self.cancel_run, "Esc", "Stop the run; frames tracked so far are kept")
        self.act_export_plots = A("Plots (PNG, SVG, PDF)…", lambda: self.exporter.export_dialog("plots"))
        self.act_export_numbers = A("Numbers (CSV, JSON)…", lambda: self.exporter.export_dialog("numbers"))
        self.act_export_boxes = A("Result boxes (text)…", lambda: self.exporter.export_dialog("boxes"))
        self.act_export_frame = A("Current frame with overlays (PNG)…", lambda: self.exporter.export_dialog("frame"),
                                  "Ctrl+E")

        mb = self.menuBar()
        m = mb.addMenu("&File")
        for a in (self.act_open_folder, self.act_open_file, self.act_open_dataset, self.act_demo):
            m.addAction(a)
        self.recent_menu = m.addMenu("Open recent")
        m.addSeparator()
        ex = m.addMenu("Export")
        for a in (self.act_export_plots, self.act_export_numbers, self.act_export_boxes, self.act_export_frame):
            ex.addAction(a)
        ex.addSeparator()
        self.exporter.add_result_actions(ex)  # segmentation masks, the targets table, detections
        m.addSeparator()
        m.addAction(self.act_quit)
        v = mb.addMenu("&View")
        for a in (self.act_fit, self.act_zoom_in, self.act_zoom_out):
            v.addAction(a)
        v.addSeparator()
        for d in (self.methods, self.layers, self.timeline, self.plots, self.targets, self.scores, self.dataset,
                  self.response_inspector, self.spectrum):
            # ticked in the menu, a dock comes to the front of its tab group: shown behind another tab
            # (View › Methods with the Spectrum tab in front) the menu seemed to do nothing
            d.toggleViewAction().triggered.connect(lambda checked, d=d: checked and d.raise_())
        for d in (self.methods, self.layers, self.timeline, self.plots, self.targets, self.scores, self.dataset):
            v.addAction(d.toggleViewAction())
        v.addSeparator()
        self.act_compact = self._action("Compact layout", self.set_compact_layout, None,
                                        "Tab the docks together (laptop screens)", checkable=True)
        v.addAction(self.act_compact)
        self.inspector_menu = v.addMenu("Inspectors")
        self._fill_inspector_menu()
        t = mb.addMenu("&Track")
        # Save again: the runs whose results could not be written (``TrackingController.unsaved``)
        for a in (self.act_draw, self.act_start_here, self.act_clear_box, None, self.act_run, self.act_cancel, None,
                  self.tracking.save_again_action()):
            t.addSeparator() if a is None else t.addAction(a)
        n = mb.addMenu("&Navigate")
        for a in (self.act_play, self.act_prev, self.act_next, self.act_back, self.act_on, self.act_home, self.act_end,
                  self.act_goto):
            n.addAction(a)
        h = mb.addMenu("&Help")
        h.addAction("Keys and mouse", self._show_help)
        h.addAction("Workspace folder", lambda: self.show_info(
            "Workspace", f"Results are written to\n{wsettings.results_dir()}\nas <dataset>/<method>/<settings>/: "
            "one text file per tracker and sequence (a CSV per detector and sequence) beside a manifest.json."))
        self.sequences.fill_recent_menu()

        tb = self.addToolBar("Main")
        tb.setObjectName("main_toolbar")
        tb.setMovable(False)
        # off with the Open actions (update_enabled): its dialog opened over an open in progress, and the
        # folder picked was refused
        self.open_btn = open_btn = QToolButton()
        open_btn.setText("Open")
        open_btn.setToolTip("Open a sequence folder (Ctrl+O); the arrow has more")
        open_btn.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        open_btn.clicked.connect(self.sequences.open_folder_dialog)
        om = QMenu(open_btn)
        for a in (self.act_open_folder, self.act_open_file, self.act_open_dataset, self.act_demo):
            om.addAction(a)
        om.addMenu(self.recent_menu)
        open_btn.setMenu(om)
        tb.addWidget(open_btn)
        tb.addSeparator()
        tb.addAction(self.act_draw)
        tb.addAction(self.act_start_here)
        tb.addAction(self.act_fit)
        tb.addSeparator()
        tb.addWidget(QLabel(" Colour "))
        self.cmap_combo = QComboBox()
        self.cmap_combo.addItems(display.COLORMAPS)
        self.cmap_combo.setToolTip("Colour map for single-band frames")
        self.cmap_combo.currentTextChanged.connect(lambda _t: self.sequences.redisplay())
        tb.addWidget(self.cmap_combo)
        tb.addWidget(QLabel(" Contrast "))
        self.stretch_combo = QComboBox()
        self.stretch_combo.addItems(list(display.STRETCHES))
        self.stretch_combo.setCurrentText(display.DEFAULT_STRETCH)
        self.stretch_combo.setToolTip("Percentile stretch: the display range per frame")
        self.stretch_combo.currentTextChanged.connect(lambda _t: self.sequences.redisplay())
        tb.addWidget(self.stretch_combo)
        self.band_label = QLabel(" Band ")
        self.band_spin = QSpinBox()
        self.band_spin.setRange(-1, 0)
        self.band_spin.setSpecialValueText("mean")
        self.band_spin.setValue(-1)
        self.band_spin.setToolTip("Hyperspectral band shown (mean of all bands at the left end). " + FROM_0)
        self.band_spin.valueChanged.connect(lambda _v: self.sequences.redisplay())
        self.band_label_action = tb.addWidget(self.band_label)
        self.band_spin_action = tb.addWidget(self.band_spin)
        for a in (self.band_label_action, self.band_spin_action):  # shown when a hyperspectral sequence opens
            a.setVisible(False)
        tb.addSeparator()
        tb.addAction(self.act_run)
        tb.addAction(self.act_cancel)
        self.toolbar = tb

    def _build_status(self) -> None:
        sb = self.statusBar()
        # each keeps to a width (cut with "…", the whole text its tooltip): at 1280x720 the message on the
        # left keeps its room whatever a run is named or a pixel holds
        # their room in characters (210, 300, 110 and 240 px at the 9 pt font): it grows with the font
        self.frame_label = StatusLabel("no sequence", 27)
        self.pixel_label = StatusLabel("", 40)  # "x 1023  y 767  = mean 0.1234 (25 bands)" whole
        self.zoom_label = StatusLabel("", 13)
        self.fps_label = StatusLabel("", 32, keep_tail=True)  # "<run>: 12 fps on CUDA": the speed stays whole
        for w in (self.frame_label, self.pixel_label, self.zoom_label, self.fps_label):
            sb.addPermanentWidget(w)
        # a long message is cut where the labels on the right begin ("… 1024x1024 (7 frames), 1280x102"
        # at 1366x768; its paths are cut in their middle first: ``FittingStatusBar``): the whole of it is the
        # status bar's tooltip while it shows
        sb.messageChanged.connect(lambda text: self.statusBar().setToolTip(text))  # (a bound setToolTip
        # is no slot to PySide: "addMetaMethod: Cannot add dynamic method" on the console)

    def _connect_controllers(self) -> None:
        # connection order is call order: results of the old sequence go before its first frame shows
        self.sequences.sigOpened.connect(self.segmentation.on_sequence)
        self.sequences.sigOpened.connect(self.tracking.on_sequence)
        self.sequences.sigOpened.connect(self.detection.on_sequence)
        # trackers that cannot run on its modality are greyed (they failed only when run)
        self.sequences.sigOpened.connect(lambda seq: self.methods.set_modality(getattr(seq, "modality", None)))
        self.sequences.sigLiveTick.connect(self.tracking.on_live_tick)
        self.tracking.sigRunsChanged.connect(self.scoring.update_plots)
        self.tracking.sigRunsChanged.connect(self.refresh_overlays)
        self.tracking.sigRunsChanged.connect(self.update_enabled)

    # ======================================================================================
    # settings
    # ======================================================================================
    def _restore_settings(self) -> None:
        s = wsettings.settings()
        geo = s.value("window/geometry")
        if isinstance(geo, QByteArray):
            self.restoreGeometry(geo)
        state = s.value("window/state")
        self._saved_state = state if isinstance(state, QByteArray) else None  # restored on first show
        self._saved_dock_sizes = wsettings.get_json("window/dock_sizes")  # what the state was saved at
        self._state_restored = False
        # get_value: a damaged settings file's value (play_fps=abc, colormap=[1,2]) reads as the default
        self.cmap_combo.setCurrentText(wsettings.get_value("view/colormap", "gray"))
        self.stretch_combo.setCurrentText(wsettings.get_value("view/stretch", display.DEFAULT_STRETCH))
        self.fps_spin.setValue(wsettings.get_value("view/play_fps", 25))
        from workbench.gui.layers_dock import DEFAULT_MAP_OPACITY

        self.layers.opacity.setValue(wsettings.get_value("view/map_opacity", DEFAULT_MAP_OPACITY))
        self.layers.show_gt.setChecked(wsettings.get_value("view/show_gt", "true").lower() == "true")
        self.methods.follow.setChecked(wsettings.get_value("run/follow", "true").lower() == "true")
        self.plots.set_rule(wsettings.get_value("plots/rgbt", "auto"))  # the RGB-T rule of the scores (eval's --rgbt)
        checked = wsettings.get_json("run/checked", [])
        if isinstance(checked, list):
            self.methods.set_checked(checked)  # the ticked trackers (forms restore themselves when built)
        self.act_draw.setChecked(True)

    def _rgbt_rule_chosen(self, rule: str) -> None:
        """The plots dock's RGB-T rule chosen: kept at once (the next window scores under it too), scores again."""
        wsettings.settings().setValue("plots/rgbt", rule)
        self.scoring.update_plots()

    def save_settings(self) -> None:
        s = wsettings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        wsettings.set_json("window/dock_sizes", self.dock_sizes())
        s.setValue("view/colormap", self.cmap_combo.currentText())
        s.setValue("view/stretch", self.stretch_combo.currentText())
        s.setValue("view/play_fps", self.fps_spin.value())
        s.setValue("view/map_opacity", self.layers.opacity.value())
        s.setValue("view/show_gt", "true" if self.layers.show_gt.isChecked() else "false")
        s.setValue("run/follow", "true" if self.methods.follow.isChecked() else "false")
        s.setValue("plots/rgbt", self.plots.current_rule())
        # the methods' settings and devices as edited (run or not), and the ticked trackers
        self.methods.remember_all()
        wsettings.set_json("run/checked", self.methods.checked())
        wsettings.flush()
        s = wsettings.settings()
        if s.status() == QSettings.Status.AccessError and not self._settings_said:
            # Qt's write failed without a word (a full disk, the file's folder gone or read-only since the start):
            # the layout, the recent files and the methods' settings of this session were lost unsaid
            self._settings_said = True
            self.show_error("Settings", f"the settings file {s.fileName()} could not be written (the disk is full, "
                            "or its folder is gone or read-only); the window's layout, recent files and methods' "
                            "settings of this session are not kept")

    # ======================================================================================
    # messages
    # ======================================================================================
    def show_error(self, title: str, text: str, buttons=None, status: str | None = None):
        """An error said in a message box (``buttons``: its own, Close the default; returns the one pressed, None
        with ``quiet_errors``), ``last_error`` and the status bar (``status``: a shorter line there)."""
        self.last_error = f"{title}: {text}"
        self.statusBar().showMessage(self.last_error if status is None else f"{title}: {status}", 10000)
        if self.quiet_errors:
            import sys

            print(f"workbench: {self.last_error}", file=sys.stderr)
            return None
        if buttons is None:
            return QMessageBox.critical(self, title, text)
        return QMessageBox.critical(self, title, text, buttons, QMessageBox.StandardButton.Close)

    def forget_error(self, stale: str | None) -> None:
        """A sequence or dataset opened since ``stale`` (``last_error`` then) was said: it is no longer the
        window's state (a refused open's "Cannot open: …" stayed in ``last_error`` after the next open
        succeeded, and a script or test read the old refusal as this open's); its status-bar message goes
        with it. An error said during the open itself (a newer ``last_error``) stays."""
        if stale is None or self.last_error != stale:
            return
        self.last_error = None
        if self.statusBar().currentMessage() == stale:
            self.statusBar().clearMessage()

    def show_warning(self, title: str, text: str) -> None:
        self.statusBar().showMessage(f"{title}: {text.splitlines()[0] if text else ''}", 10000)
        if self.quiet_errors:
            import sys

            print(f"workbench: {title}: {text}", file=sys.stderr)
            return
        QMessageBox.warning(self, title, text)

    def show_info(self, title: str, text: str) -> None:
        if self.quiet_errors:
            return
        QMessageBox.information(self, title, text)

    def show_notice(self, title: str, text: str) -> None:
        """A request that has nothing to act on yet ("Nothing to export: run a tracker first"): not an
        error (no critical box, not ``last_error``), an information box and the status bar saying what to do."""
        self.statusBar().showMessage(f"{title}: {text.splitlines()[0] if text else ''}", 10000)
        if self.quiet_errors:
            import sys

            print(f"workbench: {title}: {text}", file=sys.stderr)
            return
        QMessageBox.information(self, title, text)

    def _steppers(self) -> tuple:
        """The actions and controls that move through the frames (greyed, and said why, together)."""
        return (self.act_prev, self.act_next, self.act_back, self.act_on, self.act_home, self.act_end, self.act_goto,
                self.btn_first, self.btn_prev, self.btn_next, self.btn_last, self.slider, self.counter)

    def go_to_frame(self) -> None:
        """Ctrl+G: the frame number field takes the keys, its number selected to be typed over."""
        self.sequences.stop_play()
        self.counter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.counter.selectAll()

    def _show_help(self) -> None:
        self.show_info("Keys and mouse", (
            "Drag on the frame: draw the initial box (Draw box on, key B); Esc while dragging: drop it\n"
            "Drag the box or its handles: move / resize it   Delete / Backspace: clear it\n"
            "Wheel or + / -: zoom in / out (= zooms in too; the wheel around the cursor)\n"
            "F or double-click on the frame: fit\n"
            "Middle drag (or Draw box off and left drag): pan\n"
            "Space: play / pause (in the Methods list: tick the selected tracker)\n"
            "Left / Right: step   Shift+Left / Shift+Right: 10 frames   Home / End: first / last frame\n"
            "Ctrl+G: type a frame number, Enter goes there\n"
            "S: start the next run from this frame   Ctrl+R: run   Esc: cancel the run\n"
            "Ctrl+O: open a folder   Ctrl+Shift+O: a video or cube   Ctrl+D: a dataset root\n"
            "Click the timeline: jump to that frame   Ctrl+E: export the frame with overlays\n"
            "In a text or number field the keys are the field's (type, move, select)"))

    def keyPressEvent(self, ev) -> None:
        # + / = / - that no shortcut took and no focused widget used (see FrameView.keyPressEvent)
        factor = zoom_key(ev)
        if factor is not None and self.sequence is not None:
            self.view.set_zoom(factor)
            ev.accept()
            return
        super().keyPressEvent(ev)

    def dragEnterEvent(self, ev) -> None:
        if ev.mimeData().hasUrls():
            ev.acceptProposedAction()

    def dropEvent(self, ev) -> None:
        urls = [u.toLocalFile() for u in ev.mimeData().urls() if u.isLocalFile()]
        if urls:
            ev.acceptProposedAction()
            # opened once the drop is done: opening reads on a worker in a local event loop, which
            # inside the drop event would keep the drag (and the file manager it came from) waiting
            QTimer.singleShot(0, self, lambda path=urls[0]: self.sequences.open_path(path))

    # ======================================================================================
    # what the controllers share: overlays, enabled actions, the hint, running work
    # ======================================================================================
    def _on_method_selected(self) -> None:
        """Another method selected: the run controls follow it; the status bar's end line of the last run
        (another method's) goes, and the Targets dock shows the selected kind's results where there are some."""
        self.drop_run_ended()
        self.update_enabled()
        self.update_hint()
        self.refresh_overlays()

    def targets_owner(self) -> str:
        """Whose results the Targets dock lists: the selected segmenter's or detector's kind when it has
        results, else the detector's run when there is one, else the segmentation's. (Both drew it, the
        detector last: after a failed seq_irst run its "frame 38 not detected" took the place of the
        LW-IRSTNet targets of the frame just segmented.)"""
        det, seg = self.detection.result is not None, self.segmentation.seg is not None
        if self.methods.current_segmenter() is not None and seg:
            return "segmentation"
        if self.methods.current_detector() is not None and det:
            return "detection"
        return "detection" if det else "segmentation"

    def refresh_overlays(self) -> None:
        if self.sequence is None:
            return
        self._fit_maps()
        i = self.frame_index
        owner = self.targets_owner()
        self.tracking.draw(i)
        self.segmentation.draw(i, table=owner == "segmentation")
        self.detection.draw(i, table=owner == "detection")
        self.exporter.update_actions(True)  # the frame's targets: there or not

    def _fit_maps(self, *_signal_args) -> None:
        """The runs' maps within the window's budget (``map_budget``): the map shown and a run going are kept,
        the runs shown least recently lose theirs first; said once in the status bar when maps are dropped."""
        tracker, _name = self.layers.selected_map()
        now = time.monotonic()  # runs whose maps were asked for lately (inspectors' maps on screen too)
        asked = self.tracking.maps_asked
        for label in [k for k, t in asked.items() if now - t > MAPS_ASKED_KEPT_S]:
            del asked[label]
        keep = tuple(k for k in {tracker, *asked} if k)
        for label in keep:
            self.map_budget.shown(label)
        dropped = self.map_budget.fit(self.tracking.live, keep=keep)
        if dropped:
            said = self.statusBar().currentMessage()  # (what a run's end said just now, kept before it)
            self.statusBar().showMessage(f"{said}; {self.map_budget.note(dropped)}" if said else
                                         self.map_budget.note(dropped), 15000)
            self.tracking.update_layers()  # their maps' names leave the Layers dock's Map list

    @property
    def busy(self) -> bool:
        """A tracking, segmentation or detection worker is running."""
        return self.tracking.running or self.segmentation.running or self.detection.running

    def run_selected(self, names: list[str] | None = None) -> bool:
        """Run (Ctrl+R, the Run button): the selected segmenter on the frame on screen, the selected
        detector over the sequence, else the checked (or selected) trackers over the sequence."""
        if self.busy:
            return False
        why = self._cannot_take(names)
        if why:  # a script's run_selected(["seq_irst"]) on a cube (the greyed Run cannot be pressed)
            self.show_error("Cannot run", why)
            return False
        if not names and self.methods.current_segmenter() is not None:
            return self.segmentation.segment_frame() is not None
        if not names and self.methods.current_detector() is not None:
            return self.detection.run()
        kinds = {getattr(self.registry.plugins.get(n), "kind", None) for n in names or ()}
        if names and len(names) == 1 and kinds == {"detector"}:  # a script's run_selected(["seq_irst"]): the
            return self.detection.run(names[0])  # detector's run, not a tracker's ("no attribute 'initialize'")
        if names and len(names) == 1 and kinds == {"segmenter"}:  # run_selected(["lw_irstnet"]): as the Run
            return self.segmentation.segment_frame(names[0]) is not None  # button does, the frame on screen
        return self.tracking.run(names)

    def _cannot_take(self, names: list[str] | None) -> str | None:
        """Why the detector or segmenter ``names`` would run (or the selected one, without names) cannot
        take the open sequence's modality; trackers say it themselves (``tracking.run``)."""
        if not names:
            return self.methods.modality_note()
        p = self.registry.plugins.get(names[0]) if len(names) == 1 else None
        return self.methods.cannot_take(p.name) if p is not None and p.kind != "tracker" else None

    def cancel_run(self) -> None:
        self.methods.run_gate.cancel()  # a Run press waiting for its readiness checks: no run follows them
        self.sequences.cancel_open()  # Esc also gives up a sequence still being read
        self.segmentation.cancel()
        self.detection.cancel()
        self.tracking.cancel()  # names the call it waits for, the run's start event taken or not (``in_call``)

    def ready_to_run(self, items, then) -> bool:
        """Whether the methods a Run press would start (``items``: [(plugin, config)]) can run now (their
        declared readiness: weights, a path setting, a plugin's ``ready`` check). False when one cannot (said
        here) or when their checks are being made on a thread (``run_gate``: Run says "Checking…"); ``then()``,
        the press made again, is called when those answer, unless by then another sequence is open, a run is
        going or the window is closing."""
        from workbench.gui.run_gate import CHECKING

        seq = self.sequences.sequence

        def again():
            if self.sequences.sequence is seq and not self.busy and not self._closing:
                then()

        why = self.methods.run_gate.press(items, again)
        if why == CHECKING:
            return False
        if why:
            from workbench.gui.methods_dock import others_not_run, refused_with

            # as the Run panel says it (``not_ready``; also where this press's check found it first): the others
            # ticked do not run either, as `workbench run` refuses the whole run (the box said only why one could not)
            others = [p.title for p, _c in items if p is not why[0]]
            self.methods.show_not_ready(refused_with(why[0].title, why[1], others))
            self.show_error(f"{why[0].title} cannot run",
                            f"{why[1]}\n\n{others_not_run(why[0].title, others)}" if others else why[1])
            return False
        return True

    def wait_for_run(self, timeout_s: float = 120.0) -> bool:
        """Process events until the current run ends (scripts, screenshots); a Run press whose readiness checks
        are still being made (``run_gate``: "Checking…", ``run_selected`` returned False) is waited for too, and
        the run that follows their answer."""
        return self._process_events_while(lambda: self.busy or self.methods.run_gate.checking, timeout_s)

    @staticmethod
    def _process_events_while(condition, timeout_s: float) -> bool:
        """Handle events while ``condition()`` holds, at most ``timeout_s``; True when it stopped holding."""
        t0 = time.perf_counter()
        loop = QEventLoop()
        while condition() and time.perf_counter() - t0 < timeout_s:
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.005)
        return not condition()

    def show_run_started(self, status: str | None = None) -> None:
        """What every kind of run (tracking, segmentation, detection) shows when its job has started."""
        self.methods.set_running(True)
        self.drop_run_ended()  # the last run's end line is not this run's ("Run cancelled: mpcm …" during NAS-TIR)
        if status is not None:
            self.methods.run_status.setText(status)
        self.update_enabled()
        self.update_hint()
        self.sequences.start_live()

    RUN_REFUSED = "Run in progress"  # the title of what is refused while a run goes (another sequence)
    RUN_GOING = "A run is going: wait for it to end or Cancel it (Esc)."  # what to do then (tooltips, notice)

    def show_run_ended(self, status: str, text: str = "") -> None:
        """What every kind of run shows when its job has ended: a final status-bar message ("Run
        finished" / "Run cancelled" / "Run failed" and the run's own end line) in place of any the run
        left there (a "Run in progress" refusal stayed up to 10 s after the run, and in ``last_error``)."""
        self.drop_run_refusal()
        head = {"cancelled": "Run cancelled", "error": "Run failed"}.get(status, "Run finished")
        line = text.strip().splitlines()[0] if text and text.strip() else ""
        self._run_end_line = f"{head}: {line}" if line else head
        self.statusBar().showMessage(self._run_end_line, 10000)

    _run_end_line = None  # the status bar's end line of the last run (``show_run_ended``)

    def show_after_run_end(self, text: str, timeout_ms: int) -> None:
        """A status-bar message that comes after a run's end (its maps written on a worker): put after what the
        status bar says, never in its place: the run's end line ("Run finished: ..." was gone after a moment) or
        what was said since (an export's "Exported 1 file(s) to …", replaced within 0.1 s)."""
        shown = self.statusBar().currentMessage()
        if shown:
            # one sentence: "... saved to …/default; kcf: maps ..." (its full stop went before the ";")
            text = f"{shown[:-1] if shown.endswith('.') and not shown.endswith('..') else shown}; {text}"
        self.statusBar().showMessage(text, timeout_ms)
        if shown and shown == self._run_end_line:
            # still the run's end line, the maps' words added: a new run or another method drops it as it dropped
            # the end line alone (the last run's "Run cancelled: ...; maps saved" stayed over the next run)
            self._run_end_line = text

    def drop_run_ended(self) -> None:
        """Another run starts or another method is selected: the last run's end line leaves the status bar
        (a message shown since stays)."""
        if self._run_end_line is not None and self.statusBar().currentMessage() == self._run_end_line:
            self.statusBar().clearMessage()
        self._run_end_line = None

    def drop_run_refusal(self) -> None:
        """A run has ended: what was refused while it went ("Run in progress: Cancel the run before
        opening another sequence") is no longer so, in the status bar or in ``last_error``."""
        if self.last_error is not None and self.last_error.startswith(self.RUN_REFUSED):
            self.last_error = None
        if self.statusBar().currentMessage().startswith(self.RUN_REFUSED):
            self.statusBar().clearMessage()

    def show_cancelling(self, why: str | None = None) -> None:
        """Cancel was pressed: "cancelling…", with ``why`` it takes a while ("waits for nas_tir's current frame")."""
        text = f"cancelling… ({why})" if why else "cancelling…"
        self.methods.set_progress(self.methods.progress.value() / 1000, text, now=True)
        if why:
            self.methods.run_status.setText(text)

    def update_enabled(self) -> None:
        running = self.busy
        opening = self.sequences.opening is not None  # a sequence being read replaces this one
        has_seq = self.sequence is not None
        runnable = (bool(self.registry.by_kind("tracker")) or self.methods.current_segmenter() is not None
                    or self.methods.current_detector() is not None)
        # the selected detector or segmenter cannot take this sequence (seq_irst on a cube): greyed, as a
        # tracker is; it was enabled and ended in "stopped with an error"
        runnable = runnable and self.methods.modality_note() is None
        # what Run would run declares it lacks (weights): asked once here, for the state and every tooltip
        lacking = self.methods.not_ready()
        ready = lacking is None
        # a tracker without its initial box cannot start: greyed, its tooltip says so (``_box_note``); it
        # was enabled and a click gave a modal "No initial box" (a SIRST set with KCF selected)
        boxed = self._box_note() is None
        # a Run press waiting for its readiness checks (``run_gate``: "Checking…"): not pressed again; Cancel stops it
        checking = self.methods.run_gate.checking
        self.act_run.setEnabled(has_seq and not running and not opening and runnable and ready and boxed
                                and not checking)
        self.methods.run_all_button.setEnabled(has_seq and not running and not opening and ready and not checking
                                               and self.methods.modality_note() is None)
        self.methods.run_button.setEnabled(self.act_run.isEnabled())
        # Cancel also stops reading a saved segmentation back (segmentation.load_saved)
        self.act_cancel.setEnabled(running or self.segmentation.loading or opening or checking)
        for combo in self.layers.method_runs.values():  # the run shown is the one a job fills
            combo.setEnabled(not running)
        self.methods.cancel_button.setEnabled(self.act_cancel.isEnabled())
        for a in (self.act_open_folder, self.act_open_file, self.act_open_dataset, self.act_demo, self.open_btn):
            a.setEnabled(not running and not opening)
        self.recent_menu.setEnabled(not running and not opening and not self.recent_menu.isEmpty())
        self.act_export_frame.setEnabled(has_seq)
        self.exporter.update_actions(has_seq)
        # the next run's start and box are set between runs; playing would fight following the run
        frames = has_seq and self.n_frames > 1  # one frame (an image, a cube): nothing to play or step through
        self.act_start_here.setEnabled(has_seq and not running)
        # a box to clear: greyed without one (it was enabled and did nothing); also where "Start from this frame" on
        # a frame without groundtruth left no box and a start the run cannot take (Run greyed): Clear box is the way
        # back to the first frame with groundtruth
        first = (self.sequence.first_valid_frame() or 0) if has_seq else 0
        self.act_clear_box.setEnabled(has_seq and not running
                                      and (self.init_box is not None or self.start_frame != first))
        # nothing to draw on before a sequence is open: greyed and off (it read checked); on with the first one
        draw_was_greyed = not self.act_draw.isEnabled()
        self.act_draw.setEnabled(has_seq)
        if not has_seq:
            self.act_draw.setChecked(False)
        elif draw_was_greyed:
            self.act_draw.setChecked(True)  # drawing on, as the window always starts
        for a in (self.act_play, self.btn_play):
            a.setEnabled(frames and not running)
        for a in self._steppers():
            a.setEnabled(frames)
        for a in (self.act_export_plots, self.act_export_numbers):  # the scores the plots show
            a.setEnabled(bool(self.scoring.reports))
            tip_with_reason(a, None if self.scoring.reports else "Nothing scored yet: run a tracker on a sequence "
                                                                  "with groundtruth.")
        self.act_export_boxes.setEnabled(has_seq and bool(self.live))
        tip_with_reason(self.act_export_boxes, None if has_seq and self.live else "No tracker run on this sequence yet.")
        self._say_why_greyed(lacking)

    def _why_greyed(self) -> str | None:
        """Why the run controls and the frame actions are greyed: no sequence, one being opened, a run
        going; None when they are not."""
        if self.sequence is None:
            return "Open a sequence first (File › Open, the demo, or drop it on the window)."
        if self.sequences.opening is not None:
            return "Wait: a sequence is being opened."
        if self.busy:
            return self.RUN_GOING
        return None

    def _run_note(self, lacking: str | None) -> str | None:
        """What Run waits for, said first in its tooltip: why it is greyed, else what the method lacks
        (``lacking``: ``MethodsDock.not_ready``), else the initial box a tracker still needs."""
        why = self._why_greyed()
        if why is None and not (self.registry.by_kind("tracker") or self.methods.current_segmenter()
                                or self.methods.current_detector()):
            why = "No tracker, segmenter or detector is installed."
        return why or self.methods.modality_note() or lacking or self._box_note()

    def _say_why_greyed(self, lacking: str | None) -> None:
        """The tooltips of the run controls and the toolbar's greyed actions say what they wait for (a
        greyed "Run KCF" said only "Track with KCF from the initial box ...")."""
        why_not = self._why_greyed()
        note = self._run_note(lacking)
        self.methods.set_run_note(note, lacking)
        self._tip_run(note)
        self._tip(self.methods.run_all_button, None if self.methods.run_all_button.isEnabled()
                  else why_not or self.methods.modality_note() or lacking)
        nothing = None if self.act_cancel.isEnabled() else "Nothing to cancel: no run is going."
        self._tip(self.act_cancel, nothing)
        self._tip(self.methods.cancel_button, nothing)
        self._tip(self.act_start_here, None if self.act_start_here.isEnabled() else why_not)
        self._tip(self.act_draw, None if self.act_draw.isEnabled() else why_not)
        self._tip(self.act_clear_box, None if self.act_clear_box.isEnabled() else
                  why_not or "Nothing to clear: no initial box is set (draw one on the frame), and the run starts "
                  "at the first frame with groundtruth.")
        one = "One frame: nothing to play or step through."
        if not (self.sequence is not None and self.n_frames == 1):  # (one frame greys them, a run going or not)
            one = why_not or one
        for a in (self.act_play, self.btn_play, *self._steppers()):
            self._tip(a, None if a.isEnabled() else one)
        # the Open actions are greyed while a run goes or another sequence is being opened: their tooltip
        # said only what they open
        why_not_open = ("Wait: a sequence is being opened." if self.sequences.opening is not None
                        else self.RUN_GOING)
        for a in (self.act_open_folder, self.act_open_file, self.act_open_dataset, self.act_demo, self.open_btn):
            self._tip(a, None if a.isEnabled() else why_not_open)
        self._tip(self.act_export_frame, None if self.act_export_frame.isEnabled() else why_not)

    def _box_note(self) -> str | None:
        """What a tracker run still needs: the initial box where the start frame has no groundtruth."""
        seq = self.sequence
        if seq is None or self.init_box is not None or self.methods.current_segmenter() is not None \
                or self.methods.current_detector() is not None or seq.gt_box(self.start_frame) is not None:
            return None
        return f"Draw the initial box on frame {self.start_frame + 1} first: drag on the frame."

    def _tip_run(self, note: str | None) -> None:
        """The Run action's tooltip: what a press does as the Methods dock's Run button says it (segment the frame
        on screen, detect, track with the trackers named: it said "Run the checked (or selected) trackers" with a
        segmenter selected), after ``note`` (what it waits for) when there is one."""
        does = self.methods.run_text()[1]
        self.act_run.setStatusTip(does)
        self.act_run.setProperty("base_tip", f"{does} ({self.act_run.shortcut().toString()})")
        self._tip(self.act_run, note)

    @staticmethod
    def _tip(widget, why: str | None) -> None:
        """``widget``'s own tooltip, after ``why`` (what it waits for) when there is one."""
        tip_with_reason(widget, why)

    def update_hint(self) -> None:
        lacking = self.methods.not_ready()
        note = self._run_note(lacking)  # the box drawn or cleared: Run's tooltip follows
        self.methods.set_run_note(note, lacking)
        self._tip_run(note)
        if self.sequence is None:
            self.view.set_hint("File › Open a sequence folder, a video or a cube — or drop it here")
        elif self.busy:
            self.view.set_hint(None)
        elif (self.seg is not None or self.methods.current_segmenter() is not None
              or self.methods.current_detector() is not None):
            self.view.set_hint(None)  # segmenters and detectors need no initial box
        elif self.init_box is None and not self.live:
            how = "drag" if self.act_draw.isChecked() else "turn on Draw box (B) and drag"
            # the start frame's groundtruth box is used where none is drawn (as Run's tooltip says): said here too
            gt = self.sequence.gt_box(self.start_frame) is not None
            box = "your own initial box; the groundtruth's is used otherwise" if gt else "the initial box"
            self.view.set_hint(f"{how.capitalize()} on the frame to draw {box} · wheel zooms · middle-drag pans")
        else:
            self.view.set_hint(None)

    def open_image(self, path) -> bool:
        """One image as a one-frame sequence (what a segmenter works on)."""
        return self.sequences.open_path(path)

    # ======================================================================================
    # inspectors
    # ======================================================================================
    def _fill_inspector_menu(self) -> None:
        self.inspector_menu.clear()
        self.inspector_menu.addAction(self.response_inspector.toggleViewAction())
        self.inspector_menu.addAction(self.spectrum.toggleViewAction())
        seen = set()  # an inspector class shared by several plugins is listed once
        for p in sorted(self.registry.plugins.values(), key=lambda p: p.name):
            for title in p.inspectors:
                if (p.inspectors[title], title) in seen:
                    continue
                seen.add((p.inspectors[title], title))
                self.inspector_menu.addAction(f"{p.title}: {title}", lambda p=p, t=title: self.open_inspector(p, t))

    def open_inspector(self, plugin, title: str, raise_: bool = True):
        """A plugin's inspector dock, built on first use and tabbed with the other bottom docks.
        ``raise_=False`` (a run opening its methods' inspectors): the dock joins its tab group behind the
        tab on screen, so an inspector that loads its content when shown (the pruning inspector: a model,
        ranks and seven histograms) does so when the analyst opens its tab, not during the run."""
        # (a tab behind another stays isVisible() in Qt 6; its visible region is empty)
        on_screen = [] if raise_ else [d for d in self.findChildren(QDockWidget)
                                       if d.isVisible() and not d.visibleRegion().isEmpty()]
        key = f"{plugin.name}:{title}"
        spec = (plugin.inspectors.get(title), title)
        # one dock per inspector class: siamfcpp and ps_siamfcpp share one "Pruning inspector"
        dock = self.inspectors.get(key) or next(
            (d for d in self.inspectors.values() if getattr(d, "inspector_spec", None) == spec), None)
        if dock is None:
            from workbench.core.registry import resolve
            from workbench.gui.worker import describe

            if not self._import_off_thread(plugin.inspectors[title].split(":", 1)[0], plugin):
                return None
            try:
                cls = resolve(plugin.inspectors[title])
                dock = cls(self, plugin)
                if not isinstance(dock, InspectorDock):
                    raise TypeError(f"{plugin.inspectors[title]} is not an InspectorDock")
            except Exception as exc:  # noqa: BLE001 - a broken inspector must not stop the run
                self.show_error("Inspector failed to load", f"{plugin.name}: {title}: {describe(exc)}")
                return None
            dock.setWindowTitle(title)
            if not dock.objectName():
                dock.setObjectName(f"inspector_{key}")
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            self.tabifyDockWidget(self.response_inspector, dock)
            self.inspectors[key] = dock
            dock.inspector_spec = spec
            if self.sequence is not None:
                self._call_inspector(dock, "on_sequence", self.sequence)
                self._call_inspector(dock, "on_frame", self.frame_index)
            self._call_inspector(dock, "catch_up")  # the runs held now, right after on_sequence cleared it
        dock.show()
        if not self.compact and dock in self.tabifiedDockWidgets(self.response_inspector):
            self._fit_wide_groups([dock])  # (shown, it counts) too wide beside the plots: a tab of their group
        if raise_:
            dock.raise_()
        else:
            for d in on_screen:  # the tabs that were on screen stay on screen
                d.raise_()
        return dock

    def _import_off_thread(self, module: str, plugin=None) -> bool:
        """Import ``module`` (an inspector's: torch, the model code) on a worker while this thread keeps
        handling events, so the window does not freeze for the seconds a first torch import takes;
        returns at once when it is imported already (its import finished: ``runner.imported``; one the
        warm-up worker is still importing is waited for here, not on the GUI thread). False while the same
        module is still being imported for an earlier call (a second click) or when the application quit before
        the import ended (it goes on on the worker: not imported here beside it), True otherwise (an import error
        is left for ``resolve`` to report)."""
        import importlib

        from workbench.core.errors import Cancelled
        from workbench.gui.runner import imported

        if imported(module):
            return True
        loading = getattr(self, "_importing", set())
        self._importing = loading
        if module in loading:
            return False
        from workbench.gui.worker import Job

        def body():
            if plugin is not None and plugin.uses_torch:
                from workbench.gui.preload import warm_torch

                warm_torch()
            importlib.import_module(module)

        job = Job(self)
        loading.add(module)
        self.statusBar().showMessage(f"Loading {module}…")
        try:
            job.run_and_wait(body)
        except Cancelled:  # the application quit meanwhile: no dock (``resolve`` would import it on this thread)
            return False
        except Exception:  # noqa: BLE001 - ``resolve`` reports a module that does not import
            pass
        finally:
            loading.discard(module)
            job.deleteLater()
            self.statusBar().clearMessage()
        return True

    def dock_panel(self, name: str, panel, title: str):
        """A plugin panel that is a whole workflow (``panel.dock_title``: the detector's Data / Train /
        Review / Iterations / LOSO tabs) in a dock of its own in the wide bottom area, tabbed with the
        Timeline (compact layout) or the plots, instead of below the settings form (where it had a few rows at 1366x768). Made and
        raised once (a run or a re-selection does not take the Timeline's place again); shown again
        when its plugin is selected after the user closed it."""
        docks = getattr(self, "workflow_docks", None)
        if docks is None:
            docks = self.workflow_docks = {}
        dock = docks.get(name)
        if dock is None:
            dock = QDockWidget(title, self)
            dock.setObjectName(f"workflow_{name}")
            dock.setWidget(panel)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            # with the widest bottom tab group: all of them (compact), the plots' (large screen)
            self.tabifyDockWidget(self.timeline if self.compact else self.plots, dock)
            docks[name] = dock
            dock.show()
            dock.raise_()
        elif dock.isHidden():  # closed by the user: back when its plugin is selected again
            dock.show()
            dock.raise_()
        return dock

    def notify_inspectors(self, hook: str, *args) -> None:
        for dock in list(self.inspectors.values()):
            self._call_inspector(dock, hook, *args)

    def _call_inspector(self, dock, hook: str, *args) -> None:
        try:
            getattr(dock, hook)(*args)
        except Exception as exc:  # noqa: BLE001 - an inspector's bug stays in its dock
            from workbench.gui.worker import describe

            self.statusBar().showMessage(f"{dock.windowTitle()}: {hook} failed: {describe(exc)}", 8000)

    # ======================================================================================
    # closing
    # ======================================================================================
    QUIT_SAVE_WAIT_S = 120  # how long closing waits for the tracking runs' saves before it gives up closing
    UNSAVED = "Runs not saved"  # ``running_work``'s title of the tracking runs whose results could not be written

    def running_work(self) -> list[tuple[str, str]]:
        """What the user started that still runs, ``(title, line)`` each: the question's title when it runs
        alone, and what it is and what is kept when it stops (asked on closing: each stops with the window);
        and the runs whose results could not be written (``UNSAVED``), lost on quitting."""
        lines = []
        if self.runner.job.running:  # (a finished run's save alone is not stopped: closing waits for it)
            names = ", ".join(self.tracking.user_label(k) for k in self.runner.planned) or "a tracker"
            lines.append(("A run is in progress", f"Tracker run ({names}): the frames tracked so far are saved; a "
                                                  "tracker not started yet is not run."))
        unsaved = [r.label for r in self.tracking.unsaved if r.save_failed and not r.saving]
        if unsaved:  # they were lost on quitting without a word
            lines.append((self.UNSAVED, f"{self.UNSAVED} ({', '.join(unsaved)}): their results could not be "
                                        f"written and are lost on quitting; Track › Save again writes them."))
        if self.segmentation.running:
            name = self.segmentation.running_name or "a segmenter"
            lines.append(("A segmentation is in progress",
                          f"Segmentation of all frames ({name}): the frames already segmented are saved."))
        if self.detection.running:
            name = self.detection.result.label if self.detection.result is not None else "a detector"
            lines.append(("A detector run is in progress",
                          f"Detector run ({name}): the frames already detected are saved."))
        if self.exporter.running:
            lines.append(("An export is in progress", "Export: a video or report stopped now is not kept (its "
                                                      "partial file is removed); other exports are finished first."))
        for dock, (_job, line, _finish) in self.inspector_jobs():
            lines.append((f"{dock.windowTitle()}: a job is in progress", line))
        for _job, title, line, _finish in self.panel_jobs():
            lines.append((f"{title}: a job is in progress", line))
        return lines

    def panel_jobs(self) -> list[tuple]:
        """``[(job, plugin title, line, finish_first)]``: the running jobs started from a method's panel
        (``MethodsDock.panel_jobs``). A panel that says what runs (``running_jobs()``, the ``InspectorDock``
        hook's form) names each job and what is kept, and lists an export to finish first (the LW-IRSTNet and
        seq_irst panels' exports were said to stop "at the next step", but ran to their end); a job it does not
        list is its own background work, stopped with the window unnamed. Any other panel's job gets the
        general line; so does one whose hook fails."""
        out = []
        told: dict[int, dict] = {}  # id(panel) -> {id(job): (line, finish_first)}, None when its hook failed
        for job, title in self.methods.panel_jobs(self):
            panel = job.parent()
            while panel is not None and getattr(type(panel), "running_jobs", None) is None:
                panel = panel.parent()
            if panel is not None and id(panel) not in told:
                try:
                    told[id(panel)] = {id(j): (line, bool(finish)) for j, line, finish in panel.running_jobs()}
                except Exception:  # noqa: BLE001 - a plugin's bug must not keep the window from closing
                    told[id(panel)] = None
            said = told.get(id(panel)) if panel is not None else None
            if said is None:
                doing = f" ({job.last_message})" if job.last_message else ""
                out.append((job, title, f"{title} panel's job{doing}: stopped at its next step; what it has already "
                                        "written (a training's last checkpoint) stays, the rest is not done.", False))
            elif id(job) in said:
                out.append((job, title, *said[id(job)]))
        return out

    def inspector_jobs(self) -> list[tuple]:
        """``[(dock, (job, line, finish_first))]``: what the inspector docks say runs (``InspectorDock.running_jobs``:
        a NAS search, a figures export); a NAS search or a pruning export went on unnamed when the window
        closed. An inspector whose hook fails is left out (its jobs are still stopped with the window)."""
        out = []
        for dock in list(self.inspectors.values()):
            try:
                jobs = list(dock.running_jobs())
            except Exception:  # noqa: BLE001 - a plugin's bug must not keep the window from closing
                continue
            out.extend((dock, item) for item in jobs if item[0].running)
        return out

    def closeEvent(self, ev) -> None:
        # every job the user started is named in one question: a segmenter's All frames, a detector run, a
        # panel's 20-minute training were stopped without one (only a tracker run and an export asked)
        work = self.running_work()
        unsaved_before = {id(r) for r in self.tracking.unsaved}  # those the question below named
        if work:
            btn = QMessageBox.StandardButton
            jobs = [title for title, _line in work if title != self.UNSAVED]
            many = len(jobs) > 1
            unsaved = len(jobs) < len(work)
            if jobs:
                ask = "Quit and stop " + ("these?" if many else "it?")
                keep = " and " + ("them" if many else "it") + " running" + (
                    ", the runs not saved in it" if unsaved else "")
            else:
                ask, keep = "Quit without saving them?", ", the runs not saved in it"
            text = (ask + "\n\n" + "\n".join(f"• {line}" for _title, line in work)
                    + "\n\nNo keeps the window open" + keep + ".")
            title = (f"{len(jobs)} jobs are in progress" if many else jobs[0] if jobs else self.UNSAVED) + (
                f"; {self.UNSAVED.lower()}" if jobs and unsaved else "")
            if QMessageBox.question(self, title, text, btn.Yes | btn.No, btn.No) != btn.Yes:
                ev.ignore()
                return
        # a Run press waiting for its readiness checks ("Checking…") gives up: their answer, coming while the
        # waits below handle events or after the window has gone, started its run and saved it
        self._closing = True
        self.methods.run_gate.cancel()
        if self.exporter.running:
            self.exporter.stop()
            if not self._process_events_while(lambda: self.exporter.running, 120):
                self.show_warning("Still exporting", "The export did not stop: quit again once it is written.")
                self._closing = False
                ev.ignore()
                return
        # an inspector's export writes its files one after the other and cannot stop between them: finished
        # first (it went on after the window had gone, or was cut off by the process ending)
        # (a panel's too: the LW-IRSTNet evaluation's, the seq_irst plot's)
        writing = [job for _dock, (job, _line, finish) in self.inspector_jobs() if finish]
        writing += [job for job, _title, _line, finish in self.panel_jobs() if finish]
        if writing:
            self.statusBar().showMessage("Finishing the exports before quitting…")
            if not self._process_events_while(lambda: any(job.running for job in writing), 120):
                self.show_warning("Still exporting", "An export did not finish: quit again once it is written.")
                self._closing = False
                ev.ignore()
                return
        if self.segmentation.loading:  # a saved run read back: nothing to keep
            self.segmentation.cancel()
        # a run whose plugin call is still in progress after ``Job.LET_GO_MS`` is let go (as Cancel lets it go):
        # its frames are saved and quitting waits no longer for it (a slow plugin's frame held it up to 30 s)
        if self.segmentation.running or self.detection.job.running or self.runner.job.running:
            if self.segmentation.running:  # All frames, or Segment frame (this close may come from its wait)
                self.segmentation.cancel()
            if self.detection.job.running:
                self.detection.cancel()
            if self.runner.job.running:
                self.runner.cancel()
            self.wait_for_run(30)
        if self.runner.saving:  # the ended runs' boxes, times and manifest (a save is not stopped): written whole;
            # their maps, written after on the same worker, are waited for by run_app's Job.wait_to_quit
            self.statusBar().showMessage("Saving the tracking run's results before quitting…")
            if not self._process_events_while(lambda: self.runner.saving, self.QUIT_SAVE_WAIT_S):
                # those waiting their turn would be lost without a word (the one being written ends on its worker)
                names = ", ".join(self.runner.unwritten()) or "a tracker"
                self.show_warning("Still saving", f"The results of {names} are still being written (a slow or "
                                                  "network disk?): the window stays open; quit again once they are "
                                                  "saved.")
                self._closing = False
                ev.ignore()
                return
        # a save that failed while closing waited (its message names the file): the run is in memory only; the
        # window stays open for Track › Save again instead of losing it unasked
        if any(id(r) not in unsaved_before for r in self.tracking.unsaved):
            self._closing = False
            ev.ignore()
            return
        if self.detection.running:  # a detector run's save
            self.wait_for_run(30)
        # a sequence still being read is not opened now; not before: a close answered No keeps its open
        self.sequences.cancel_open()
        if self.segmentation.saving:  # a finished (or just cancelled) segmentation's masks: written whole
            self.statusBar().showMessage("Saving the segmentation run before quitting…")
            self._process_events_while(lambda: self.segmentation.saving, 120)
        self.sequences.stop_play()
        self.scoring.cancel()  # the dataset scope's scoring: its scores are not needed any more
        self.dataset.shutdown()
        # what no controller owns stops too: a plugin panel's training (seq_irst's Train) went on after the
        # window closed, and the process waited a minute for it (``run_app``), then printed a traceback
        from workbench.gui.worker import Job, LatestJob

        Job.cancel_all_under(self)
        # the controllers' latest-request readers (saved results' listing, maps, saved runs, names) only read:
        # nobody takes their answers now, so they are given up and quitting waits for them only briefly (a listing
        # on a hung network workspace, deaf to Cancel, held the closed window's process to the quit limit)
        for latest in self.findChildren(LatestJob):
            latest.drop()
        self.save_settings()
        warm = getattr(self, "warm_job", None)
        if warm is not None:  # the start-up imports: let them end with the window
            self._process_events_while(lambda: warm.running, 5)
        super().closeEvent(ev)
