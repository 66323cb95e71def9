"""Per-frame IoU against the groundtruth, the tracker's score, or the centre error, for every run of
the open sequence; a click (or dragging the cursor line) jumps to that frame."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDockWidget, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench.gui import style
from workbench.gui.curves import CurveSet

METRICS = (("IoU with groundtruth", "iou"), ("Tracker score", "score"), ("Centre error (px)", "error"))
AXIS = {"iou": "IoU", "score": "score", "error": "centre error (px)"}


class FrameAxis(pg.AxisItem):
    """A frame-number axis: ticks only on whole frames, however far the view is zoomed in."""

    def tickValues(self, minVal, maxVal, size):
        out, seen = [], set()
        for spacing, values in super().tickValues(minVal, maxVal, size):
            if spacing < 1:  # sub-frame levels: whole frames instead, unless that would be dense
                if maxVal - minVal > 50:
                    continue
                spacing = 1.0
                values = np.arange(np.ceil(minVal), np.floor(maxVal) + 1) + 0.0  # + 0.0: no "-0"
            values = [float(v) for v in values if float(v).is_integer() and float(v) not in seen]
            seen.update(values)
            if values:
                out.append((spacing, values))
        return out


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
        for text, value in METRICS:
            self.metric_combo.addItem(text, value)
        self.metric_combo.currentIndexChanged.connect(lambda _i: self._redraw())
        top.addWidget(self.metric_combo)
        top.addStretch(1)
        self.readout = QLabel("")
        self.readout.setObjectName("muted")
        top.addWidget(self.readout)
        lay.addLayout(top)
        self.plot = pg.PlotWidget(background=style.BG, axisItems={"bottom": FrameAxis("bottom")})
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
        self.legend = p.addLegend(offset=(-8, 4), labelTextColor=style.TEXT, brush=pg.mkBrush(20, 22, 26, 200),
                                  labelTextSize="8pt", colCount=4)
        self.cursor = pg.InfiniteLine(0, angle=90, movable=True, pen=pg.mkPen("#ffd21f", width=1.5),
                                      hoverPen=pg.mkPen("#fff27a", width=2.5))
        self.cursor.setZValue(50)
        p.addItem(self.cursor)
        self.cursor.sigPositionChanged.connect(self._on_cursor)
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        self.attr_region: list = []
        self._curves = CurveSet(p, self.legend)
        lay.addWidget(self.plot, 1)
        self.setWidget(body)
        self._series: dict = {}
        self._colors: dict = {}
        self._n = 1
        self._setting = False

    def set_length(self, n: int, attributes: dict[str, np.ndarray] | None = None) -> None:
        self._n = max(1, n)
        self.plot.getPlotItem().getViewBox().setLimits(xMin=-1, xMax=max(self._n, 2))
        self.plot.getPlotItem().setXRange(0, max(self._n - 1, 1), padding=0.01)  # a 1-frame sequence still gets a sane axis
        for r in self.attr_region:
            self.plot.removeItem(r)
        self.attr_region = []
        # shade frames flagged by a per-frame attribute (occlusion and the like)
        for name, flags in (attributes or {}).items():
            flags = np.asarray(flags, bool)
            edges = np.flatnonzero(np.diff(np.r_[0, flags.astype(np.int8), 0]))
            for a, b in zip(edges[::2], edges[1::2]):
                reg = pg.LinearRegionItem((a - 0.5, b - 0.5), movable=False, brush=pg.mkBrush(255, 255, 255, 18),
                                          pen=pg.mkPen(None))
                reg.setToolTip(name)
                reg.setZValue(-10)
                self.plot.addItem(reg)
                self.attr_region.append(reg)

    def set_series(self, series: dict[str, dict[str, np.ndarray]], colors: dict[str, str]) -> None:
        """``series``: {tracker: {"iou": (N,), "score": (N,), "error": (N,)}} with NaN where absent."""
        self._series = series
        self._colors = colors
        self._redraw()

    def _redraw(self) -> None:
        p = self.plot.getPlotItem()
        key = self.metric_combo.currentData()
        # curves kept and updated in place (see curves.py): this runs twice a second during a run
        self._curves.update([(name, np.arange(len(s[key])), s[key], self._colors.get(name, "#ffffff"), 1.6, name)
                             for name, s in self._series.items() if s.get(key) is not None])
        if key == "iou":
            p.setYRange(0, 1.18, padding=0)  # headroom for the legend above the curves
        else:
            p.enableAutoRange(axis="y")
        p.setLabel("left", AXIS[key], color=style.MUTED)
        self.legend.setVisible(bool(self._series))
        self._update_readout(int(round(self.cursor.value())))

    def set_frame(self, i: int) -> None:
        self._setting = True
        self.cursor.setValue(i)
        self._setting = False
        self._update_readout(i)

    def _update_readout(self, i: int) -> None:
        key = self.metric_combo.currentData()
        parts = []
        for name, s in self._series.items():
            y = s.get(key)
            if y is not None and 0 <= i < len(y) and np.isfinite(y[i]):
                parts.append(f"{name} {y[i]:.3f}" if key != "error" else f"{name} {y[i]:.1f}px")
        self.readout.setText(f"frame {i + 1}: " + ", ".join(parts) if parts else "")

    def _on_cursor(self) -> None:
        if not self._setting:
            self.sigFrame.emit(int(np.clip(round(self.cursor.value()), 0, self._n - 1)))

    def _on_click(self, ev) -> None:
        vb = self.plot.getPlotItem().getViewBox()
        if ev.button() != Qt.MouseButton.LeftButton or not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        x = vb.mapSceneToView(ev.scenePos()).x()
        self.sigFrame.emit(int(np.clip(round(x), 0, self._n - 1)))
