"""Masks of another size than their frames were said once a process (``masks._SIZE_SAID``): a user who fixed half of
a set's masks and opened it again, or a second run / dataset of the same folder in one process, was told nothing of
the masks still of another size. Each reading (a layout's ``open``) says them again, once a folder. Task E (s56)."""
from __future__ import annotations

import warnings

import cv2
import numpy as np

from workbench.core.errors import DataWarning


def _mask(side):
    m = np.zeros((side, side), np.uint8)
    m[side // 4:side // 2, side // 4:side // 2] = 255
    return m


def _said(caught):
    return [str(w.message) for w in caught if issubclass(w.category, DataWarning) and "differs" in str(w.message)]


def _score_all(seq):
    """Every label mask of ``seq`` read at its frame's size, as the window's scorer reads them (twice: a pass
    again within one reading says nothing more); what was said."""
    from workbench.core.data.masks import mask_files, read_frame_mask

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(2):
            for i, f in enumerate(mask_files(seq)):
                assert read_frame_mask(f, seq.frame(i).shape[:2]).shape == (8, 8)
    return _said(caught)


def test_a_set_opened_again_after_half_its_masks_were_fixed_is_told_of_the_rest(tmp_path):
    from workbench.core.data import masks

    (tmp_path / "images").mkdir()
    (tmp_path / "masks").mkdir()
    for i in range(4):
        cv2.imwrite(str(tmp_path / "images" / f"{i}.png"), np.full((8, 8), 40 + i, np.uint8))
        cv2.imwrite(str(tmp_path / "masks" / f"{i}.png"), _mask(16))
    first = _score_all(masks.open(tmp_path))
    assert len(first) == 1 and "0.png: mask 16x16 differs from its image's 8x8" in first[0], first
    for i in range(2):  # the user fixes half of them
        cv2.imwrite(str(tmp_path / "masks" / f"{i}.png"), _mask(8))
    again = _score_all(masks.open(tmp_path))
    assert len(again) == 1 and "2.png: mask 16x16 differs from its image's 8x8" in again[0], again


def test_each_open_of_a_mask_sequence_says_it_once(tmp_path):
    from workbench.core.data import maskseq

    for d in ("images", "masks"):
        (tmp_path / d / "s").mkdir(parents=True)
    for i in range(3):
        cv2.imwrite(str(tmp_path / "images" / "s" / f"{i}.png"), np.full((8, 8), 40 + i, np.uint8))
        cv2.imwrite(str(tmp_path / "masks" / "s" / f"{i}.png"), _mask(16))
    for run in range(2):  # two runs in one process (the window's, a script's): each reading is told
        seq = maskseq.open(tmp_path / "images" / "s")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            points = [seq.meta["point_labels"][i] for i in range(len(seq))]
        assert all(len(p) == 1 for p in points)
        said = _said(caught)
        assert len(said) == 1 and "0.png: mask 16x16 differs from its image's 8x8" in said[0], (run, said)
