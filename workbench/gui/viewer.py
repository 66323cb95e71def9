"""The frame view: image with zoom and pan, the initial-box ROI, result and groundtruth boxes, a
response-map heatmap with its colour key and a legend. Knows nothing of trackers; the window feeds it boxes and maps."""
from __future__ import annotations

import time

import cv2
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QLabel, QWidget
from shiboken6 import isValid

from workbench.gui import display, style
from workbench.gui.curves import color_and_line, pen_style
from workbench.gui.legend_pool import PooledLegend
from workbench.gui.worker import step_later


class DrawViewBox(pg.ViewBox):
    """A ViewBox where a left drag draws a rectangle while ``draw_mode`` is on (panning is off then)."""

    sigDrawing = Signal(object)  # QRectF in image coordinates, while dragging
    sigDrawn = Signal(object)  # QRectF when the drag ends
    sigDropped = Signal()  # the box being drawn dropped (``drop_drawing``)

    def __init__(self, **kw):
        super().__init__(**kw)
        self.draw_mode = False
        self.drawing = False  # a drag drawing a box is going on
        self._dropped = False  # the drag going on was dropped (Esc): the rest of it draws nothing

    def mouseDragEvent(self, ev, axis=None):
        if self.draw_mode and ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            if ev.isStart():
                self._dropped = False
            if self._dropped:
                return
            p0 = self.mapSceneToView(ev.buttonDownScenePos())
            p1 = self.mapSceneToView(ev.scenePos())
            rect = QRectF(p0, p1).normalized()
            self.drawing = not ev.isFinish()
            (self.sigDrawn if ev.isFinish() else self.sigDrawing).emit(rect)
        else:
            super().mouseDragEvent(ev, axis)

    def drop_drawing(self) -> bool:
        """The box being dragged out dropped: nothing drawn when the button is let go. False when none is."""
        if not self.drawing:
            return False
        self.drawing, self._dropped = False, True
        self.sigDropped.emit()
        return True


def _pen(color: str, width: float = 2.0, dashed: bool = False) -> QPen:
    pen = QPen(QColor(color))
    pen.setWidthF(width)
    pen.setCosmetic(True)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def _look_pen(look, width: float, cosmetic: bool = True) -> QPen:
    """A run's pen: ``look`` a colour, or (colour, matplotlib line style) for a run past the eighth colour."""
    color, line = color_and_line(look)
    pen = _pen(color, width) if cosmetic else pg.mkPen(color, width=width)
    pen.setStyle(pen_style(line))  # the plots' table (``curves``): one mapping of line styles
    return pen


class _Key:
    """What a legend entry's sample draws: a line in ``pen`` (None: none), or a ``_Mark`` (a symbol as the frame
    draws a layer: the labelled points' crosses, the detections' rings, the mask's fill, the targets' boxes; drawn
    by ``_Sample``). pyqtgraph's sample reads an item's ``opts`` and visibility; a ``PlotDataItem`` made for that
    alone (a curve and a scatter item) cost 2-3 ms an entry."""

    def __init__(self, pen):
        self.mark = pen if isinstance(pen, _Mark) else None
        self.opts = {"pen": None if self.mark is not None else pen, "symbol": None}
        self._visible = True

    def isVisible(self) -> bool:
        return self._visible

    def setVisible(self, on: bool) -> None:  # a click on the sample (it then draws pyqtgraph's hidden eye)
        self._visible = bool(on)


class _Mark:
    """A legend sample that is a symbol, no line: ``symbol`` (pyqtgraph's: "+", "o", "s"), ``size`` pixels, drawn
    with ``pen`` (None: no outline) and ``brush`` (None: hollow), as the frame draws that layer."""

    def __init__(self, symbol: str, size: float, pen=None, brush=None):
        self.symbol, self.size = symbol, size
        self.pen = pg.mkPen(pen) if pen is not None else pg.mkPen(None)
        self.brush = pg.mkBrush(brush) if brush is not None else pg.mkBrush(None)


class _Sample(pg.ItemSample):
    """The frame legend's sample: pyqtgraph's (a line in the key's pen), or the key's ``_Mark`` alone."""

    def paint(self, p, *args):
        mark = getattr(self.item, "mark", None)
        if mark is None or not self.item.isVisible():
            return super().paint(p, *args)
        from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol

        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.translate(10, 11)  # (the centre of pyqtgraph's line, y 11)
        drawSymbol(p, mark.symbol, mark.size, mark.pen, mark.brush)


# what the frame draws besides the runs, as its legend draws it (``_legend_entry_list``)
GT_POINTS_MARK = _Mark("+", 15, pg.mkPen(style.GT_COLOR, width=1.0), style.GT_COLOR)  # labelled points: crosses
GT_OUTLINE_MARK = _Mark("s", 13, pg.mkPen(style.GT_COLOR, width=1.0))  # a label mask: its targets' outlines
DETECT_MARK = _Mark("o", 12, pg.mkPen(style.DETECT_COLOR, width=1.8))  # a detector's points: rings
MASK_MARK = _Mark("s", 12, None, QColor(style.MASK_COLOR))  # a segmenter's mask: filled
TARGET_MARK = _Mark("s", 13, pg.mkPen(style.TARGET_COLOR, width=1.3))  # its targets' boxes

ZOOM_STEP = 1.25  # one key press (+ / -) or menu entry


def zoom_key(ev) -> float | None:
    """The zoom factor a key press asks for: ``+`` or ``=`` (where ``+`` is Shift and ``=``) zooms in,
    ``-`` out, with or without Shift or the keypad; None for any other key or with Ctrl / Alt / Meta."""
    if ev.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier):
        return None
    if ev.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
        return ZOOM_STEP
    if ev.key() == Qt.Key.Key_Minus:
        return 1.0 / ZOOM_STEP
    return None


MAX_TARGET_BOXES = 1000  # beyond this the mask overlay says enough; thousands of items slow the scene


def mask_lut(color: str) -> np.ndarray:
    """(2, 4) RGBA: 0 transparent, 1 opaque ``color`` (opacity is the item's)."""
    c = QColor(color)
    return np.array([[0, 0, 0, 0], [c.red(), c.green(), c.blue(), 255]], np.uint8)


