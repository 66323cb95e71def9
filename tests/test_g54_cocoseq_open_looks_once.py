"""``cocoseq.open`` looks for the set's root and its COCO files once a sequence (``root_of`` then one
``json_files``), not again in ``frame_boxes``, ``annotations``, the unlabelled-frames warning and ``label_file``;
what it reads and says is as before."""
from __future__ import annotations

import json

import cv2
import numpy as np

from workbench.core.data import cocoseq


def _set(root):
    seq = root / "images" / "s1"
    seq.mkdir(parents=True)
    ok = cv2.imencode(".png", np.zeros((6, 6), np.uint8))[1].tobytes()
    for k in (1, 2, 3):
        (seq / f"{k}.png").write_bytes(ok)
    images = [{"id": k, "file_name": f"s1/{k}.png"} for k in (1, 2)]  # frame 3 in no file: unlabelled
    anns = [{"id": k, "image_id": k, "bbox": [1, 1, 2, 3], "category_id": 1} for k in (1, 2)]
    (root / "instances_val.json").write_text(json.dumps({"images": images, "annotations": anns}))
    (root / "instances_train.json").write_text(json.dumps({"images": [], "annotations": []}))
    return seq


def test_open_looks_for_the_root_and_its_files_once(tmp_path, monkeypatch):
    seq_dir = _set(tmp_path)
    calls = {"json_files": 0, "root_of": 0}
    for name in calls:
        real = getattr(cocoseq, name)

        def counted(*a, _real=real, _name=name, **k):
            calls[_name] += 1
            return _real(*a, **k)

        monkeypatch.setattr(cocoseq, name, counted)
    seq = cocoseq.open(seq_dir)
    # the old code: root_of twice (open, frame_boxes), json_files five times (those, annotations, the warning, meta)
    assert calls["root_of"] == 1 and calls["json_files"] <= 2, calls
    assert seq.meta["label_file"] == f"{tmp_path / 'instances_train.json'}, {tmp_path / 'instances_val.json'}"
    assert seq.meta["unlabelled_frames"] == [2] and seq.meta["split"] == "val"
    assert any("1 of its 3 frames are in no instances_train.json, instances_val.json (first 3.png)" in w
               for w in seq.meta["warnings"])
    assert seq.groundtruth[0].tolist() == [1, 1, 2, 3] and np.isnan(seq.groundtruth[2]).all()
