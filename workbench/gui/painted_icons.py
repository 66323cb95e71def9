"""Icons drawn by QPainter at the size and pixel ratio they are shown at: crisp at 125 %, 150 % or 200 %
scaling, and, for the transport icons, in the palette's text colour (Fusion's own media icons are nearly
black pictures, lost on the window's dark panels)."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QProxyStyle, QStyle

Draw = Callable[[QPainter, QRectF, QIcon.Mode], None]


class PaintedIconEngine(QIconEngine):
    """An icon engine that calls ``draw(painter, rect, mode)`` to paint the icon in ``rect`` (logical
    pixels) on a painter whose device has the screen's pixel ratio."""

    def __init__(self, draw: Draw):
        super().__init__()
        self._draw = draw

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._draw(painter, QRectF(rect), mode)
        painter.restore()

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:  # noqa: N802
        pm = QPixmap(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))
        pm.fill(Qt.GlobalColor.transparent)
        pm.setDevicePixelRatio(scale)
        p = QPainter(pm)
        self.paint(p, QRect(0, 0, size.width(), size.height()), mode, state)
        p.end()
        return pm

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802
        return size

    def clone(self) -> QIconEngine:
        return PaintedIconEngine(self._draw)


def painted_icon(draw: Draw) -> QIcon:
    return QIcon(PaintedIconEngine(draw))


# a run's line past the eighth colour (``plots.line_style_for``) as its swatch's bars: (from, to) fractions of the side
SWATCH_BARS = {"--": ((0.0, 0.4), (0.6, 1.0)), ":": ((0.0, 0.2), (0.4, 0.6), (0.8, 1.0)),
               "-.": ((0.0, 0.5), (0.7, 0.85))}


def swatch_icon(color: str, side: float | None = None, line: str = "-") -> QIcon:
    """``_swatch_icon`` with its arguments in one form: ``lru_cache`` keys ``f(c)`` and ``f(c, None, "-")`` apart,
    so the ranking table (which names the line) and the Layers dock (which did not) made two icons of a colour."""
    return _swatch_icon(str(color), None if side is None else float(side), line if line in SWATCH_BARS else "-")


@lru_cache(maxsize=512)
def _swatch_icon(color: str, side: float | None, line: str) -> QIcon:
    """A square of ``color``, ``side`` logical pixels (at most the icon's size; default: the icon's size)
    centred in the icon, at the screen's pixels. Made once per colour and side (a sequence's 25 saved runs
    made 25 icons at each open, in the Layers dock and the ranking table alike): the same QIcon is handed out
    again, which its users copy (``setIcon``); the engine paints it at each use, so sharing changes nothing.
    ``line``: a run drawn dashed, dotted... (past the eighth colour, which comes round again) has bars across
    the square in that pattern, not the first run's square."""
    fill = QColor(color)
    bars = SWATCH_BARS.get(line)

    def draw(p: QPainter, r: QRectF, mode) -> None:
        s = min(r.width(), r.height(), side or r.width())
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        x0, y0 = r.center().x() - s / 2, r.center().y() - s / 2
        if bars is None:
            p.fillRect(QRectF(x0, y0, s, s), fill)
            return
        h = max(2.0, round(s * 0.4))
        for a, b in bars:
            p.fillRect(QRectF(round(x0 + a * s), round(r.center().y() - h / 2), max(1.0, round((b - a) * s)), h), fill)

    return painted_icon(draw)


def icon_color(mode: QIcon.Mode) -> QColor:
    """The palette's button text colour, its disabled one for a disabled button."""
    group = QPalette.ColorGroup.Disabled if mode == QIcon.Mode.Disabled else QPalette.ColorGroup.Active
    return QGuiApplication.palette().color(group, QPalette.ColorRole.ButtonText)


def _triangle(path: QPainterPath, x0: float, x1: float, top: float, bottom: float) -> None:
    """A triangle with its base at x0 and its point at x1 (pointing left when x1 < x0)."""
    path.moveTo(x0, top)
    path.lineTo(x1, (top + bottom) / 2)
    path.lineTo(x0, bottom)
    path.closeSubpath()


def _media_path(kind: str, r: QRectF) -> QPainterPath:
    """The shape of a transport icon in ``r``: play, pause, step (seek) back / forward, skip to the first /
    last frame."""
    s = min(r.width(), r.height())
    m = s * 0.18  # margin
    x, y = r.center().x() - s / 2 + m, r.center().y() - s / 2 + m
    w = s - 2 * m
    top, bottom = y, y + w
    path = QPainterPath()
    if kind == "play":
        _triangle(path, x + w * 0.12, x + w * 0.95, top, bottom)
    elif kind == "pause":
        bw = w * 0.3
        path.addRect(QRectF(x + w * 0.12, top, bw, w))
        path.addRect(QRectF(x + w * 0.88 - bw, top, bw, w))
    elif kind in ("seek_back", "seek_forward"):  # two triangles
        half = w / 2
        for i in range(2):
            a = x + i * half
            if kind == "seek_forward":
                _triangle(path, a, a + half, top, bottom)
            else:
                _triangle(path, a + half, a, top, bottom)
    elif kind in ("skip_back", "skip_forward"):  # a bar and a triangle
        bw = max(w * 0.16, 1.0)
        if kind == "skip_back":
            path.addRect(QRectF(x, top, bw, w))
            _triangle(path, x + w, x + bw, top, bottom)
        else:
            _triangle(path, x, x + w - bw, top, bottom)
            path.addRect(QRectF(x + w - bw, top, bw, w))
    return path


def media_icon(kind: str) -> QIcon:
    """A transport icon (``kind``: play, pause, seek_back, seek_forward, skip_back, skip_forward) filled in
    the palette's button text colour, read when it is drawn (dimmed when its button is disabled)."""
    def draw(p: QPainter, r: QRectF, mode) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(icon_color(mode))
        p.drawPath(_media_path(kind, r))

    return painted_icon(draw)


_MEDIA = {
    QStyle.StandardPixmap.SP_MediaPlay: "play",
    QStyle.StandardPixmap.SP_MediaPause: "pause",
    QStyle.StandardPixmap.SP_MediaSeekBackward: "seek_back",
    QStyle.StandardPixmap.SP_MediaSeekForward: "seek_forward",
    QStyle.StandardPixmap.SP_MediaSkipBackward: "skip_back",
    QStyle.StandardPixmap.SP_MediaSkipForward: "skip_forward",
}


class WorkbenchStyle(QProxyStyle):
    """Fusion with the media icons drawn in the palette's text colour: every ``style().standardIcon(
    SP_Media…)`` of the window (the transport bar's buttons, the play button's play / pause swap) gets
    them."""

    def __init__(self, base: str = "Fusion"):
        super().__init__(base)
        self._icons: dict = {}

    def standardIcon(self, sp, option=None, widget=None) -> QIcon:  # noqa: N802 - Qt's name
        kind = _MEDIA.get(sp)
        if kind is None:
            return super().standardIcon(sp, option, widget)
        icon = self._icons.get(kind)
        if icon is None:
            icon = self._icons[kind] = media_icon(kind)
        return icon
