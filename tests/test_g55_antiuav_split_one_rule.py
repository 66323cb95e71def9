"""The Anti-UAV split-folder rule (a sequence at ``root/<split>/<seq>``, ``<split>`` one of ``antiuav.ANTIUAV_SPLITS``)
was written twice: in ``seq_irst.sequences.split_of`` (the detector's splits) and, with any folder name, in the box
scorer's ``--split`` (``BoxSet``). One ``irseq.antiuav_split`` now, which both ask: given a stand-in, both follow
it. The box scorer took ``--split images`` on an ITSDT-15K root (``images/<seq>``) as a split folder and scored
every sequence under a split named "images"; that is now refused as any other unknown split is."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import cv2
import numpy as np
import pytest

from workbench.core.data import irseq


def _coco_root(root: Path) -> Path:
    ims, anns = [], []
    (root / "images" / "s1").mkdir(parents=True)
    for k in range(3):
        f = np.full((16, 20), 40, np.uint8)
        f[5:8, 5 + 3 * k:8 + 3 * k] = 200
        cv2.imwrite(str(root / "images" / "s1" / f"{k}.bmp"), f)
        ims.append({"id": k + 1, "file_name": f"{k}.bmp", "width": 20, "height": 16})
        anns.append({"id": k + 1, "image_id": k + 1, "category_id": 1, "bbox": [5 + 3 * k, 5, 3, 3]})
    (root / "instances_test2017.json").write_text(json.dumps(
        {"images": ims, "annotations": anns, "categories": [{"id": 1, "name": "target"}]}))
    return root


def test_the_rule():
    root = Path("/d/AntiUAV410")
    assert irseq.antiuav_split(root / "test" / "seq1", root) == "test"
    assert irseq.antiuav_split(str(root / "validation" / "seq1"), str(root)) == "validation"
    assert irseq.antiuav_split(root / "images" / "seq1", root) is None  # not a split folder's name
    assert irseq.antiuav_split(root / "x" / "test" / "seq1", root) is None  # not directly under root
    assert irseq.antiuav_split(root / "seq1", root) is None


def test_the_detectors_splits_and_the_box_scorer_follow_the_one_rule(tmp_path, monkeypatch):
    from workbench.core.evaluation.irst_boxes import BoxSet
    from workbench_seq_irst.sequences import split_of

    root = _coco_root(tmp_path / "ITSDT")
    asked = []
    monkeypatch.setattr(irseq, "antiuav_split", lambda path, given: asked.append(Path(path).name) or "g55")
    assert split_of(root / "images" / "s1", SimpleNamespace(meta={}), root) == "g55"
    boxes = BoxSet(root, "g55")  # the stand-in calls s1 a split folder's: all of it, under that split
    assert len(boxes) == 3 and boxes.split == root / "g55"
    assert asked == ["s1", "s1"]


def test_images_is_no_split_folder_of_a_coco_root(tmp_path):
    from workbench.core.errors import DataError
    from workbench.core.evaluation.irst_boxes import BoxSet
    from workbench_seq_irst.sequences import split_of

    root = _coco_root(tmp_path / "ITSDT")
    assert split_of(root / "images" / "s1", SimpleNamespace(meta={}), root) is None
    with pytest.raises(DataError, match=r"split 'images' is not a COCO file's split \(test\)"):
        BoxSet(root, "images")  # the old code: 3 frames scored as split "images"
    assert len(BoxSet(root, "test")) == 3
