"""A lossless mask that is one nonzero value everywhere (an image of 7s saved into ``masks/``) was read as a whole
image of target without a word; it is said, naming the file, as a mask of more than two values is."""
from __future__ import annotations

import cv2
import numpy as np

from workbench.core.data.sirst import read_mask


def test_a_mask_nonzero_everywhere_is_said(tmp_path):
    f = tmp_path / "m.png"
    cv2.imwrite(str(f), np.full((8, 8), 7, np.uint8))
    said: list[str] = []
    assert read_mask(f, said).all()
    assert len(said) == 1 and said[0].startswith("m.png: every pixel is nonzero (value 7)"), said
    ok = np.zeros((8, 8), np.uint8)
    ok[2:4, 2:4] = 255
    cv2.imwrite(str(f), ok)
    said.clear()
    assert read_mask(f, said).sum() == 4 and said == []
    cv2.imwrite(str(f), np.zeros((8, 8), np.uint8))  # an image without a target: no word
    assert not read_mask(f, said).any() and said == []
