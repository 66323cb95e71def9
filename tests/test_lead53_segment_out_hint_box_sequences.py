"""``segment --out`` on a box- / point-labelled sequence (DAUB: ``frames/`` + ``anno_xy.txt``), now box-scored, was
refused suggesting ``--dataset <seq>/images``, which DAUB has not (reviewer R2): the hint names the sequence's frames
folder, which segments unscored, one sequence at a time for a root of several."""
from __future__ import annotations

import shlex

import cv2
import numpy as np
import pytest


def _daub(root, name):
    seq = root / name
    (seq / "frames").mkdir(parents=True)
    for k in range(1, 4):
        img = np.zeros((32, 40), np.uint8)
        img[10:13, 20:23] = 255
        cv2.imwrite(str(seq / "frames" / f"{k:04d}.png"), img)
    (seq / "anno_xy.txt").write_text("21\t11\n" * 3)
    return seq


def _suggested(err: str) -> list[str]:
    said = err.split("--views draws what was scored; ", 1)[1].split(" segments ", 1)[0]
    return shlex.split(said.replace("one sequence at a time, e.g. ", ""))


def test_the_out_refusal_names_a_frames_folder_that_exists(tmp_path):
    from workbench.core.options import OptionError
    from workbench.core.segment_command import refuse_labelled_out

    one = _daub(tmp_path / "daub", "sequence1")
    _daub(tmp_path / "daub", "sequence2")
    out = tmp_path / "out"
    for dataset, several in ((one, False), (tmp_path / "daub", True)):
        with pytest.raises(OptionError) as got:
            refuse_labelled_out(out, dataset, "tophat")
        words = _suggested(str(got.value))
        assert words[0] == "--dataset" and (tmp_path / words[1]).is_dir(), words
        assert words[1].endswith("frames") and words[2:] == ["--out", str(out)]
        assert ("one sequence at a time" in str(got.value)) == several
