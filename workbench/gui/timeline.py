"""Per-frame curves of the open sequence's runs; a click (or dragging the cursor line) jumps to that frame.

Trackers: IoU against the groundtruth, the tracker's score, the centre error. A detector's run: its
detections and the labelled targets per frame, and precision / recall / F1 as they accumulate over the
frames done. A segmenter's run: its targets per frame, the IoU of each frame with the label mask, and
mIoU / Pd / Fa as they accumulate. The "Show" list offers the curves of the kinds that have runs."""
from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from contextlib import contextmanager

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainterPath, QPixmapCache
from PySide6.QtWidgets import QComboBox, QDockWidget, QGraphicsItem, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench.gui import style
from workbench.gui.curves import CurveSet
from workbench.gui.legend_pool import PooledLegend
from workbench.gui.plots_dock import EndAxis
from workbench.gui.widgets import ElidedLabel, on_screen
from workbench.gui.worker import step_later

METRICS = (("IoU with groundtruth", "iou"), ("Tracker score", "score"), ("Centre error (px)", "error"))
# the curves of each kind of run: (text in the Show list, series key, axis label)
KIND_METRICS = {
    "tracking": tuple((t, k, a) for (t, k), a in zip(METRICS, ("IoU", "score", "centre error (px)"))),
    "detection": (("Detections / frame", "count", "detections"),
                  ("Labelled / frame", "labelled", "labelled targets"),
                  ("F1 so far", "f1", "F1 (frames done)"),
                  ("Precision so far", "precision", "precision (frames done)"),
                  ("Recall so far", "recall", "recall (frames done)")),
    "segmentation": (("Targets / frame", "count", "targets"),
                     ("Mask IoU / frame", "iou", "IoU with the label mask"),
                     ("mIoU so far", "miou", "mIoU (frames done)"),
                     ("Pd so far", "pd", "Pd (frames done)"),
                     ("Fa so far (1e-6)", "fa_e6", "Fa x 1e-6 (frames done)"),
                     # a box- / point-labelled sequence (no masks): the box rule of ``segment``
                     ("Pd so far, box rule", "box_pd", "Pd by labelled boxes (frames done)"),
                     ("Fa so far, box rule (1e-6)", "box_fa_e6", "Fa x 1e-6 by labelled boxes (frames done)")),
}
# a segmenter's scores: curves of a run scored by masks or by boxes, offered where a run shown has them (a
# box-scored run has no mask IoU; a run on frames without labels neither)
SCORED_ONLY = {"iou", "miou", "pd", "fa_e6", "box_pd", "box_fa_e6"}
UNIT_RANGE = {"iou", "f1", "precision", "recall", "miou", "pd", "box_pd"}  # drawn on 0..1
COUNTS = {"count", "labelled"}  # whole numbers: whole ticks, from 0
# (kind, key) -> axis label: keys repeat across kinds ("iou" is with the box for a tracker, with the
# label mask for a segmenter; keyed by key alone, a tracker's timeline was labelled with the mask's)
AXIS = {(kind, k): a for kind, rows in KIND_METRICS.items() for _t, k, a in rows}


