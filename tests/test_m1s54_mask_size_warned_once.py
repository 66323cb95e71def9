"""A mask-per-frame set whose masks are all of another size than their frames (1,000 64x64 masks beside 32x32
frames) printed one warning a frame: 1,000 lines on stderr from ``detect``, and the window's scorer one a frame again
each pass. ``masks.read_frame_mask`` says it once a mask folder, naming the first mask; another folder is said on
its own. Found by review R5 (session 54)."""
from __future__ import annotations

import os
import warnings

import cv2
import numpy as np

from workbench.core.errors import DataWarning


def _set(root, seqs=("1", "2"), n=12):
    for s in seqs:
        for i in range(n):
            m = np.zeros((16, 16), np.uint8)
            m[6:9, 6:9] = 255
            for d, a in (("images", np.full((8, 8), 40 + i, np.uint8)), ("masks", m)):
                (root / d / s).mkdir(parents=True, exist_ok=True)
                cv2.imwrite(str(root / d / s / f"{i}.png"), a)


def _said(caught):
    return [str(w.message) for w in caught if issubclass(w.category, DataWarning) and "differs" in str(w.message)]


def test_masks_of_another_size_said_once_a_folder(tmp_path):
    from workbench.core.data.detect import open_dataset
    from workbench.core.data.masks import read_frame_mask

    _set(tmp_path)
    seqs = [e.open() for e in open_dataset(tmp_path)]
    assert len(seqs) == 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for seq in seqs:
            points = [seq.meta["point_labels"][i] for i in range(len(seq))]
            assert all(len(p) == 1 for p in points)  # still read, resized
        again = read_frame_mask(tmp_path / "masks" / "1" / "5.png", (8, 8))  # the window's scorer passing again
    assert again.shape == (8, 8) and again.any()
    said = _said(caught)
    assert len(said) == 2, said  # one a folder, not 24
    assert any(f"{os.sep}1{os.sep}0.png: mask 16x16 differs from its image's 8x8" in s for s in said)
    assert any(f"{os.sep}2{os.sep}0.png: mask 16x16 differs from its image's 8x8" in s for s in said)
