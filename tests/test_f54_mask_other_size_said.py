"""A mask of another size than its frame (a mask-per-frame set's, or the window scoring a segmenter) was resized to
the frame without a word: a mask of another image gave wrong targets silently (a 1x1 mask: no target). The SIRST
reader said it; ``masks.read_frame_mask`` now says it too, naming the mask. Found by the session-54 fuzzer."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.core.errors import DataWarning


def test_a_mask_of_another_size_is_said(tmp_path):
    from workbench.core.data.detect import open_dataset

    for i in range(3):
        m = np.zeros((12, 16), np.uint8)
        m[4:7, 4 + i:7 + i] = 255
        if i == 1:
            m = cv2.resize(m, (19, 14), interpolation=cv2.INTER_NEAREST)
        for d, a in (("images", np.full((12, 16), 40 + i, np.uint8)), ("masks", m)):
            (tmp_path / d / "7").mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(tmp_path / d / "7" / f"{i + 1}.png"), a)
    seq = open_dataset(tmp_path)[0].open()
    with pytest.warns(DataWarning, match=r"2\.png: mask 19x14 differs from its image's 16x12"):
        points = [seq.meta["point_labels"][i] for i in range(3)]
    assert len(points[1]) == 1  # still read, resized
