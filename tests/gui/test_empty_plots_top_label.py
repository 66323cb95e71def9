"""The Spectrum dock's plot with no cube open (a tab of the Methods column at 1366x768, shown from View ›
Inspectors): its "1.0" sat on the plot widget's top edge, cut in half."""
from __future__ import annotations

from PySide6.QtGui import QImage, QPainter


def top_label_rect(axis, text: str):
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _axis, _ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    rects = [rect for rect, _flags, t in texts if t == text]
    assert rects, [t for _r, _f, t in texts]
    return axis.mapRectToScene(rects[0])


def test_empty_spectrum_plot_shows_its_top_label_whole(window, qtbot):
    window.open_demo()  # not a cube: the plot stays empty
    dock = window.spectrum
    dock.show()
    dock.raise_()
    axis = dock.plot.getPlotItem().getAxis("left")
    qtbot.waitUntil(lambda: axis.geometry().height() > 50)
    assert top_label_rect(axis, "1.0").top() >= 0  # inside the plot widget, not above its edge
