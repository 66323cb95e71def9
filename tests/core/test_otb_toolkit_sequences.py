"""OTB-100's irregular sequences read as the OTB toolkit (tracker_benchmark_v1.0), pysot-toolkit, pytracking and
the GOT-10k toolkit read them: Human4's only box file is groundtruth_rect.2.txt (the second target), David's img/
holds 770 images for the 471 boxes of frames 300..770, Football1 / Freeman3 / Freeman4 / Diving hold more images
than boxes, Tiger1 is scored from frame 6 (initOmit), Board's images have 5-digit names, BlurCar1's start at 0247,
box files are comma, tab or space separated."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.core.data import open_dataset, otb


def _img_dir(folder, numbers, digits=4):
    """Image files named by ``numbers`` (only the first is a real image: readers read frame 0 when opening)."""
    folder.mkdir(parents=True, exist_ok=True)
    ok, buf = cv2.imencode(".jpg", np.full((48, 64), 90, np.uint8))
    data = buf.tobytes()
    for k in numbers:
        (folder / f"{k:0{digits}d}.jpg").write_bytes(data)


def _boxes(n, x0=11, sep=","):
    return "".join(sep.join(str(v) for v in (x0 + i, 21, 10, 10)) + "\n" for i in range(n))


def test_human4_with_groundtruth_rect_2_only_is_the_second_target(tmp_path):
    root = tmp_path / "OTB100"
    _img_dir(root / "Human4" / "img", range(1, 7))
    (root / "Human4" / "groundtruth_rect.2.txt").write_text(_boxes(6))
    entries = open_dataset(root)
    assert [e.name for e in entries] == ["Human4-2"]  # pysot-toolkit's OTB100.json name, as Jogging-1 here
    seq = entries[0].open()
    assert seq.name == "Human4-2" and len(seq) == 6 and list(seq.groundtruth[0]) == [10, 20, 10, 10]
    assert not seq.meta.get("warnings")  # one target: nothing to warn about
    # some copies ship an empty groundtruth_rect.1.txt beside it (the GOT-10k toolkit drops empty box files)
    (root / "Human4" / "groundtruth_rect.1.txt").write_text("")
    assert [e.name for e in open_dataset(root)] == ["Human4-2"]
    assert otb.targets(root / "Human4") == [2]


def test_david_is_its_boxes_frames_300_to_770(tmp_path):
    seq_dir = tmp_path / "David"
    _img_dir(seq_dir / "img", range(1, 771))
    (seq_dir / "groundtruth_rect.txt").write_text(_boxes(471, sep="\t"))  # David's file is tab separated
    seq = otb.open(seq_dir)
    assert len(seq) == 471 and seq.frames.paths[0].name == "0300.jpg" and seq.frames.paths[-1].name == "0770.jpg"
    assert list(seq.groundtruth[0]) == [10, 20, 10, 10]


@pytest.mark.parametrize("name,boxes", [("Football1", 74), ("Freeman3", 460), ("Freeman4", 283), ("Diving", 215)])
def test_sequences_with_more_images_than_boxes_are_the_toolkits_first_frames(tmp_path, name, boxes):
    seq_dir = tmp_path / name
    _img_dir(seq_dir / "img", range(1, boxes + 12))
    (seq_dir / "groundtruth_rect.txt").write_text(_boxes(boxes, sep=" "))
    seq = otb.open(seq_dir)
    assert len(seq) == boxes and seq.frames.paths[-1].name == f"{boxes:04d}.jpg"


def test_tiger1_starts_at_frame_6_as_the_toolkit_scores_it(tmp_path):
    seq_dir = tmp_path / "Tiger1"
    _img_dir(seq_dir / "img", range(1, 355))
    (seq_dir / "groundtruth_rect.txt").write_text(_boxes(354))
    seq = otb.open(seq_dir)
    assert len(seq) == 349 and seq.frames.paths[0].name == "0006.jpg"
    assert list(seq.groundtruth[0]) == [15, 20, 10, 10]  # line 6 of the file
    assert "line 6" in seq.gt_where(0)
    assert otb.toolkit_rows("Tiger1", 354, 349) == 5 and otb.toolkit_rows("Tiger1", 349, 349) == 0
    assert otb.toolkit_rows("Tiger2", 354, 349) == 0


def test_board_blurcar_image_numbers_and_other_sequences_as_they_are(tmp_path):
    board = tmp_path / "Board"
    _img_dir(board / "img", range(1, 21), digits=5)
    (board / "groundtruth_rect.txt").write_text(_boxes(20))
    assert len(otb.open(board)) == 20
    car = tmp_path / "BlurCar1"  # images 0247..0988 in the toolkit; its box file has one box per image
    _img_dir(car / "img", range(247, 271))
    (car / "groundtruth_rect.txt").write_text(_boxes(24))
    seq = otb.open(car)
    assert len(seq) == 24 and seq.frames.paths[0].name == "0247.jpg"
    other = tmp_path / "Other"  # a folder not on the toolkit's lists: a count mismatch is still an error
    _img_dir(other / "img", range(1, 30))
    (other / "groundtruth_rect.txt").write_text(_boxes(20))
    with pytest.raises(Exception, match="20 boxes"):
        otb.open(other)
