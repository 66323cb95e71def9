"""A results folder whose <seq>.txt is a folder (an unzip that made one, a copy gone wrong): eval said
'res/trk/Boat.txt: is a folder, not a groundtruth file', the file the user gave as a result. The refusal says what
the file was meant to be: a result file; a groundtruth path read as boxes is still said as one."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data.groundtruth import read_boxes
from workbench.core.errors import DataError


def _otb(root, n=5):
    (root / "img").mkdir(parents=True)
    for i in range(n):
        img = np.full((48, 64, 3), 40, np.uint8)
        img[20:30, 20 + i:30 + i] = 230
        cv2.imwrite(str(root / "img" / f"{i + 1:04d}.jpg"), img)
    (root / "groundtruth_rect.txt").write_text("".join(f"{21 + i},21,10,10\n" for i in range(n)))


def test_eval_of_a_result_path_that_is_a_folder_says_result_file(tmp_path, capsys):
    _otb(tmp_path / "data" / "Boat")
    (tmp_path / "res" / "trk" / "Boat.txt").mkdir(parents=True)
    assert main(["eval", str(tmp_path / "res"), "--dataset", str(tmp_path / "data")]) != 0
    err = capsys.readouterr().err
    assert "Boat.txt: is a folder, not a result file" in err, err  # the old code: "not a groundtruth file"
    assert "groundtruth" not in err and "Traceback" not in err


def test_a_groundtruth_path_that_is_a_folder_is_still_said_so(tmp_path):
    (tmp_path / "groundtruth.txt").mkdir()
    with pytest.raises(DataError, match="is a folder, not a groundtruth file"):
        read_boxes(tmp_path / "groundtruth.txt")
