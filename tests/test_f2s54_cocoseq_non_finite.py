"""A COCO file of an ITSDT-15K-form set holding Infinity / NaN (Python's json reads both): an Infinity
``category_id`` came out as an OverflowError traceback, not a DataError naming the file; a NaN / Infinity bbox
became a NaN target point (and a NaN groundtruth box where it was a frame's first): such boxes are dropped, as
Anti-UAV's non-finite boxes are, and said once. A COCO file the system refuses to read gave its PermissionError.
Found by the session-54 fuzzer."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from workbench.core.data import cocoseq
from workbench.core.errors import DataError


def _set(root, anns):
    seq = root / "images" / "s1"
    seq.mkdir(parents=True)
    ok = cv2.imencode(".png", np.zeros((8, 8), np.uint8))[1].tobytes()
    for k in (0, 1, 2):
        (seq / f"{k}.png").write_bytes(ok)
    images = [{"id": k, "file_name": f"s1/{k}.png"} for k in (0, 1, 2)]
    # json.dumps writes float('nan') / float('inf') as NaN / Infinity, as a damaged or hand-made file may hold them
    (root / "instances_test2017.json").write_text(json.dumps({"images": images, "annotations": anns}))
    return seq


@pytest.mark.parametrize("category, said", [(float("inf"), "inf"), (float("nan"), "nan"), (2.5, "2.5")])
def test_a_non_whole_category_id_is_a_data_error_naming_the_file_and_annotation(tmp_path, category, said):
    """Named by the file, the annotation and the value (it said "not a COCO instances file (OverflowError: cannot
    convert float infinity to integer)" of a well-formed file, naming neither; NaN said ValueError, 2.5 was 2)."""
    seq = _set(tmp_path, [{"id": 1, "image_id": 0, "bbox": [1, 1, 2, 2], "category_id": 1},
                          {"id": 7, "image_id": 1, "bbox": [1, 1, 2, 2], "category_id": category}])
    with pytest.raises(DataError) as err:
        cocoseq.open(seq)
    assert err.value.path.name == "instances_test2017.json", err.value
    assert err.value.problem == f"annotation 7: category_id {said} is not a whole number", err.value


def test_non_finite_boxes_are_dropped_and_said_once(tmp_path):
    seq = _set(tmp_path, [{"id": 1, "image_id": 0, "bbox": [1, 1, 2, 2], "category_id": 1},
                          {"id": 2, "image_id": 1, "bbox": [float("nan"), 1, 2, 2], "category_id": 1},
                          {"id": 3, "image_id": 1, "bbox": [4, 4, 2, 2], "category_id": 1},
                          {"id": 4, "image_id": 2, "bbox": [1, 1, float("inf"), 2], "category_id": 1}])
    s = cocoseq.open(seq)
    pts = s.meta["point_labels"]
    assert all(np.isfinite(p[:2]).all() for frame in pts for p in frame), pts
    assert pts == [[(2.0, 2.0, 0)], [(5.0, 5.0, 0)], []]
    assert s.meta["boxes"][1] == [(4.0, 4.0, 2.0, 2.0, 1)] and s.meta["boxes"][2] == []
    assert s.groundtruth[1].tolist() == [4, 4, 2, 2] and np.isnan(s.groundtruth[2]).all()
    said = [w for w in s.meta["warnings"] if "not a finite number" in w]
    assert len(said) == 1 and "2 box(es)" in said[0] and "instances_test2017.json" in said[0] \
        and "first on 1.png" in said[0], s.meta["warnings"]


def test_an_unreadable_coco_file_is_a_data_error_naming_it(tmp_path, monkeypatch):
    from pathlib import Path

    seq = _set(tmp_path, [{"id": 1, "image_id": 0, "bbox": [1, 1, 2, 2], "category_id": 1}])
    listed = tmp_path / "instances_test2017.json"
    real = Path.read_text

    def refused(self, *a, **k):  # what the system says to a user without read permission (root reads any file)
        if self == listed:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *a, **k)

    monkeypatch.setattr(Path, "read_text", refused)
    with pytest.raises(DataError) as err:
        cocoseq.open(seq)
    assert err.value.path == listed and "Permission denied" in str(err.value)


def test_a_bbox_number_past_floats_range_is_named_not_a_traceback(tmp_path):
    """Review R8: dbf8e4b dropped OverflowError from the annotations' except: a bbox integer of 400 digits (json
    reads it) was an OverflowError traceback again."""
    import json

    from workbench.core.data import cocoseq
    from workbench.core.errors import DataError

    root = tmp_path / "itsdt"
    (root / "images" / "1").mkdir(parents=True)
    f = root / "instances_test2017.json"
    f.write_text(json.dumps({"images": [{"id": 1, "file_name": "1/0.bmp"}], "categories": [{"id": 1}],
                             "annotations": [{"id": 1, "image_id": 1, "bbox": [1, 2, 3, 4], "category_id": 1}]})
                 .replace("[1, 2, 3, 4]", "[" + "1" + "0" * 400 + ", 2, 3, 4]"))
    with pytest.raises(DataError) as got:
        cocoseq.annotations(root, [f])
    assert str(f) in str(got.value) and "OverflowError" in str(got.value)
