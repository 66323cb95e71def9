"""The Layers dock's segmentation controls (Saliency / Mask / Target boxes, overlay opacity) belong to
the open sequence's segmentation: opening a sequence with none after a segmented one left them shown
with nothing to act on (and an unticked "Target boxes" there still hid a detector's points)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.gui.conftest import make_registry


@pytest.fixture
def registry():
    from workbench.core.registry import default_registry

    reg = make_registry()
    reg.add(default_registry().plugins["tophat"])  # a segmenter without torch
    return reg


def test_segmentation_controls_hidden_on_a_sequence_without_segmentation(window, tmp_path, qtbot):
    img = np.full((64, 80), 20, np.uint8)
    img[30:33, 40:43] = 250
    path = tmp_path / "spot.png"
    cv2.imwrite(str(path), img)
    assert window.open_path(path), window.last_error
    window.methods.select("tophat")
    window.methods.run_button.click()  # segment the frame on screen
    assert window.seg is not None and window.layers.seg_box.isVisibleTo(window.layers)
    window.open_demo()  # another sequence, never segmented
    assert window.seg is None
    assert not window.layers.seg_box.isVisibleTo(window.layers)
    assert window.open_path(path)  # back: its segmentation was not saved (one frame, Segment frame)
    window.methods.run_button.click()
    assert window.layers.seg_box.isVisibleTo(window.layers)
    # then a saved segmentation read back, in this window (a window of its own cost more than the check)
    _saved_segmentation_read_back_drops_the_draw_box_hint(window, tmp_path, qtbot)


def _saved_segmentation_read_back_drops_the_draw_box_hint(window, tmp_path, qtbot):
    """A tracker selected, a sequence whose segmentation was saved opened: the saved run is read back on
    a worker and drawn, but the "Drag on the frame to draw the initial box" hint (shown while no
    segmentation was there) stayed over it; the window drops it, as for a segmentation made here."""
    folder = tmp_path / "spots"
    folder.mkdir()
    for k in range(3):
        img = np.full((64, 80), 20, np.uint8)
        img[30:33, 40 + 5 * k:43 + 5 * k] = 250
        cv2.imwrite(str(folder / f"{k:04d}.png"), img)
    assert window.open_path(folder), window.last_error
    window.methods.select("tophat")
    assert window.segment_sequence()
    qtbot.waitUntil(lambda: not window.busy and not window.segmentation.saving, timeout=20000)
    window.methods.select("fake")  # a tracker: its hint is the initial box's
    window.open_demo()
    assert window.view.hint.isVisibleTo(window.view)  # no box drawn on the demo: the hint says how
    assert window.open_path(folder)
    qtbot.waitUntil(lambda: window.seg is not None and not window.segmentation.loading, timeout=20000)
    assert not window.view.hint.isVisibleTo(window.view)
