"""Inspector docks: the place plugins put their own views (response maps, NAS alpha heatmaps,
pruning rank histograms, ...).

A plugin declares ``inspectors={"Title": "package.module:Class"}``; the window imports the class
only when the dock is first opened (View > Inspectors, or when that plugin first runs), builds it as
``Class(host, plugin)`` and tabs it with the other inspectors. The class subclasses
``InspectorDock`` and overrides the hooks it needs; the ``host`` (the main window) gives read access
to the open sequence, the current frame and the runs, and ``host.set_frame(i)`` to move.

A dock is often built while runs are already there (opened from the menu after them, or as a run
starts: its module is imported on a worker meanwhile and a fast run ends first). Right after it is built
and has had ``on_sequence`` with the open sequence, it gets the runs the window holds, once
(``InspectorDock.catch_up``): ``on_result`` for every tracker run, finished or still going,
``on_segment_result`` / ``on_detect_result`` for the segmentation / detection on screen.
"""
from __future__ import annotations

from typing import Protocol

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QComboBox, QDockWidget, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench.gui import display, style


class InspectorHost(Protocol):
    """What an inspector may ask the window for."""

    sequence: object  # workbench.core.data.Sequence | None
    frame_index: int
    seg: object  # the segmentation of the open sequence on screen (SegResults) | None
    detections: object  # the detector run on the open sequence on screen (DetResults) | None

    def runs(self) -> dict:
        """{tracker label: RunResult} of the open sequence (finished, cancelled or in progress)."""

    def maps_at(self, tracker: str, index: int) -> dict:
        """{map name: MapLayer} a tracker published at frame ``index`` ({} when none)."""

    def set_frame(self, index: int) -> None: ...


class InspectorDock(QDockWidget):
    """Base class of inspector docks. Every hook has a do-nothing default."""

    def __init__(self, host: InspectorHost, plugin=None, title: str = ""):
        super().__init__(title or getattr(plugin, "title", "") or type(self).__name__)
        self.host = host
        self.plugin = plugin
        self.setObjectName(f"inspector_{self.windowTitle().replace(' ', '_').lower()}")
        # the window gives a dock it builds ``on_sequence`` with the open sequence (which clears an inspector)
        # and calls ``catch_up`` right after it, in the same pass, so no live hook comes between; a dock built
        # otherwise gets the runs a pass of the event loop later. (A wrapper of subclasses' ``on_sequence`` did
        # this before: a dock that called its own ``on_sequence`` in ``__init__`` caught up there, and the
        # window's call after building cleared what it got.)
        self._caught_up = False
        from workbench.gui.worker import later

        later(self.catch_up, 1, context=self)

    def catch_up(self) -> None:
        """Once: the runs the window held when this dock was built, through the hooks they would have
        reached (``on_result`` for each tracker run of the open sequence: finished, cancelled, or still going,
        ``run.completed`` False and the frames not tracked yet NaN; ``on_segment_result`` /
        ``on_detect_result`` for the segmentation / detection run on screen). A run still going reaches the
        live hooks from then on as usual. A hook that raises is said in the status bar, as the window's
        calls are."""
        if getattr(self, "_caught_up", False):  # (a subclass that never called this base's __init__ too)
            return
        self._caught_up = True
        host = self.host
        if getattr(host, "sequence", None) is None:
            return
        calls = []
        try:
            calls += [("on_result", label, run) for label, run in host.runs().items()]
        except Exception:  # noqa: BLE001 - a host without runs (a test's) gives none
            pass
        seg = getattr(host, "seg", None)
        if seg is not None:
            calls.append(("on_segment_result", seg.label, seg))
        det = getattr(host, "detections", None)
        if det is not None:
            calls.append(("on_detect_result", det.label, det))
        for hook, label, run in calls:
            try:
                getattr(self, hook)(label, run)
            except Exception as exc:  # noqa: BLE001 - an inspector's bug stays in its dock
                bar = getattr(host, "statusBar", None)
                if callable(bar):
                    bar().showMessage(f"{self.windowTitle()}: {hook} failed: {type(exc).__name__}: {exc}", 8000)

    def on_sequence(self, seq) -> None:
        """A sequence was opened (or None: closed)."""

    def on_frame(self, index: int) -> None:
        """The current frame changed."""

    def on_frame_result(self, tracker: str, frame_result) -> None:
        """A tracker produced frame ``frame_result.index`` (live, during a run)."""

    def on_result(self, tracker: str, run) -> None:
        """A run finished or was cancelled; ``run`` is a RunResult. Also once for each run the window
        held when the dock was built (``catch_up``), and again when a saved run's maps are read back."""

    def on_renamed(self, old: str, new: str) -> None:
        """The tracker run ``old`` is called ``new`` from now on (named as its saved folder is listed, e.g. once
        Track › Save again wrote it beside a later run of its tracker): what the dock holds by its name follows."""

    def on_segment_frame(self, segmenter: str, index: int, output) -> None:
        """A segmenter produced frame ``index``'s ``SegOutput``, on the GUI thread: live during a run over all
        frames (``saliency`` as float16, ``mask``, ``targets``; no ``maps``), and for Segment frame and a
        re-filter of the frame on screen (as the method returned it, ``maps`` included)."""

    def on_segment_result(self, segmenter: str, run) -> None:
        """A segmenter's run over the sequence finished or was cancelled, or a saved one was read back.
        ``run`` (``SegResults``): ``label``, ``method`` (the plugin's name), ``n`` frames, ``frames``
        ``{index: SegOutput}`` (float16 saliency, mask, targets; the latest frames within a memory budget),
        ``seconds`` ``{index: s}``, ``fps``, ``folder`` (where it is saved; None: not yet)."""

    def on_detect_frame(self, detector: str, index: int, output) -> None:
        """A detector produced frame ``index``'s ``DetectOutput`` (``points``, ``scores``, ``boxes``,
        ``classes``, ``class_names``, ``seconds``), live during a run, on the GUI thread."""

    def on_detect_result(self, detector: str, run) -> None:
        """A detector's run finished, was cancelled or failed, or a saved one was read back. ``run``
        (``DetResults``): ``label``, ``sequence``, ``n`` frames, ``outputs`` ``{index: DetectOutput}`` (after the
        detector's whole-sequence step where it has one), ``status`` (done / cancelled / error), ``error``,
        ``scores`` (precision / recall / F1 against the sequence's point labels, or None; a score that is
        undefined (0 / 0) is None in it: ``evaluation.detection``, written by its ``score_text``), ``fps``,
        ``saved_to``."""

    def running_jobs(self) -> list[tuple]:
        """``[(job, line, finish_first)]``: the work the user started in this dock that still runs (a search,
        an export), named when the window closes: ``line`` says what it is and what is kept when it stops.
        ``finish_first``: a job that writes files and cannot stop between them (an export): the window waits
        for it before it closes, so no file is left half written. Background work of the dock's own (a
        histogram, a cost) is not listed: it is stopped with the window."""
        return []


