"""A COCO split of an ITSDT-15K set whose json names its frames ``images/<seq>/<k>.bmp`` (the reader takes that form,
cfb1053 / d263f0d): ``BoxSet(root, "test")`` matched frames by the exact ``<seq>/<k>`` key alone and dropped every
frame ("no labelled frame to score") while the whole set scored all of them."""
from __future__ import annotations

import json

import cv2
import numpy as np


def test_a_coco_split_keeps_frames_named_under_images(tmp_path):
    from workbench.core.evaluation.irst_boxes import BoxSet

    ims, anns = [], []
    (tmp_path / "images" / "s1").mkdir(parents=True)
    for k in range(3):
        f = np.full((16, 20), 40, np.uint8)
        f[5:8, 5 + 3 * k:8 + 3 * k] = 200
        cv2.imwrite(str(tmp_path / "images" / "s1" / f"{k}.bmp"), f)
        ims.append({"id": k + 1, "file_name": f"images/s1/{k}.bmp", "width": 20, "height": 16})
        anns.append({"id": k + 1, "image_id": k + 1, "category_id": 1, "bbox": [5 + 3 * k, 5, 3, 3]})
    (tmp_path / "instances_test2017.json").write_text(json.dumps(
        {"images": ims, "annotations": anns, "categories": [{"id": 1, "name": "target"}]}))
    assert len(BoxSet(tmp_path)) == 3
    assert len(BoxSet(tmp_path, "test")) == 3
