"""Found in the W pass (a script opening MainWindow without the app's style sheet, 1366x768): a status message
cut to fit (its paths cut in their middle) was drawn over the message QStatusBar had drawn cut at the labels,
and the two lines read as one garbled line. The bar's own panel (PE_PanelStatusBar) paints nothing in Fusion,
so nothing was cleared between the two: the message's room is filled with the bar's background first."""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QMainWindow

from workbench.gui.widgets import FittingStatusBar, StatusLabel

LONG = ("Run finished: kcf: 348 frames, 113 fps on CPU; saved to /tmp/analyst/workspace/projects/thermal/results/"
        "tracking/kcf/default; kcf: maps response: 347 frames, 651.4 KiB (1.9 KiB a frame) saved to /tmp/analyst/"
        "workspace/projects/thermal/results/tracking/kcf/default/vottir2016_horse_maps.npz")


def _bar(qtbot):
    win = QMainWindow()
    bar = FittingStatusBar(win)
    win.setStatusBar(bar)
    bar.setSizeGripEnabled(False)
    label = StatusLabel("frame 201/348", 27)
    bar.addPermanentWidget(label)
    win.resize(900, 200)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: label.x() > 400)  # laid out: the message's room is left of it
    return win, bar


def test_a_fitted_message_is_drawn_alone_without_a_style_sheet(qtbot):
    app = QApplication.instance()
    sheet = app.styleSheet()
    app.setStyleSheet("")  # as a script's QApplication has it: Fusion's status bar panel paints nothing
    try:
        _win, bar = _bar(qtbot)  # the window kept: the bar is its child
        bar.showMessage(LONG)
        shown = bar.shown_message()
        assert shown != LONG and "…" in shown  # cut to fit: the bar paints it itself
        rect = bar.message_rect()
        drawn = bar.grab(rect).toImage().convertToFormat(QImage.Format.Format_RGB32)
        # the fitted line alone on the bar's background, as the bar draws it
        alone = QImage(drawn.size(), QImage.Format.Format_RGB32)
        alone.setDevicePixelRatio(drawn.devicePixelRatio())
        alone.fill(bar.palette().color(bar.backgroundRole()))
        p = QPainter(alone)
        p.setFont(bar.font())
        p.setPen(bar.palette().windowText().color())
        p.drawText(QRect(0, 0, rect.width(), rect.height()),
                   int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine), shown)
        p.end()
        assert drawn == alone, "the cut message was drawn over another line"
    finally:
        app.setStyleSheet(sheet)
