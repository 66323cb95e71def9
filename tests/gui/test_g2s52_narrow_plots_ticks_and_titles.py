"""The plots dock of the wide layout at 1400x900 (616 px wide, the ranking table beside the plots: ~170 px a plot):
the success plot's tick labels stood edge to edge ('0.40.60.81.0') and the precision plot's axis title was cut at
the plot's width ('Location error threshold (px'). Major ticks are now spaced for their labels and the title is the
longest of its wordings that fits; a wide dock keeps the long titles and its ticks. Measured as pyqtgraph draws
them (the axis's own draw specs)."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication

GT = np.array([[10.0 + i, 10.0, 20.0, 20.0] for i in range(30)])
NAMES = ["kcf", "nanotrack", "siamfcpp", "ps_siamfcpp", "nas_tir"]


@pytest.fixture
def dock(qtbot):
    from workbench.gui import style
    from workbench.gui.plots_dock import PlotsDock

    style.apply(QApplication.instance())
    d = PlotsDock()
    qtbot.addWidget(d)
    return d


def _tick_labels(axis) -> list:
    """The tick labels' rectangles as the axis draws them, left to right."""
    img = QImage(10, 10, QImage.Format.Format_ARGB32)
    p = QPainter(img)
    try:
        if axis.style["tickFont"]:
            p.setFont(axis.style["tickFont"])
        _axis, _ticks, texts = axis.generateDrawSpecs(p)
    finally:
        p.end()
    return sorted((rect for rect, _flags, _text in texts), key=lambda r: r.left())


def _title_fits(axis) -> bool:
    return QFontMetricsF(axis.label.font()).horizontalAdvance(axis.labelText) <= axis.size().width()


@pytest.mark.parametrize("width", [616, 1032])  # the dock at 1400x900 in the wide layout; the compact layout's
def test_tick_labels_apart_and_axis_titles_whole(qtbot, dock, width):
    from workbench.core.evaluation.ope import evaluate_tracker

    dock.resize(width, 334)
    dock.show()
    qtbot.waitExposed(dock)
    curves = {n: evaluate_tracker("t", {"s": GT + [3 * k, k, 0, 0]}, {"s": GT}, {"s": {}}).overall
              for k, n in enumerate(NAMES)}
    dock.set_curves(curves, dict(zip(NAMES, ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"])))
    qtbot.waitUntil(lambda: dock.ranking.isVisible() and dock.ranking.rowCount() == 5, timeout=3000)
    QApplication.processEvents()
    for plot in (dock.success, dock.precision):
        axis = plot.getAxis("bottom")
        rects = _tick_labels(axis)
        assert len(rects) >= 3, (plot.titleLabel.text, len(rects))  # 0, a middle one and the far end at least
        gaps = [b.left() - a.right() for a, b in zip(rects, rects[1:])]
        assert min(gaps) >= 6, (plot.titleLabel.text, width, gaps)
        assert _title_fits(axis), (axis.labelText, axis.size().width())
    if width > 1000:  # room for the long wordings: kept
        assert dock.precision.getAxis("bottom").labelText == "Location error threshold (px)"
        assert dock.success.getAxis("bottom").labelText == "Overlap threshold (IoU)"
