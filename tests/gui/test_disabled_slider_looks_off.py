"""A disabled slider looked as an enabled one (the style sheet gave its handle the accent colour in
every state): the Spectrum dock's Band slider, off in the CIE and triplet colour modes, seemed
usable and did nothing. A disabled slider's handle and filled part are grey now."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QSlider

from workbench.gui import style


def _handle_colour(qtbot, enabled: bool) -> QColor:
    s = QSlider(Qt.Orientation.Horizontal)
    qtbot.addWidget(s)
    s.setRange(0, 10)
    s.setValue(5)
    s.setEnabled(enabled)
    s.resize(200, 24)
    s.show()
    qtbot.waitExposed(s)
    image = s.grab().toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2)  # the handle, at the middle


def test_disabled_slider_is_grey(qtbot):
    style.apply(QApplication.instance())
    on, off = _handle_colour(qtbot, True), _handle_colour(qtbot, False)
    assert on.blue() > on.red() + 60  # the accent
    assert abs(off.blue() - off.red()) < 30 and off != on  # grey: not the accent
