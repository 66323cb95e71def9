"""An image file (or a one-band cube) opens as a one-frame sequence; the status bar said
"Opened x: 1 frames, gray, no groundtruth". One frame is "1 frame"."""
from __future__ import annotations

import numpy as np


def test_one_image_opened_says_one_frame(window, tmp_path):
    import cv2

    image = tmp_path / "target.png"
    assert cv2.imwrite(str(image), (np.arange(64 * 48) % 251).astype(np.uint8).reshape(48, 64))
    assert window.open_path(image), window.last_error
    text = window.statusBar().currentMessage()
    assert text.startswith("Opened target: 1 frame,"), text
    assert "1 frames" not in text, text
