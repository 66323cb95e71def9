"""The status bar's message is cut where its labels on the right begin (opening SIRST-V2 at 1366x768:
"…, 1024x1024 (7 frames), 1280x102"); the whole message is the status bar's tooltip while it shows."""
from __future__ import annotations


def test_long_status_message_is_whole_in_the_tooltip(qtlog, window):
    # nothing on the console making the window (a bound setToolTip connected printed libpyside's
    # "addMetaMethod: Cannot add dynamic method ..." warning)
    assert not [r for r in qtlog.records if "addMetaMethod" in r.message], [r.message for r in qtlog.records]
    sb = window.statusBar()
    long = "Opened sirst_v2: 42 frames, rgb, label masks (42 images); images of several sizes, each shown at " \
           "its own: 640x512 (33 frames), 1024x1024 (7 frames), 1280x1024 (1 frame), 512x512 (1 frame)"
    sb.showMessage(long, 10000)
    assert sb.toolTip() == long
    sb.clearMessage()
    assert sb.toolTip() == ""