class MapKey(QWidget):
    """The colour key of the maps drawn over the frame (a tracker's response map, a segmenter's
    saliency): the heatmap's colours from low to high, each end labelled with the value it stands for
    (a response map is scaled to its own minimum and maximum on every frame), drawn as over a dark
    frame (low values are transparent). In the view's top-right corner while a map is shown (the
    runs' legend is top left, the hint bottom centre); clicks go through it to the frame."""

    BAR_W, BAR_H, PAD, GAP, MARGIN = 110, 9, 6, 5, 8

    def __init__(self, parent):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.rows: dict[str, tuple[str, str, str]] = {}  # overlay -> (title, low, high)
        lut = np.ascontiguousarray(display.heat_lut())
        self._bar = QImage(lut.tobytes(), 256, 1, 256 * 4, QImage.Format.Format_RGBA8888).copy()
        f = self.font()
        f.setPointSizeF(max(7.0, f.pointSizeF() - 1))
        self.setFont(f)
        self.on_shown: object = None  # called when the key is shown or hidden
        self.hide()

    @staticmethod
    def value_text(v: float, span: float) -> str:
        """Three significant digits; a value within 0.1 % of the range from 0 is 0 (a Gaussian
        response's floor read "1.19e-07")."""
        return f"{0.0 if abs(v) < 1e-3 * span else v:.3g}"

    def set_row(self, overlay: str, title: str | None, low: float = 0.0, high: float = 1.0) -> None:
        """The key of ``overlay`` ("heat", "saliency"); ``title`` None: that overlay is hidden."""
        span = abs(high - low)
        row = None if title is None else (title, self.value_text(low, span), self.value_text(high, span))
        if self.rows.get(overlay) == row:
            return
        if row is None:
            self.rows.pop(overlay, None)
        else:
            self.rows[overlay] = row
        self.place()
        shown = not self.isHidden()
        self.setVisible(bool(self.rows))
        self.update()
        if shown != (not self.isHidden()) and self.on_shown is not None:
            self.on_shown()  # the runs' legend keeps clear of it (a line above the frame, left of the key)

    def _row_h(self) -> int:
        return self.fontMetrics().height() + 2 + max(self.BAR_H, self.fontMetrics().height())

    def place(self) -> None:
        """Sized to its rows, in the parent's top-right corner."""
        if not self.rows:
            return
        fm = self.fontMetrics()
        width = max(max(fm.horizontalAdvance(t) for t, _, _ in self.rows.values()),
                    max(fm.horizontalAdvance(lo) + fm.horizontalAdvance(hi) for _, lo, hi in self.rows.values())
                    + 2 * self.GAP + self.BAR_W)
        w = width + 2 * self.PAD
        h = 2 * self.PAD + len(self.rows) * self._row_h() + (len(self.rows) - 1) * self.GAP
        self.resize(w, h)
        self.move(max(0, self.parentWidget().width() - w - self.MARGIN), self.MARGIN)

    def paintEvent(self, ev) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.setPen(QPen(QColor("#3a3f47")))
        p.setBrush(QColor(20, 22, 26, 200))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        fm = self.fontMetrics()
        y = self.PAD
        for title, lo, hi in self.rows.values():
            p.setPen(QColor(style.TEXT))
            p.drawText(self.PAD, y + fm.ascent(), title)
            y += fm.height() + 2
            line_h = max(self.BAR_H, fm.height())
            p.setPen(QColor(style.MUTED))
            base = y + (line_h + fm.ascent() - fm.descent()) // 2
            x = self.PAD
            p.drawText(x, base, lo)
            x += fm.horizontalAdvance(lo) + self.GAP
            bar = QRectF(x, y + (line_h - self.BAR_H) / 2, self.BAR_W, self.BAR_H)
            p.drawImage(bar, self._bar)
            p.setPen(QPen(QColor(style.GRID)))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(bar)
            p.setPen(QColor(style.MUTED))
            p.drawText(int(bar.right()) + self.GAP, base, hi)
            y += line_h + self.GAP
        p.end()


