"""A tracking sequence whose frames folder holds ``0002.png`` beside ``0002.jpg`` (a converted copy left there):
the OTB, LaSOT, VOT, GOT-10k, UAV123, UAVDT, VisDrone, Anti-UAV and RGB-T readers counted both files, so a sequence with
one box a frame was refused ("has 3 boxes but its img/ has 4 frames", naming neither file). They take each name
once, as the image-set readers do (``images.one_per_name``: the ``.png``), and say which name had two files. A
box file one line longer than the frames is still refused, and the duplicate is not called a missing frame."""
import json

import cv2
import numpy as np
import pytest

from workbench.core.data import antiuav, got10k, lasot, otb, rgbt, uav123, uavdt, visdrone, vot
from workbench.core.errors import DataError

BOXES = [(5, 6, 10, 8), (6, 6, 10, 8), (7, 7, 10, 8)]


def _frames(folder, names):
    folder.mkdir(parents=True, exist_ok=True)
    img = np.full((32, 40, 3), 90, np.uint8)
    for k, name in enumerate(names, start=1):
        img[4:10, 4:10] = 30 * k
        for suffix in (".jpg", ".png") if k == 2 else (".jpg",):  # frame 2 twice: a converted copy beside it
            assert cv2.imwrite(str(folder / f"{name}{suffix}"), img)


def _lines(boxes, sep=","):
    return "".join(sep.join(map(str, b)) + "\n" for b in boxes)


def _otb(root, boxes):
    seq = root / "Crossing"
    _frames(seq / "img", ["0001", "0002", "0003"])
    (seq / "groundtruth_rect.txt").write_text(_lines(boxes))
    return seq, otb.open


def _lasot(root, boxes):
    seq = root / "cat-1"
    _frames(seq / "img", ["00000001", "00000002", "00000003"])
    (seq / "groundtruth.txt").write_text(_lines(boxes))
    (seq / "nlp.txt").write_text("a cat")
    return seq, lasot.open


def _got10k(root, boxes):
    seq = root / "GOT-10k_Val_000001"
    _frames(seq, ["00000001", "00000002", "00000003"])
    (seq / "groundtruth.txt").write_text(_lines(boxes))
    return seq, got10k.open


def _vot(root, boxes):
    seq = root / "book"
    _frames(seq / "color", ["00000001", "00000002", "00000003"])
    (seq / "groundtruth.txt").write_text(_lines(boxes))
    return seq, vot.open


def _uavdt(root, boxes):
    seq = root / uavdt.SEQ_DIR / "S0101"
    _frames(seq, ["img000001", "img000002", "img000003"])
    anno = root / uavdt.SOT_DIR / "anno"
    anno.mkdir(parents=True)
    (anno / "S0101_gt.txt").write_text(_lines(boxes))
    return seq, uavdt.open


def _visdrone(root, boxes):
    seq = root / "sequences" / "uav0000001_00000_s"
    _frames(seq, ["img0000001", "img0000002", "img0000003"])
    (root / "annotations").mkdir()
    (root / "annotations" / "uav0000001_00000_s.txt").write_text(_lines(boxes))
    return seq, visdrone.open


def _antiuav(root, boxes):
    seq = root / "20190925_101846_1_1"
    _frames(seq, ["000001", "000002", "000003"])
    (seq / antiuav.LABEL_FILE).write_text(json.dumps({"exist": [1] * len(boxes), "gt_rect": [list(b) for b in boxes]}))
    return seq, antiuav.open


def _uav123(root, boxes):
    seq = root / "data_seq" / "UAV123" / "bike1"
    _frames(seq, ["000001", "000002", "000003"])
    (root / "anno" / "UAV123").mkdir(parents=True)
    (root / "anno" / "UAV123" / "bike1.txt").write_text(_lines(boxes))
    return seq, uav123.open


def _rgbt(root, boxes):
    seq = root / "afterrain"
    _frames(seq / "infrared", ["00001i", "00002i", "00003i"])
    (seq / "visible").mkdir()
    for k in (1, 2, 3):
        assert cv2.imwrite(str(seq / "visible" / f"{k:05d}v.jpg"), np.full((32, 40, 3), 60, np.uint8))
    (seq / "infrared.txt").write_text(_lines(boxes))
    (seq / "visible.txt").write_text(_lines(boxes))
    return seq, rgbt.RGBT.open


LAYOUTS = [_otb, _lasot, _got10k, _vot, _uavdt, _visdrone, _antiuav, _uav123, _rgbt]


@pytest.mark.parametrize("make", LAYOUTS, ids=lambda m: m.__name__[1:])
def test_a_frame_with_two_files_is_one_frame_said(tmp_path, make):
    path, open_ = make(tmp_path, BOXES)
    seq = open_(path)
    names = [p.name for p in seq.frames.paths]
    assert len(seq) == 3 and names[1].endswith(".png") and all(n.endswith(".jpg") for n in names[::2]), names
    said = [w for w in seq.meta.get("warnings") or [] if "more than one file" in w]
    assert len(said) == 1 and names[1] in said[0] and names[1][:-4] + ".jpg" in said[0], seq.meta.get("warnings")
    assert seq.groundtruth.shape == (3, 4)


def test_otb_one_box_more_than_frames_is_refused_without_calling_the_copy_a_gap(tmp_path):
    path, open_ = _otb(tmp_path, BOXES + [(8, 8, 10, 8)])
    with pytest.raises(DataError) as err:
        open_(path)
    msg = str(err.value)
    assert "has 4 boxes but its img/ has 3 frames" in msg and "line 4 has no frame" in msg, msg
    assert "jumps" not in msg and "missing frame back" not in msg, msg


def test_rgbt_visible_stream_does_not_count_the_thermal_copy(tmp_path):
    path, open_ = _rgbt(tmp_path, BOXES)
    seq = open_(path / "visible")
    assert len(seq) == 3
    assert not [w for w in seq.meta.get("warnings") or [] if "frames but" in w], seq.meta.get("warnings")
