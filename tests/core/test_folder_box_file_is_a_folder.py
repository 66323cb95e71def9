"""A sequence folder whose box file's name is a folder (``groundtruth_rect.txt/``, an unpacking slip) opened as
a plain image folder without groundtruth and without a word: the boxes the user meant are not read, said."""
from __future__ import annotations

import cv2
import numpy as np

from workbench.core.data import open_sequence


def test_a_box_file_name_on_a_folder_is_said(tmp_path):
    seq = tmp_path / "Seq One"
    (seq / "img").mkdir(parents=True)
    for i in range(3):
        cv2.imwrite(str(seq / "img" / f"{i + 1:04d}.png"), np.full((8, 10), 40 * i, np.uint8))
    (seq / "groundtruth_rect.txt").mkdir()
    s = open_sequence(seq)
    assert s.groundtruth is None and len(s) == 3
    assert s.meta["warnings"] == [f"{seq / 'groundtruth_rect.txt'}: is a folder, not a box file; the sequence is "
                                  f"read without groundtruth"]
    (seq / "groundtruth_rect.txt").rmdir()
    assert not open_sequence(seq).meta.get("warnings")