ALL_MAPS = "all, side by side"


def _colorbar(plot_item, image) -> "pg.ColorBarItem":
    bar = pg.ColorBarItem(values=(0.0, 1.0), width=12, colorMap=pg.colormap.get("inferno"), interactive=False,
                          colorMapMenu=False)
    bar.setImageItem(image, insert_in=plot_item)
    return bar


def _levels(d: np.ndarray) -> tuple[float, float]:
    lo, hi = float(np.nanmin(d)), float(np.nanmax(d))
    return (lo, hi if hi > lo else lo + 1e-6)


class _CellAxis(pg.AxisItem):
    """An axis counting map cells, its ticks only over the map shown (``extent``: 0 .. its width or height;
    None: no map, pyqtgraph's ticks). The map's cells are kept square, so a dock wider (or taller) than the map
    shows room beside it, which the axis numbered as columns -70 .. 110 of a 38-column map."""

    def __init__(self, orientation: str):
        super().__init__(orientation)
        self.extent: tuple[float, float] | None = None
        self._px_per_unit = 0.0  # of the last ticks asked for (``tickValues``; ``tickStrings`` follows it)
        self._top_spacing = 0.0

    def set_extent(self, extent: tuple[float, float] | None) -> None:
        if extent != self.extent:
            self.extent = extent
            self.picture = None  # (pyqtgraph's cached drawing of the ticks)
            self.update()

    def tickValues(self, minVal, maxVal, size):  # noqa: N802,N803 - pyqtgraph's names
        minVal, maxVal = sorted((minVal, maxVal))  # (an inverted axis's range runs down: the rows')
        if self.extent is None or maxVal <= minVal:
            return super().tickValues(minVal, maxVal, size)
        lo, hi = max(minVal, self.extent[0]), min(maxVal, self.extent[1])
        if hi <= lo:
            return []
        # spaced for the part the map takes, as pyqtgraph spaces them for the whole axis
        levels = super().tickValues(lo, hi, size * (hi - lo) / (maxVal - minVal))
        self._px_per_unit = size / (maxVal - minVal)
        self._top_spacing = levels[0][0] if levels else 0.0
        return [(spacing, [v for v in values if lo <= v <= hi]) for spacing, values in levels]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        """Labels only where they do not run into each other over the map. pyqtgraph weighs a level's labels
        against the whole axis, and the map took a third of it: a 30-column map 90 px wide beside a wider
        dock read "0 5 1015202530" (1280x720). A finer level whose labels do not fit goes without them (its
        ticks stay); the coarsest keeps every n-th label, n as many as they need."""
        strings = super().tickStrings(values, scale, spacing)
        if self.extent is None or not strings or self._px_per_unit <= 0:
            return strings
        fm = QFontMetrics(self.style["tickFont"] or self.font())
        need = (max(fm.horizontalAdvance(t) for t in strings) + fm.averageCharWidth()
                if self.orientation in ("bottom", "top") else fm.height())
        room = spacing * self._px_per_unit
        if room >= need:
            return strings
        if spacing < self._top_spacing:
            return []
        every = int(np.ceil(need / room))
        return [t if round(v / spacing) % every == 0 else None for t, v in zip(strings, values)]


