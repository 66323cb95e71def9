"""Folder videos (HOT, ENVI frames) are written whole or not at all: --force over a longer video kept its frames
past the new ones (a video of two lengths that no reader opens), and a Ctrl-C or a failing source frame left a
shorter video that read as a whole one. Files of the user's in the folder are left."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data import open_sequence
from workbench.core.data.hsi_convert import write_envi_frames, write_hot


@pytest.mark.parametrize("fmt", ["hot", "envi-frames"])
def test_force_over_a_longer_video_leaves_the_new_one_only(tmp_path, fmt):
    base = ["generate", "hsi-video", "--synthetic-scene", "--size", "16x16", "--format", fmt, "--out", str(tmp_path)]
    assert main(base + ["--frames", "6"]) == 0
    (tmp_path / "hsi_0000" / "notes.txt").write_text("mine")
    assert main(base + ["--frames", "3", "--force"]) == 0
    assert len(open_sequence(tmp_path / "hsi_0000")) == 3
    assert (tmp_path / "hsi_0000" / "notes.txt").read_text() == "mine"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("writer", [write_hot, write_envi_frames])
def test_a_stopped_write_leaves_no_video(tmp_path, writer):
    def frames():
        for k in range(3):
            if k == 2:
                raise KeyboardInterrupt
            yield np.full((8, 8, 16), 0.1 * (k + 1), np.float32)

    with pytest.raises(KeyboardInterrupt):
        writer(tmp_path / "v", frames())
    assert list(tmp_path.iterdir()) == []
