"""ITSDT-15K as published (MoPKL's README and coco_to_txt.py): ``images/<seq>/<k>.bmp`` (0-based, unpadded) beside
COCO ``instances_train2017.json`` / ``instances_test2017.json`` (``file_name`` '<seq>/<k>.bmp', ``bbox`` x, y, w, h).
Its sequences were plain folders without groundtruth (``folder``, "no gt") and the detector found no labelled
sequence in the root. Tiny generated mimic, no real data."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np

N = 12  # 0.bmp ... 11.bmp: text order would put 10 and 11 before 2


def _box(seq: int, k: int) -> list[float]:
    return [3.0 + 2 * k, 4.0 + 5 * seq, 4.0, 2.0]


def _itsdt(root: Path, unlisted: int | None = None) -> Path:
    rng = np.random.default_rng(2)
    sets = {"train": ([], []), "test": ([], [])}
    for s, (seq, split) in enumerate((("1", "train"), ("58", "test"))):
        for k in range(N):
            f = rng.integers(30, 50, (24, 40), dtype=np.uint8)
            f[0, 0] = 100 + k  # the frame's number: the order is checked
            (root / "images" / seq).mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(root / "images" / seq / f"{k}.bmp"), f)
            if (seq, k) == ("58", unlisted):
                continue
            ims, anns = sets[split]
            ims.append({"id": len(ims) + 1, "file_name": f"{seq}/{k}.bmp", "width": 40, "height": 24})
            if k != 3:  # frame 3 listed without a box: no target there
                anns.append({"id": len(anns) + 1, "image_id": len(ims), "category_id": 1, "bbox": _box(s, k)})
    for split, (ims, anns) in sets.items():
        (root / f"instances_{split}2017.json").write_text(json.dumps(
            {"images": ims, "annotations": anns, "categories": [{"id": 1, "name": "target"}]}))
    return root


def test_itsdt_sequences_are_listed_with_their_boxes_as_points_in_frame_order(tmp_path):
    from workbench.core.data.detect import open_dataset

    root = _itsdt(tmp_path / "ITSDT-15K")
    entries = open_dataset(root)
    assert [(e.name, e.layout) for e in entries] == [("1", "cocoseq"), ("58", "cocoseq")]
    seq = entries[1].open()
    assert [int(seq.frames.read(k)[0, 0]) for k in range(N)] == [100 + k for k in range(N)]
    assert seq.meta["split"] == "test" and seq.meta["unlabelled_frames"] == []
    assert seq.meta["point_labels"][10] == [(25.0, 10.0, 0)] and seq.meta["point_labels"][3] == []
    assert list(seq.groundtruth[10]) == _box(1, 10)


def test_the_detector_reads_the_root_and_leaves_a_frame_no_file_lists_unscored(tmp_path):
    from workbench.core.data.irseq import list_irseq, open_irseq

    root = _itsdt(tmp_path / "ITSDT-15K", unlisted=7)
    found = list_irseq(root)
    assert [p.name for p in found] == ["1", "58"]
    seq = open_irseq(found[1])
    assert seq.labelled and seq.meta["layout"] == "cocoseq"
    assert [(lab.cx, lab.cy, lab.w, lab.h) for lab in seq.labels[10]] == [(25.0, 10.0, 4.0, 2.0)]
    assert seq.labels[3] == [] and 3 in seq.scored_frames()
    assert 7 not in seq.scored_frames() and any("sequence 58: 1 of its 12 frames" in w for w in seq.meta["warnings"])
