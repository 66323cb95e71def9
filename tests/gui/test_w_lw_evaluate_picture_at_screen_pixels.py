"""LW-IRSTNet's Evaluate tab scaled its per-image picture (correct detections, misses, false alarms) to the
label's size in logical pixels: at 150 % or 200 % scaling Qt scaled that up again, blurring the one-pixel
targets and outlines it is there to show. It is scaled to the screen's pixels."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPixmap

pytest.importorskip("workbench_lw_irstnet")


def test_the_picture_has_the_screen_pixels_of_its_label(qtbot):
    from workbench.gui.widgets import FitPicture  # (LW-IRSTNet's Evaluate picture)

    label = FitPicture()
    qtbot.addWidget(label)
    label.resize(204, 104)  # 200 x 100 for the picture
    label.devicePixelRatioF = lambda: 2.0  # as on a screen at 200 %
    given = []  # what the label is handed (Qt 6.11's QLabel.pixmap() answers for this offscreen screen's 1.0)
    label.setPixmap = given.append
    full = QPixmap(800, 400)
    full.fill(QColor("gray"))
    label.set_picture(full)
    shown = given[-1]
    assert (shown.width(), shown.height()) == (400, 200)  # device pixels
    assert shown.devicePixelRatio() == 2.0  # drawn in the label's 200 x 100 logical pixels
    assert shown.deviceIndependentSize().toSize().width() == 200
