"""The main window: viewer in the centre, methods and layers on the right, timeline, plots and
inspectors at the bottom, the dataset table on the left. It talks to data through
``workbench.core.data``, to methods only through the registry, and runs them in ``runner``."""
from __future__ import annotations

import dataclasses
import time
import traceback
from collections import OrderedDict
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QEventLoop, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QMainWindow, QMenu, QMessageBox,
                               QSlider, QSpinBox, QStyle, QToolButton, QVBoxLayout, QWidget)

from workbench.core.boxes import Box, center_error, iou
from workbench.core.errors import WorkbenchError
from workbench.core.evaluation.plots import color_for
from workbench.gui import display, style
from workbench.gui import settings as wsettings
from workbench.gui.dataset_dock import DatasetDock
from workbench.gui.inspector import InspectorDock, ResponseMapInspector
from workbench.gui.layers_dock import LayersDock
from workbench.gui.methods_dock import MethodsDock
from workbench.gui.plots_dock import PlotsDock
from workbench.gui.runner import LiveRun, LockedFrames, TrackRunner, TrackSpec
from workbench.gui.segmentation import SegResults, SegRunner, TargetsDock
from workbench.gui.spectrum_dock import SpectrumDock
from workbench.gui.timeline import TimelineDock
from workbench.gui.viewer import FrameView

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")
VIDEO_FILTER = ("Sequences and images (*.mp4 *.avi *.mov *.mkv *.m4v *.hdr *.h5 *.hdf5 *.mat *.png *.jpg *.jpeg *.bmp "
                "*.tif *.tiff);;Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff);;Sequences (*.mp4 *.avi *.mov *.mkv *.m4v *.hdr *.h5 *.hdf5 *.mat);;Videos (*.mp4 *.avi *.mov *.mkv "
                "*.m4v);;ENVI cube (*.hdr);;HDF5 cube (*.h5 *.hdf5);;All files (*)")
CACHE_FRAMES = 24


class FrameCache:
    """The last frames read (scrubbing back and forth, and the frames the tracker just read)."""

    def __init__(self, seq, size: int = CACHE_FRAMES):
        self.seq, self.size = seq, size
        self._d: OrderedDict[int, np.ndarray] = OrderedDict()

    def put(self, i: int, frame: np.ndarray) -> None:
        self._d[i] = frame
        self._d.move_to_end(i)
        while len(self._d) > self.size:
            self._d.popitem(last=False)

    def get(self, i: int) -> np.ndarray:
        f = self._d.get(i)
        if f is None:
            f = self.seq.frame(i)
            self.put(i, f)
        else:
            self._d.move_to_end(i)
        return f

    def has(self, i: int) -> bool:
        return i in self._d


def single_image_sequence(path):
    """One image file as a one-frame sequence (``open_sequence`` opens folders, videos and cubes)."""
    from workbench.core.data.images import read_image
    from workbench.core.data.sequence import ArrayFrames, Sequence

    path = Path(path).absolute()
    img = read_image(path)
    if img.ndim == 3 and img.shape[2] in (3, 4):
        modality = "rgb"
    elif img.dtype == np.uint8:
        modality = "gray"
    else:
        modality = "ir16"
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[:, :, 0]
    return Sequence(path.stem, ArrayFrames(1, lambda _i: img), modality, path=path,
                    meta={"layout": "image", "source": str(path)})


