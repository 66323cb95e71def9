"""The RGB-T benchmarks (RGBT234 / LasHeR, GTOT, VTUAV) as they unpack: each sequence opens as its thermal stream
(one channel, its own boxes), its visible stream opens from its frames folder as ``<seq>.visible``, a root lists
one entry a sequence under the layout's name, and what does not pair is said naming the file."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from workbench.core.data import open_dataset, open_sequence
from workbench.core.errors import DataError
from workbench.core.results import file_box_offset

H, W = 12, 16


def _frames(folder: Path, n: int, fmt: str, thermal: bool) -> None:
    folder.mkdir(parents=True)
    for i in range(n):
        g = np.full((H, W), 40 + 10 * (i % 20), np.uint8)
        img = np.dstack([g, g, g]) if thermal else np.dstack([g, g // 2, 255 - g])  # thermal: one gray, 3 channels
        cv2.imwrite(str(folder / fmt.format(i)), img)


def _boxes(path: Path, rows, sep: str = ",") -> None:
    path.write_text("".join(sep.join(str(v) for v in r) + "\n" for r in rows))


def _rgbt_seq(seq: Path, n: int = 3, n_visible: int | None = None, rows: int | None = None, lasher: bool = False):
    ir, vis = ("i{:03d}.png", "v{:03d}.png") if lasher else ("{:05d}i.png", "{:05d}v.png")
    _frames(seq / "infrared", n, ir, thermal=True)
    _frames(seq / "visible", n if n_visible is None else n_visible, vis, thermal=False)
    _boxes(seq / "infrared.txt", [(2 + i, 3, 5, 4) for i in range(n if rows is None else rows)])
    _boxes(seq / "visible.txt", [(1 + i, 2, 6, 5) for i in range(n if n_visible is None else n_visible)])
    _boxes(seq / "init.txt", [(9, 9, 1, 1)] * n)  # not read where the stream has its own file


def test_rgbt234_opens_thermal_gray_with_its_boxes_and_visible_beside_it(tmp_path):
    _rgbt_seq(tmp_path / "root" / "afterrain")
    entries = open_dataset(tmp_path / "root")
    assert [(e.name, e.layout) for e in entries] == [("afterrain", "rgbt")]
    seq = entries[0].open()
    assert seq.modality == "gray" and seq.frame(1).shape == (H, W) and seq.frame(1)[0, 0] == 50
    np.testing.assert_array_equal(seq.groundtruth[:, 0], [2, 3, 4])  # infrared.txt, unshifted
    assert file_box_offset(seq) == 0  # results go out in the file's own coordinates
    vis = open_sequence(tmp_path / "root" / "afterrain" / "visible")
    assert vis.name == "afterrain.visible" and vis.modality == "rgb" and vis.frame(0).shape == (H, W, 3)
    np.testing.assert_array_equal(vis.groundtruth[:, 0], [1, 2, 3])  # visible.txt
    assert open_sequence(tmp_path / "root" / "afterrain" / "infrared").name == "afterrain"


def test_lasher_nested_root_tags_the_split(tmp_path):
    root = tmp_path / "LasHeR"
    _rgbt_seq(root / "TestingSet" / "testingset" / "2girl", lasher=True)
    _rgbt_seq(root / "TrainingSet" / "trainingset" / "boy", lasher=True)
    (root / "testingsetList.txt").write_text("10runone\n2girl\n")
    (root / "trainingsetList.txt").write_text("boy\n")
    entries = open_dataset(root)
    assert [(e.name, e.layout) for e in entries] == [("2girl", "rgbt"), ("boy", "rgbt")]
    seqs = [e.open() for e in entries]
    assert [s.meta.get("split") for s in seqs] == ["test", "train"]
    assert seqs[0].attributes.get("split: test") is True


def test_gtot_corners_become_xywh_and_the_layout_is_named(tmp_path, capsys):
    seq = tmp_path / "gtot" / "BlackCar"
    _frames(seq / "i", 2, "{:05d}_i.png", thermal=True)
    _frames(seq / "v", 2, "{:05d}_v.png", thermal=False)
    _boxes(seq / "groundTruth_i.txt", [(10, 20, 14, 26), (11, 20, 15, 27)], sep=" ")
    _boxes(seq / "groundTruth_v.txt", [(9, 19, 13, 25), (10, 19, 14, 26)], sep=" ")
    (e,) = open_dataset(tmp_path / "gtot")
    assert (e.name, e.layout) == ("BlackCar", "gtot")
    s = e.open()
    np.testing.assert_array_equal(s.groundtruth, [[10, 20, 4, 6], [11, 20, 4, 7]])
    v = open_sequence(seq / "v")
    assert v.name == "BlackCar.visible"
    np.testing.assert_array_equal(v.groundtruth[0], [9, 19, 4, 6])
    from workbench.cli import main

    assert main(["list", "--dataset", str(tmp_path / "gtot")]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "BlackCar" in ln)
    assert line.split()[:5] == ["BlackCar", "gtot", "2", "frames", "gray"]


def test_vtuav_box_every_ten_frames(tmp_path):
    seq = tmp_path / "VTUAV" / "test_ST" / "bike_001"
    _frames(seq / "ir", 23, "{:06d}.png", thermal=True)
    _frames(seq / "rgb", 23, "{:06d}.png", thermal=False)
    _boxes(seq / "ir.txt", [(1, 1, 4, 4), (2, 2, 4, 4), (3, 3, 4, 4)], sep=" ")
    _boxes(seq / "rgb.txt", [(1, 1, 4, 4)] * 3, sep=" ")
    (e,) = open_dataset(tmp_path / "VTUAV")
    assert (e.name, e.layout) == ("bike_001", "vtuav")
    gt = e.open().groundtruth
    assert len(gt) == 23 and np.isfinite(gt[:, 0]).nonzero()[0].tolist() == [0, 10, 20]
    np.testing.assert_array_equal(gt[20], [3, 3, 4, 4])
    _boxes(seq / "ir.txt", [(1, 1, 4, 4)] * 2, sep=" ")
    with pytest.raises(DataError, match=r"ir\.txt.*2 boxes, one every 10 frames.*23 frames.*3"):
        open_sequence(seq)


def test_streams_and_boxes_that_do_not_pair_are_said(tmp_path):
    _rgbt_seq(tmp_path / "a", n=4, n_visible=3)
    seq = open_sequence(tmp_path / "a")
    said = " ".join(seq.meta["warnings"])
    assert str(tmp_path / "a" / "visible") in said and "3 frames" in said and "4" in said
    _rgbt_seq(tmp_path / "b", n=4, rows=3)
    with pytest.raises(DataError, match=r"infrared\.txt.*3 boxes.*4 frames"):
        open_sequence(tmp_path / "b")
