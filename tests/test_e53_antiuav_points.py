"""Anti-UAV410 as published (HwangBo94/Anti-UAV410's loader: ``<split>/<seq>/000001.jpg`` + ``IR_label.json``
``{"exist": [...], "gt_rect": [[x, y, w, h] or [] ...]}``) opened for tracking but not for the detector: a split
folder was "no sequence here" and a sequence folder was detected unlabelled, nothing scored. Its boxes are now the
detector's point truth (centres), an absent drone a frame without target."""
from __future__ import annotations

import json

import cv2
import numpy as np


def _antiuav(root, n=7):
    seq = root / "test" / "02_6319_0-1499"
    seq.mkdir(parents=True)
    rects, exist = [], []
    for i in range(n):
        cv2.imwrite(str(seq / f"{i + 1:06d}.jpg"), np.full((24, 32), 50, np.uint8))
        rects.append([] if i == 2 else [2.0 + i, 5.0, 4.0, 2.0])
        exist.append(0 if i == 2 else 1)
    (seq / "IR_label.json").write_text(json.dumps({"exist": exist, "gt_rect": rects}))
    return seq


def test_an_anti_uav_split_gives_the_detector_its_boxes_as_points(tmp_path):
    from workbench.core.data.irseq import list_irseq, open_irseq

    seq_dir = _antiuav(tmp_path / "AntiUAV410")
    assert list_irseq(tmp_path / "AntiUAV410" / "test") == [seq_dir]
    seq = open_irseq(seq_dir)
    assert seq.labelled and seq.meta["layout"] == "antiuav" and len(seq) == 7
    assert [(lab.cx, lab.cy, lab.w, lab.h) for lab in seq.labels[4]] == [(8.0, 6.0, 4.0, 2.0)]
    assert seq.labels[2] == [] and seq.scored_frames() == list(range(7))  # absent: scored, no target
