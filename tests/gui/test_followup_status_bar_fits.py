"""The status bar's permanent labels (frame, pixel value, zoom, the last run's speed) at 1366x768 and
1280x720: the walk's screenshots showed "siamfcpp: 9 fps on" (the label kept the width of the shorter
text before it until the status bar's layout ran in the event loop), and a run named by its changed
settings took the room of the status message. Each label now takes its width as its text changes, keeps
to a width of its own (cut with "…", the speed kept whole, the whole text in its tooltip), and the
message keeps at least 30 % of the bar."""
from __future__ import annotations

import pytest

from .conftest import make_registry, shown_window

LONG_RUN = "ps_siamfcpp/penalty_k=0.12,search_scale=3.5,window_influence=0.3-run2: 12 fps on CUDA"


@pytest.fixture(params=[(1366, 768), (1280, 720)], ids=["1366x768", "1280x720"])
def sized(request, qtbot, messages):
    yield from shown_window(qtbot, make_registry(), request.param)


def test_permanent_labels_fit(sized, qtbot):
    w = sized
    w.open_demo()
    sb = w.statusBar()
    labels = (w.frame_label, w.pixel_label, w.zoom_label, w.fps_label)
    w.fps_label.setText("mil: 35 fps on CPU")
    qtbot.waitUntil(lambda: w.fps_label.width() >= w.fps_label.fontMetrics().horizontalAdvance("mil: 35 fps on CPU"))
    sb.showMessage("Run cancelled: siamfcpp: cancelled after 8 frames; those are saved and scored as a partial run.")
    # a longer text: its width at once, not after the event loop's next pass (a screenshot there cut it)
    w.fps_label.setText("siamfcpp: 9 fps on CPU")
    fm = w.fps_label.fontMetrics()
    assert w.fps_label.width() >= fm.horizontalAdvance("siamfcpp: 9 fps on CPU"), w.fps_label.width()
    assert w.fps_label.elided() == "siamfcpp: 9 fps on CPU"

    w.fps_label.setText(LONG_RUN)
    w.pixel_label.setText("x 1023  y 767  = mean 0.1234 (25 bands)")
    w.frame_label.setText("frame 148/150 · 1024x1024")  # a set of several sizes
    qtbot.waitUntil(lambda: all(lab.isVisible() for lab in labels))
    for lab in labels:
        g = lab.geometry()
        assert g.left() >= 0 and g.right() < sb.width(), (lab.text(), g)  # inside the bar
        assert lab.toolTip() == lab.text()  # the whole text, wherever it is cut
    shown = w.fps_label.elided()
    assert shown != LONG_RUN and shown.endswith(": 12 fps on CUDA") and shown.startswith("ps_siamfcpp"), shown
    assert w.fps_label.text() == LONG_RUN
    for lab in (w.frame_label, w.pixel_label, w.zoom_label):  # these fit whole
        assert lab.elided() == lab.text(), lab.text()
    message_room = min(lab.geometry().left() for lab in labels)
    assert message_room >= 0.3 * sb.width(), (message_room, sb.width())
