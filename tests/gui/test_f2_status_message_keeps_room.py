"""The status bar's permanent labels (frame, pixel value, zoom, the last run's speed) each had their whole text,
up to their ``max_chars``, as their least width: 896 px together at 9 pt, 1155 px at 12 pt. In a 1008 px laptop
window (1280x800 at 125 %) the message on the left, which says what just happened, got no room at all, and the
bar's least width held the window wider than the screen. The labels' least width is a few characters (they cut
their text with "…", the whole of it their tooltip); where the window is narrow the widest of them are cut so
that the message keeps its room, and where it is wide they are whole."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

from workbench.gui import style
from workbench.gui.widgets import FittingStatusBar, StatusLabel

TEXTS = ("frame 1234/2000  1024x768", "x 1023  y 767  = mean 0.1234 (25 bands)", "zoom 117 %",
         "ps_siamfcpp/penalty_k=0.12,search_scale=3.5-run2: 12 fps on CUDA")
MESSAGE = "Run finished: kcf: 348 frames, 115 fps on CPU; saved to /home/ana/runs/kcf/default"


def _bar(qtbot, width: int):
    bar = FittingStatusBar()
    qtbot.addWidget(bar)
    labels = [StatusLabel("", chars, keep_tail=(chars == 32)) for chars in (27, 40, 13, 32)]  # the window's
    for lab in labels:
        bar.addPermanentWidget(lab)
    bar.resize(width, 30)
    bar.show()
    for lab, text in zip(labels, TEXTS):
        lab.setText(text)
    bar.showMessage(MESSAGE)
    qtbot.waitUntil(lambda: all(lab.isVisible() for lab in labels))
    return bar, labels


def test_message_keeps_room_at_12pt_in_a_laptop_window(qtbot):
    app = QApplication.instance()
    style.apply(app)  # the labels are monospace
    normal = app.font()
    big = app.font()
    big.setPointSizeF(12)
    try:
        app.setFont(big)
        bar, labels = _bar(qtbot, 1008)
        assert bar.minimumSizeHint().width() < 500, bar.minimumSizeHint().width()  # was 1155
        assert bar.width() == 1008
        left = min(lab.geometry().left() for lab in labels)
        # at least 30 % of the bar, some 40 characters of its font: "what just happened" on screen
        assert left >= 0.3 * bar.width(), (left, [lab.geometry() for lab in labels])
        assert left >= 40 * bar.fontMetrics().averageCharWidth(), left
        assert bar.shown_message().startswith("Run finished: kcf: 348 frames, 115 fps"), bar.shown_message()
        for lab in labels:
            assert lab.geometry().right() < bar.width(), (lab.text(), lab.geometry())
            assert lab.toolTip() == lab.text()  # the whole text, cut or not
        assert labels[2].elided() == "zoom 117 %"  # the narrow one whole, the wide ones cut
        assert labels[3].elided().endswith(": 12 fps on CUDA"), labels[3].elided()
        bar.close()

        bar, labels = _bar(qtbot, 1900)  # room enough: every label its own width, nothing cut but the run name
        assert [lab.elided() for lab in labels[:3]] == list(TEXTS[:3])
        assert labels[3].width() >= labels[3].max_width - 1
        bar.close()
    finally:
        app.setFont(normal)
