"""A frame file the system refuses (no permission to read it, a folder of its name) came out of ``Sequence.frame``
as the system's PermissionError / IsADirectoryError, not a reader's DataError naming it; found by the session-54
fuzzer (permission denied run without the root's read-override). Root reads any file: the folder case is what
every run can check; the permission case is checked where the test does not run as root."""
from __future__ import annotations

import os

import cv2
import numpy as np
import pytest

from workbench.core.errors import DataError


def _folder(root):
    s = root / "seq"
    s.mkdir()
    for i in range(3):
        cv2.imwrite(str(s / f"{i + 1:04d}.png"), np.full((12, 16), 30 + i, np.uint8))
    return s


def test_a_folder_in_place_of_an_image_is_a_data_error(tmp_path):
    from workbench.core.data.images import read_image

    d = tmp_path / "0002.png"
    d.mkdir()
    with pytest.raises(DataError) as err:
        read_image(d)
    assert "0002.png" in str(err.value) and "cannot be read" in str(err.value)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a file of any permission")
def test_an_unreadable_frame_is_a_data_error(tmp_path):
    from workbench.core.data import open_sequence

    s = _folder(tmp_path)
    (s / "0002.png").chmod(0)
    try:
        seq = open_sequence(s)
        with pytest.raises(DataError) as err:
            seq.frame(1)
        assert "0002.png" in str(err.value)
    finally:
        (s / "0002.png").chmod(0o644)


def test_a_hot_mosaic_frame_replaced_by_a_folder_is_a_data_error(tmp_path):
    from workbench.core.data import open_sequence
    from workbench.core.data.hot import cube2x

    s = tmp_path / "car1" / "HSI"
    s.mkdir(parents=True)
    for i in range(3):
        cv2.imwrite(str(s / f"{i + 1:04d}.png"), cube2x(np.full((8, 8, 16), 100 + i, np.uint16)))
    (s / "groundtruth_rect.txt").write_text("1\t1\t3\t3\n" * 3)
    seq = open_sequence(s)
    assert seq.frame(1).shape[:2] == (8, 8)
    (s / "0002.png").unlink()  # the file replaced while the sequence is open (a sync tool, an unpacker)
    (s / "0002.png").mkdir()
    with pytest.raises(DataError) as err:
        seq.frame(1)
    assert "0002.png" in str(err.value)
