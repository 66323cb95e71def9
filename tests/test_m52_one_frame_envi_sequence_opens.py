"""A one-frame ENVI frames folder (``hsi-convert --format envi-frames`` of a one-frame cube: frame0001.hdr / .img and
its groundtruth) did not open as a sequence: a folder was frames only from two numbered headers on, so opening it
said 'holds one sequence, frame0001, in .../frame0001.hdr: open that', and a dataset of such folders listed each
as a cube called frame0001. One header numbered as a first frame is a one-frame sequence now; a folder holding one
cube of another name (scene_01.hdr) is still that cube, named so."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from workbench.core.data.detect import open_dataset, open_sequence
from workbench.core.data.hsi_convert import write_envi_frames
from workbench.core.errors import DataError


def _one_frame(folder):
    cube = np.random.default_rng(3).integers(0, 4000, (12, 16, 8)).astype(np.uint16)
    write_envi_frames(folder, [cube], np.linspace(450, 900, 8), np.array([[2.0, 3.0, 5.0, 4.0]]))
    return folder, cube


def test_a_one_frame_envi_frames_folder_opens_as_its_sequence(tmp_path):
    folder, cube = _one_frame(tmp_path / "vidA")
    seq = open_sequence(folder)
    assert seq.name == "vidA" and len(seq) == 1 and seq.meta["format"] == "envi-frames"
    np.testing.assert_array_equal(seq.frames.read(0), cube)
    np.testing.assert_allclose(seq.groundtruth, [[2.0, 3.0, 5.0, 4.0]])

    # a dataset of such folders lists each under its folder's name (they were two cubes called frame0001)
    shutil.copytree(folder, tmp_path / "vidB")
    assert sorted((e.name, e.layout) for e in open_dataset(tmp_path)) == [("vidA", "cube"), ("vidB", "cube")]


def test_a_folder_of_one_cube_of_another_name_is_still_that_cube(tmp_path):
    folder, _ = _one_frame(tmp_path / "scenes")
    for suffix in (".hdr", ".img"):
        (folder / f"frame0001{suffix}").rename(folder / f"scene_01{suffix}")
    (folder / "groundtruth_rect.txt").unlink()
    with pytest.raises(DataError, match="holds one sequence, scene_01"):
        open_sequence(folder)
    assert len(open_sequence(folder / "scene_01.hdr")) == 1
