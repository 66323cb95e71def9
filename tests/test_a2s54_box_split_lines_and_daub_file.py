"""Two follow-ups of the box scoring of labelled IR sequences (``irst_boxes``):

* ``segment --dataset <NUDT-MIRSDT root> --split test`` scored nothing ("no labelled frame to score ... of split
  'test'"): the published ``test.txt`` lines are ``Sequence10/Mix/00001.mat``, matched as a whole against
  ``Sequence10/00001``; such a line is now that sequence's frame 00001, whichever file holds it. (A root with
  ``images/`` is mask-scored, test_a2s54_mirsdt_root_mask_scored; one of ``Mix/*.mat`` stacks alone, DTUM's
  copy, is box-scored from its masks' targets.)
* DAUB as released (``data<n>/<k>.bmp`` + ``data<n>.txt``) was said to be read from "anno_xy.txt (DAUB)": the
  convention names the file actually read.

Generated mimics (a 3 x 3 blob of 250 a target, the segmenter a threshold at 150)."""
from __future__ import annotations

import json

import pytest

from tests.test_daub_release_layout import _release
from tests.test_e2_53_box_scored_ir_sequences import _threshold
from tests.test_mirsdt_layout import _sequence


def _run(monkeypatch, tmp_path, dataset, *more) -> dict:
    cmd = _threshold(monkeypatch)
    out = tmp_path / f"r{len(list(tmp_path.glob('r*.json')))}.json"
    assert cmd(["--dataset", str(dataset), "--json", str(out), *more]) == 0
    return json.loads(out.read_text())


def test_published_mirsdt_test_split_scores_its_sequence(monkeypatch, tmp_path):
    import shutil

    import cv2
    import numpy as np

    from tests.test_mirsdt_layout import write_mat_v5

    root = tmp_path / "NUDT-MIRSDT"
    for s in ("Sequence1", "Sequence10"):
        _sequence(root, s, n=4)
        for k in range(1, 5):  # frames only as Mix/<k>.mat stacks (their last frame), as DTUM's copy holds them
            img = cv2.imread(str(root / s / "images" / f"{k:05d}.png"), cv2.IMREAD_GRAYSCALE)
            write_mat_v5(root / s / "Mix" / f"{k:05d}.mat", {"Mix": img[None].astype(np.float64)}, False)
        shutil.rmtree(root / s / "images")
    (root / "train.txt").write_text("".join(f"Sequence1/Mix/{k:05d}.mat\n" for k in range(1, 5)))
    # 3 of Sequence10's 4 frames, as the published file lists them (a Windows line too)
    (root / "test.txt").write_text("Sequence10/Mix/00001.mat\nSequence10\\Mix\\00002.mat\nSequence10/Mix/00004.mat\n")
    res = _run(monkeypatch, tmp_path, root, "--split", "test")
    assert (res["images"], res["targets"]) == (3, 3)
    assert res["pd"] == 1.0 and res["miou"] is None and res["split"].endswith("test.txt")
    assert _run(monkeypatch, tmp_path, root, "--split", "train")["images"] == 4


def test_daub_release_is_said_to_be_read_from_its_own_file(monkeypatch, tmp_path):
    _release(tmp_path / "rel" / "data1", range(4), [(k, [(3 + 2 * k, 10)]) for k in range(4)])
    res = _run(monkeypatch, tmp_path, tmp_path / "rel")
    assert (res["images"], res["targets"], res["matched"]) == (4, 4, 4)
    assert "data<n>.txt (DAUB as released" in res["convention"] and "anno_xy" not in res["convention"]


@pytest.mark.parametrize("line, key", [
    ("Sequence10/Mix/00001.mat", "Sequence10/00001"), ("seq/0001.png", "seq/0001"), ("seq/0001", "seq/0001"),
    ("seq", "seq"), ("seq/frame.v2", "seq/frame.v2")])
def test_split_lines_as_matched(line, key):
    from workbench.core.data.sirst import frame_line_key

    assert frame_line_key(line) == key
