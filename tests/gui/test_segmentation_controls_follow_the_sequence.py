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


def test_segmentation_controls_hidden_on_a_sequence_without_segmentation(window, tmp_path):
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
