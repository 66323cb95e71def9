"""+ and - zoom the frame, and the Help says so. The Zoom in shortcut was "+" alone: "=" (the + key
unshifted on a US layout, the usual zoom-in key there) did nothing, nor did a Shift++ key event that
reaches the shortcuts without a plain "+" (Qt's offscreen platform, synthetic events); the Help named
only the wheel. (The review script's "+: 66 % -> 66 %" was taken after its window had lost activation,
when no window shortcut fires: "-" did nothing there either.)"""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

M = Qt.KeyboardModifier


def _focus(qtbot, w, widget):
    w.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: widget.hasFocus(), timeout=3000)


def _zoom_after(qtbot, w, target, key, mods=M.NoModifier) -> float:
    """The zoom after pressing ``key`` on ``target``, relative to the fitted frame's."""
    w.view.fit()
    z0 = w.view.zoom()
    qtbot.keyClick(target, key, mods)
    return w.view.zoom() / z0


# the keys of each check in one window (the zoom is measured from the fitted frame each time): a window each made
# eight windows for these few key presses
ZOOM_IN = [(Qt.Key.Key_Plus, M.NoModifier), (Qt.Key.Key_Plus, M.ShiftModifier), (Qt.Key.Key_Plus, M.KeypadModifier),
           (Qt.Key.Key_Equal, M.NoModifier)]
ZOOM_OUT = [M.NoModifier, M.KeypadModifier]


def test_plus_and_equal_zoom_in_and_minus_zooms_out(qtbot, window):
    w = window
    w.open_demo()
    for key, mods in ZOOM_IN:
        _focus(qtbot, w, w.view)
        assert _zoom_after(qtbot, w, w.view, key, mods) == pytest.approx(1.25, rel=0.02), (key, mods)
        # from elsewhere in the window too (the timeline has the focus), as F fits from anywhere
        _focus(qtbot, w, w.timeline.plot)
        assert _zoom_after(qtbot, w, w.timeline.plot, key, mods) == pytest.approx(1.25, rel=0.02), \
            (key, mods, "timeline focused")
    for mods in ZOOM_OUT:
        _focus(qtbot, w, w.view)
        assert _zoom_after(qtbot, w, w.view, Qt.Key.Key_Minus, mods) == pytest.approx(0.8, rel=0.02), mods


def test_zoom_keys_leave_text_fields_alone_and_help_names_them(qtbot, window, messages):
    """+ and - typed into a number field are the field's (a negative value, a filter), not a zoom."""
    w = window
    w.open_demo()
    field = w.fps_spin
    _focus(qtbot, w, field)
    z = w.view.zoom()
    qtbot.keyClick(field, Qt.Key.Key_Minus)
    assert w.view.zoom() == pytest.approx(z), "- typed into a number field zoomed"
    window._show_help()
    (_kind, _title, text), = [m for m in messages if m[1] == "Keys and mouse"]
    assert "+ / -: zoom in / out" in text and "= zooms in" in text, text