class MainWindow(QMainWindow):
    def __init__(self, registry=None, parent=None):
        super().__init__(parent)
        from workbench.core.registry import default_registry

        self.registry = registry if registry is not None else default_registry()
        self.setWindowTitle("Workbench — tracking analysis")
        self.setAcceptDrops(True)
        self.resize(1600, 1000)
        self.sequence = None
        self.seq_path: Path | None = None
        self.frame_index = 0
        self.cache: FrameCache | None = None
        self.live: dict[str, LiveRun] = {}  # runs of the open sequence, by tracker label
        self._color_order: list[str] = []
        self.init_box: tuple | None = None
        self.start_frame = 0
        self.dataset_root: Path | None = None
        self.dataset_entries: list = []
        self._gt_cache: dict[str, tuple] = {}
        self.reports: list = []
        self._raw: np.ndarray | None = None
        self._levels: tuple[float, float] | None = None
        self._dirty = False
        self._latest: int | None = None
        self.last_error: str | None = None
        self.quiet_errors = False  # screenshots: errors go to stderr, not a dialog
        self.inspectors: dict[str, InspectorDock] = {}
        self.last_fps: dict[str, float] = {}
        self._close_confirmed = False

        self.runner = TrackRunner(wsettings.results_dir(), self)
        self.runner.sigStarted.connect(self._on_run_started)
        self.runner.sigFrame.connect(self._on_run_frame)
        self.runner.sigRunEnded.connect(self._on_run_ended)
        self.runner.sigFinished.connect(self._on_runner_finished)
        # segmenters: one worker for whole sequences; single frames run on the GUI thread (instant)
        self.seg_runner = SegRunner(self)
        self.seg_runner.sigFrame.connect(self._on_seg_frame)
        self.seg_runner.sigEnded.connect(self._on_seg_ended)
        self.seg: SegResults | None = None  # results of the open sequence
        self.segmenter = None  # the interactive instance (its cached logits serve live re-filtering)
        self.segmenter_name: str | None = None
        self._seg_index: int | None = None  # the frame whose logits the interactive segmenter holds
        self._seg_selected: int | None = None

        self._build_view()
        self._build_docks()
        self._build_actions()
        self._build_status()
        self._hook_spectrum()
        self._restore_settings()

        self.play_timer = QTimer(self)
        self.play_timer.timeout.connect(self._play_tick)
        self.live_timer = QTimer(self)  # boxes arrive faster than a screen can show them: redraw at 30 Hz
        self.live_timer.setInterval(33)
        self.live_timer.timeout.connect(self._live_refresh)
        self._last_plot_update = 0.0
        self._update_enabled()
        self._update_hint()

    # ======================================================================================
    # construction
    # ======================================================================================
    def _build_view(self) -> None:
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.view = FrameView()
        self.view.sigInitBox.connect(self._on_init_box)
        self.view.sigCursor.connect(self._on_cursor)
        self.view.sigZoom.connect(lambda z: self.zoom_label.setText(f"zoom {z * 100:.0f} %"))
        lay.addWidget(self.view, 1)
        bar = QWidget()
        bar.setObjectName("transport")
        bar.setStyleSheet(f"#transport {{ background: {style.PANEL}; border-top: 1px solid #30343b; }}")
        bl = QHBoxLayout(bar)
        bl.setContentsMargins(8, 4, 8, 4)
        SP = QStyle.StandardPixmap
        self.btn_first = self._tool_button(SP.SP_MediaSkipBackward, "First frame (Home)", lambda: self.set_frame(0))
        self.btn_prev = self._tool_button(SP.SP_MediaSeekBackward, "Previous frame (Left)", lambda: self.step(-1))
        self.btn_play = self._tool_button(SP.SP_MediaPlay, "Play / pause (Space)", self.toggle_play)
        self.btn_next = self._tool_button(SP.SP_MediaSeekForward, "Next frame (Right)", lambda: self.step(1))
        self.btn_last = self._tool_button(SP.SP_MediaSkipForward, "Last frame (End)",
                                          lambda: self.set_frame(self.n_frames - 1))
        for b in (self.btn_first, self.btn_prev, self.btn_play, self.btn_next, self.btn_last):
            bl.addWidget(b)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.valueChanged.connect(self.set_frame)
        bl.addWidget(self.slider, 1)
        self.counter = QLabel("– / –")
        self.counter.setMinimumWidth(90)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bl.addWidget(self.counter)
        self.fps_spin = QSpinBox()
        self.fps_spin.setRange(1, 120)
        self.fps_spin.setValue(25)
        self.fps_spin.setSuffix(" fps")
        self.fps_spin.setToolTip("Play rate")
        self.fps_spin.valueChanged.connect(lambda v: self.play_timer.setInterval(int(1000 / v)))
        bl.addWidget(self.fps_spin)
        lay.addWidget(bar)
        self.setCentralWidget(central)

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
        self.methods.sigRunAll.connect(self.segment_sequence)
        self.methods.tree.currentItemChanged.connect(lambda *_: (self._update_enabled(), self._update_hint()))
        self.methods.sigCancel.connect(self.cancel_run)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.methods)
        self.layers = LayersDock(self)
        self.layers.sigChanged.connect(self._refresh_overlays)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.layers)
        self.splitDockWidget(self.methods, self.layers, Qt.Orientation.Vertical)

        self.timeline = TimelineDock(self)
        self.timeline.sigFrame.connect(self.set_frame)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline)
        self.plots = PlotsDock(self)
        self.plots.sigScope.connect(lambda _s: self.update_plots())
        self.plots.sigExport.connect(self.export_dialog)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.plots)
        self.splitDockWidget(self.timeline, self.plots, Qt.Orientation.Horizontal)
        self.response_inspector = ResponseMapInspector(self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.response_inspector)
        self.inspectors["Response map"] = self.response_inspector
        # hyperspectral display choice and spectra; shown when a cube sequence opens
        self.spectrum = SpectrumDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.spectrum)
        self.spectrum.hide()
        self.inspectors["Spectrum"] = self.spectrum

        self.targets = TargetsDock(self)
        self.targets.sigCentre.connect(self._on_target_clicked)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.targets)
        # Tab groups are formed on the first show (``_arrange_docks``): Qt 6.11 leaves stale, still
        # painted duplicate tab bars when docks are tabified before the window is first shown.
        self._tab_groups = [(self.timeline, self.response_inspector), (self.layers, self.spectrum),
                            (self.plots, self.targets)]

        self.dataset = DatasetDock(self)
        self.dataset.sigOpen.connect(self.open_entry)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dataset)
        self.dataset.hide()
        self._sized = False

    def _hook_spectrum(self) -> None:
        self.spectrum.sigDisplayChanged.connect(self._redisplay)
        self.view.sigClicked.connect(self.spectrum.set_pixel)
        self.band_spin.valueChanged.connect(self.spectrum.sync_band)

    def _default_dock_sizes(self) -> None:
        w, h = self.width(), self.height()
        self.resizeDocks([self.methods], [max(330, int(w * 0.23))], Qt.Orientation.Horizontal)
        self.resizeDocks([self.methods, self.layers], [int(h * 0.8), 165], Qt.Orientation.Vertical)
        self.resizeDocks([self.timeline, self.plots], [max(300, int(h * 0.4))] * 2, Qt.Orientation.Vertical)
        self.resizeDocks([self.timeline, self.plots], [int(w * 0.42), int(w * 0.58)], Qt.Orientation.Horizontal)

    def showEvent(self, ev) -> None:
        super().showEvent(ev)
        if not self._sized:
            self._sized = True
            self._arrange_docks()

    def _arrange_docks(self) -> None:
        """First show: the saved dock layout, or the default tab groups and sizes (see _build_docks)."""
        state, self._saved_state = self._saved_state, None
        if state is not None and self.restoreState(state):
            self._state_restored = True
            return
        for first, second in self._tab_groups:
            self.tabifyDockWidget(first, second)
        self.timeline.raise_()
        self.plots.raise_()
        self._default_dock_sizes()
        QTimer.singleShot(0, self._default_dock_sizes)

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
        self.act_open_folder = A("Open sequence folder…", self.open_folder_dialog, "Ctrl+O",
                                 "Open a folder of frames (OTB, VOT, UAV123, … or plain images)")
        self.act_open_file = A("Open video or cube…", self.open_file_dialog, "Ctrl+Shift+O",
                               "Open a video, an ENVI .hdr or an HDF5 cube")
        self.act_open_dataset = A("Open dataset root…", self.open_dataset_dialog, "Ctrl+D",
                                  "Open a folder of sequences and pick one from the table")
        self.act_demo = A("Open demo sequence", self.open_demo, None, "The built-in 16-bit thermal demo")
        self.act_quit = A("Quit", self.close, "Ctrl+Q")
        self.act_draw = A("Draw box", self._set_draw_mode, "B",
                          "Drag on the frame to draw the initial box", checkable=True)
        self.act_start_here = A("Start from this frame", self.start_from_here, "S",
                                "Make the current frame the start frame of the next run")
        self.act_clear_box = A("Clear box", self.clear_init_box, None, "Use the groundtruth box instead")
        self.act_play = A("Play", self.toggle_play, "Space", "Play / pause")
        self.act_prev = A("Previous frame", lambda: self.step(-1), "Left")
        self.act_next = A("Next frame", lambda: self.step(1), "Right")
        self.act_home = A("First frame", lambda: self.set_frame(0), "Home")
        self.act_end = A("Last frame", lambda: self.set_frame(self.n_frames - 1), "End")
        self.act_fit = A("Fit", self.view.fit, "F", "Fit the frame to the view")
        self.act_zoom_in = A("Zoom in", lambda: self.view.set_zoom(1.25), "+")
        self.act_zoom_out = A("Zoom out", lambda: self.view.set_zoom(0.8), "-")
        self.act_run = A("Run", self.run_selected, "Ctrl+R", "Run the checked (or selected) trackers")
        self.act_cancel = A("Cancel", self.cancel_run, "Esc", "Stop the run; frames tracked so far are kept")
        self.act_export_plots = A("Plots (PNG, SVG, PDF)…", lambda: self.export_dialog("plots"))
        self.act_export_numbers = A("Numbers (CSV, JSON)…", lambda: self.export_dialog("numbers"))
        self.act_export_boxes = A("Result boxes (text)…", lambda: self.export_dialog("boxes"))
        self.act_export_frame = A("Current frame with overlays (PNG)…", lambda: self.export_dialog("frame"),
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
        m.addSeparator()
        m.addAction(self.act_quit)
        v = mb.addMenu("&View")
        for a in (self.act_fit, self.act_zoom_in, self.act_zoom_out):
            v.addAction(a)
        v.addSeparator()
        for d in (self.methods, self.layers, self.timeline, self.plots, self.targets, self.dataset):
            v.addAction(d.toggleViewAction())
        self.inspector_menu = v.addMenu("Inspectors")
        self._fill_inspector_menu()
        t = mb.addMenu("&Track")
        for a in (self.act_draw, self.act_start_here, self.act_clear_box, None, self.act_run, self.act_cancel):
            t.addSeparator() if a is None else t.addAction(a)
        n = mb.addMenu("&Navigate")
        for a in (self.act_play, self.act_prev, self.act_next, self.act_home, self.act_end):
            n.addAction(a)
        h = mb.addMenu("&Help")
        h.addAction("Keys and mouse", self._show_help)
        h.addAction("Workspace folder", lambda: self.show_info(
            "Workspace", f"Results are written to\n{wsettings.results_dir()}\n(one text file per tracker and sequence)."))
        self._fill_recent_menu()

        tb = self.addToolBar("Main")
        tb.setObjectName("main_toolbar")
        tb.setMovable(False)
        open_btn = QToolButton()
        open_btn.setText("Open")
        open_btn.setToolTip("Open a sequence folder (Ctrl+O); the arrow has more")
        open_btn.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        open_btn.clicked.connect(self.open_folder_dialog)
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
        self.cmap_combo.currentTextChanged.connect(lambda _t: self._redisplay())
        tb.addWidget(self.cmap_combo)
        tb.addWidget(QLabel(" Contrast "))
        self.stretch_combo = QComboBox()
        self.stretch_combo.addItems(list(display.STRETCHES))
        self.stretch_combo.setCurrentText(display.DEFAULT_STRETCH)
        self.stretch_combo.setToolTip("Percentile stretch: the display range per frame")
        self.stretch_combo.currentTextChanged.connect(lambda _t: self._redisplay())
        tb.addWidget(self.stretch_combo)
        self.band_label = QLabel(" Band ")
        self.band_spin = QSpinBox()
        self.band_spin.setRange(-1, 0)
        self.band_spin.setSpecialValueText("mean")
        self.band_spin.setValue(-1)
        self.band_spin.setToolTip("Hyperspectral band shown (mean of all bands at the left end)")
        self.band_spin.valueChanged.connect(lambda _v: self._redisplay())
        self.band_label_action = tb.addWidget(self.band_label)
        self.band_spin_action = tb.addWidget(self.band_spin)
        tb.addSeparator()
        tb.addAction(self.act_run)
        tb.addAction(self.act_cancel)
        self.toolbar = tb

    def _build_status(self) -> None:
        sb = self.statusBar()
        self.frame_label = QLabel("no sequence")
        self.pixel_label = QLabel("")
        self.zoom_label = QLabel("")
        self.fps_label = QLabel("")
        for w in (self.frame_label, self.pixel_label, self.zoom_label, self.fps_label):
            sb.addPermanentWidget(w)

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
        self._state_restored = False
        self.cmap_combo.setCurrentText(s.value("view/colormap", "gray"))
        self.stretch_combo.setCurrentText(s.value("view/stretch", display.DEFAULT_STRETCH))
        self.fps_spin.setValue(int(s.value("view/play_fps", 25)))
        self.layers.opacity.setValue(int(s.value("view/map_opacity", 60)))
        self.layers.show_gt.setChecked(str(s.value("view/show_gt", "true")).lower() == "true")
        self.methods.follow.setChecked(str(s.value("run/follow", "true")).lower() == "true")
        self.act_draw.setChecked(True)

    def save_settings(self) -> None:
        s = wsettings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("view/colormap", self.cmap_combo.currentText())
        s.setValue("view/stretch", self.stretch_combo.currentText())
        s.setValue("view/play_fps", self.fps_spin.value())
        s.setValue("view/map_opacity", self.layers.opacity.value())
        s.setValue("view/show_gt", "true" if self.layers.show_gt.isChecked() else "false")
        s.setValue("run/follow", "true" if self.methods.follow.isChecked() else "false")
        s.sync()

    def _last_dir(self) -> str:
        return str(wsettings.settings().value("paths/last_dir", str(Path.home())))

    def _set_last_dir(self, path) -> None:
        p = Path(path)
        wsettings.settings().setValue("paths/last_dir", str(p if p.is_dir() else p.parent))

    # ======================================================================================
    # messages
    # ======================================================================================
    def show_error(self, title: str, text: str) -> None:
        self.last_error = f"{title}: {text}"
        self.statusBar().showMessage(self.last_error, 10000)
        if self.quiet_errors:
            import sys

            print(f"workbench: {self.last_error}", file=sys.stderr)
            return
        QMessageBox.critical(self, title, text)

    def show_info(self, title: str, text: str) -> None:
        if self.quiet_errors:
            return
        QMessageBox.information(self, title, text)

    def _show_help(self) -> None:
        self.show_info("Keys and mouse", (
            "Drag on the frame: draw the initial box (Draw box on, key B)\n"
            "Drag the box or its handles: move / resize it\n"
            "Wheel: zoom   Middle drag (or Draw box off + left drag): pan   F: fit\n"
            "Space: play / pause   Left / Right: step   Home / End: first / last frame\n"
            "S: start the next run from this frame   Ctrl+R: run   Esc: cancel\n"
            "Click the timeline: jump to that frame   Ctrl+E: export the frame with overlays"))

    # ======================================================================================
    # opening data
    # ======================================================================================
    def open_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Open a sequence folder or dataset root", self._last_dir())
        if path:
            self.open_path(path)

    def open_dataset_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Open a dataset root", self._last_dir())
        if path:
            self.open_path(path, as_dataset=True)

    def open_file_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a video, cube or image", self._last_dir(), VIDEO_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path, as_dataset: bool = False) -> bool:
        """A sequence (folder, video, cube) opens in the viewer; a dataset root lists its sequences."""
        from workbench.core.data.detect import detect_layout, open_dataset, open_sequence

        path = Path(path)
        self._set_last_dir(path)
        try:
            if not path.exists():
                raise WorkbenchError(f"{path}: no such file or folder")
            layout = None if as_dataset or path.is_file() else detect_layout(path)
            if path.is_dir() and layout is None:
                entries = open_dataset(path)
                if len(entries) > 1 or as_dataset:
                    self.set_dataset(path, entries)
                    self._add_recent(path, "dataset")
                    if not as_dataset or len(entries) == 1:
                        pass
                    return True
                seq = entries[0].open()
            elif path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES:
                seq = single_image_sequence(path)
            else:
                seq = open_sequence(path)
            if len(seq) == 0:
                raise WorkbenchError(f"{path}: the sequence has no frames")
        except WorkbenchError as exc:
            self.show_error("Cannot open", str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - a reader's bug: report it, keep the window
            self.show_error("Cannot open", f"{path}: {type(exc).__name__}: {exc}")
            traceback.print_exc()
            return False
        self._add_recent(path, "sequence")
        self.set_sequence(seq, path)
        return True

    def open_image(self, path) -> bool:
        """One image as a one-frame sequence (what a segmenter works on)."""
        return self.open_path(path)

    def open_demo(self) -> None:
        from workbench.core.data.synthetic import demo_sequence

        self.set_sequence(demo_sequence(), None)

    def open_entry(self, entry) -> None:
        try:
            seq = entry.open()
        except Exception as exc:  # noqa: BLE001
            self.show_error("Cannot open", f"{entry.path}: {exc}")
            return
        self.set_sequence(seq, entry.path, keep_dataset=True)

    def set_dataset(self, root: Path, entries) -> None:
        self.dataset_root, self.dataset_entries = Path(root), list(entries)
        self._gt_cache = {}
        self.dataset.set_dataset(self.dataset_root, self.dataset_entries, self._results_by_sequence())
        first_show = not self.dataset.isVisible()
        self.dataset.show()
        self.dataset.raise_()
        if first_show:
            self.resizeDocks([self.dataset], [420], Qt.Orientation.Horizontal)
        self.plots.set_dataset_available(True)
        self.statusBar().showMessage(f"{root}: {len(entries)} sequences; double-click one to open it", 8000)

    def _results_by_sequence(self) -> dict[str, list[str]]:
        from workbench.core.results import list_results

        out: dict[str, list[str]] = {}
        for tracker, files in list_results(wsettings.results_dir()).items():
            for seq in files:
                out.setdefault(seq, []).append(tracker)
        return out

    def _add_recent(self, path, kind) -> None:
        wsettings.add_recent(Path(path).resolve(), kind)
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        items = wsettings.recent_items()
        for it in items:
            p = Path(it["path"])
            a = self.recent_menu.addAction(f"{p.name}  —  {p.parent}" + ("  (dataset)" if it["kind"] == "dataset" else ""))
            a.triggered.connect(lambda _c=False, p=p, k=it["kind"]: self.open_path(p, as_dataset=k == "dataset"))
        self.recent_menu.setEnabled(bool(items))

    def dragEnterEvent(self, ev) -> None:
        if ev.mimeData().hasUrls():
            ev.acceptProposedAction()

    def dropEvent(self, ev) -> None:
        urls = [u.toLocalFile() for u in ev.mimeData().urls() if u.isLocalFile()]
        if urls:
            ev.acceptProposedAction()
            self.open_path(urls[0])

    # ======================================================================================
    # the sequence and its runs
    # ======================================================================================
    @property
    def n_frames(self) -> int:
        return len(self.sequence) if self.sequence is not None else 0

    def set_sequence(self, seq, path=None, keep_dataset: bool = False) -> None:
        if self.busy:
            self.show_error("Run in progress", "Cancel the run before opening another sequence.")
            return
        self.stop_play()
        self.seg = None
        self._seg_index = None
        self._seg_selected = None
        self.targets.clear("No segmentation yet: select a segmenter in Methods and run it.")
        seq = dataclasses.replace(seq, frames=LockedFrames(seq.frames))
        self.sequence, self.seq_path = seq, Path(path) if path else None
        if not keep_dataset and self.dataset_root is not None:
            pass  # the dataset table stays available on the left
        self.cache = FrameCache(seq)
        self.live = {}
        self.init_box = None
        self.view.set_init_box(None)
        self.start_frame = seq.first_valid_frame() or 0
        self._levels = None
        self._load_saved_runs()
        first = self.cache.get(0)
        is_hsi = first.ndim == 3 and first.shape[2] > 4
        self.band_spin.setRange(-1, first.shape[2] - 1 if is_hsi else 0)
        self.band_label_action.setVisible(is_hsi)
        self.band_spin_action.setVisible(is_hsi)
        self.cmap_combo.setEnabled(not display.is_color(display.to_displayable(first)))
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(seq) - 1)
        self.slider.blockSignals(False)
        self.timeline.set_length(len(seq), seq.frame_attributes())
        self.view.set_show_gt_in_legend(seq.has_groundtruth)
        self.view._shape = None  # fit the new frame size
        gt_note = "with groundtruth" if seq.has_groundtruth else "no groundtruth"
        self.setWindowTitle(f"{seq.name} — Workbench")
        self.statusBar().showMessage(f"Opened {seq.name}: {len(seq)} frames, {seq.modality}, {gt_note}", 8000)
        self.frame_index = -1
        self.pixel_label.setText("")
        self.methods.run_status.setText("")
        self.methods.set_progress(0.0, "idle")
        self.set_frame(self.start_frame if self.start_frame < len(seq) else 0)
        self._runs_changed()
        for dock in list(self.inspectors.values()):
            self._call_inspector(dock, "on_sequence", seq)
        self._update_init_label()
        self._update_enabled()
        self._update_hint()

    def _load_saved_runs(self) -> None:
        """Results of this sequence already in the workspace show as runs (nothing is lost)."""
        from workbench.core.results import list_results, read_result_boxes

        seq = self.sequence
        for tracker, files in list_results(wsettings.results_dir()).items():
            path = files.get(seq.name)
            if path is None:
                continue
            try:
                boxes = read_result_boxes(path)
            except Exception:  # noqa: BLE001 - a damaged result file: skip it, say so
                self.statusBar().showMessage(f"skipped unreadable result {path}", 8000)
                continue
            if len(boxes) != len(seq):
                continue
            ok = np.flatnonzero(np.all(np.isfinite(boxes), axis=1))
            if not len(ok):
                continue
            run = LiveRun(tracker, seq.name, len(seq), int(ok[0]))
            run.boxes[:] = boxes
            run.status, run.last = "saved", int(ok[-1])
            times = path.with_name(f"{seq.name}_time.txt")
            if times.is_file():
                try:
                    t = np.loadtxt(times, ndmin=1)
                    if len(t) == len(seq):
                        run.times[:] = t
                except ValueError:
                    pass
            self.live[tracker] = run
            self._color(tracker)

    def _color(self, label: str) -> str:
        if label not in self._color_order:
            self._color_order.append(label)
        return color_for(self._color_order.index(label))

    def colors(self) -> dict[str, str]:
        return {k: self._color(k) for k in self.live}

    # InspectorHost ---------------------------------------------------------------------------
    def runs(self) -> dict:
        return {k: r.result() for k, r in self.live.items()}

    def maps_at(self, tracker: str, index: int) -> dict:
        run = self.live.get(tracker)
        return dict(run.maps.get(index, {})) if run is not None else {}

    # ======================================================================================
    # frames
    # ======================================================================================
    def set_frame(self, i: int) -> None:
        if self.sequence is None:
            return
        i = int(np.clip(i, 0, self.n_frames - 1))
        if i == self.frame_index and self._raw is not None:
            return
        try:
            raw = self.cache.get(i)
        except Exception as exc:  # noqa: BLE001 - a damaged frame file
            self.stop_play()
            self.show_error("Cannot read frame", f"{self.sequence.name}, frame {i + 1}: {exc}")
            return
        self.frame_index = i
        self._raw = raw
        self._redisplay()
        self.slider.blockSignals(True)
        self.slider.setValue(i)
        self.slider.blockSignals(False)
        self.counter.setText(f"{i + 1} / {self.n_frames}")
        self.frame_label.setText(f"frame {i + 1}/{self.n_frames}")
        self.timeline.set_frame(i)
        self._refresh_overlays()
        self.view.set_init_visible(i == self.start_frame)
        for dock in list(self.inspectors.values()):
            self._call_inspector(dock, "on_frame", i)

    def step(self, d: int) -> None:
        self.stop_play()
        self.set_frame(self.frame_index + d)

    def _display_params(self):
        return self.cmap_combo.currentText(), display.STRETCHES[self.stretch_combo.currentText()], self.band_spin.value()

    def _redisplay(self) -> None:
        if self._raw is None:
            return
        cmap, stretch, band = self._display_params()
        img = display.to_displayable(self._raw, band, self.spectrum.view())
        if display.is_color(img) and img.dtype == np.uint8:
            self.view.set_image(img)
            return
        lo, hi = display.levels(img, *stretch)
        if display.is_color(img):
            self.view.set_image(img.astype(np.float32), levels=(lo, hi))
        else:
            self.view.set_image(img, levels=(lo, hi), lut=display.lut(cmap))

    def _refresh_overlays(self) -> None:
        if self.sequence is None:
            return
        i = self.frame_index
        gt = self.sequence.gt_box(i) if self.layers.show_gt.isChecked() else None
        self.view.set_gt(gt)
        hidden = self.layers.hidden()
        colors = {k: c for k, c in self.colors().items() if k not in hidden}
        boxes = {k: (tuple(self.live[k].boxes[i]) if np.all(np.isfinite(self.live[k].boxes[i])) else None)
                 for k in colors}
        self.view.set_results(boxes, colors)
        tracker, name = self.layers.selected_map()
        layer = self.maps_at(tracker, i).get(name) if tracker else None
        if layer is None:
            self.view.set_heatmap(None)
        else:
            self.view.set_heatmap(np.asarray(layer.data, np.float32), layer.region, self.layers.opacity.value() / 100)
        self._refresh_segmentation()

    def toggle_play(self) -> None:
        if self.play_timer.isActive():
            self.stop_play()
        elif self.sequence is not None:
            if self.frame_index >= self.n_frames - 1:
                self.set_frame(0)
            self.play_timer.start(int(1000 / self.fps_spin.value()))
            self.btn_play.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPause))
            self.act_play.setText("Pause")

    def stop_play(self) -> None:
        self.play_timer.stop()
        self.btn_play.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.act_play.setText("Play")

    def _play_tick(self) -> None:
        if self.frame_index >= self.n_frames - 1:
            self.stop_play()
            return
        self.set_frame(self.frame_index + 1)
        nxt = self.frame_index + 1
        if nxt < self.n_frames and not self.cache.has(nxt):
            # read the next frame in the idle time before the next tick
            QTimer.singleShot(0, lambda n=nxt: self._prefetch(n))

    def _prefetch(self, i: int) -> None:
        try:
            if self.cache is not None and not self.cache.has(i):
                self.cache.get(i)
        except Exception:  # noqa: BLE001 - reported when the frame is shown
            pass

    def _on_cursor(self, x: float, y: float) -> None:
        if self._raw is None:
            return
        c, r = int(np.floor(x)), int(np.floor(y))
        h, w = self._raw.shape[:2]
        if not (0 <= r < h and 0 <= c < w):
            self.pixel_label.setText("")
            return
        v = self._raw[r, c]
        if np.ndim(v) == 0:
            val = f"{v}" if np.issubdtype(self._raw.dtype, np.integer) else f"{float(v):.4g}"
        elif len(v) <= 4:
            val = "(" + ", ".join(str(int(x)) if np.issubdtype(self._raw.dtype, np.integer) else f"{float(x):.3g}"
                                  for x in v) + ")"
        else:
            b = self.band_spin.value()
            val = f"band {b}: {v[b]}" if b >= 0 else f"mean {float(np.mean(v)):.4g} ({len(v)} bands)"
        self.pixel_label.setText(f"x {c}  y {r}  = {val}")

    # ======================================================================================
    # the initial box
    # ======================================================================================
    def _set_draw_mode(self, on: bool) -> None:
        self.view.set_draw_mode(on)
        self._update_hint()

    def _on_init_box(self, box) -> None:
        if box is None:
            return
        # the box belongs to the frame it was drawn on: that frame becomes the start frame
        self.init_box = tuple(float(v) for v in box)
        self.start_frame = self.frame_index
        self._update_init_label()
        self._update_hint()

    def start_from_here(self) -> None:
        """The next run starts at the current frame (from the box drawn here, else its groundtruth)."""
        if self.sequence is None:
            return
        self.start_frame = self.frame_index
        if self.init_box is not None:
            self.view.set_init_box(self.init_box)
        else:
            gt = self.sequence.gt_box(self.frame_index)
            if gt is not None:
                self.init_box = tuple(gt)
                self.view.set_init_box(gt)
        self.view.set_init_visible(True)
        self._update_init_label()
        self._update_hint()

    def clear_init_box(self) -> None:
        self.init_box = None
        self.view.set_init_box(None)
        if self.sequence is not None:
            self.start_frame = self.sequence.first_valid_frame() or 0
        self._update_init_label()
        self._update_hint()

    def set_init(self, box, start: int | None = None) -> None:
        """Set the initial box from code (tests, scripts)."""
        if start is not None:
            self.set_frame(start)
        self.view.set_init_box(box)
        self._on_init_box(self.view.init_box())

    def _update_init_label(self) -> None:
        if self.sequence is None:
            self.methods.init_label.setText("Open a sequence first.")
            return
        s = self.start_frame + 1
        if self.init_box is not None:
            b = ", ".join(f"{v:.0f}" for v in self.init_box)
            text = f"Initial box <b>{b}</b> (x, y, w, h) at frame <b>{s}</b>"
        elif self.sequence.gt_box(self.start_frame) is not None:
            text = f"Initial box: groundtruth at frame <b>{s}</b> — or drag on the frame to draw your own"
        else:
            text = "<span style='color:#ffb454'>Drag on the frame to draw the initial box.</span>"
        self.methods.init_label.setText(text)

    def _update_hint(self) -> None:
        if self.sequence is None:
            self.view.set_hint("File › Open a sequence folder, a video or a cube — or drop it here")
        elif self.busy:
            self.view.set_hint(None)
        elif self.seg is not None or self.methods.current_segmenter() is not None:
            self.view.set_hint(None)
        elif self.init_box is None and not self.live:
            how = "drag" if self.act_draw.isChecked() else "turn on Draw box (B) and drag"
            self.view.set_hint(f"{how.capitalize()} on the frame to draw the initial box · wheel zooms · "
                               f"middle-drag pans")
        else:
            self.view.set_hint(None)

    # ======================================================================================
    # running
    # ======================================================================================
    def run_selected(self, names: list[str] | None = None) -> bool:
        if self.busy:
            return False
        if not names and self.methods.current_segmenter() is not None:
            return self.segment_frame() is not None
        if self.sequence is None:
            self.show_error("Nothing to track", "Open a sequence first (File › Open, or the demo).")
            return False
        names = names or self.methods.trackers_to_run()
        if not names:
            self.show_error("No tracker", "Select or tick a tracker in the Methods dock.")
            return False
        init = Box(*self.init_box) if self.init_box is not None else None
        if init is None and self.sequence.gt_box(self.start_frame) is None:
            self.show_error("No initial box", f"Draw the initial box on frame {self.start_frame + 1} first "
                                              "(drag on the frame).")
            return False
        specs = []
        for name in names:
            plugin = self.registry.plugins.get(name)
            if plugin is None:
                self.show_error("No such tracker", f"{name!r} is not an installed tracker plugin.")
                return False
            try:
                config = plugin.make_config(self.methods.config_values(name)) if plugin.config else None
            except (WorkbenchError, TypeError, ValueError) as exc:
                self.show_error(f"Settings of {name}", str(exc))
                return False
            self.methods.remember(name)
            specs.append(TrackSpec(name, plugin, config, self.methods.device_for(name)))
            for title in plugin.inspectors:
                self.open_inspector(plugin, title)
        for s in specs:
            self.live.pop(s.label, None)
        self.stop_play()
        self.set_frame(self.start_frame)
        self.runner.start(specs, self.sequence, init, self.start_frame)
        self.methods.set_running(True)
        self._update_enabled()
        self._update_hint()
        self.live_timer.start()
        return True

    def cancel_run(self) -> None:
        if self.seg_runner.running:
            self.seg_runner.cancel()
            self.methods.set_progress(self.methods.progress.value() / 1000, "cancelling…")
        if self.runner.running:
            self.runner.cancel()
            self.methods.set_progress(self.methods.progress.value() / 1000, "cancelling…")

    def _on_run_started(self, label: str) -> None:
        self.live[label] = self.runner.runs[label]
        self._color(label)
        self._runs_changed()
        self.methods.run_status.setText(f"{label}: initialising…")

    def _on_run_frame(self, label: str, fr, frame) -> None:
        if frame is not None and self.cache is not None:
            self.cache.put(fr.index, frame)
        self._latest = fr.index
        self._dirty = True
        run = self.live.get(label)
        if run is not None:
            n = max(1, run.n - run.start)
            self.methods.set_progress((fr.index - run.start + 1) / n, f"{label}  {fr.index + 1} / {run.n}")
        for dock in list(self.inspectors.values()):
            self._call_inspector(dock, "on_frame_result", label, fr)

    def _live_refresh(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        if self.methods.follow.isChecked() and self._latest is not None:
            self.set_frame(self._latest)
        else:
            self._refresh_overlays()
        now = time.perf_counter()
        if now - self._last_plot_update > 0.5:
            self._last_plot_update = now
            self._update_layers()
            self._update_timeline()

    def _on_run_ended(self, label: str, run: LiveRun, status: str) -> None:
        fps = run.fps
        if np.isfinite(fps):
            self.last_fps[label] = fps
            self.fps_label.setText(f"{label}: {fps:.0f} fps")
        done = run.frames_done if hasattr(run, "frames_done") else int(np.sum(np.isfinite(run.times)))
        if status == "error":
            self.methods.run_status.setText(f"{label}: failed — {run.error}")
            if run.last < 0:
                self.live.pop(label, None)
            self.show_error(f"{label} failed", f"The tracker {label!r} stopped with an error:\n{run.error}\n\n"
                                               "Other trackers and the window keep working.")
        elif status == "cancelled":
            self.methods.run_status.setText(f"{label}: cancelled after {done} frames; those are saved.")
        else:
            self.methods.run_status.setText(f"{label}: {done} frames, {fps:.0f} fps; saved to the workspace.")
        self._runs_changed()
        result = run.result()
        for dock in list(self.inspectors.values()):
            self._call_inspector(dock, "on_result", label, result)

    def _on_runner_finished(self) -> None:
        self.live_timer.stop()
        self._live_refresh()
        self.methods.set_running(False)
        statuses = {r.status for r in self.runner.runs.values()}
        if "cancelled" in statuses:
            self.methods.set_progress(self.methods.progress.value() / 1000, "cancelled — partial results kept")
        elif statuses == {"done"}:
            self.methods.set_progress(1.0, "done")
        else:
            self.methods.set_progress(self.methods.progress.value() / 1000, "finished with errors")
        self._runs_changed()
        if self.dataset_root is not None:
            self.dataset.set_results(self._results_by_sequence())
        self._update_enabled()
        self._update_hint()

    @property
    def busy(self) -> bool:
        """A tracking or segmentation worker is running."""
        return self.runner.running or self.seg_runner.running

    def wait_for_run(self, timeout_s: float = 120.0) -> bool:
        """Process events until the current run ends (scripts, screenshots)."""
        t0 = time.perf_counter()
        loop = QEventLoop()
        while self.busy and time.perf_counter() - t0 < timeout_s:
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.005)
        return not self.busy

    def _update_enabled(self) -> None:
        running = self.busy
        has_seq = self.sequence is not None
        runnable = bool(self.registry.by_kind("tracker")) or self.methods.current_segmenter() is not None
        self.act_run.setEnabled(has_seq and not running and runnable)
        self.methods.run_all_button.setEnabled(has_seq and not running)
        self.methods.run_button.setEnabled(self.act_run.isEnabled())
        self.act_cancel.setEnabled(running)
        for a in (self.act_open_folder, self.act_open_file, self.act_open_dataset, self.act_demo):
            a.setEnabled(not running)
        for a in (self.act_export_frame, self.act_start_here, self.act_clear_box):
            a.setEnabled(has_seq)
        for a in (self.act_export_plots, self.act_export_numbers, self.act_export_boxes):
            a.setEnabled(has_seq and bool(self.live))

    # ======================================================================================
    # segmenters
    # ======================================================================================
    def _segmenter_config(self, name: str):
        plugin = self.registry.plugins[name]
        try:
            config = plugin.make_config(self.methods.config_values(name)) if plugin.config else None
        except (WorkbenchError, TypeError, ValueError) as exc:
            self.show_error(f"Settings of {name}", str(exc))
            return plugin, None, False
        self.methods.remember(name)
        return plugin, config, True

    def _interactive_segmenter(self, name: str):
        """The segmenter for single frames, re-made only when its settings or device changed."""
        plugin, config, ok = self._segmenter_config(name)
        if not ok:
            return None
        device = self.methods.device_for(name)
        key = (name, device, repr(config))
        cur = self.segmenter
        same = (cur is not None and self.segmenter_name == name and getattr(self, "_seg_key", None) is not None
                and self._seg_key[:2] == key[:2] and repr(getattr(cur, "config", None)) == key[2])
        if not same:
            try:
                cur = plugin.create(config, device)
            except Exception as exc:  # noqa: BLE001 - a plugin's error stays a message
                from workbench.gui.segmentation import describe

                self.show_error(f"{name} failed", describe(exc))
                return None
            self.segmenter, self.segmenter_name, self._seg_index = cur, name, None
        self._seg_key = key
        return cur

    def segment_frame(self, name: str | None = None):
        """Segment the frame on screen (GUI thread: a small network on one frame). Returns the SegOutput."""
        name = name or self.methods.current_segmenter()
        if self.sequence is None or self._raw is None:
            self.show_error("Nothing to segment", "Open an image, a folder or a video first.")
            return None
        if not name or self.registry.plugins.get(name) is None or self.registry.plugins[name].kind != "segmenter":
            self.show_error("No segmenter", "Select a segmenter in the Methods dock.")
            return None
        if self.busy:
            return None
        seg = self._interactive_segmenter(name)
        if seg is None:
            return None
        t0 = time.perf_counter()
        try:
            out = seg.predict(self._raw)
        except Exception as exc:  # noqa: BLE001
            from workbench.gui.segmentation import describe

            self.show_error(f"{name} failed", describe(exc))
            return None
        dt = time.perf_counter() - t0
        self._seg_index = self.frame_index
        self._store_seg(name, self.frame_index, out, dt)
        self.methods.run_status.setText(f"{name}: frame {self.frame_index + 1} in {dt * 1000:.0f} ms, "
                                        f"{len(out.targets)} targets")
        self.fps_label.setText(f"{name}: {1 / dt:.0f} fps" if dt > 0 else "")
        self._after_seg_update(raise_table=True)
        return out

    def _store_seg(self, name: str, i: int, out, seconds: float | None = None):
        if self.seg is None or self.seg.label != name:
            self.seg = SegResults(name, self.n_frames)
        return self.seg.put(i, out, seconds)

    def _after_seg_update(self, raise_table: bool = False) -> None:
        self.layers.seg_box.setVisible(True)
        self._seg_selected = None
        self._refresh_overlays()
        if raise_table:
            self.targets.show()
            self.targets.raise_()
        self._update_enabled()

    def refilter_segmentation(self, threshold: float | None = None, **bounds):
        """Re-threshold / re-filter the frame on screen with the interactive segmenter's cached logits
        (no network call when they are this frame's). Panels' live sliders call this. Returns the SegOutput
        or None when nothing has been segmented yet."""
        seg = self.segmenter
        if seg is None or not hasattr(seg, "refilter") or self.sequence is None:
            return None
        if self._seg_index != self.frame_index:
            # the cached logits belong to another frame: one forward pass for this one, then filter
            if self.busy or self._raw is None:
                return None
            try:
                seg.predict(self._raw)
            except Exception as exc:  # noqa: BLE001
                from workbench.gui.segmentation import describe

                self.show_error(f"{self.segmenter_name} failed", describe(exc))
                return None
            self._seg_index = self.frame_index
        try:
            out = seg.refilter(threshold, **bounds)
        except Exception as exc:  # noqa: BLE001
            from workbench.gui.segmentation import describe

            self.show_error(f"{self.segmenter_name}: re-filter failed", describe(exc))
            return None
        self._store_seg(self.segmenter_name, self.frame_index, out)
        self._after_seg_update()
        return out

    def segment_sequence(self, name: str | None = None) -> bool:
        """Segment every frame of the open sequence in a worker (progress, Cancel between frames)."""
        name = name or self.methods.current_segmenter()
        if self.busy:
            return False
        if self.sequence is None:
            self.show_error("Nothing to segment", "Open an image, a folder or a video first.")
            return False
        if not name or self.registry.plugins.get(name) is None:
            self.show_error("No segmenter", "Select a segmenter in the Methods dock.")
            return False
        plugin, config, ok = self._segmenter_config(name)
        if not ok:
            return False
        try:  # import the plugin's modules (torch) here: first imports on a worker thread can hang
            from workbench.core.registry import resolve

            resolve(plugin.factory)
        except Exception as exc:  # noqa: BLE001
            self.show_error(f"{name} failed to load", str(exc))
            return False
        self.stop_play()
        self.seg = SegResults(name, self.n_frames)
        self._seg_running = name
        self.seg_runner.start(plugin, config, self.methods.device_for(name), self.sequence.frames,
                              list(range(self.n_frames)))
        self.methods.set_running(True)
        self.methods.run_status.setText(f"{name}: segmenting {self.n_frames} frames…")
        self._update_enabled()
        self._update_hint()
        self.live_timer.start()
        return True

    def _on_seg_frame(self, i: int, out, frame, seconds: float) -> None:
        if frame is not None and self.cache is not None:
            self.cache.put(i, frame)
        if self.seg is not None:
            self.seg.put(i, out, seconds)
        self.methods.set_progress((i + 1) / max(self.n_frames, 1), f"{self._seg_running}  {i + 1} / {self.n_frames}")
        self._latest = i
        self._dirty = True

    def _on_seg_ended(self, status: str, msg: str) -> None:
        self.live_timer.stop()
        self._dirty = True
        self._live_refresh()
        name = self._seg_running
        self.methods.set_running(False)
        fps = self.seg.fps if self.seg is not None else float("nan")
        n = len(self.seg.seconds) if self.seg is not None else 0
        if status == "error":
            self.methods.set_progress(self.methods.progress.value() / 1000, "failed")
            self.methods.run_status.setText(f"{name}: failed — {msg}")
            self.show_error(f"{name} failed", msg)
        elif status == "cancelled":
            self.methods.set_progress(self.methods.progress.value() / 1000, "cancelled — frames so far kept")
            self.methods.run_status.setText(f"{name}: {msg}; those frames are kept.")
        else:
            self.methods.set_progress(1.0, "done")
            self.methods.run_status.setText(f"{name}: {n} frames, {fps:.1f} fps.")
        if np.isfinite(fps):
            self.fps_label.setText(f"{name}: {fps:.0f} fps")
        if self.seg_runner.segmenter is not None:  # its cached logits are the last frame's
            self.segmenter, self.segmenter_name = self.seg_runner.segmenter, name
            self._seg_key = (name, self.methods.device_for(name), repr(getattr(self.segmenter, "config", None)))
            done = sorted(self.seg.seconds) if self.seg is not None else []
            self._seg_index = done[-1] if done else None
        self._after_seg_update(raise_table=True)
        self._update_hint()

    def _refresh_segmentation(self) -> None:
        out = self.seg.get(self.frame_index) if self.seg is not None else None
        if out is None:
            self.view.set_saliency(None)
            self.view.set_mask(None)
            self.view.set_targets([])
            if self.seg is not None:
                self.targets.clear(f"{self.seg.label}: frame {self.frame_index + 1} not segmented.")
            return
        op = self.layers.seg_opacity.value() / 100
        self.view.set_saliency(out.saliency if self.layers.show_saliency.isChecked() else None, op)
        self.view.set_mask(out.mask if self.layers.show_mask.isChecked() else None, op)
        self.view.set_targets([t.box for t in out.targets] if self.layers.show_targets.isChecked() else [],
                              selected=self._seg_selected)
        if getattr(self, "_table_out", None) is not out:
            self._table_out = out
            self.targets.set_targets(out.targets, f"{self.seg.label}, frame {self.frame_index + 1}")

    def _on_target_clicked(self, x: float, y: float, box) -> None:
        self._seg_selected = self.targets.table.currentRow()
        span = max(64.0, 6.0 * max(float(box[2]), float(box[3])))
        self.view.centre_on(x, y, span)
        out = self.seg.get(self.frame_index) if self.seg is not None else None
        if out is not None and self.layers.show_targets.isChecked():
            self.view.set_targets([t.box for t in out.targets], selected=self._seg_selected)

    # ======================================================================================
    # derived views: layers, timeline, plots
    # ======================================================================================
    def _runs_changed(self) -> None:
        self._update_layers()
        self._update_timeline()
        self.update_plots()
        self._refresh_overlays()
        self._update_enabled()

    def _update_layers(self) -> None:
        names = {k: sorted({m for maps in r.maps.values() for m in maps}) for k, r in self.live.items()}
        self.layers.set_runs(self.colors(), names)

    def _update_timeline(self) -> None:
        series = {}
        gt = self.sequence.groundtruth if self.sequence is not None else None
        for k, r in self.live.items():
            tracked = np.all(np.isfinite(r.boxes), axis=1)
            s = {"score": r.scores.copy()}
            if gt is not None:
                ok = tracked & np.all(np.isfinite(gt), axis=1)
                v = np.full(len(gt), np.nan)
                v[ok] = iou(r.boxes[ok], gt[ok])
                s["iou"] = v
                e = np.full(len(gt), np.nan)
                e[ok] = center_error(r.boxes[ok], gt[ok])
                s["error"] = e
            series[k] = s
        self.timeline.set_series(series, self.colors())

    def update_plots(self) -> None:
        """Curves of the results of this sequence, or of every dataset sequence with results."""
        from workbench.core.evaluation.ope import evaluate_tracker

        self.reports = []
        if self.sequence is None:
            self.plots.set_curves({}, {})
            return
        if self.plots.current_scope() == "dataset" and self.dataset_entries:
            results, gts, attrs, starts = self._dataset_results()
            note = f"{len(gts)} sequences"
        else:
            seq = self.sequence
            if not seq.has_groundtruth:
                self.plots.set_curves({}, {}, "no groundtruth: nothing to score")
                return
            results = {k: {seq.name: r.boxes.copy()} for k, r in self.live.items() if r.last >= 0}
            gts = {seq.name: seq.groundtruth}
            attrs = {seq.name: seq.attributes}
            starts = {k: {seq.name: r.start} for k, r in self.live.items()}
            note = seq.name
        for tracker, res in results.items():
            rep = evaluate_tracker(tracker, res, {s: g for s, g in gts.items() if s in res},
                                   {s: a for s, a in attrs.items() if s in res}, starts=starts.get(tracker))
            if rep.overall.frames:
                self.reports.append(rep)
        self.plots.set_curves({r.tracker: r.overall for r in self.reports}, {k: self._color(k) for k in results},
                              note)

    def _dataset_results(self):
        from workbench.core.results import list_results, read_result_boxes

        listing = list_results(wsettings.results_dir())
        results: dict = {}
        gts: dict = {}
        attrs: dict = {}
        starts: dict = {}
        names = {e.name: e for e in self.dataset_entries}
        for tracker, files in listing.items():
            for seq_name, path in files.items():
                entry = names.get(seq_name)
                if entry is None:
                    continue
                if seq_name not in self._gt_cache:
                    try:
                        s = entry.open()
                        self._gt_cache[seq_name] = (s.groundtruth, s.attributes)
                    except Exception:  # noqa: BLE001
                        self._gt_cache[seq_name] = (None, {})
                gt, at = self._gt_cache[seq_name]
                if gt is None:
                    continue
                try:
                    boxes = read_result_boxes(path)
                except Exception:  # noqa: BLE001
                    continue
                if len(boxes) != len(gt):
                    continue
                ok = np.flatnonzero(np.all(np.isfinite(boxes), axis=1))
                results.setdefault(tracker, {})[seq_name] = boxes
                starts.setdefault(tracker, {})[seq_name] = int(ok[0]) if len(ok) else 0
                gts[seq_name], attrs[seq_name] = gt, at
                self._color(tracker)
        return results, gts, attrs, starts

    # ======================================================================================
    # inspectors
    # ======================================================================================
    def _fill_inspector_menu(self) -> None:
        self.inspector_menu.clear()
        self.inspector_menu.addAction(self.response_inspector.toggleViewAction())
        self.inspector_menu.addAction(self.spectrum.toggleViewAction())
        for p in sorted(self.registry.plugins.values(), key=lambda p: p.name):
            for title in p.inspectors:
                self.inspector_menu.addAction(f"{p.title}: {title}", lambda p=p, t=title: self.open_inspector(p, t))

    def open_inspector(self, plugin, title: str):
        """A plugin's inspector dock, built on first use and tabbed with the other bottom docks."""
        key = f"{plugin.name}:{title}"
        dock = self.inspectors.get(key)
        if dock is None:
            from workbench.core.registry import resolve

            try:
                cls = resolve(plugin.inspectors[title])
                dock = cls(self, plugin)
                if not isinstance(dock, InspectorDock):
                    raise TypeError(f"{plugin.inspectors[title]} is not an InspectorDock")
            except Exception as exc:  # noqa: BLE001 - a broken inspector must not stop the run
                self.show_error("Inspector failed to load", f"{plugin.name}: {title}: {type(exc).__name__}: {exc}")
                return None
            dock.setWindowTitle(title)
            if not dock.objectName():
                dock.setObjectName(f"inspector_{key}")
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            self.tabifyDockWidget(self.response_inspector, dock)
            self.inspectors[key] = dock
            if self.sequence is not None:
                self._call_inspector(dock, "on_sequence", self.sequence)
                self._call_inspector(dock, "on_frame", self.frame_index)
        dock.show()
        dock.raise_()
        return dock

    def _call_inspector(self, dock, hook: str, *args) -> None:
        try:
            getattr(dock, hook)(*args)
        except Exception as exc:  # noqa: BLE001 - an inspector's bug stays in its dock
            self.statusBar().showMessage(f"{dock.windowTitle()}: {hook} failed: {type(exc).__name__}: {exc}", 8000)

    # ======================================================================================
    # export
    # ======================================================================================
    def export_dialog(self, what: str) -> None:
        if self.sequence is None:
            return
        start = self._last_dir()
        if what in ("plots", "boxes"):
            title = "Export plots to folder" if what == "plots" else "Export result boxes to folder"
            path = QFileDialog.getExistingDirectory(self, title, start)
            if not path:
                return
            files = self.export_plots(path) if what == "plots" else self.export_boxes(path)
        elif what == "numbers":
            path, _ = QFileDialog.getSaveFileName(self, "Export numbers", str(Path(start) / "scores.csv"),
                                                  "CSV (*.csv)")
            if not path:
                return
            files = self.export_numbers(path)
        else:
            name = f"{self.sequence.name}_{self.frame_index + 1:05d}.png"
            path, _ = QFileDialog.getSaveFileName(self, "Export frame", str(Path(start) / name), "PNG (*.png)")
            if not path:
                return
            files = [self.export_frame(path)]
        files = [f for f in files if f]
        if files:
            self._set_last_dir(Path(files[0]).parent)
            self.statusBar().showMessage(f"Exported {len(files)} file(s) to {Path(files[0]).parent}", 8000)

    def _need_reports(self) -> bool:
        if not self.reports:
            self.show_error("Nothing to export", "No scored results yet: run a tracker on a sequence with groundtruth.")
            return False
        return True

    def export_plots(self, out_dir, formats=("png", "svg", "pdf")) -> list[Path]:
        from workbench.core.evaluation.plots import export_plots

        if not self._need_reports():
            return []
        try:
            return export_plots(self.reports, out_dir, formats, title=self._plot_title())
        except Exception as exc:  # noqa: BLE001
            self.show_error("Export failed", f"{out_dir}: {exc}")
            return []

    def _plot_title(self) -> str:
        if self.plots.current_scope() == "dataset" and self.dataset_root is not None:
            return self.dataset_root.name
        return self.sequence.name if self.sequence is not None else ""

    def export_numbers(self, csv_path) -> list[Path]:
        """``scores.csv`` and ``scores.json`` beside it."""
        from workbench.core.evaluation.plots import export_csv, export_json

        if not self._need_reports():
            return []
        csv_path = Path(csv_path)
        if csv_path.suffix.lower() != ".csv":
            csv_path = csv_path.with_suffix(".csv")
        try:
            return [export_csv(self.reports, csv_path), export_json(self.reports, csv_path.with_suffix(".json"))]
        except Exception as exc:  # noqa: BLE001
            self.show_error("Export failed", f"{csv_path}: {exc}")
            return []

    def export_boxes(self, out_dir) -> list[Path]:
        """``DIR/<tracker>/<sequence>.txt`` for each run of the open sequence."""
        out = []
        try:
            for r in self.live.values():
                out.append(r.result().save(out_dir))
        except Exception as exc:  # noqa: BLE001
            self.show_error("Export failed", f"{out_dir}: {exc}")
        return out

    def render_frame(self) -> np.ndarray:
        """The current frame as shown, with the heatmap, boxes and a legend, at native resolution (RGB)."""
        from workbench.gui.frame_export import compose

        cmap, stretch, band = self._display_params()
        rgb = display.render_rgb(self._raw, cmap, stretch, band, hsi=self.spectrum.view())
        tracker, name = self.layers.selected_map()
        layer = self.maps_at(tracker, self.frame_index).get(name) if tracker else None
        hidden = self.layers.hidden()
        boxes = {k: (self.live[k].boxes[self.frame_index], c) for k, c in self.colors().items() if k not in hidden}
        gt = self.sequence.gt_box(self.frame_index) if self.layers.show_gt.isChecked() else None
        init = self.init_box if self.frame_index == self.start_frame else None
        return compose(rgb, boxes, gt, layer, self.layers.opacity.value() / 100, init,
                       f"{self.sequence.name}  #{self.frame_index + 1}")

    def export_frame(self, path) -> Path | None:
        from workbench.core.results import atomic_write_bytes
        import cv2

        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        try:
            ok, buf = cv2.imencode(".png", cv2.cvtColor(self.render_frame(), cv2.COLOR_RGB2BGR))
            if not ok:
                raise OSError("PNG encoding failed")
            return atomic_write_bytes(path, buf.tobytes())
        except Exception as exc:  # noqa: BLE001
            self.show_error("Export failed", f"{path}: {exc}")
            return None

    # ======================================================================================
    # closing
    # ======================================================================================
    def closeEvent(self, ev) -> None:
        if self.seg_runner.running:
            self.seg_runner.cancel()
            self.wait_for_run(30)
        if self.runner.running:
            ans = QMessageBox.question(
                self, "A run is in progress",
                "A tracker is still running. Stop it and quit?\n\nThe frames tracked so far are saved.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if ans != QMessageBox.StandardButton.Yes:
                ev.ignore()
                return
            self.runner.cancel()
            self.wait_for_run(30)
        self.stop_play()
        self.dataset.shutdown()
        self.save_settings()
        super().closeEvent(ev)
