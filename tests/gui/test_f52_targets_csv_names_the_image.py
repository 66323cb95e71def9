"""Found exporting a segmentation of an image set (F, session 52): Export… masks wrote each image's mask under the
image's own name (``Misc_13.png``) but the targets CSV beside them gave only a ``frame`` index in the window's order
(``10``), so a row could not be joined to its image or its mask; the one frame's Targets export likewise. Both CSVs
now end with an ``image`` column: the name the image's mask is exported under."""
from __future__ import annotations

import csv

import cv2
import numpy as np
import pytest

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@pytest.fixture
def method_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def test_exported_targets_name_the_image_of_each_row(qtbot, method_window, tmp_path):
    w = method_window
    root = tmp_path / "set" / "images"
    root.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for name, (h, wd) in {"Misc_1": (40, 50), "Misc_13": (44, 60), "Misc_2": (48, 64)}.items():
        img = (rng.random((h, wd)) * 100).astype(np.uint8)
        img[h // 2, wd // 3] = 255  # the paced segmenter's target: the brightest pixel
        cv2.imwrite(str(root / f"{name}.png"), img)
    assert w.open_path(root)
    seq = w.sequences.sequence
    for i in (1, 2):
        w.set_frame(i)
        assert w.run_selected(["paceseg"])
        qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    files = w.exporter.export_masks(tmp_path / "out")
    masks = sorted(p.stem for p in files if p.suffix == ".png")
    rows = list(csv.DictReader(open(tmp_path / "out" / f"{seq.name}_targets.csv", newline="")))
    assert len(rows) == 2 and sorted(r["image"] for r in rows) == masks  # each row names its image's mask
    for r in rows:
        img = cv2.imread(str(root / f"{r['image']}.png"), cv2.IMREAD_GRAYSCALE)
        h, wd = img.shape
        assert (float(r["cx"]), float(r["cy"])) == (wd // 3, h // 2)  # the row is of that image (sizes differ)
    one = w.exporter.export_targets(tmp_path / "one.csv")  # the frame on screen (index 2)
    (row,) = list(csv.DictReader(open(one, newline="")))
    img = cv2.imread(str(root / f"{row['image']}.png"), cv2.IMREAD_GRAYSCALE)
    assert (float(row["cx"]), float(row["cy"])) == (img.shape[1] // 3, img.shape[0] // 2)