class ResponseMapInspector(InspectorDock):
    """The built-in inspector: the selected map of the current frame at its own resolution, with a
    colour bar; a tracker that publishes several maps (HA-Net's "response_rgb", "response_hsi",
    "response_fused") can show them all side by side (``ALL_MAPS``), each with its own colour bar."""

    def __init__(self, host: InspectorHost, plugin=None, title: str = "Response map"):
        super().__init__(host, plugin, title)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.tracker = QComboBox()
        self.map_name = QComboBox()
        for combo in (self.tracker, self.map_name):  # long run / map names must not widen the window
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.tracker.currentIndexChanged.connect(lambda _i: self._refresh_names())
        self.map_name.currentIndexChanged.connect(lambda _i: self.on_frame(self.host.frame_index))
        row.addWidget(QLabel("Tracker"))
        row.addWidget(self.tracker, 1)
        row.addWidget(QLabel("Map"))
        row.addWidget(self.map_name, 1)
        lay.addLayout(row)
        self.plot = pg.PlotWidget(background=style.BG, axisItems={ax: _CellAxis(ax) for ax in ("left", "bottom")})
        self.plot.getPlotItem().hideButtons()
        self.plot.getPlotItem().setMenuEnabled(False)
        self.plot.getPlotItem().invertY(True)
        self.plot.getPlotItem().setAspectLocked(True)
        # the axes count map cells: never "map row (x0.001)" from -400 to 400, as the empty plot read
        # (no maps yet) when pyqtgraph scaled its default range's labels
        for ax in ("left", "bottom"):
            self.plot.getPlotItem().getAxis(ax).enableAutoSIPrefix(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(display.lut("inferno"))
        self.plot.addItem(self.image)
        self.bar = _colorbar(self.plot.getPlotItem(), self.image)
        # the colour bar's "1.0" sat on the widget's top edge, cut in half, as the Timeline's and the
        # Spectrum's did (the bar is in the plot's layout: its room is the plot's)
        style.top_label_room(self.plot.getPlotItem(), self.fontMetrics())
        self.bar.setToolTip("the map's value (its own min..max each frame); the overlay on the frame uses the "
                            "same colours")
        self._axis_labels(None, None)
        lay.addWidget(self.plot, 1)
        self.grid = pg.GraphicsLayoutWidget()
        self.grid.setBackground(style.BG)
        self.grid.hide()
        self.panels: dict[str, tuple] = {}  # map name -> (PlotItem, ImageItem, ColorBarItem)
        lay.addWidget(self.grid, 1)
        self.info = QLabel("No maps yet: run a tracker that publishes them.")
        self.info.setObjectName("muted")
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        self.setWidget(body)

    def on_sequence(self, seq) -> None:
        self.tracker.clear()
        self.image.clear()
        self._axis_extent(None)

    def _axis_extent(self, shape) -> None:
        """The axes' ticks over the map of ``shape`` (rows, columns) only; None: no map shown."""
        pi = self.plot.getPlotItem()
        pi.getAxis("bottom").set_extent(None if shape is None else (0.0, float(shape[1])))
        pi.getAxis("left").set_extent(None if shape is None else (0.0, float(shape[0])))

    def _trackers_with_maps(self) -> list[str]:
        return [name for name, run in self.host.runs().items() if run.maps]

    def on_result(self, tracker: str, run) -> None:
        self._refresh_trackers()

    def on_frame_result(self, tracker: str, frame_result) -> None:
        if frame_result.maps and self.tracker.findText(tracker) < 0:
            self._refresh_trackers()

    def on_renamed(self, old: str, new: str) -> None:
        k = self.tracker.findText(old)
        if k >= 0:  # the same row, still the one chosen where it was (the next refresh put the first run there)
            self.tracker.setItemText(k, new)

    def _refresh_trackers(self) -> None:
        names = self._trackers_with_maps()
        if names == [self.tracker.itemText(i) for i in range(self.tracker.count())]:
            return
        current = self.tracker.currentText()
        self.tracker.blockSignals(True)
        self.tracker.clear()
        self.tracker.addItems(names)
        if current in names:
            self.tracker.setCurrentText(current)
        self.tracker.blockSignals(False)
        self._refresh_names()

    def _refresh_names(self) -> None:
        run = self.host.runs().get(self.tracker.currentText())
        names = sorted({k for maps in (run.maps.values() if run else []) for k in maps})
        current = self.map_name.currentText()
        self.map_name.blockSignals(True)
        self.map_name.clear()
        self.map_name.addItems(names + ([ALL_MAPS] if len(names) > 1 else []))
        if current in names or (current == ALL_MAPS and len(names) > 1):
            self.map_name.setCurrentText(current)
        self.map_name.blockSignals(False)
        self.on_frame(self.host.frame_index)

    def map_names(self) -> list[str]:
        return [self.map_name.itemText(i) for i in range(self.map_name.count()) if self.map_name.itemText(i) != ALL_MAPS]

    def _axis_labels(self, shape, region) -> None:
        """The axes count map cells; with the region the map covers known, what one cell is in frame pixels."""
        px = ""
        if shape is not None and region is not None and shape[1] and shape[0]:
            px = f" (1 cell = {region[2] / shape[1]:.3g}×{region[3] / shape[0]:.3g} frame px)"
        pi = self.plot.getPlotItem()
        pi.setLabel("bottom", f"map column{px}", color=style.MUTED)
        pi.setLabel("left", "map row", color=style.MUTED)

    def _panel(self, name: str, col: int):
        if name not in self.panels:
            pi = self.grid.addPlot(row=0, col=col, title=name)
            pi.hideButtons()
            pi.setMenuEnabled(False)
            pi.invertY(True)
            pi.setAspectLocked(True)
            pi.hideAxis("left")
            pi.hideAxis("bottom")
            img = pg.ImageItem(axisOrder="row-major")
            pi.addItem(img)
            self.panels[name] = (pi, img, _colorbar(pi, img))
        return self.panels[name]

    def _show_all(self, index: int) -> None:
        names = self.map_names()
        if [n for n in self.panels] != names:
            self.grid.clear()
            self.panels = {}
        maps = self.host.maps_at(self.tracker.currentText(), index)
        shown = []
        for col, name in enumerate(names):
            _pi, img, bar = self._panel(name, col)
            layer = maps.get(name)
            if layer is None:
                img.clear()
                continue
            d = np.asarray(layer.data, dtype=np.float32)
            if d.ndim == 3:
                d = display.normalize_map(d)
            img.setImage(d, autoLevels=False)
            bar.setLevels(_levels(d))
            shown.append(f"{name} max {np.nanmax(d):.3g}")
        self.info.setText(f"frame {index + 1}: " + ("; ".join(shown) if shown else "no map"))

    def on_frame(self, index: int) -> None:
        side_by_side = self.map_name.currentText() == ALL_MAPS
        self.grid.setVisible(side_by_side)
        self.plot.setVisible(not side_by_side)
        if side_by_side:
            self._show_all(index)
            return
        layer = self.host.maps_at(self.tracker.currentText(), index).get(self.map_name.currentText())
        if layer is None:
            self.image.clear()
            self._axis_extent(None)
            self.info.setText(f"frame {index + 1}: no map" if self.tracker.count() else
                              "No maps yet: run a tracker that publishes them.")
            return
        d = np.asarray(layer.data, dtype=np.float32)
        if d.ndim == 3:
            d = display.normalize_map(d)
        self.image.setImage(d, autoLevels=False)
        self.bar.setLevels(_levels(d))
        self._axis_labels(d.shape, layer.region)
        self._axis_extent(d.shape)
        peak = np.unravel_index(int(np.nanargmax(d)), d.shape)
        region = "whole frame" if layer.region is None else "x,y,w,h " + ", ".join(f"{v:.0f}" for v in layer.region)
        self.info.setText(f"frame {index + 1}: {d.shape[1]}×{d.shape[0]}, max {np.nanmax(d):.3g} at "
                          f"({peak[1]}, {peak[0]}), min {np.nanmin(d):.3g}; covers {region}")
