"""Whole-number fields of label files (a YOLO class, a VOT mask line, an attribute vector) read as ``int(float(t))``:
``inf`` was an OverflowError traceback, ``2.7`` silently class 2, and a damaged mask line's patch size allocated
without a bound. Found by the session-54 reader fuzzer; each is now a DataError naming the file and line."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.core.errors import DataError


def _yolo(root, label: str):
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    cv2.imwrite(str(root / "images" / "000001.png"), np.full((24, 32), 40, np.uint8))
    (root / "labels" / "000001.txt").write_text(label)
    return root


@pytest.mark.parametrize("cls", ["inf", "-inf", "1e999", "2.7", "-1", "nan"])
def test_yolo_class_not_a_whole_number_is_refused_naming_the_line(tmp_path, cls):
    from workbench.core.data import open_sequence

    root = _yolo(tmp_path / "set", f"0 0.5 0.5 0.2 0.2\n{cls} 0.4 0.4 0.1 0.1\n")
    with pytest.raises(DataError) as err:
        open_sequence(root)
    assert "000001.txt, line 2" in str(err.value) and "class" in str(err.value)


def test_yolo_whole_classes_still_read(tmp_path):
    from workbench.core.data import open_sequence

    seq = open_sequence(_yolo(tmp_path / "set", "0 0.5 0.5 0.25 0.25\n3.0 0.25 0.25 0.125 0.125\n"))
    assert [b[4] for b in seq.meta["boxes"][0]] == [0, 3]


@pytest.mark.parametrize("line", ["m1,2,inf,4,5", "m1,2,3,4,1e30", "m1,2,2.5,4,5", "m0,0,100000,100000,5"])
def test_vot_mask_line_damaged_is_a_data_error(tmp_path, line):
    from workbench.core.data.vot import read_regions

    gt = tmp_path / "groundtruth.txt"
    gt.write_text(f"m1,1,2,2,1,3\n{line}\n")
    with pytest.raises(DataError) as err:
        read_regions(gt, 2)
    assert "groundtruth.txt, line 2" in str(err.value)


def test_vot_mask_lines_still_read(tmp_path):
    from workbench.core.data.vot import read_regions

    gt = tmp_path / "groundtruth.txt"
    gt.write_text("m1,1,2,2,1,3\nm2.0,3,2,2,0,4\n")
    boxes, masks = read_regions(gt, 2)
    assert boxes[0].tolist() == [1, 1, 2, 2] and masks[1][:4] == (2, 3, 2, 2)


@pytest.mark.parametrize("tok", ["inf", "0.5", "nan"])
def test_attribute_vector_of_no_whole_number_refused(tmp_path, tok):
    from workbench.core.data.groundtruth import read_attribute_flags

    att = tmp_path / "bike1.txt"
    att.write_text(f"1,0,{tok},1\n")
    with pytest.raises(DataError) as err:
        read_attribute_flags(att, {})
    assert "bike1.txt" in str(err.value) and "0/1" in str(err.value)
    att.write_text("1,0,0,1.0\n")
    assert read_attribute_flags(att, {4: ("a", "b", "c", "d")}) == {"a": True, "d": True}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_attribute_vector_with_a_bom_reads(tmp_path, encoding):
    from workbench.core.data.groundtruth import read_attribute_flags

    att = tmp_path / "bike1.txt"
    att.write_text("1,0,0,1\r\n", encoding=encoding)
    assert read_attribute_flags(att, {4: ("a", "b", "c", "d")}) == {"a": True, "d": True}
