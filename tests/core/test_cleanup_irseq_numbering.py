"""A gap in the frames' numbering is a step other than the folder's usual one: a folder subsampled at a
constant step (0000, 0005, 0010 ...) was said to put labels.csv's labels on the wrong frame (tiny generated files)."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


def _seq(folder: Path, numbers):
    (folder / "frames").mkdir(parents=True)
    for k, n in enumerate(numbers):
        cv2.imwrite(str(folder / "frames" / f"{n:04d}.png"), np.full((12, 16), 30 + k, np.uint8))
    (folder / "labels.csv").write_text("frame,cx,cy,w,h,class\n0,5,5,3,3,target\n")
    return folder


def test_a_constant_step_is_no_gap(tmp_path):
    from workbench.core.data.irseq import numbering_gap, open_irseq

    seq = open_irseq(_seq(tmp_path / "every5", range(0, 30, 5)))
    assert not seq.meta["warnings"]
    assert numbering_gap([Path("f/0004.png"), Path("f/0006.png")]) is None  # one step: the usual one


def test_an_irregular_step_is_named_as_before(tmp_path):
    from workbench.core.data.irseq import open_irseq

    seq = open_irseq(_seq(tmp_path / "missing5", [0, 1, 2, 3, 4, 6, 7, 8]))
    (w,) = seq.meta["warnings"]
    assert w == (f"{tmp_path / 'missing5' / 'labels.csv'}: labels are matched to frames by position and frames/ "
                 "jumps from 0004.png to 0006.png: a missing frame moves every later label onto the wrong frame")


def test_a_subsampled_folder_names_its_irregular_step():
    """Subsampled by 5 with one frame missing: the 10-step is named (not the first 5-step); two irregular
    steps are counted."""
    from workbench.core.data.irseq import numbering_gap

    said = numbering_gap([Path(f"f/{n:04d}.png") for n in (0, 5, 10, 20, 25, 30, 31)])
    assert said == "f/ jumps from 0010.png to 0020.png (2 gaps)"
