"""The RGB-T box files' origin is pinned (``data.rgbt``, beside ``CONVENTION``): every benchmark's files are read as
the numbers they are and results go out in the same numbers, as the toolkits compare them (GTOT's calcPlotErr.m,
RGBT234's calcPlotErr_TPR.m, the Python ``rgbt`` toolkit, the pytracking-style loaders). A box at the frame's top
left edge stays at 0 (not -1, not refused), for all four benchmarks and both streams."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from workbench.core.boxes import Box
from workbench.core.data import open_sequence
from workbench.core.methods import TrackOutput
from workbench.core.results import file_box_offset, read_result_boxes
from workbench.core.runs import run_tracker

H, W, N = 24, 32, 3


def _frames(folder: Path, fmt: str) -> None:
    folder.mkdir(parents=True)
    for i in range(N):
        cv2.imwrite(str(folder / fmt.format(i + 1 if "05d" in fmt else i)), np.full((H, W, 3), 60 + 20 * i, np.uint8))


def _rows(path: Path, rows, sep=",") -> None:
    path.write_text("".join(sep.join(str(v) for v in r) + "\n" for r in rows))


def _rgbt234(root):
    seq = root / "afterrain"
    _frames(seq / "infrared", "{:05d}i.jpg")
    _frames(seq / "visible", "{:05d}v.jpg")
    _rows(seq / "infrared.txt", [(0, 0, 6, 5), (1, 0, 6, 5), (2, 1, 6, 5)])
    _rows(seq / "visible.txt", [(0, 1, 7, 5), (1, 1, 7, 5), (2, 2, 7, 5)])
    return seq, "RGBT234", (0, 0, 6, 5), (0, 1, 7, 5)


def _lasher(root):
    seq = root / "testingset" / "2girl"
    _frames(seq / "infrared", "i{:03d}.jpg")
    _frames(seq / "visible", "v{:03d}.jpg")
    _rows(seq / "infrared.txt", [(0, 0, 6, 5)] * N)
    _rows(seq / "visible.txt", [(0, 1, 7, 5)] * N)
    (root / "testingsetList.txt").write_text("2girl\n")
    return seq, "LasHeR", (0, 0, 6, 5), (0, 1, 7, 5)


def _gtot(root):
    seq = root / "BlackCar"
    _frames(seq / "i", "{:05d}i.png")
    _frames(seq / "v", "{:05d}v.png")
    _rows(seq / "groundTruth_i.txt", [(0, 0, 6, 5)] * N, " ")  # x1 y1 x2 y2: w = x2 - x1
    _rows(seq / "groundTruth_v.txt", [(0, 1, 7, 6)] * N, " ")
    return seq, "GTOT", (0, 0, 6, 5), (0, 1, 7, 5)


def _vtuav(root):
    seq = root / "test_ST" / "animal_001"
    _frames(seq / "ir", "{:06d}.jpg")
    _frames(seq / "rgb", "{:06d}.jpg")
    _rows(seq / "ir.txt", [(0, 0, 6, 5)], " ")  # one box every 10 frames: frame 0's
    _rows(seq / "rgb.txt", [(0, 1, 7, 5)], " ")
    return seq, "VTUAV", (0, 0, 6, 5), (0, 1, 7, 5)


class _Stays:
    name = "stays"

    def initialize(self, frame, box):
        self.box = box

    def track(self, frame):
        return TrackOutput(self.box, 1.0)


@pytest.mark.parametrize("make", [_rgbt234, _lasher, _gtot, _vtuav], ids=lambda f: f.__name__[1:])
def test_rgbt_boxes_read_and_written_in_the_files_numbers(tmp_path, make):
    seq_dir, benchmark, thermal, visible = make(tmp_path / "data")
    streams = [(seq_dir, thermal)] + [(d, visible) for d in seq_dir.iterdir() if d.name in ("visible", "v", "rgb")]
    assert len(streams) == 2
    for path, first in streams:
        seq = open_sequence(path)
        assert seq.meta["benchmark"] == benchmark
        np.testing.assert_array_equal(seq.groundtruth[0], first)  # the file's numbers: 0 stays 0
        assert seq.meta["box_convention"].startswith("0-based") and file_box_offset(seq) == 0
        res = run_tracker(_Stays(), seq, init=Box(*seq.groundtruth[0]), name="stays")
        out = res.save(tmp_path / "results")
        written = read_result_boxes(out if out.suffix == ".txt" else out / f"{seq.name}.txt")
        np.testing.assert_array_equal(written, np.tile(first, (N, 1)))  # out in the same numbers
