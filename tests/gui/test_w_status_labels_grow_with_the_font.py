"""The status bar's permanent labels kept to widths in pixels chosen for the 9 pt font (the zoom label 110 px):
with a large system font (12 pt) "zoom 117 %" no longer fitted and read "zoom 117…". Their room is counted in
characters of the font they have."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication, QStatusBar

from workbench.gui import style
from workbench.gui.widgets import StatusLabel


def _zoom_label(qtbot) -> tuple[QStatusBar, StatusLabel]:
    bar = QStatusBar()
    qtbot.addWidget(bar)
    label = StatusLabel("", 13)  # the window's zoom label
    bar.addPermanentWidget(label)
    bar.resize(900, 30)
    bar.show()
    label.setText("zoom 117 %")
    qtbot.waitUntil(lambda: label.width() >= label.sizeHint().width())
    return bar, label  # the bar kept alive with its label


def test_the_zoom_label_keeps_its_text_whole_with_a_large_font(qtbot):
    app = QApplication.instance()
    style.apply(app)  # the window's look: the status bar's labels are monospace
    normal = app.font()
    big = app.font()
    big.setPointSizeF(12)  # a large system font (the default is 9 pt)
    shown = {}
    try:
        for font in (normal, big):
            app.setFont(font)
            bar, label = _zoom_label(qtbot)
            shown[font.pointSizeF()] = (label.max_width, label.elided())
            bar.close()
    finally:
        app.setFont(normal)
    (small_room, small_text), (large_room, large_text) = shown[normal.pointSizeF()], shown[12]
    assert large_room > small_room  # the room follows the font
    assert small_text == large_text == "zoom 117 %", shown
