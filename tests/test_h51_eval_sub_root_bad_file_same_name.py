"""eval as a new user met it: (a) `eval --dataset SUB` of runs made over a wider root holding SUB was refused ('it holds
runs of dataset ...') though export-video found those runs: SUB's sequences are scored from them; (b) one malformed
result file stopped eval: it is left out with a note naming it, the rest scored (exit 0), and only when nothing could
be scored is it an error; (c) two HDF5 videos of one 'name' attribute were told 'rename one', which changes nothing."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from workbench.cli import main
from workbench.core import results as R

N = 5


def _sequence(folder, x0: int) -> str:
    (folder / "img").mkdir(parents=True)
    for i in range(N):
        img = np.full((40, 48), 30, np.uint8)
        img[10:20, x0 + i:x0 + i + 10] = 220
        cv2.imwrite(str(folder / "img" / f"{i + 1:04d}.jpg"), img)
    gt = "".join(f"{x0 + i},10,10,10\n" for i in range(N))
    (folder / "groundtruth.txt").write_text(gt)
    return gt


@pytest.fixture
def wide(tmp_path):
    """wide/subA/{s1,s2}, wide/subB/s3, and a run of kcf over wide (its boxes the groundtruth's) in res/wide."""
    root, out = tmp_path / "wide", tmp_path / "res"
    run = R.run_dir(out, "kcf", "default", "wide")
    for sub, seq, x0 in (("subA", "s1", 5), ("subA", "s2", 12), ("subB", "s3", 20)):
        (run / f"{seq}.txt").parent.mkdir(parents=True, exist_ok=True)
        (run / f"{seq}.txt").write_text(_sequence(root / sub / seq, x0))
        R.update_manifest(run, {"method": "kcf", "variant": "default", "boxes": R.FILE_FRAME}, seq, {"completed": True})
    return root, out, run


def _scored(js) -> set:
    return {k for k in json.loads(js.read_text())["kcf"] if not k.startswith("_")}


def test_a_sub_root_is_scored_from_the_runs_of_the_wider_root(wide, tmp_path, capsys):
    root, out, _ = wide
    js = tmp_path / "a.json"
    assert main(["eval", str(out), "--dataset", str(root / "subA"), "--json", str(js)]) == 0, capsys.readouterr().err
    assert _scored(js) == {"s1", "s2"}  # subB's s3 is not subA's


def test_a_malformed_result_file_is_left_out_and_named(wide, tmp_path, capsys):
    root, out, run = wide
    (run / "s2.txt").write_text("x,y,w,h\n")
    js = tmp_path / "b.json"
    assert main(["eval", str(out), "--dataset", str(root / "subA"), "--json", str(js)]) == 0
    err = capsys.readouterr().err
    assert _scored(js) == {"s1"}
    assert f"{run / 's2.txt'}" in err and "not scored" in err, err
    (run / "s1.txt").write_text("1,2,3\n")  # nothing left to score: an error naming a file
    assert main(["eval", str(out), "--dataset", str(root / "subA")]) == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert "s1.txt" in last and "nothing was scored" in last, last


def test_two_videos_of_one_inner_name_are_not_told_to_rename_the_file(tmp_path):
    from workbench.core.data.hsi_convert import write_h5
    from workbench.core.evaluation.folders import dataset_groundtruth

    cube = np.zeros((8, 8, 3), np.float32)
    for stem in ("a", "b"):
        write_h5(tmp_path / "d" / f"{stem}.h5", [cube] * 2, 2, [500.0, 600.0, 700.0],
                 np.array([[1.0, 1.0, 4.0, 4.0]] * 2), name="same")
    said = []
    dataset_groundtruth(tmp_path / "d", warn=said.append, skipped=[])
    (note,) = [s for s in said if "also the name of" in s]
    assert "rename one" not in note and "'name' attribute" in note and "b.h5" in note, note