class TimelineCurve(pg.PlotCurveItem):
    """A run's per-frame curve that draws at most ``POINTS_A_PIXEL`` points a pixel of the frames in sight: each
    pixel's frames as their lowest and highest value (the curve's envelope, gaps where all are absent), the
    frames themselves once zoomed in that far. Twelve runs of a 20,000-frame sequence drawn point by point (with
    the absent frames' gaps) took 48 s to show and 16 s to repaint at each cursor move, on the GUI thread."""

    POINTS_A_PIXEL = 2
    LONG = 4000  # curves of up to this many frames are drawn as they are

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # drawn once into a pixmap of the view, which every repaint copies until the curve, its pen or the view's
        # scale changes: the cursor moves at every frame shown (30 times a second following a run) and each move
        # stroked every curve again, 1.6 px antialiased, Qt's slow path: seven runs of a 2,000-frame sequence
        # took 74 ms a repaint, 31 s of the GUI thread's 175 s while a tracker ran (the run itself 3x slower)
        # (the pixmaps live in Qt's pixmap cache, sized for them by the dock: ``TimelineDock._fit_pixmap_cache``)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def updateData(self, *args, **kargs):
        if len(args) == 2:
            kargs["x"], kargs["y"] = args
        elif len(args) == 1:
            kargs["y"] = args[0]
        y = kargs.get("y")
        self._full, self._fitted = None, None
        if y is not None and len(y) > self.LONG:
            # copies: a live run fills its rows in place, and a curve compared with the rows it holds (curves.py
            # ``_same_data``) must see the values it drew, not the same arrays moved on
            y = np.array(y, dtype=float)
            x = kargs.get("x")
            x = np.arange(len(y), dtype=float) if x is None else np.array(x, dtype=float)
            self._full = (x, y)
            kargs["x"], kargs["y"] = self._in_sight()
        super().updateData(**kargs)

    def full_data(self) -> tuple:
        """The curve's frames and values as given (``xData`` / ``yData``: what is drawn)."""
        return self._full if self._full is not None else (self.xData, self.yData)

    def viewRangeChanged(self) -> None:
        self._refit()

    def viewTransformChanged(self) -> None:  # (a resize: the view's width in pixels changed)
        super().viewTransformChanged()
        self._refit()

    def _refit(self) -> None:
        if getattr(self, "_full", None) is not None and self._sight() != self._fitted:
            super().updateData(*self._in_sight())

    def _sight(self) -> tuple[int, int, int]:
        """(first, stop, pixels): the frames in sight (one more each side) and the view's width in pixels."""
        x, _y = self._full
        vb = self.getViewBox()
        if vb is None:
            return 0, len(x), 1000
        (x0, x1), _ = vb.viewRange()
        lo = max(0, int(np.searchsorted(x, x0, "left")) - 1)
        hi = min(len(x), int(np.searchsorted(x, x1, "right")) + 1)
        return lo, hi, max(100, int(vb.width()))

    def _in_sight(self) -> tuple[np.ndarray, np.ndarray]:
        self._fitted = lo, hi, pixels = self._sight()
        x, y = self._full[0][lo:hi], self._full[1][lo:hi]
        if len(y) <= self.POINTS_A_PIXEL * pixels:
            return x, y
        k = -(-len(y) // pixels)  # frames a pixel
        bins = -(-len(y) // k)
        yy = np.full(bins * k, np.nan)
        yy[:len(y)] = y
        yy = yy.reshape(bins, k)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)  # (a pixel of absent frames: NaN, a gap)
            low, high = np.nanmin(yy, axis=1), np.nanmax(yy, axis=1)
        at = x[::k][:bins] + (k - 1) / 2
        return np.repeat(at, 2), np.column_stack([low, high]).ravel()


def _pen_width(frames: int) -> float:
    """The curves' pen: 1.6 px, 1 px for a long sequence's curves, as dense as a pixel's frames (a wider pen's
    antialiased outline of such a curve is Qt's slow path: 0.45 s a curve at each repaint, 12 runs 5 s)."""
    return 1.6 if frames <= TimelineCurve.LONG else 1.0


class FlaggedFrames(pg.GraphicsObject):
    """Every stretch of frames one per-frame attribute flags (occlusion, out of view), shaded over the plot's
    height as one item: a LinearRegionItem a stretch was ~3 ms each to make and was painted at every cursor
    move; a 20,000-frame LaSOT sequence's flickering flags are hundreds of stretches (670: 2 s to open, 0.15 s
    a frame step). Frames ``a..b-1`` of a stretch cover ``a - 0.5 .. b - 0.5`` on the frame axis."""

    def __init__(self, flags: np.ndarray, brush, name: str):
        super().__init__()
        edges = np.flatnonzero(np.diff(np.r_[0, np.asarray(flags, bool).astype(np.int8), 0]))
        self.x0, self.x1 = edges[::2] - 0.5, edges[1::2] - 0.5
        self._brush = brush
        self.setToolTip(name)
        self.setZValue(-10)

    def __len__(self) -> int:
        return len(self.x0)

    def viewTransformChanged(self) -> None:  # (its height is the view's: it changes with the view's range)
        self.prepareGeometryChange()

    def _rects(self, visible_only: bool = True) -> list[QRectF]:
        vr = self.viewRect()
        if vr is None or not len(self.x0):
            return []
        lo, hi = 0, len(self.x0)
        if visible_only:  # (sorted stretches: those in sight, found by bisection)
            lo = int(np.searchsorted(self.x1, vr.left(), "left"))
            hi = int(np.searchsorted(self.x0, vr.right(), "right"))
        return [QRectF(a, vr.top(), b - a, vr.height()) for a, b in zip(self.x0[lo:hi], self.x1[lo:hi])]

    def boundingRect(self) -> QRectF:
        vr = self.viewRect()
        if vr is None or not len(self.x0):
            return QRectF()
        return QRectF(float(self.x0[0]), vr.top(), float(self.x1[-1] - self.x0[0]), vr.height())

    def shape(self) -> QPainterPath:  # the tooltip over the shaded frames only
        path = QPainterPath()
        for r in self._rects():
            path.addRect(r)
        return path

    def paint(self, p, *_args) -> None:
        rects = self._rects()
        if rects:
            p.setPen(pg.mkPen(None))
            p.setBrush(self._brush)
            p.drawRects(rects)


class LazySeries(Mapping):
    """A run's per-frame curves for ``TimelineDock.set_series``, each made when first read: ``ready``
    {key: (N,)} those made, ``makers`` {key: () -> (N,)} the others, ``points`` {key: (i) -> float} frame
    ``i``'s value of a curve not made yet (the readout under the cursor), NaN where absent. Opening a
    sequence with 25 saved runs computed every run's IoU and centre error on the GUI thread (10-20 ms)
    for a dock that was often a tab behind another, and the curve not shown never was drawn."""

    def __init__(self, ready: dict, makers: dict, points: dict | None = None):
        self._ready = dict(ready)
        self._makers = {k: f for k, f in makers.items() if k not in self._ready}
        self._points = dict(points or {})

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self._ready:
            make = self._makers.pop(key)  # (a KeyError: no such curve)
            self._ready[key] = make()
        return self._ready[key]

    def __iter__(self):
        return iter([*self._ready, *self._makers])

    def __len__(self) -> int:
        return len(self._ready) + len(self._makers)

    def __contains__(self, key) -> bool:  # (Mapping's reads the value: it would make the curve)
        return key in self._ready or key in self._makers

    def made(self, key: str) -> bool:
        return key in self._ready

    def value_at(self, key: str, i: int) -> float | None:
        """Frame ``i``'s value of curve ``key`` (NaN where absent; None: no such curve or frame), without
        making the curve when it is not made yet and a point of it can be had alone."""
        if key not in self._ready and key in self._points and key in self._makers:
            return float(self._points[key](i))
        return _value_at(self.get(key), i)


def _value_at(y, i: int) -> float | None:
    return float(y[i]) if y is not None and 0 <= i < len(y) else None


class FrameAxis(pg.AxisItem):
    """A frame-number axis: ticks only on whole frames, however far the view is zoomed in, labelled
    from 1 as the frame counter and the readout count (the data stay 0-based frame indices). With
    ``empty`` set (no sequence open) it draws no ticks: an empty window's axis read "1 … 2", frames
    of nothing."""

    empty = False

    def tickStrings(self, values, scale, spacing):
        return [f"{int(round(v)) + 1}" for v in values]

    def tickValues(self, minVal, maxVal, size):
        if self.empty:
            return []
        # sub-frame levels: whole frames instead, unless that would be dense
        return whole_ticks(super().tickValues(minVal, maxVal, size), minVal, maxVal)


def whole_ticks(levels, minVal: float, maxVal: float) -> list:
    """``AxisItem.tickValues``'s levels on whole numbers only: a level finer than 1 becomes the whole
    numbers of the range (when they are few), the others keep their whole values; none repeated."""
    out, seen = [], set()
    for spacing, values in levels:
        if spacing < 1:
            if maxVal - minVal > 50:
                continue
            spacing = 1.0
            values = np.arange(np.ceil(minVal), np.floor(maxVal) + 1) + 0.0  # + 0.0: no "-0"
        values = [float(v) for v in values if float(v).is_integer() and float(v) not in seen]
        seen.update(values)
        if values:
            out.append((spacing, values))
    return out


class ValueAxis(EndAxis):
    """The timeline's value axis: its ends labelled (``EndAxis``); with ``whole`` set (a count of
    targets or detections per frame) ticks only on whole numbers: "1.5" targets means nothing."""

    whole = False

    def tickValues(self, minVal, maxVal, size):
        levels = super().tickValues(minVal, maxVal, size)
        return whole_ticks(levels, minVal, maxVal) if self.whole else levels


class SideLegend(PooledLegend):
    """The timeline's legend, compact (rows closer, a thin frame) and sized by its layout, so that the
    margin beside the plot can be as wide as it is. Entries added together (``adding``) are laid out
    once, after: pyqtgraph placed and measured the legend after each (a sequence with 25 saved runs: 25
    layouts of up to 25 rows). Entries removed are kept and used again for the same text (``PooledLegend``):
    making the labels (1-4 ms each) was most of drawing a sequence's 25 saved runs (50-110 ms under load)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout.setContentsMargins(2, 0, 2, 0)
        self.layout.setVerticalSpacing(-6)
        self.layout.setHorizontalSpacing(2)
        self._adding = False  # entries being added (``adding``): not laid out one by one

    @contextmanager
    def adding(self):
        """Entries added in this block are made only; the caller lays the legend out after it
        (``curves.lay_out``)."""
        self._adding = True
        try:
            yield
        finally:
            self._adding = False

    def _addItemToLayout(self, sample, label) -> None:
        if not self._adding:
            super()._addItemToLayout(sample, label)

    def row_pitch(self) -> float:
        heights = [max(sample.height(), label.height()) for sample, label in self.items if label.height() > 0]
        return (max(heights) if heights else 21.0) + self.layout.verticalSpacing()

    def updateSize(self) -> None:
        if self.size is not None or self._adding:
            return
        self.updateGeometry()
        self.layout.invalidate()
        hint = self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize)
        self.resize(hint.width(), hint.height())


class TimelineDock(QDockWidget):
    sigFrame = Signal(int)

    def __init__(self, parent=None):
        super().__init__("Timeline", parent)
        self.setObjectName("timeline_dock")
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        self.metric_combo = QComboBox()
        # a bounded width: the longest curve name must not widen the dock (and the window) on a laptop
        self.metric_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.metric_combo.setMinimumContentsLength(20)
        self._kinds: list[str] = []
        self._fill_metrics(["tracking"])
        self.metric_combo.currentIndexChanged.connect(lambda _i: self._redraw())
        top.addWidget(self.metric_combo)
        # the readout never sets the dock's (and the window's) minimum width; with many runs it is cut
        # with "…" at its end, the whole of it in the tooltip (a plain label clipped at both ends: "ne 8:
        # kcf 0.811, …" once six runs were listed at 1366x768, the frame number lost)
        self.readout = ElidedLabel("")
        self.readout.setObjectName("muted")
        self.readout.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.readout, 1)
        lay.addLayout(top)
        self.frames_axis = frames = FrameAxis("bottom")
        frames.enableAutoSIPrefix(False)  # frame numbers, never "frame (x0.001)"
        # the rate axis labels its ends (0 and 1.0) as the success / precision plots do
        self.values_axis = ValueAxis("left")
        self.plot = pg.PlotWidget(background=style.BG, axisItems={"bottom": frames, "left": self.values_axis})
        self.plot.setMinimumHeight(130)
        p = self.plot.getPlotItem()
        p.showGrid(x=True, y=True, alpha=0.18)
        p.setLabel("bottom", "frame", color=style.MUTED)
        p.hideButtons()
        p.setMenuEnabled(False)
        p.setMouseEnabled(x=True, y=False)
        for ax in ("left", "bottom"):
            p.getAxis(ax).setPen(pg.mkPen(style.GRID))
            p.getAxis(ax).setTextPen(pg.mkPen(style.MUTED))
        # the legend beside the plot, not on it (see _place_legend)
        self.legend = SideLegend(labelTextColor=style.TEXT, labelTextSize=style.text_pt(-1), colCount=1)
        self.legend.setParentItem(p)
        p.legend = self.legend
        p.getViewBox().sigResized.connect(self._place_legend)
        self.cursor = pg.InfiniteLine(0, angle=90, movable=True, pen=pg.mkPen("#ffd21f", width=1.5),
                                      hoverPen=pg.mkPen("#fff27a", width=2.5))
        self.cursor.setZValue(50)
        p.addItem(self.cursor)
        self.cursor.sigPositionChanged.connect(self._on_cursor)
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        self.attr_region: list = []
        self._curves = CurveSet(p, self.legend, TimelineCurve)
        lay.addWidget(self.plot, 1)
        # what the empty timeline is for, over its plot, until a sequence is open
        self.empty_hint = QLabel("Open a sequence: its per-frame curves are drawn here", self.plot)
        self.empty_hint.setObjectName("muted")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # a sequence open and nothing to draw for the curve chosen (no run yet, a single image): said over the
        # plot, not an empty plot under "IoU with groundtruth" (a segmented image, a cube without a run)
        self.none_hint = QLabel("", self.plot)
        self.none_hint.setObjectName("muted")
        self.none_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.none_hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.none_hint.hide()
        p.getViewBox().sigResized.connect(self._place_empty_hint)
        p.getViewBox().sigResized.connect(self._fit_pixmap_cache)
        self.setWidget(body)
        self._by_kind: dict[str, tuple[dict, dict]] = {}  # kind -> (series, colours)
        self._series: dict = {}  # the series of the kind shown
        self._colors: dict = {}
        self._n = 0
        self._setting = False
        self._stale = False  # curves set while the dock was not on screen, not drawn yet
        # while a sequence opens, its curves are drawn on a later event-loop turn (``redraw``: the opener's)
        self.draw_later = False
        self._redraw_scheduled = False  # a turn of ``redraw`` asked for (``_redraw_later``)
        self._make_scheduled = False  # a turn of making the curves ahead asked for (``_make_ahead_later``)
        self._step_curves = self.CURVES_A_TURN  # new curves drawn a turn (``_draw_step``)
        self.visibilityChanged.connect(self._on_visibility)
        self.set_length(0)  # no sequence: an axis without frames, no cursor, the hint
        self._value_label = None  # the value axis's label (``_set_value_label``)
        self._set_value_label(AXIS[("tracking", "iou")])
        # and its y range as with runs (padded), with room above the plot for half the top label: the
        # empty plot's "1.0" sat on the widget's top edge, cut in half (a short timeline at 1280x720 too)
        p.setYRange(0, 1.0, padding=0.03)
        style.top_label_room(p, self.fontMetrics())

    def set_length(self, n: int, attributes: dict[str, np.ndarray] | None = None, groundtruth: bool = True) -> None:
        """A sequence of ``n`` frames; 0: none open (no frame ticks, no cursor, the hint instead). ``groundtruth``:
        whether it has boxes to score a tracker by (without, the IoU and centre error say they cannot be drawn)."""
        self._n = max(0, n)
        self._groundtruth = bool(groundtruth)
        empty = self._n == 0
        self.frames_axis.empty = empty
        self.frames_axis.picture = None  # redrawn with (or without) its ticks
        self.frames_axis.update()
        self.cursor.setVisible(not empty)
        self.empty_hint.setVisible(empty)
        self._place_empty_hint()
        self._update_none_hint()
        self.plot.getPlotItem().getViewBox().setLimits(xMin=-1, xMax=max(self._n, 2))
        if self._n == 1:  # one frame: its tick alone (0..1 read "1 … 2", a frame that is not there)
            self.plot.getPlotItem().setXRange(-0.5, 0.5, padding=0)
        else:
            self.plot.getPlotItem().setXRange(0, max(self._n - 1, 1), padding=0.01)
        for r in self.attr_region:
            self.plot.removeItem(r)
        self.attr_region = []
        # shade frames flagged by a per-frame attribute (occlusion and the like)
        for name, flags in (attributes or {}).items():
            shade = FlaggedFrames(flags, pg.mkBrush(255, 255, 255, 18), name)
            if len(shade):
                self.plot.addItem(shade, ignoreBounds=True)  # (the frame range is set above, the values' by the curves)
                self.attr_region.append(shade)

    def _place_empty_hint(self, *_args) -> None:
        """The hint centred on the plot's data area (the no-sequence one, or ``none_hint``)."""
        hint = self.none_hint if getattr(self, "_n", 0) else self.empty_hint
        if not hint.isVisibleTo(self.plot) and hint is self.none_hint:
            return
        vb = self.plot.getPlotItem().getViewBox()
        area = self.plot.mapFromScene(vb.sceneBoundingRect()).boundingRect()
        hint.setWordWrap(False)
        width = min(hint.sizeHint().width(), max(40, area.width() - 8))
        hint.setWordWrap(True)
        height = hint.heightForWidth(width)
        hint.setGeometry(area.center().x() - width // 2, area.center().y() - height // 2, width, height)

    def _update_none_hint(self) -> None:
        """``none_hint`` shown where a sequence is open and no run has the curve chosen, saying why."""
        if not hasattr(self, "none_hint") or not hasattr(self, "_by_kind"):
            return
        kind, key = self.shown()
        series = self._by_kind.get(kind, ({}, {}))[0]
        drawn = any(key in s and (isinstance(s, LazySeries) or s.get(key) is not None) for s in series.values())
        what = self.metric_combo.currentText() or "the curve chosen"
        if self._n == 1:
            text = f"One frame: no per-frame curve of {what} to draw"
        elif kind == "tracking" and key in ("iou", "error") and not getattr(self, "_groundtruth", True):
            # (a video, a plain folder: "no run has IoU yet" read as if a tracker's run would draw it)
            text = "No groundtruth here: IoU and centre error cannot be drawn; Show › Tracker score"
        else:
            text = f"No run on this sequence has {what} yet: a method's run draws it here, frame by frame"
        show = self._n > 0 and not drawn
        if show and self.none_hint.text() != text:
            self.none_hint.setText(text)
        self.none_hint.setVisible(show)
        if show:
            self._place_empty_hint()

    def _fill_metrics(self, kinds: list[str], prefer: str | None = None) -> None:
        """The Show list: the curves of ``kinds`` (tracking first); keeps the current choice when it is
        still offered, else the first curve of ``prefer``."""
        current = self.metric_combo.currentData()
        self._kinds = list(kinds)
        self._offered = self._curves_offered(kinds)
        self.metric_combo.blockSignals(True)
        self.metric_combo.clear()
        for kind, text, key in self._offered:
            self.metric_combo.addItem(text, f"{kind}:{key}")
        idx = self.metric_combo.findData(current) if current is not None else -1
        if prefer is not None and (idx < 0 or current.split(":")[0] != prefer):
            idx = self.metric_combo.findData(f"{prefer}:{KIND_METRICS[prefer][0][1]}")
        self.metric_combo.setCurrentIndex(max(idx, 0))
        self.metric_combo.blockSignals(False)

    def _curves_offered(self, kinds: list[str]) -> list[tuple[str, str, str]]:
        """(kind, Show text, key) of the curves of ``kinds``: a segmenter's scores (``SCORED_ONLY``) where one of
        its runs has them."""
        out = []
        for kind in kinds:
            runs = self._by_kind.get(kind, ({},))[0].values() if kind == "segmentation" else ()
            out += [(kind, text, key) for text, key, _a in KIND_METRICS[kind]
                    if kind != "segmentation" or key not in SCORED_ONLY or any(key in r for r in runs)]
        return out

    def set_series(self, series: dict[str, dict[str, np.ndarray]], colors: dict[str, str | tuple[str, str]],
                   kind: str = "tracking") -> None:
        """``series``: {run: {key: (N,)}} with NaN where absent; the keys of ``KIND_METRICS[kind]``
        (trackers: "iou", "score", "error"). ``colors``: {run: a colour, or (colour, line style) as
        ``tracking.style`` gives the tracker runs}. A kind that gets its first runs is shown; one whose runs
        are gone leaves the Show list."""
        if kind not in KIND_METRICS:
            raise ValueError(f"unknown kind of run {kind!r}")
        had = bool(self._by_kind.get(kind, ({},))[0])
        if series:
            self._by_kind[kind] = (series, colors)
        else:
            self._by_kind.pop(kind, None)
        kinds = [k for k in KIND_METRICS if k == "tracking" or self._by_kind.get(k)]
        if kinds != self._kinds or (series and not had) or self._curves_offered(kinds) != self._offered:
            self._fill_metrics(kinds, prefer=kind if series and not had else None)
        if self.on_screen() and not self.draw_later:
            self._redraw()
        else:  # a tab behind another (the plots, during a run): drawn when it shows; a sequence opening: after
            shown, _key = self.shown()
            self._series, self._colors = self._by_kind.get(shown, ({}, {}))
            self._stale = True
            if self.draw_later and self.on_screen():  # made on turns of their own before the opener's redraw
                self._make_ahead_later()

    def on_screen(self) -> bool:
        """Whether the dock can be seen (``widgets.on_screen``): drawn now, or when it shows."""
        return on_screen(self)

    def redraw(self) -> None:
        """Draw the curves set while the dock was not on screen (it shows now), over several event-loop turns
        when they are many: the curves shown that are not made yet (``LazySeries``: saved runs' IoU against the
        groundtruth) are made ``MAKES_A_TURN`` a turn, then the curves new to the plot are drawn
        ``CURVES_A_TURN`` a turn with their legend entries (a curve item and a label each, 2-5 ms, 8-16 under
        load), the legend shown and placed on the last turn, with the rest. 25 saved runs made and drawn in
        one turn held the GUI thread 50-100 ms (load 2-3), then drawn in one turn 84-140 ms (load 4-5). (A
        sequence opening has them made on turns before: ``set_series``.)"""
        if not self._stale:
            return
        if self._make_shown() or self._draw_step():
            self._redraw_later()
            return
        self._redraw()

    MAKES_A_TURN = 8  # lazy curves made in one event-loop turn (``redraw``; 0.4-0.8 ms each, more under load)
    CURVES_A_TURN = 5  # curves new to the plot drawn in one event-loop turn at most (``redraw``)
    TURN_BUDGET_S = 0.015  # a turn's drawing: fewer curves the next turn when a turn took longer (under load)

    def _redraw_later(self) -> None:
        """``redraw`` again on a later turn (a step of the window's, ``step_later``: input and painting in between), once
        however often asked."""
        if not self._redraw_scheduled:
            self._redraw_scheduled = True
            step_later(self._redraw_turn, self)

    def _redraw_turn(self) -> None:
        self._redraw_scheduled = False
        if self.on_screen():
            self.redraw()

    def _make_ahead_later(self) -> None:
        """The curves shown that are not made yet, made ``MAKES_A_TURN`` a turn from the next turn on, not drawn
        (the opener's ``redraw`` draws them)."""
        if not self._make_scheduled:
            self._make_scheduled = True
            step_later(self._make_ahead_turn, self)

    def _make_ahead_turn(self) -> None:
        self._make_scheduled = False
        if self._make_shown() and self._unmade():
            self._make_ahead_later()

    def _unmade(self) -> list:
        """The series of the curves shown whose curve is not made yet."""
        kind, key = self.shown()
        series = self._by_kind.get(kind, ({}, {}))[0]
        return [s for s in series.values() if isinstance(s, LazySeries) and key in s and not s.made(key)]

    def _make_shown(self) -> bool:
        """Up to ``MAKES_A_TURN`` of the curves shown that are not made yet, made; True when there were some."""
        _kind, key = self.shown()
        lazy = self._unmade()[:self.MAKES_A_TURN]
        for s in lazy:
            s[key]
        return bool(lazy)

    def _rows(self) -> list:
        """``CurveSet.update``'s rows of the curves shown: (name, x, y, colour, width, legend text)."""
        _kind, key = self.shown()
        return [(name, np.arange(len(s[key])), s[key], self._colors.get(name, "#ffffff"), _pen_width(len(s[key])), name)
                for name, s in self._series.items() if s.get(key) is not None]

    def _draw_step(self) -> bool:
        """With more curves new to the plot than the items of curves gone can take (plus a step: ``CURVES_A_TURN``,
        fewer while a step takes longer than ``TURN_BUDGET_S``), the curves drawn already kept, the gone ones'
        items taken over and a step more drawn, the legend hidden until the last turn (``_redraw``); True when
        that was done (more turns to go)."""
        kind, _key = self.shown()
        self._series, self._colors = self._by_kind.get(kind, ({}, {}))
        rows = self._rows()
        have = self._curves.items
        names = {r[0] for r in rows}
        free = sum(1 for name in have if name not in names)
        new = [r[0] for r in rows if r[0] not in have]
        step = self._step_curves
        if len(new) <= free + step:
            return False
        now = set(new[:free + step])
        self.legend.setVisible(False)  # (placed and shown with every entry: ``_redraw``)
        start = time.perf_counter()
        self._curves.update([r for r in rows if r[0] in have or r[0] in now])
        self._fit_pixmap_cache()
        took = max(time.perf_counter() - start, 1e-6)
        self._step_curves = max(1, min(self.CURVES_A_TURN, int(step * self.TURN_BUDGET_S / took)))
        return True

    def _on_visibility(self, visible: bool) -> None:
        if visible:
            self.redraw()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.redraw()

    def clear_kind(self, kind: str) -> None:
        self.set_series({}, {}, kind)

    def show_metric(self, kind: str, key: str) -> bool:
        """Show the curves ``key`` of ``kind`` (False when that kind has no runs)."""
        idx = self.metric_combo.findData(f"{kind}:{key}")
        if idx >= 0:
            self.metric_combo.setCurrentIndex(idx)
        return idx >= 0

    def shown(self) -> tuple[str, str]:
        """(kind, key) of the curves on screen."""
        kind, _, key = (self.metric_combo.currentData() or "tracking:iou").partition(":")
        return kind, key

    def _redraw(self) -> None:
        self._stale = False
        p = self.plot.getPlotItem()
        kind, key = self.shown()
        self._series, self._colors = self._by_kind.get(kind, ({}, {}))
        # curves kept and updated in place (see curves.py): this runs twice a second during a run
        self._curves.update(self._rows())
        self._fit_pixmap_cache()
        self.values_axis.whole = key in COUNTS
        if key in UNIT_RANGE:
            p.setYRange(0, 1.0, padding=0.03)  # the legend is beside the plot: no headroom kept for it
        elif key in COUNTS:  # from 0, and at least 0..1: a run finding one target a frame was drawn on 0.5..1.5
            top = max([float(np.nanmax(s[key])) for s in self._series.values()
                       if s.get(key) is not None and np.isfinite(s[key]).any()] + [1.0])
            p.setYRange(0, top, padding=0.05)
        else:
            p.enableAutoRange(axis="y")
        self._set_value_label(AXIS.get((kind, key), key))
        self.legend.setVisible(bool(self._series))
        self._update_none_hint()
        self._place_legend()
        self._update_readout(int(round(self.cursor.value())))

    PIXMAP_CACHE_CAP = 256 << 20  # bytes of Qt's pixmap cache the curves may take at most (``_fit_pixmap_cache``)

    def _fit_pixmap_cache(self, *_args) -> None:
        """Room in Qt's pixmap cache (``QPixmapCache``) for a pixmap of the plot a curve (``TimelineCurve``'s
        cache), raised when the curves or the plot's size need more, never lowered (other views' pixmaps). Its
        default 10 MB held three curves of a 1900x450 plot: with 8 runs the pixmaps were thrown out in turn, and
        every cursor move drew every curve into a new pixmap and copied it (14-20 ms a move, 5x drawing them
        uncached). More than ``PIXMAP_CACHE_CAP`` needed: the curves drawn uncached (a cache that cannot hold
        them all misses at every repaint, as they are drawn in turn)."""
        items = list(self._curves.items.values())
        view = self.plot.viewport()
        dpr = view.devicePixelRatioF()
        need = len(items) * view.width() * view.height() * 4 * dpr * dpr
        fits = need <= self.PIXMAP_CACHE_CAP
        if fits and items:
            want_kb = int((need * 1.25 + (10 << 20)) // 1024)  # the curves, a quarter more, Qt's default for the rest
            if QPixmapCache.cacheLimit() < want_kb:
                QPixmapCache.setCacheLimit(min(want_kb, (self.PIXMAP_CACHE_CAP + (10 << 20)) // 1024))
        mode = QGraphicsItem.CacheMode.DeviceCoordinateCache if fits else QGraphicsItem.CacheMode.NoCache
        for item in items:
            if item.cacheMode() != mode:
                item.setCacheMode(mode)

    def _set_value_label(self, text: str) -> None:
        """The value axis's label, set when it changes: set again, pyqtgraph laid out and repainted the whole
        plot (20-60 ms under load with 25 curves), on every redraw (a map read, a live run's tick)."""
        if text != self._value_label:
            self._value_label = text
            self.plot.getPlotItem().setLabel("left", text, color=style.MUTED)

    def _place_legend(self, *_args) -> None:
        """The legend right of the plot, in a margin of the plot item as wide as the legend: it hides no
        curve whatever the data (inside the plot, top right, it covered the curves of runs that
        span the sequence; 1366x768, five trackers). Its entries in as many columns as the plot's
        height needs; no margin without runs."""
        p = self.plot.getPlotItem()
        vb = p.getViewBox()
        n = len(self.legend.items)
        if self._series and n:
            pitch = self.legend.row_pitch()
            rows = max(1, int(vb.height() // pitch)) if vb.height() > pitch else n
            self.legend.setColumnCount(max(1, -(-n // rows)))
            self.legend.updateSize()
            margin = self.legend.width() + 4
        else:
            margin = 0
        left, top, right, bottom = p.layout.getContentsMargins()
        if abs(right - margin) > 0.5:
            p.layout.setContentsMargins(left, top, margin, bottom)
            # laid out now: on the next LayoutRequest, the plot was painted once in the old shape, then again
            p.layout.activate()
        self.legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-1, vb.geometry().top()))

    def set_frame(self, i: int) -> None:
        self._setting = True
        self.cursor.setValue(i)
        self._setting = False
        self._update_readout(i)

    def _update_readout(self, i: int) -> None:
        _kind, key = self.shown()
        parts = []
        for name, s in self._series.items():
            # (a curve not drawn yet is not made for its one value: ``LazySeries.value_at``)
            v = s.value_at(key, i) if isinstance(s, LazySeries) else _value_at(s.get(key), i)
            if v is not None and np.isfinite(v):
                if key == "error":
                    parts.append(f"{name} {v:.1f}px")
                elif key in ("count", "labelled"):
                    parts.append(f"{name} {v:.0f}")
                else:
                    parts.append(f"{name} {v:.3f}" if key not in ("fa_e6", "box_fa_e6") else f"{name} {v:.1f}")
        self.readout.setText(f"frame {i + 1}: " + ", ".join(parts) if parts else "")

    def _on_cursor(self) -> None:
        if not self._setting and self._n:
            self.sigFrame.emit(int(np.clip(round(self.cursor.value()), 0, self._n - 1)))

    def _on_click(self, ev) -> None:
        vb = self.plot.getPlotItem().getViewBox()
        if not self._n or ev.button() != Qt.MouseButton.LeftButton or not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        x = vb.mapSceneToView(ev.scenePos()).x()
        self.sigFrame.emit(int(np.clip(round(x), 0, self._n - 1)))
