"""At 1280x720 (and 1366x768) the "Drag on the frame to draw the initial box …" hint lay over the bottom
of the frame (the view's bottom centre, where the frame reached). It is now in a strip below the image
area: it covers no part of the frame, fitted or zoomed in; the strip goes with the hint."""
from __future__ import annotations

import pytest

from tests.gui.conftest import shown_window


def _frame_on_screen(view):
    """The part of the frame the view shows, in the view widget's coordinates."""
    vp = view.viewport().geometry()
    frame = view.mapFromScene(view.image.sceneBoundingRect()).boundingRect().translated(vp.topLeft())
    return frame.intersected(vp), frame


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
def test_hint_covers_no_part_of_the_frame(qtbot, registry, messages, size):
    gen = shown_window(qtbot, registry, size)
    w = next(gen)
    try:
        w.open_demo()
        view = w.view
        qtbot.waitUntil(lambda: view._shape is not None and view.hint.isVisible(), timeout=5000)
        assert "Drag on the frame" in view.hint.text()
        shown, whole = _frame_on_screen(view)
        assert shown == whole, (shown, whole)  # the frame fits the image area, all of it seen
        assert not shown.intersects(view.hint.geometry()), (shown, view.hint.geometry())
        assert view.rect().contains(view.hint.geometry())
        # zoomed in, the frame fills the image area: still nothing of it under the hint
        view.set_zoom(3.0)
        shown, whole = _frame_on_screen(view)
        assert shown != whole and not shown.intersects(view.hint.geometry())
        # the box drawn: no hint, the image area is the whole view again
        w.sequences.on_init_box((20.0, 20.0, 10.0, 20.0))
        assert not view.hint.isVisible()
        assert view.viewport().height() == view.height()
    finally:
        gen.close()
