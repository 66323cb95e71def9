"""Labelled IR small-target image sets as downloads leave them: an image saved twice under one name (``Misc_53.png``
beside a converted ``Misc_53.jpg``) is read once, and said. Both files were listed, so the set scored and trained on
that image twice (13 images, 17 targets for SIRST's 12 and 15)."""
import shutil

import cv2
import numpy as np

from tests.helpers import shared


def _target(i, size=24):
    img = np.full((size, size), 40 + 3 * i, np.uint8)
    m = np.zeros((size, size), np.uint8)
    img[8:11, 8 + i:11 + i], m[8:11, 8 + i:11 + i] = 220, 255
    return img, m


def test_a_sirst_set_reads_an_image_saved_twice_once(tmp_path):
    from workbench.core.data.sirst import open_sirst

    for d in ("images", "masks"):
        (tmp_path / d).mkdir()
    for i in range(3):
        img, m = _target(i)
        cv2.imwrite(str(tmp_path / "images" / f"a{i}.png"), img)
        cv2.imwrite(str(tmp_path / "masks" / f"a{i}_pixels0.png"), m)
    cv2.imwrite(str(tmp_path / "images" / "a1.jpg"), _target(1)[0])
    ds = open_sirst(tmp_path)
    assert ds.names == ["a0", "a1", "a2"]
    assert ds.items[1].image_path.name == "a1.png"  # the file a split naming a1 opens
    assert any("1 image name(s) with more than one file (first a1: a1.png, a1.jpg)" in w for w in ds.warnings)


def test_a_box_labelled_set_reads_an_image_saved_twice_once(tmp_path):
    from workbench.core.evaluation.irst_boxes import BoxSet

    for d in ("images", "labels"):
        (tmp_path / d).mkdir()
    for i in range(3):
        cv2.imwrite(str(tmp_path / "images" / f"{i:06d}.png"), _target(i)[0])
        (tmp_path / "labels" / f"{i:06d}.txt").write_text("1 0.4 0.4 0.1 0.1\n")
    cv2.imwrite(str(tmp_path / "images" / "000001.bmp"), _target(1)[0])
    bs = BoxSet(tmp_path)
    assert bs.names == ["000000", "000001", "000002"] and len(bs.labels) == 3
    assert bs.paths[1].name == "000001.png"
    assert any("first 000001: 000001.png, 000001.bmp" in w for w in bs.warnings)


def test_real_sirst_images_saved_twice_are_counted_once(tmp_path):
    from workbench.core.data.sirst import open_sirst

    src = shared("irst/sirst")
    names = sorted(p.stem for p in (src / "images").glob("*.png"))[:4]
    for d in ("images", "masks"):
        (tmp_path / d).mkdir()
    for n in names:
        shutil.copy(src / "images" / f"{n}.png", tmp_path / "images")
        shutil.copy(src / "masks" / f"{n}_pixels0.png", tmp_path / "masks")
    img = cv2.imread(str(src / "images" / f"{names[0]}.png"))
    cv2.imwrite(str(tmp_path / "images" / f"{names[0]}.jpg"), img)
    ds = open_sirst(tmp_path)
    assert len(ds) == 4 and sorted(ds.names) == names


def test_an_inverted_mask_is_said(tmp_path):
    """A mask saved inverted (255 the background, 0 the target) read as target nearly everywhere without a word: the
    set's mIoU fell from 0.71 to 0.003 (SIRST, 12 images, one mask inverted) and nothing said why."""
    from workbench.core.data.sirst import read_mask

    m = np.zeros((20, 20), np.uint8)
    m[5:8, 5:8] = 255
    cv2.imwrite(str(tmp_path / "ok.png"), m)
    cv2.imwrite(str(tmp_path / "inv.png"), 255 - m)
    said: list[str] = []
    assert read_mask(tmp_path / "ok.png", said).sum() == 9 and said == []
    assert read_mask(tmp_path / "inv.png", said).sum() == 400 - 9  # read as it is
    assert len(said) == 1 and said[0].startswith("inv.png: 98% of it is target (nonzero): an inverted mask")


def test_a_real_sirst_mask_inverted_is_said_once_by_the_set(tmp_path):
    from workbench.core.data.sirst import open_sirst

    src = shared("irst/sirst")
    names = sorted(p.stem for p in (src / "images").glob("*.png"))[:3]
    for d in ("images", "masks"):
        (tmp_path / d).mkdir()
    for n in names:
        shutil.copy(src / "images" / f"{n}.png", tmp_path / "images")
        shutil.copy(src / "masks" / f"{n}_pixels0.png", tmp_path / "masks")
    inv = tmp_path / "masks" / f"{names[1]}_pixels0.png"
    cv2.imwrite(str(inv), 255 - cv2.imread(str(inv), cv2.IMREAD_GRAYSCALE))
    ds = open_sirst(tmp_path)
    for i in range(len(ds)):
        ds.sample(i)
        ds.sample(i)
    said = [w for w in ds.warnings if "inverted mask" in w]
    assert len(said) == 1 and said[0].startswith(inv.name)


def test_a_yolo_folder_as_a_sequence_reads_a_frame_saved_twice_once(tmp_path):
    """``000003.png`` beside a converted ``000003.bmp``: the YOLO folder opened as one sequence of 4 frames, the
    copy a frame of its own holding the label again."""
    from workbench.core.data import yolo

    for d in ("images", "labels"):
        (tmp_path / d).mkdir()
    for i in range(3):
        cv2.imwrite(str(tmp_path / "images" / f"{i + 1:06d}.png"), _target(i)[0])
        (tmp_path / "labels" / f"{i + 1:06d}.txt").write_text("1 0.4 0.4 0.1 0.1\n")
    cv2.imwrite(str(tmp_path / "images" / "000002.bmp"), _target(1)[0])
    seq = yolo.open(tmp_path)
    assert len(seq) == 3 and len(seq.meta["point_labels"]) == 3
    assert any("first 000002: 000002.png, 000002.bmp" in w for w in seq.meta["warnings"])


def test_a_split_file_saved_as_utf16_is_read(tmp_path):
    """Windows PowerShell 5's `dir -Name > train.txt` and Notepad's "Unicode" save UTF-16 with a BOM: the split was
    refused as 'not a text file'. A Latin-1 name is refused naming its line and byte."""
    import pytest

    from workbench.core.data.sirst import read_split
    from workbench.core.errors import DataError

    f = tmp_path / "train.txt"
    f.write_text("Misc_1\r\nMisc_2.png\r\n\r\n", encoding="utf-16")
    assert read_split(f) == ["Misc_1", "Misc_2"]
    f.write_bytes("Misc_1\ncaf\u00e9_2\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"train.txt, line 2: not a text file in UTF-8 \(byte 0xe9\)"):
        read_split(f)
    f.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")  # an image given as the split
    with pytest.raises(DataError, match="not a text file"):
        read_split(f)


def test_a_yolo_label_file_saved_as_utf16_is_read(tmp_path):
    """A YOLO label file saved by Notepad as "Unicode" (UTF-16 with its BOM) was refused as "not a number in
    '\\ufffd\\ufffd1\\x00 ...'"; read as its UTF-8 twin, as box files are."""
    from workbench.core.data.yolo import read_yolo

    f = tmp_path / "000001.txt"
    f.write_text("1 0.5 0.25 0.1 0.2\r\n", encoding="utf-16")
    assert read_yolo(f, 100, 40) == [(45.0, 6.0, 10.0, 8.0, 1)]
