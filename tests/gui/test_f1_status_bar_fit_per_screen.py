"""``FittingStatusBar.shown_message`` kept its fitted text per (text, room, font): moved to a screen of another
pixel ratio or DPI, where the same font measures otherwise, it drew the text fitted for the old screen. The
screen is part of what it is fitted for."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from workbench.gui.widgets import FittingStatusBar, fit_message

LONG = ("Run finished: kcf: 348 frames, 115 fps on CPU; saved to /home/analyst/.local/share/workbench/workspace/"
        "projects/thermal_horse_study/results/tracking/kcf/default")


def test_the_fitted_message_follows_the_screen(qtbot):
    sb = FittingStatusBar()
    qtbot.addWidget(sb)
    sb.resize(420, 24)
    sb.showMessage(LONG)
    before = sb.shown_message()
    assert before != LONG  # fitted: too long for the room
    big = QFont(sb.font())
    big.setPointSizeF(sb.font().pointSizeF() * 2)
    # the bar moved to a screen of twice the DPI: the same font measures twice as wide
    sb.devicePixelRatioF, sb.logicalDpiX, sb.logicalDpiY = (lambda: 2.0), (lambda: 192), (lambda: 192)
    sb.fontMetrics = lambda: QFontMetrics(big)
    after = sb.shown_message()
    assert after == fit_message(LONG, QFontMetrics(big), sb.message_rect().width()) and after != before