class FrameView(pg.GraphicsView):
    """Image + overlays. Emits the initial box the user draws or edits, and the cursor position."""

    sigInitBox = Signal(object)  # (x, y, w, h) when drawn or edited; None when cleared
    sigCursor = Signal(float, float)  # image coordinates under the mouse
    sigZoom = Signal(float)  # screen pixels per image pixel
    sigClicked = Signal(float, float)  # image coordinates of a left click (not a drag)

    def __init__(self, parent=None):
        super().__init__(parent, background=style.BG)
        self.vb = DrawViewBox(lockAspect=True, invertY=True, enableMenu=False)
        self.setCentralItem(self.vb)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.vb.addItem(self.image)
        self.heat = pg.ImageItem(axisOrder="row-major")
        self.heat.setZValue(5)
        self.heat.setLookupTable(display.heat_lut())
        self.heat.setOpacity(0.6)
        self.heat.hide()
        self.vb.addItem(self.heat)
        # segmentation: saliency as a heatmap (values already 0..1) and the mask in one colour
        self.sal = pg.ImageItem(axisOrder="row-major")
        self.sal.setZValue(6)
        self.sal.setLookupTable(display.heat_lut())
        self.sal.hide()
        self.vb.addItem(self.sal)
        self.mask_item = pg.ImageItem(axisOrder="row-major")
        self.mask_item.setZValue(7)
        self.mask_item.setLookupTable(mask_lut(style.MASK_COLOR))
        self.mask_item.hide()
        self.vb.addItem(self.mask_item)
        # a sequence's label mask, as the outline of its targets (the prediction stays visible inside)
        self.label_mask_item = pg.ImageItem(axisOrder="row-major")
        self.label_mask_item.setZValue(8)
        self.label_mask_item.setLookupTable(mask_lut(style.GT_COLOR))
        self.label_mask_item.hide()
        self.vb.addItem(self.label_mask_item)
        self._label_mask_shown = None  # the mask array whose outline the item draws (the same one: not drawn again)
        self._target_items: list[QGraphicsRectItem] = []
        # detections: a ring per point (dim targets are a few pixels: a ring leaves them visible),
        # the labelled points as small crosses, and boxes when the detector sizes its detections
        self.det_points = pg.ScatterPlotItem(symbol="o", size=13, pen=pg.mkPen(style.DETECT_COLOR, width=1.8),
                                             brush=None, pxMode=True)
        self.det_points.setZValue(13)
        self._det_pen = pg.mkPen(style.DETECT_COLOR, width=1.8)
        self._other_pen = pg.mkPen(style.DETECT_OTHER_COLOR, width=1.2)
        self.vb.addItem(self.det_points)
        self.label_points = pg.ScatterPlotItem(symbol="+", size=23, pen=pg.mkPen(style.GT_COLOR, width=1.0),
                                               brush=pg.mkBrush(style.GT_COLOR), pxMode=True)
        self.label_points.setZValue(12)
        self.vb.addItem(self.label_points)
        self._det_box_items: list[QGraphicsRectItem] = []
        self.gt_item = QGraphicsRectItem()
        self.gt_item.setPen(_pen(style.GT_COLOR, 1.5, dashed=True))
        self.gt_item.setZValue(10)
        self.gt_item.hide()
        self.vb.addItem(self.gt_item)
        self._result_items: dict[str, QGraphicsRectItem] = {}
        self._result_shown: dict[str, tuple] = {}  # name -> (colour, rect or None) its item shows (``set_results``)
        self._colors: dict[str, str] = {}
        self.roi: pg.RectROI | None = None
        self._rubber = QGraphicsRectItem()
        self._rubber.setPen(_pen(style.INIT_COLOR, 1.5, dashed=True))
        self._rubber.setZValue(30)
        self._rubber.hide()
        self.vb.addItem(self._rubber)
        # its entries taken out are kept to be used again (``legend_pool``): (text, on one line) -> entry
        self.legend = PooledLegend(offset=(8, 8), labelTextColor=style.TEXT, brush=pg.mkBrush(20, 22, 26, 190),
                                   pen=pg.mkPen("#3a3f47"), labelTextSize=style.text_pt(), spare_cap=self.SPARE_ENTRIES,
                                   sampleType=_Sample)
        self.legend.setParentItem(self.vb)
        self.legend.hide()
        # dragged by the user (pyqtgraph's legend moves with a left drag), it stays where it was dropped
        # until the view is fitted again (F, another frame size): it is no longer placed automatically
        self._legend_moved = False
        self._legend_stale = False  # made again on a later turn (``_legend_later``), once
        self._legend_scheduled = False
        self._label_sizes: dict = {}  # (text, size) -> a legend label's measured (width, height)
        self._label_probe = None  # the label measured on
        self._legend_row_mode = False  # its entries on one line (``_rebuild_legend``)
        self._legend_gt = False  # the groundtruth named in it (``set_show_gt_in_legend``)
        # the layers besides the runs' boxes the frame draws now, each named in the legend as it is drawn: the
        # labelled points ("points", crosses), a label mask's outlines ("outline"), a detector's points
        # ("detections"), a segmenter's mask ("mask") and target boxes ("targets") (``_drawn_now``)
        self._drawn = dict.fromkeys(("points", "outline", "detections", "mask", "targets"), False)
        self._legend_rows: int | None = None  # the rows it was made with (None: every entry, or on one line)
        self._legend_corner: int | None = None  # over the frame: its corner (``LEGEND_CORNERS``); None: off the frame
        self._refitting = False  # made again by ``_fit_legend`` (once, not from inside itself)
        drag = self.legend.mouseDragEvent

        def dragged(ev, _drag=drag):
            _drag(ev)
            if ev.isAccepted():
                self._legend_moved = True

        self.legend.mouseDragEvent = dragged
        # the legend is sized to the viewport: at 1280x720 it covered a quarter of a small frame
        self.vb.sigResized.connect(self._fit_legend)
        self.vb.sigRangeChanged.connect(self._fit_legend)  # the band left of the frame changes with the zoom
        self.map_key = MapKey(self)  # what the heatmaps' colours stand for, while one is shown
        self.map_key.on_shown = self._fit_legend
        # the hint: under the frame, in a strip of its own below the image area while a frame is shown
        # (over the view's bottom it covered the frame's lower part at 1280x720 and 1366x768, and
        # any frame zoomed in); over the empty view when there is no frame
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)  # wraps in a narrow view (it was clipped at 1280x720)
        self.hint.hide()
        self._hint_text: str | None = None
        self._hint_one_line = 0  # the hint's width on one line
        self._hint_strip = 0  # the height kept below the image area for the hint
        self.vb.sigDrawing.connect(self._on_drawing)
        self.vb.sigDrawn.connect(self._on_drawn)
        self.vb.sigDropped.connect(self._rubber.hide)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self._shape: tuple[int, int] | None = None
        # the zoom is only a figure once a frame is shown (the empty view's range read "zoom 35400 %")
        self.vb.sigRangeChanged.connect(lambda *_: self._shape is not None and self.sigZoom.emit(self.zoom()))

    # --- image ----------------------------------------------------------------------------
    def set_image(self, img: np.ndarray, levels=None, lut=None) -> None:
        """``img`` 2-D (with ``levels`` and ``lut``) or (H, W, 3) RGB."""
        first = self._shape is None or self._shape != img.shape[:2]
        if img.ndim == 2:
            self.image.setImage(img, autoLevels=False, levels=levels, lut=lut)
        else:
            self.image.setImage(img, autoLevels=False, levels=levels or (0, 255), lut=None)
        self._shape = img.shape[:2]
        if first:
            self.fit()
            self._place_hint()  # a frame now: the hint moves under it

    def fit(self) -> None:
        if self._shape is not None:
            h, w = self._shape
            moved, self._legend_moved = self._legend_moved, False
            self.vb.setRange(QRectF(0, 0, w, h), padding=0.02)
            if moved:
                self._fit_legend()  # placed again, off the frame where there is room

    def zoom(self) -> float:
        px = self.vb.viewPixelSize()[0]
        return 1.0 / px if px > 0 else 1.0

    def set_zoom(self, factor: float) -> None:
        """Zoom by ``factor`` around the view centre."""
        self.vb.scaleBy((1.0 / factor, 1.0 / factor))

    def zoom_in(self) -> None:
        self.set_zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(1.0 / ZOOM_STEP)

    def event(self, ev) -> bool:
        if ev.type() == QEvent.Type.ShortcutOverride and ev.key() == Qt.Key.Key_Escape and self.vb.drawing:
            ev.accept()  # Esc drops the box being drawn (keyPressEvent); it does not cancel a run going
            return True
        return super().event(ev)

    def keyPressEvent(self, ev) -> None:
        if ev.key() == Qt.Key.Key_Escape and self.vb.drop_drawing():
            ev.accept()
            return
        # + / = / - that no shortcut took (a Shift++ key event for which the platform offers no plain
        # "+" to the shortcuts, as Qt's offscreen platform and synthetic events do): zoom all the same
        factor = zoom_key(ev)
        if factor is not None:
            self.set_zoom(factor)
            ev.accept()
            return
        super().keyPressEvent(ev)

    # --- boxes ----------------------------------------------------------------------------
    def set_gt(self, box) -> None:
        if box is None:
            self.gt_item.hide()
        else:
            rect = QRectF(*[float(v) for v in box])
            if rect == self.gt_item.rect() and self.gt_item.isVisible():
                return
            self.gt_item.setRect(rect)
            self.gt_item.show()
        self._keep_legend_clear()

    def set_results(self, boxes: dict[str, tuple | None], colors: dict[str, str | tuple[str, str]]) -> None:
        """Result boxes of the current frame, one per tracker label (None: nothing at this frame). ``colors``: a
        colour, or (colour, line style) for a run past the eighth colour (dashed: its box and legend line)."""
        shown = self._result_shown
        moved = False
        for name in list(self._result_items):
            if name not in boxes:
                self.vb.removeItem(self._result_items.pop(name))
                shown.pop(name, None)
        for name, box in boxes.items():
            item = self._result_items.get(name)
            if item is None:
                item = QGraphicsRectItem()
                item.setZValue(11)
                self.vb.addItem(item)
                self._result_items[name] = item
            color = colors.get(name, "#ffffff")
            rect = None if box is None or not np.all(np.isfinite(box)) else tuple(float(v) for v in box)
            # set where it changed only: this runs on each frame shown and each overlay refresh (11 a sequence
            # opening with 25 saved runs), and each Qt call waits for the interpreter lock while a worker holds it
            old_color, old_rect = shown.get(name, (None, None))
            if color != old_color:
                item.setPen(_look_pen(color, 2.0))
            if rect is None:
                if old_rect is not None or old_color is None:
                    item.hide()
            elif rect != old_rect:
                item.setRect(QRectF(*rect))
                item.show()
            moved = moved or rect != old_rect
            shown[name] = (color, rect)
        if moved:
            self._keep_legend_clear()
        if colors != self._colors:
            self._colors = dict(colors)
            self._legend_later()

    def set_show_gt_in_legend(self, show: bool) -> None:
        """Whether the legend names the groundtruth (made again on the next event-loop turn)."""
        if show == self._legend_gt:
            return
        self._legend_gt = show
        self._legend_later()

    def _legend_later(self) -> None:
        """The legend made again on a later event-loop turn, once, with the runs and the view of then. Made at
        once it was made up to three times on opening a sequence: with the sequence before's runs (the
        groundtruth switch), with the new ones' for the view's size, and again when the hint's strip below the
        frame resized the view (25 saved runs: 20, then 22 entries, 50-150 ms each)."""
        self._legend_stale = True
        if not self._legend_scheduled:
            self._legend_scheduled = True
            step_later(self._legend_turn, self)  # a turn of its own, after the frame's (one step of the window's)

    def _legend_turn(self) -> None:
        """The labels' sizes the legend's plan needs measured ahead on turns of their own (``_measure_labels_ahead``),
        then the legend made (``_rebuild_if_stale``). Nothing once the view's box is gone (a step due after the view
        was torn down: its scene's items are deleted before the view itself)."""
        if not isValid(self.vb):
            return
        if self._legend_stale and self._measure_labels_ahead():
            step_later(self._legend_turn, self)
            return
        self._rebuild_if_stale()

    def _rebuild_if_stale(self) -> None:
        self._legend_scheduled = False
        if not self._legend_stale or not isValid(self.vb):
            return
        if self._make_entries_ahead():  # the rest on the next turn, then the legend in one turn
            self._legend_scheduled = True
            step_later(self._rebuild_if_stale, self)
            return
        self._rebuild_legend()

    ENTRIES_A_TURN = 6  # legend entries made in one event-loop turn at most (1-4 ms each; 8-16 under load)
    TURN_BUDGET_S = 0.012  # and no more once a turn has spent this making them
    LAST_TURN_ENTRIES = 3  # entries left to make with the legend's own turn (its layout and fitting too)
    SPARE_ENTRIES = 64  # legend entries kept out of the legend to be used again (``_add_legend_entry``)

    def _measure_labels_ahead(self) -> bool:
        """With more than ``LAST_TURN_ENTRIES`` labels whose size the legend's plan (``_plan_legend``) measures and
        has not measured yet, some of them measured (``_label_size``) until the turn spent ``TURN_BUDGET_S`` (one at
        least; the last few are left to the plan's turn). True when some were (more turns to go). A sequence's first
        opening with 25 saved runs measured all 26 in the turn that planned the legend (54-57 ms under load)."""
        r = self.vb.boundingRect()
        if r.width() <= 0 or r.height() <= 0 or self._legend_moved:
            return False  # (the plan measures nothing then)
        size = self.legend.opts["labelTextSize"]
        names = [name for _pen, name in self._legend_entry_list() if (name, size) not in self._label_sizes]
        if len(names) <= self.LAST_TURN_ENTRIES:
            return False
        start = time.perf_counter()
        for name in names[:len(names) - self.LAST_TURN_ENTRIES]:
            self._label_size(name)
            if time.perf_counter() - start > self.TURN_BUDGET_S:
                break
        return True

    def _make_entries_ahead(self) -> bool:
        """With more than ``LAST_TURN_ENTRIES`` entries to make for the legend that fits now (``_plan_legend``),
        up to ``ENTRIES_A_TURN`` of them made (fewer once the turn spent ``TURN_BUDGET_S``; the last few are left
        to the legend's own turn), kept out of the legend (its pool) for the legend made when the rest are: the
        first legend of a sequence's 22 saved runs was made in one turn (50-150 ms, 2-core machine under load).
        The legend is hidden meanwhile (it named the sequence before's runs). True when some were made (more
        turns to go)."""
        entries = self._legend_entry_list()
        rows, row_mode = self._plan_legend(entries, None)
        tight = bool(self._legend_row_mode if row_mode is None else row_mode)
        names = [name for _pen, name in self._shown_entries(entries, rows, tight)[0]]
        lg = self.legend
        missing = [name for name in names if not lg.has_spare(name, tight)
                   and not any(label.text == name and lg.variant_of(label) == tight for _sample, label in lg.items)]
        if len(missing) <= self.LAST_TURN_ENTRIES:
            return False
        self._detach_legend_entries()
        self.legend.hide()
        self.legend.size = (0, 0)  # (not sized: see _rebuild_legend)
        start = time.perf_counter()
        try:
            # (under load a turn of six entries took 50-60 ms: fewer when the turn's budget is spent)
            for name in missing[:min(self.ENTRIES_A_TURN, len(missing) - self.LAST_TURN_ENTRIES)]:
                self._add_legend_entry(None, name, tight)
                if time.perf_counter() - start > self.TURN_BUDGET_S:
                    break
        finally:
            self.legend.size = None
        self._detach_legend_entries()
        return True

    def _shown_entries(self, entries: list, rows, row_mode: bool) -> tuple[list, int]:
        """``(entries shown, how many are left out)``: with ``rows`` that cannot hold them all in a column, the
        first ``rows - 1`` and a last line "… N more (Layers dock)"."""
        if rows is not None and rows < len(entries) and not row_mode:
            keep = max(1, rows - 1)
            more = len(entries) - keep
            return entries[:keep] + [(None, f"… {more} more (Layers dock)")], more
        return entries, 0

    FIT = "fit"  # ``_rebuild_legend``'s rows: as many as the view has room for (``_plan_legend``)

    def _rebuild_legend(self, rows: int | None | str = FIT, row_mode: bool | None = None) -> None:
        """The legend's entries: the groundtruth's and each run's; with ``rows``, the first ``rows - 1`` of
        them and a last line "… N more (Layers dock)" (``_fit_legend`` asks for it when all of them would
        only fit shrunk past legibility); ``FIT``: the rows and the shape ``_fit_legend`` would choose,
        planned from the labels' measured sizes before any entry is made (the legend was made with every
        entry, 25 saved runs: 26, then made again with the 20 that fit). ``row_mode``: the entries side
        by side on one line, with tight margins (in the band above or below a wide frame); None: as
        before."""
        self._legend_stale = False
        entries = self._legend_entry_list()
        if rows == self.FIT:
            rows, row_mode = self._plan_legend(entries, row_mode)
        if row_mode is None:
            row_mode = self._legend_row_mode
        self._legend_row_mode = row_mode
        self._detach_legend_entries()
        entries, more = self._shown_entries(entries, rows, row_mode)
        lg = self.legend
        lg.columnCount = max(1, len(entries) - (1 if more else 0)) if row_mode else 1
        m = self.ROW_MARGIN if row_mode else self.COLUMN_MARGIN
        lg.layout.setContentsMargins(m, m if not row_mode else 1, m, m if not row_mode else 1)
        # sized once for all the entries: pyqtgraph's addItem sized the legend after each (its updateSize
        # does nothing while ``size`` is set), 22 entries: 22 passes over up to 22 rows
        lg.size = (0, 0)
        try:
            for pen, name in entries:
                self._add_legend_entry(pen, name, row_mode)
        finally:
            lg.size = None
        lg.updateSize()
        self._legend_rows = None if row_mode else rows
        self.legend.setVisible(self.legend_entries() > 0)
        self._fit_legend()

    def _detach_legend_entries(self) -> None:
        """The legend's entries taken out of it, hidden and kept by their text to be used again
        (``_add_legend_entry``); beyond ``SPARE_ENTRIES`` kept the oldest are let go."""
        self.legend.take_all_out()

    def _add_legend_entry(self, pen, name: str, tight: bool) -> None:
        """An entry drawing ``pen`` and reading ``name`` added last to the legend: one it had before with that
        text (its label laid out already) when there is one, else made. Making the labels (1-4 ms each) was
        most of the 50-150 ms a legend of 22 saved runs took each time a sequence with them opened; opened
        again, none is made."""
        # (a new key each time: visible, as a new entry's, where a click on the sample had hidden the old one)
        self.legend.add_entry(_Key(pen), name, variant=bool(tight), on_made=self._tight_label if tight else None)

    def _plan_legend(self, entries: list, row_mode: bool | None) -> tuple[int | None, bool | None]:
        """``(rows, row_mode)`` for ``entries`` as ``_fit_legend`` would choose them once they are laid out:
        on one line where a wide frame leaves a band for it, else in a column of the rows that fit; with the
        view not laid out yet (or the legend dragged by the user) every entry, in the shape it had."""
        r = self.vb.boundingRect()
        if r.width() <= 0 or r.height() <= 0 or not entries or self._legend_moved:
            return None, row_mode
        w, h, labels_h = self._column_size([name for _pen, name in entries])
        free = self._free_left()
        tall = free > 0 and min(1.0, free / w) >= self.LEGEND_MIN_SCALE
        if not tall and self._row_place(self.frame_rect(), r) is not None:
            return None, True
        return self._column_rows(w, h, labels_h, len(entries), r, free), False

    def _label_size(self, text: str) -> tuple[float, float]:
        """The size of the legend's label of ``text`` (as pyqtgraph's ``LabelItem`` lays it out), measured
        on one label kept for it and remembered by text."""
        size = self.legend.opts["labelTextSize"]
        sizes = self._label_sizes
        key = (text, size)
        if key not in sizes:
            probe = self._label_probe
            if probe is None or probe.opts.get("size") != size:
                probe = self._label_probe = pg.LabelItem("", color=self.legend.opts["labelTextColor"],
                                                         justify="left", size=size)
            probe.setText(text)
            rect = probe.itemRect()
            sizes[key] = (rect.width(), rect.height())
        return sizes[key]

    SAMPLE = 20.0  # a legend entry's sample (pyqtgraph's ItemSample is 20 x 20)

    def _column_size(self, names: list[str]) -> tuple[float, float, float]:
        """The legend's ``(width, height, its labels' heights summed)`` with ``names`` in one column, at
        scale 1, without making it: its margins, a sample and the widest label across, a row per name."""
        lay, m = self.legend.layout, self.COLUMN_MARGIN
        sizes = [self._label_size(name) for name in names]
        width = 2 * m + self.SAMPLE + lay.horizontalSpacing() + max(lw for lw, _lh in sizes)
        height = 2 * m + sum(max(self.SAMPLE, lh) for _lw, lh in sizes) + lay.verticalSpacing() * (len(sizes) - 1)
        return width, height, sum(lh for _lw, lh in sizes)

    def _column_rows(self, w: float, h: float, labels_h: float, n_items: int, r: QRectF, free: float) -> int | None:
        """How many rows of a column legend ``w`` x ``h`` (its ``n_items`` labels ``labels_h`` high in all)
        are shown at ``LEGEND_MIN_SCALE`` or larger in the view box ``r``: beside the frame (``free``
        pixels left of it) where the column fits there, else over it in ``LEGEND_MAX_H`` of the view's
        height; None: every entry."""
        tall = free > 0 and min(1.0, free / w) >= self.LEGEND_MIN_SCALE
        max_h = 0.95 * r.height() if tall else self.LEGEND_MAX_H * r.height()
        margins = h - labels_h
        row_h = max(1.0, (h - margins) / n_items)
        fit = max(1, int((max_h / self.LEGEND_MIN_SCALE - margins) / row_h))
        return fit if fit < self.legend_entries() else None

    def _legend_entry_list(self) -> list:
        """(pen or ``_Mark``, name) of what the frame draws, as it draws it: the groundtruth (labelled points as
        crosses, a label mask as outlines, else a box's dashed line), a detector's rings, a segmenter's mask and
        target boxes, then each run's line."""
        entries, drawn = [], self._drawn
        if drawn["points"]:
            entries.append((GT_POINTS_MARK, "groundtruth"))
        elif drawn["outline"]:
            entries.append((GT_OUTLINE_MARK, "groundtruth"))
        elif self._legend_gt:
            entries.append((pg.mkPen(style.GT_COLOR, width=1.5, style=Qt.PenStyle.DashLine), "groundtruth"))
        for layer, mark, name in (("detections", DETECT_MARK, "detections"), ("mask", MASK_MARK, "segmentation mask"),
                                  ("targets", TARGET_MARK, "targets")):
            if drawn[layer]:
                entries.append((mark, name))
        return entries + [(_look_pen(color, 2.5, cosmetic=False), name) for name, color in self._colors.items()]

    ROW_MARGIN, COLUMN_MARGIN = 4, 9  # the legend's inner margins on one line / in a column (pyqtgraph's)
    LABEL_MARGIN = 1  # a label's text margin on one line (pyqtgraph's 4 made the line 22 px for 9 pt text)

    def _tight_label(self, label) -> None:
        label.item.document().setDocumentMargin(self.LABEL_MARGIN)
        label.updateMin()

    def _row_size(self) -> tuple[float, float]:
        """The legend's size with every entry side by side on one line (``row_mode``), at scale 1,
        measured as its labels will be laid out, without building it."""
        from PySide6.QtGui import QTextDocument

        key = (tuple(name for _pen, name in self._legend_entry_list()), self.legend.opts["labelTextSize"])
        if getattr(self, "_row_size_key", None) != key:
            widths, height = [], 0.0
            for name in key[0]:
                doc = QTextDocument()
                doc.setDocumentMargin(self.LABEL_MARGIN)
                doc.setHtml(f"<span style='font-size: {key[1]}'>{name}</span>")
                size = doc.size()
                widths.append(20.0 + size.width())  # the sample (20 px) and the label
                height = max(height, size.height(), 20.0)
            spacing = self.legend.layout.horizontalSpacing() * max(0, 2 * len(widths) - 1)
            self._row_size_key = key
            self._row_size_cache = (sum(widths) + spacing + 2 * self.ROW_MARGIN, height + 2)
        return self._row_size_cache

    LEGEND_MAX_W, LEGEND_MAX_H = 0.25, 0.3  # the most of the viewport's width / height the legend may take
    # the least scale the legend's height may ask for: with more rows than that leaves room for, the last
    # ones are summed up in one line (seven runs in a 1280x720 window's view were drawn at 0.45, 5 px text)
    LEGEND_MIN_SCALE = 0.8
    LEGEND_WIDE = 0.45  # the most of the viewport's width it may take to keep LEGEND_MIN_SCALE

    def legend_entries(self) -> int:
        """How many entries the legend has: the groundtruth's, the other layers' and the runs'."""
        d = self._drawn
        gt = d["points"] or d["outline"] or self._legend_gt
        return len(self._colors) + int(gt) + d["detections"] + d["mask"] + d["targets"]

    def frame_rect(self) -> QRectF | None:
        """The frame's displayed rectangle in the view box's coordinates (None without a frame)."""
        if self._shape is None:
            return None
        h, w = self._shape
        return QRectF(self.vb.mapFromView(QPointF(0.0, 0.0)), self.vb.mapFromView(QPointF(float(w), float(h)))).normalized()

    def _free_left(self) -> float:
        """The width (viewport pixels) of the empty band left of the frame; 0 without a frame or when it
        reaches the view's left edge."""
        if self._shape is None:
            return 0.0
        return max(0.0, float(self.vb.mapFromView(QPointF(0.0, 0.0)).x()) - 8.0)

    def _row_place(self, fr: QRectF | None, r: QRectF) -> tuple[float, float, bool] | None:
        """Where the one-line legend lies off a wide frame: ``(scale, y offset, above)`` in the empty band
        above the frame (or, where that is too low, below it) at a readable scale, left of the maps' colour
        key; None when neither band has room."""
        if fr is None:
            return None
        rw, rh = self._row_size()
        key = self.map_key
        width = r.width() - 12 - (key.width() + key.MARGIN if not key.isHidden() else 0)
        for above, band in ((True, fr.top() - r.top()), (False, r.bottom() - fr.bottom())):
            if band <= 2:
                continue
            scale = min(1.0, (band - 2) / rh, width / rw)
            if scale >= self.LEGEND_MIN_SCALE:
                return scale, max(1.0, (band - rh * scale) / 2), above
        return None

    def _fit_legend(self, *_) -> None:
        """Off the frame where the view leaves room: in the empty band left of it (as tall as the view),
        or on one line in the band above (else below) a wide frame; otherwise over the frame, scaled down
        so that it takes at most a quarter of the viewport's width and under a third of its height (full
        size in a large view). Rows that would need a scale below ``LEGEND_MIN_SCALE`` are left out,
        summed up in the last line."""
        lg = self.legend
        r = self.vb.boundingRect()
        if r.width() <= 0 or r.height() <= 0 or not lg.items or self._legend_moved \
                or self._legend_stale:  # made again soon (``_legend_later``), then fitted
            return
        free = self._free_left()
        lg.updateSize()
        row_mode = self._legend_row_mode
        cw = getattr(self, "_column_w", 0.0) if row_mode else lg.width()  # the column's width (last laid out)
        tall = free > 0 and cw > 0 and min(1.0, free / cw) >= self.LEGEND_MIN_SCALE
        row = None if tall else self._row_place(self.frame_rect(), r)
        if (row is not None) != row_mode and not self._refitting:
            self._refitting = True  # once: the rebuilt legend fits itself in its new shape
            try:
                self._rebuild_legend(self._legend_rows if row is None else None, row is not None)
            finally:
                self._refitting = False
            return
        lg.updateSize()
        w, h = lg.width(), lg.height()
        if w <= 0 or h <= 0:
            return
        if row is not None:
            scale, y, above = row
            self._legend_corner = None
            lg.setScale(scale)
            if above:
                lg.anchor((0, 0), (0, 0), offset=(6, y))
            else:
                lg.anchor((0, 1), (0, 1), offset=(6, -y))
            return
        self._column_w = w
        tall = free > 0 and min(1.0, free / w) >= self.LEGEND_MIN_SCALE  # beside the frame, not over it
        # over the frame: a quarter of the view's width, or what long run names need at a readable scale,
        # up to LEGEND_WIDE of it ("siamfcpp/default-run2" in a 420 px view: 0.54 in a quarter)
        max_w = free if tall else min(max(self.LEGEND_MAX_W * r.width(), self.LEGEND_MIN_SCALE * w),
                                      self.LEGEND_WIDE * r.width())
        max_h = 0.95 * r.height() if tall else self.LEGEND_MAX_H * r.height()
        rows = self._column_rows(w, h, sum(label.boundingRect().height() for _sample, label in lg.items),
                                 len(lg.items), r, free)
        if rows != self._legend_rows and not self._refitting:
            self._refitting = True  # once: the rebuilt legend fits itself with its new rows
            try:
                self._rebuild_legend(rows)
            finally:
                self._refitting = False
            return
        scale = min(1.0, max_w / w, max_h / h)
        lg.setScale(scale)
        if tall:  # beside the frame, in the band left of it
            self._legend_corner = None
            lg.anchor((0, 0), (0, 0), offset=(6, 6))
        else:  # keep: a pan or zoom leaves it where it is while it covers no box (R3: it switched corners mid-pan)
            self._place_over_frame(w * scale, h * scale, keep=True)

    # the corners the legend may take over the frame, in the order preferred when the boxes leave a choice:
    # (anchor, offset's signs); top left first, then down the left side (the maps' key is top right)
    LEGEND_CORNERS = (((0, 0), (1, 1)), ((0, 1), (1, -1)), ((1, 1), (-1, -1)), ((1, 0), (-1, 1)))

    def _drawn_boxes(self) -> list[QRectF]:
        """The boxes drawn over the frame now (groundtruth, runs' results, the box being drawn, targets,
        detections) and the maps' colour key, in the view box's coordinates."""
        items = [self.gt_item, *self._result_items.values(), *self._target_items, *self._det_box_items]
        rects = [item.rect() for item in items if item.isVisible()]
        if self.roi is not None and self.roi.isVisible():
            pos, size = self.roi.pos(), self.roi.size()
            rects.append(QRectF(pos.x(), pos.y(), size.x(), size.y()))
        out = [self.vb.mapFromView(r).boundingRect() for r in rects if r.width() > 0 or r.height() > 0]
        if not self.map_key.isHidden():
            g = self.map_key.geometry()
            out.append(self.vb.mapFromScene(self.mapToScene(g)).boundingRect())
        return out

    def _corner_rect(self, corner, w: float, h: float) -> QRectF:
        (ax, ay), _signs = corner
        r = self.vb.boundingRect()
        x = r.left() + 6 if ax == 0 else r.right() - 6 - w
        y = r.top() + 6 if ay == 0 else r.bottom() - 6 - h
        return QRectF(x, y, w, h)

    def _place_over_frame(self, w: float, h: float, keep: bool = False) -> None:
        """The legend (``w`` x ``h`` on screen) over the frame in the corner farthest from the boxes drawn, over
        none of them where a corner is clear of them (in the view's top-left corner it hid a small video's
        first groundtruth box in a narrow view); ``keep``: it stays where it is while that is clear of them
        (the boxes moved: no hopping from corner to corner as a tracked box goes by)."""
        boxes = self._drawn_boxes()

        def score(k: int):
            rect = self._corner_rect(self.LEGEND_CORNERS[k], w, h)
            over = sum(max(0.0, min(rect.right(), b.right()) - max(rect.left(), b.left()))
                       * max(0.0, min(rect.bottom(), b.bottom()) - max(rect.top(), b.top())) for b in boxes)
            gap = min((max(b.left() - rect.right(), rect.left() - b.right(), b.top() - rect.bottom(),
                           rect.top() - b.bottom(), 0.0) for b in boxes), default=0.0)
            return -over, gap, -k  # over no box, then as far from them as it can, then the order preferred

        current = self._legend_corner
        best = max(range(len(self.LEGEND_CORNERS)), key=score)
        if keep and current is not None and (score(current)[0] == 0 or score(best)[0] <= score(current)[0]):
            best = current  # clear of the boxes, or no better place: it stays in its corner (anchored again there)
        self._legend_corner = best
        (ax, ay), (sx, sy) = self.LEGEND_CORNERS[best]
        self.legend.anchor((ax, ay), (ax, ay), offset=(6 * sx, 6 * sy))

    def _keep_legend_clear(self) -> None:
        """The boxes moved: the legend over the frame goes where it covers none of them, if it covers one now."""
        lg = self.legend
        if self._legend_corner is None or self._legend_moved or not lg.isVisible():
            return
        s = lg.scale()
        self._place_over_frame(lg.width() * s, lg.height() * s, keep=True)

    # --- response map ---------------------------------------------------------------------
    def set_heatmap(self, data: np.ndarray | None, region=None, opacity: float | None = None,
                    title: str = "map") -> None:
        """A map over ``region`` of the frame (None hides it), scaled to its own minimum and maximum;
        ``title`` names it in the colour key, whose ends show those two values."""
        if data is None:
            self.heat.hide()
            self.map_key.set_row("heat", None)
            return
        d, lo, hi = display.normalize_map(data, with_range=True)
        self.heat.setImage(d, autoLevels=False, levels=(0.0, 1.0))
        if region is None and self._shape is not None:
            region = (0, 0, self._shape[1], self._shape[0])
        if region is not None:
            self.heat.setRect(QRectF(*[float(v) for v in region]))
        if opacity is not None:
            self.heat.setOpacity(opacity)
        self.heat.show()
        self.map_key.set_row("heat", title if self.heat.opacity() > 0 else None, lo, hi)

    # --- segmentation ---------------------------------------------------------------------
    def set_saliency(self, data: np.ndarray | None, opacity: float = 0.6) -> None:
        """A 0..1 saliency map of the whole frame (None hides it)."""
        if data is None:
            self.sal.hide()
            self.map_key.set_row("saliency", None)
            return
        d = np.nan_to_num(np.asarray(data, np.float32))
        self.sal.setImage(d, autoLevels=False, levels=(0.0, 1.0))
        self.sal.setRect(QRectF(0, 0, d.shape[1], d.shape[0]))
        self.sal.setOpacity(opacity)
        self.sal.show()
        self.map_key.set_row("saliency", "saliency" if opacity > 0 else None, 0.0, 1.0)

    def _drawn_now(self, layer: str, on: bool) -> None:
        """Whether the frame draws ``layer`` (``_drawn``'s keys) now: the legend made again where that changed."""
        if self._drawn[layer] != bool(on):
            self._drawn[layer] = bool(on)
            self._legend_later()

    def set_mask(self, mask: np.ndarray | None, opacity: float = 0.6) -> None:
        self._drawn_now("mask", mask is not None)
        if mask is None:
            self.mask_item.hide()
            return
        m = np.asarray(mask, np.uint8)
        self.mask_item.setImage(m, autoLevels=False, levels=(0, 1))
        self.mask_item.setRect(QRectF(0, 0, m.shape[1], m.shape[0]))
        self.mask_item.setOpacity(opacity)
        self.mask_item.show()

    def set_label_mask(self, mask: np.ndarray | None) -> None:
        """The label mask of the frame drawn as its targets' outlines (None: hidden)."""
        self._drawn_now("outline", mask is not None)
        if mask is None:
            self.label_mask_item.hide()
            self._label_mask_shown = None
            return
        if mask is self._label_mask_shown and self.label_mask_item.isVisible():
            return  # the overlays refreshed over the same frame: its outline is drawn
        self._label_mask_shown = mask
        m = np.asarray(mask, np.uint8)
        k = np.ones((3, 3), np.uint8)
        outline = (cv2.dilate(m, k) - m) if m.any() else m  # the ring of pixels around each target
        self.label_mask_item.setImage(outline, autoLevels=False, levels=(0, 1))
        self.label_mask_item.setRect(QRectF(0, 0, m.shape[1], m.shape[0]))
        self.label_mask_item.show()

    def set_targets(self, boxes, color: str = style.TARGET_COLOR, selected: int | None = None) -> None:
        """Target boxes (x, y, w, h), drawn one pixel outside the component so it stays visible. None: the layer is
        off (its legend entry goes); [] a frame with none (the entry stays: it did not come and go frame by frame
        in playback, each time a legend rebuild)."""
        self._drawn_now("targets", boxes is not None)
        boxes = list(boxes or [])[:MAX_TARGET_BOXES]
        while len(self._target_items) < len(boxes):
            item = QGraphicsRectItem()
            item.setZValue(12)
            self.vb.addItem(item)
            self._target_items.append(item)
        for k, item in enumerate(self._target_items):
            if k < len(boxes):
                x, y, w, h = (float(v) for v in boxes[k])
                item.setRect(QRectF(x - 1, y - 1, w + 2, h + 2))
                item.setPen(_pen(style.INIT_COLOR if k == selected else color, 2.0 if k == selected else 1.3))
                item.show()
            else:
                item.hide()
        self._keep_legend_clear()  # avoided as the runs' boxes are (it waited for the next refit; R3)

    def set_detections(self, points, boxes=None, labels=None, targets=None) -> None:
        """A detector's points (N, 2) x, y of the frame on screen, its boxes (N, 4) when it sizes them,
        and the labelled points (M, 2) to compare with (None or empty hides each). ``targets``: (N,)
        bool, False for detections of another class (interference): drawn smaller and dimmer."""
        self._drawn_now("detections", points is not None)  # (a frame where it found none: still its layer)
        self._drawn_now("points", labels is not None)
        pts = np.asarray(points if points is not None else np.zeros((0, 2)), float).reshape(-1, 2)
        pts = pts[:MAX_TARGET_BOXES]
        if len(pts):
            tg = np.ones(len(pts), bool) if targets is None else np.asarray(targets, bool)[:len(pts)]
            self.det_points.setData(pos=pts, size=np.where(tg, 13, 9).tolist(),
                                    pen=[self._det_pen if t else self._other_pen for t in tg])
        else:
            self.det_points.clear()
        lab = np.asarray(labels if labels is not None else np.zeros((0, 2)), float).reshape(-1, 2)
        if len(lab):
            self.label_points.setData(pos=lab)
        else:
            self.label_points.clear()
        bx = [] if boxes is None else [b for b in np.asarray(boxes, float).reshape(-1, 4)[:MAX_TARGET_BOXES]
                                       if b[2] > 0 and b[3] > 0]
        while len(self._det_box_items) < len(bx):
            item = QGraphicsRectItem()
            item.setZValue(13)
            item.setPen(_pen(style.DETECT_COLOR, 1.2))
            self.vb.addItem(item)
            self._det_box_items.append(item)
        for k, item in enumerate(self._det_box_items):
            if k < len(bx):
                item.setRect(QRectF(*[float(v) for v in bx[k]]))
                item.show()
            else:
                item.hide()
        self._keep_legend_clear()

    def detection_count(self) -> int:
        return len(self.det_points.data)

    def target_count(self) -> int:
        return sum(1 for i in self._target_items if i.isVisible())

    def centre_on(self, x: float, y: float, span: float | None = None) -> None:
        """Centre the view on image point (x, y); ``span``: the image width to show around it."""
        r = self.vb.viewRect()
        if span is not None:  # the view keeps its aspect: span is the shorter side
            ratio = r.width() / r.height() if r.height() > 0 else 1.0
            w, h = (span * ratio, float(span)) if ratio >= 1 else (float(span), span / ratio)
        else:
            w, h = r.width(), r.height()
        x0, y0 = x - w / 2, y - h / 2
        if self._shape is not None:  # keep the frame filling the view where it is larger than the span
            ih, iw = self._shape
            if w < iw:
                x0 = min(max(x0, 0.0), iw - w)
            if h < ih:
                y0 = min(max(y0, 0.0), ih - h)
        self.vb.setRange(QRectF(x0, y0, w, h), padding=0.0)

    def set_heat_opacity(self, opacity: float) -> None:
        self.heat.setOpacity(opacity)

    # --- initial box ----------------------------------------------------------------------
    def set_draw_mode(self, on: bool) -> None:
        if not on:
            self.vb.drop_drawing()
        self.vb.draw_mode = on
        self.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)

    def _on_drawing(self, rect: QRectF) -> None:
        self._rubber.setRect(self._clip(rect))
        self._rubber.show()

    def _on_drawn(self, rect: QRectF) -> None:
        self._rubber.hide()
        rect = self._clip(rect)
        if rect.width() < 2 or rect.height() < 2:
            return  # a click, not a box
        self.set_init_box((rect.x(), rect.y(), rect.width(), rect.height()))
        self.sigInitBox.emit(self.init_box())

    def _clip(self, rect: QRectF) -> QRectF:
        if self._shape is None:
            return rect
        h, w = self._shape
        return rect.intersected(QRectF(0, 0, w, h))

    def set_init_box(self, box) -> None:
        """Show (or with None remove) the editable initial box."""
        if box is None:
            if self.roi is not None:
                self.vb.removeItem(self.roi)
                self.roi = None
            return
        x, y, w, h = (float(v) for v in box)
        if self.roi is None:
            self.roi = pg.RectROI([x, y], [w, h], pen=pg.mkPen(style.INIT_COLOR, width=2),
                                  hoverPen=pg.mkPen("#fff27a", width=2.5), handlePen=pg.mkPen(style.INIT_COLOR),
                                  movable=True, rotatable=False, removable=False, sideScalers=True)
            for pos, center in (([0, 0], [1, 1]), ([1, 0], [0, 1]), ([0, 1], [1, 0])):
                self.roi.addScaleHandle(pos, center)
            self.roi.setZValue(20)
            self.roi.sigRegionChangeFinished.connect(lambda *_: self.sigInitBox.emit(self.init_box()))
            self.vb.addItem(self.roi)
        else:
            self.roi.setPos([x, y], update=False, finish=False)
            self.roi.setSize([w, h], update=True, finish=False)
        self._keep_legend_clear()

    def init_box(self):
        if self.roi is None:
            return None
        pos, size = self.roi.pos(), self.roi.size()
        return (float(pos.x()), float(pos.y()), float(size.x()), float(size.y()))

    def set_init_visible(self, visible: bool) -> None:
        if self.roi is not None:
            self.roi.setVisible(visible)

    # --- hint and cursor ------------------------------------------------------------------
    def set_hint(self, text: str | None) -> None:
        text = text or None
        if text == self._hint_text:
            return
        self._hint_text = text
        if text is None:
            self.hint.hide()
            self._keep_strip(0)
            return
        self.hint.setText(text)
        self.hint.setWordWrap(False)
        self._hint_one_line = self.hint.sizeHint().width()
        self.hint.setWordWrap(True)
        self.hint.show()
        self._place_hint()

    def _keep_strip(self, height: int) -> None:
        """``height`` pixels below the image area kept free (for the hint); 0: the image area is the whole view."""
        if height != self._hint_strip:
            self._hint_strip = height
            self.setViewportMargins(0, 0, 0, height)
            self._fit_scene_to_viewport()

    def _fit_scene_to_viewport(self) -> None:
        """The scene (and the view box in it) as large as the image area: ``pg.GraphicsView`` sizes it
        to the whole widget, and the frame's lower part went under the hint's strip, unseen."""
        if self.autoPixelRange and not self.closed:
            vp = self.viewport().size()
            self.range = QRectF(0, 0, vp.width(), vp.height())
            pg.GraphicsView.setRange(self, self.range, padding=0, disableAutoPixel=False)
            self.updateMatrix()

    def _place_hint(self) -> None:
        """One line when it fits, else wrapped to the view's width less a margin. With a frame shown the
        hint is in a strip below the image area, which is that much shorter: it never covers the frame,
        however it is zoomed or panned; without one, over the empty view's bottom."""
        if self._hint_text is None:
            return
        width = max(40, min(self._hint_one_line, self.width() - 16))
        height = self.hint.heightForWidth(width)
        self.hint.resize(width, height)
        x = max(4, (self.width() - width) // 2)
        if self._shape is None:
            self._keep_strip(0)
            self.hint.move(x, self.height() - height - 12)
        else:
            self._keep_strip(height + 8)
            self.hint.move(x, self.height() - height - 4)

    def hint_strip(self) -> int:
        """The height kept below the image area for the hint (0: none)."""
        return self._hint_strip

    def resizeEvent(self, ev):
        super().resizeEvent(ev)
        if getattr(self, "_hint_strip", 0):  # the image area is the widget less the strip
            self._fit_scene_to_viewport()
        if hasattr(self, "hint"):
            self._place_hint()
            self.map_key.place()

    def _on_mouse_moved(self, pos: QPointF) -> None:
        if self.vb.sceneBoundingRect().contains(pos):
            p = self.vb.mapSceneToView(pos)
            self.sigCursor.emit(float(p.x()), float(p.y()))

    def _on_mouse_clicked(self, ev) -> None:
        if ev.button() == Qt.MouseButton.LeftButton and self.vb.sceneBoundingRect().contains(ev.scenePos()):
            if ev.double():  # a double-click fits the frame (F); its first click was a click
                self.fit()
                return
            p = self.vb.mapSceneToView(ev.scenePos())
            self.sigClicked.emit(float(p.x()), float(p.y()))

    def view_point_to_widget(self, x: float, y: float):
        """Widget (viewport) coordinates of image point (x, y); for tests that drive the mouse."""
        scene = self.vb.mapViewToScene(QPointF(x, y))
        return self.mapFromScene(scene)
