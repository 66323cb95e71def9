"""Names where one is the other with a number after it (OTB-100's Girl / Girl2, Bolt / Bolt2; img.png beside
img1.png) were a TypeError in the sort that every dataset root's HOT walk and every image list go through: the
whole root failed with a traceback in `workbench list / run / eval --dataset`."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from workbench.cli import main
from workbench.core.data.images import natural_key


def test_natural_order_of_names_that_go_on_with_a_number():
    names = ["img10.png", "img2.png", "img.png", "Img3.jpg", "img1.png", "a1", "a.1", "0002.png", "0001.png"]
    assert sorted(names, key=lambda n: natural_key(Path(n))) == [
        "0001.png", "0002.png", "a.1", "a1", "img.png", "img1.png", "img2.png", "Img3.jpg", "img10.png"]


def test_a_dataset_root_with_girl_and_girl2_lists(tmp_path, capsys):
    jpg = cv2.imencode(".jpg", np.full((24, 32), 90, np.uint8))[1].tobytes()
    for name in ("Girl", "Girl2"):
        (tmp_path / name / "img").mkdir(parents=True)
        for k in range(1, 4):
            (tmp_path / name / "img" / f"{k:04d}.jpg").write_bytes(jpg)
        (tmp_path / name / "groundtruth_rect.txt").write_text("3,4,8,7\n" * 3)
    assert main(["list", "--dataset", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2 sequence(s)" in out and "Girl2" in out
