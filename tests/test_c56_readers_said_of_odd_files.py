"""What a reader says of odd real-world folders: a symbolic link that loops or leads nowhere was 'no such file or
folder' (of a name the user sees listed); a dataset root holding a link back to itself (``self -> .``) listed each
sequence twice and ``run --dataset`` refused it ("two sequences are named 'seq1' ... rename one"); a frame made a folder
(``img/0005.jpg/``) was "a frame is missing" naming no cause; an empty ``img/`` was "has 1 boxes but its img/ has 0
frames: ... cut the file to its first 0 lines"."""
from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image

from workbench.core import batch
from workbench.core.data import detect
from workbench.core.errors import DataError

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                                reason="symbolic links need privileges on Windows")


def _otb(folder, n=3):
    (folder / "img").mkdir(parents=True)
    for k in range(1, n + 1):
        Image.fromarray(np.full((24, 32), 40 * k, np.uint8)).save(folder / "img" / f"{k:04d}.png")
    (folder / "groundtruth_rect.txt").write_text("".join(f"{5 + k},6,8,8\n" for k in range(n)))
    return folder


def test_a_link_that_loops_or_leads_nowhere_is_said_so(tmp_path):
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    os.symlink("gone", tmp_path / "dangling")
    with pytest.raises(DataError) as loop:
        detect.open_sequence(tmp_path / "a")
    assert "symbolic link that loops" in str(loop.value) and str(tmp_path / "a") in str(loop.value)  # old: no such
    with pytest.raises(DataError) as gone:
        detect.open_dataset(tmp_path / "dangling")
    assert "symbolic link to gone, which does not exist" in str(gone.value)
    with pytest.raises(DataError, match="no such file or folder"):
        detect.open_sequence(tmp_path / "never")


def test_a_link_back_to_the_root_lists_nothing_twice(tmp_path):
    root = tmp_path / "set"
    _otb(root / "seq1")
    os.symlink(str(root), root / "self")
    os.symlink("..", root / "seq1" / "up")
    assert [e.name for e in detect.open_dataset(root)] == ["seq1"]  # old: seq1 twice (seq1 and self/seq1)
    assert [r.name for r in batch.sequence_refs(dataset=root)] == ["seq1"]  # old: "two sequences are named 'seq1'"


def test_a_frame_made_a_folder_is_named(tmp_path):
    seq = _otb(tmp_path / "seq", 4)
    (seq / "img" / "0003.png").unlink()
    (seq / "img" / "0003.png").mkdir()
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    assert "0003.png there is a folder, not an image" in str(err.value), str(err.value)


def test_an_empty_frames_folder_is_said_so(tmp_path):
    seq = _otb(tmp_path / "seq", 1)
    (seq / "img" / "0001.png").unlink()
    with pytest.raises(DataError) as err:
        detect.open_sequence(seq)
    said = str(err.value)
    assert "has no frames" in said and "first 0" not in said and "open" not in said.split(": ", 1)[1], said
