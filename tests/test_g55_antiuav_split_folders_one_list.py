"""An Anti-UAV root's split folders were named twice: ``antiuav.ANTIUAV_SPLITS`` (train, val, validation, test: the
sequence sets' reader, the box scorer, the detector's splits) and the tracking reader's own list in
``antiuav.list_root`` (train, val, test, validation), so an Anti-UAV600 root (train/ validation/ test/) was listed
in two orders. ``antiuav.list_root`` takes ``ANTIUAV_SPLITS`` now: the same order, and it follows that list."""
from __future__ import annotations

import json

import cv2
import numpy as np

from workbench.core.data import antiuav, irseq


def _seq(d):
    d.mkdir(parents=True)
    for i in range(2):
        cv2.imwrite(str(d / f"{i + 1:06d}.jpg"), np.full((12, 16), 50, np.uint8))
    (d / "IR_label.json").write_text(json.dumps({"exist": [1, 1], "gt_rect": [[2, 3, 4, 2], [3, 3, 4, 2]]}))
    return d


def _root(tmp_path):
    root = tmp_path / "AntiUAV600"
    for split in ("test", "validation", "train"):
        _seq(root / split / f"{split}_01")
    return root


def test_tracking_and_detection_list_an_anti_uav600_root_in_one_order(tmp_path):
    root = _root(tmp_path)
    listed = [e.path.parent.name for e in antiuav.list_root(root)]
    assert listed == [p.parent.name for p in irseq.list_irseq(root)]
    assert listed == ["train", "validation", "test"]  # the old code: train, test, validation


def test_the_reader_follows_the_one_list(tmp_path, monkeypatch):
    root = _root(tmp_path)
    monkeypatch.setattr(antiuav, "ANTIUAV_SPLITS", ("test", "train"))
    assert [e.path.parent.name for e in antiuav.list_root(root)] == ["test", "train"]
    assert [p.parent.name for p in irseq.list_irseq(root)] == ["test", "train"]  # the detector's listing too
