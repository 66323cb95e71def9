"""An anno_xy.txt is read by position, one line a frame: a frame made a folder or a broken link was "100 label lines
for 99 frames" naming no cause, and an image not numbered as the frames are (``overview.png``, ``0003 (copy).png``)
opened as one frame more, every later label on the wrong frame, unsaid (as fc9d9c5 refuses it for box files)."""
from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image

from workbench.core.data import detect
from workbench.core.errors import DataError


def _daub(folder, n=5):
    (folder / "frames").mkdir(parents=True)
    for k in range(1, n + 1):
        Image.fromarray(np.full((24, 32), 30 * k, np.uint8)).save(folder / "frames" / f"{k:04d}.png")
    (folder / "anno_xy.txt").write_text("".join(f"{5 + k}\t6\n" for k in range(n)))
    return folder


@pytest.mark.parametrize("which", [3, 5])  # in the middle (a gap in the numbers), the last frame
def test_a_frame_made_a_folder_is_named(tmp_path, which):
    seq = _daub(tmp_path / "seq")
    frame = seq / "frames" / f"{which:04d}.png"
    frame.unlink()
    frame.mkdir()
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    said = str(err.value)
    assert f"5 label lines for 4 frames ({frame.name} there is a folder, not an image" in said, said  # old: no cause


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_frame_left_as_a_broken_link_is_named(tmp_path):
    seq = _daub(tmp_path / "seq")
    frame = seq / "frames" / "0005.png"
    frame.unlink()
    os.symlink("/nowhere/0005.png", frame)
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    assert "(0005.png there is a symbolic link leading nowhere (to /nowhere/0005.png))" in str(err.value), str(err.value)


@pytest.mark.parametrize("stray", ["overview.png", "0003 (copy).png"])
def test_an_image_not_numbered_as_the_frames_is_refused_named(tmp_path, stray):
    seq = _daub(tmp_path / "seq")
    Image.fromarray(np.zeros((24, 32), np.uint8)).save(seq / "frames" / stray)
    with pytest.raises(DataError) as err:  # old: opened as 6 frames, the labels after '0003 (copy)' one frame late
        detect.open_sequence(seq)
    assert str(err.value).startswith(f"{seq / 'anno_xy.txt'}: 5 label lines for 6 frames: {stray} is not numbered "
                                     "as the frames are"), str(err.value)


def test_labels_that_end_early_still_open(tmp_path):
    seq = _daub(tmp_path / "seq")
    (seq / "anno_xy.txt").write_text("6\t6\n7\t6\n")  # as before: the last 3 frames unlabelled, said
    opened = detect.open_sequence(seq)
    assert len(opened) == 5 and any("2 label lines for 5 frames" in w for w in opened.meta["warnings"])
