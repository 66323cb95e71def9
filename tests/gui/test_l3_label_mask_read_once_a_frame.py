"""Found in the L3 pass over SIRST: the label mask of the frame on screen was read from its PNG (and its outline
drawn again) every time the overlays were refreshed, not only when the frame changed: selecting a method,
a run listed, a layer ticked each read it on the GUI thread again. It is read once a frame (again when the
file changes), and the same mask is not drawn again."""
from __future__ import annotations

import cv2
import numpy as np


def _labelled_set(root, n=3, size=24):
    for d in ("images", "masks"):
        (root / d).mkdir(parents=True, exist_ok=True)
    for k in range(n):
        img = np.full((size, size), 20, np.uint8)
        m = np.zeros((size, size), np.uint8)
        m[8 + k:12 + k, 8:12] = 255
        img[m > 0] = 220
        cv2.imwrite(str(root / "images" / f"im{k}.png"), img)
        cv2.imwrite(str(root / "masks" / f"im{k}_pixels0.png"), m)
    return root


def test_label_mask_is_read_once_a_frame(window, tmp_path, monkeypatch):
    from workbench.core.data import masks

    w = window
    assert w.open_path(_labelled_set(tmp_path / "set"))
    assert w.layers.show_gt.isChecked()
    reads, drawn = [], []
    real_read, item = masks.read_frame_mask, w.view.label_mask_item
    real_set = item.setImage
    monkeypatch.setattr(masks, "read_frame_mask", lambda path, shape: (reads.append(str(path)),
                                                                      real_read(path, shape))[1])
    monkeypatch.setattr(item, "setImage", lambda *a, **k: (drawn.append(1), real_set(*a, **k))[1])
    outline = w.view.label_mask_item.image.copy()
    for _ in range(3):  # a method selected, a run listed, a layer ticked: the same frame
        w.refresh_overlays()
    assert len(reads) == 0 and len(drawn) == 0 and item.isVisible()  # read and drawn when the frame was shown
    np.testing.assert_array_equal(w.view.label_mask_item.image, outline)
    w.sequences.set_frame(1)
    w.refresh_overlays()
    assert len(reads) == 1 and reads[0].endswith("im1_pixels0.png")
    assert not np.array_equal(w.view.label_mask_item.image, outline)  # the next frame's outline
    w.layers.show_gt.setChecked(False)
    w.refresh_overlays()
    assert not w.view.label_mask_item.isVisible()
    w.layers.show_gt.setChecked(True)
    w.refresh_overlays()
    assert w.view.label_mask_item.isVisible() and len(reads) == 1
