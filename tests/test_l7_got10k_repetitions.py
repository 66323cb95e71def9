"""A GOT-10k toolkit result folder with several repetitions of a sequence (``<seq>/<seq>_001.txt``, ``_002``,
``_003`` and ``<seq>_time.txt`` with a column per run), read as the toolkit's ``ExperimentGOT10k.report`` reads it:
each repetition's IoUs over the frames after the first with ``cover > 0``, pooled per sequence and over sequences;
speed = mean of 1 / t over the finite, positive times of every column. The expected figures are worked out by hand
below (tiny boxes of whole-pixel overlaps), not by the code under test. The other readers of such a folder (one-pass
scores, export-results) use ``_001`` and say so."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from workbench.cli import main

W, H = 40, 30
GT_A = [10, 10, 10, 10]
COVER_A = [8, 8, 8, 0, 8, 8]  # frame 3 fully covered: left out, as the toolkit keeps cover > 0 only
GT_B = [5, 5, 10, 10]
NAN = float("nan")
# per repetition, frames 0..5 of A (frame 0: the initial box; frame 3 is not scored), and the IoU of each
# scored frame (1, 2, 4, 5) against GT_A by hand: overlap / union of whole-pixel rectangles
REPS_A = {
    1: ([GT_A, [10, 10, 10, 10], [15, 10, 10, 10], [0, 0, 5, 5], [10, 10, 10, 5], [35, 10, 10, 10]],
        [1, 50 / 150, 50 / 100, 0]),
    2: ([GT_A, [10, 10, 10, 8], [10, 10, 10, 10], [0, 0, 5, 5], [12, 10, 10, 10], [10, 12, 10, 10]],
        [80 / 100, 1, 80 / 120, 80 / 120]),
    3: ([GT_A, [5, 10, 10, 10], [10, 10, 8, 10], [0, 0, 5, 5], [10, 10, 10, 10], [10, 10, 10, 10]],
        [50 / 150, 80 / 100, 1, 1]),
}
BOXES_B = [GT_B, [5, 5, 10, 10], [5, 5, 5, 10], [5, 5, 10, 10]]  # one repetition: IoU 1, 0.5, 1
IOUS_B = [1, 50 / 100, 1]
TIMES_A = [[0.1, 0.5, 0], [0.05, 0.25, 0.2], [NAN, 0.1, 0.1], [0.02, 0.05, 0.04], [0.01, 0.2, 0.25],
           [0.5, 0.04, 0.02]]  # 0 and nan are not times: 16 left, 1/t summing to 342
TIMES_B = [0.1, 0.1, 0.2, 0.05]  # 1/t: 10, 10, 5, 20


def _sequence(split, name, gt, cover):
    d = split / name
    d.mkdir(parents=True)
    for i in range(len(cover)):
        cv2.imwrite(str(d / f"{i + 1:08d}.png"), np.full((H, W), 40 * i % 255, np.uint8))
    np.savetxt(d / "groundtruth.txt", [gt] * len(cover), fmt="%d", delimiter=",")
    np.savetxt(d / "cover.label", cover, fmt="%d")
    np.savetxt(d / "absence.label", np.zeros(len(cover)), fmt="%d")
    (d / "meta_info.ini").write_text(f"[METAINFO]\nobject_class: toy\nresolution: ({W}, {H})\n")
    with (split / "list.txt").open("a") as f:
        f.write(name + "\n")


@pytest.fixture
def got_folder(tmp_path):
    """A two-sequence GOT-10k val split and the toolkit's result folders of two trackers: ``rnd`` (3 repetitions of
    A with times, 1 of B with a one-column times file) and ``det`` (the first repetitions only, no times)."""
    split = tmp_path / "GOT-10k" / "val"
    _sequence(split, "GOT-10k_Val_000001", GT_A, COVER_A)
    _sequence(split, "GOT-10k_Val_000002", GT_B, [8, 8, 8, 8])
    res = tmp_path / "res"
    for tracker, reps in (("rnd", (1, 2, 3)), ("det", (1,))):
        a, b = res / tracker / "GOT-10k_Val_000001", res / tracker / "GOT-10k_Val_000002"
        a.mkdir(parents=True)
        b.mkdir(parents=True)
        for k in reps:
            np.savetxt(a / f"{a.name}_{k:03d}.txt", REPS_A[k][0], fmt="%.3f", delimiter=",")
        np.savetxt(b / f"{b.name}_001.txt", BOXES_B, fmt="%.3f", delimiter=",")
        if tracker == "rnd":
            np.savetxt(a / f"{a.name}_time.txt", TIMES_A, fmt="%.8f", delimiter=",")
            np.savetxt(b / f"{b.name}_time.txt", np.array(TIMES_B)[:, None], fmt="%.8f", delimiter=",")
    return split, res


def test_repetitions_pooled_as_the_got10k_toolkit_pools_them(got_folder, tmp_path, capsys):
    split, res = got_folder
    js = tmp_path / "got.json"
    assert main(["eval", str(res), "--dataset", str(split), "--protocol", "got10k", "--json", str(js)]) == 0
    said = capsys.readouterr()
    got = json.loads(js.read_text())
    a, b, al = got["rnd"]["GOT-10k_Val_000001"], got["rnd"]["GOT-10k_Val_000002"], got["rnd"]["_all"]
    pooled_a = [v for k in (1, 2, 3) for v in REPS_A[k][1]]  # 12 IoUs: sum 8.1
    assert a["frames"] == 12 and a["repetitions"] == 3
    assert a["ao"] == pytest.approx(8.1 / 12) == pytest.approx(np.mean(pooled_a))
    assert a["sr_50"] == pytest.approx(8 / 12)  # 0.5 itself is not above 0.5
    assert a["sr_75"] == pytest.approx(6 / 12)
    assert a["speed_fps"] == pytest.approx(342 / 16)  # every column, nan and 0 left out
    assert b["frames"] == 3 and b["repetitions"] == 1 and b["ao"] == pytest.approx(2.5 / 3)
    assert b["speed_fps"] == pytest.approx(45 / 4)
    # overall: the 15 IoUs of both sequences pooled (A weighs 12), the 20 times pooled
    assert al["ao"] == pytest.approx(10.6 / 15) and al["frames"] == 15 and al["result_files"] == 4
    assert al["sr_50"] == pytest.approx(10 / 15) and al["sr_75"] == pytest.approx(8 / 15)
    assert al["speed_fps"] == pytest.approx(387 / 20)
    assert "pooled over repetitions" in al["convention"]
    # the deterministic tracker's one run: the first repetitions alone, no times file: no speed (the toolkit's -1)
    d = got["det"]["_all"]
    first = REPS_A[1][1] + IOUS_B
    assert d["ao"] == pytest.approx(np.mean(first)) and d["frames"] == 7 and d["speed_fps"] is None
    assert "repetitions (<seq>_001.txt, _002 ...): their frames pooled" in said.err
    assert "scored the first" not in said.err


def test_one_pass_scores_and_export_say_they_use_the_first_repetition(got_folder, tmp_path, capsys):
    split, res = got_folder
    js = tmp_path / "ope.json"
    assert main(["eval", str(res), "--dataset", str(split), "--json", str(js), "--trackers", "rnd"]) == 0
    err = capsys.readouterr().err
    assert "rnd:" in err and "1 sequence(s) with 3 repetitions" in err
    assert "scored the first (GOT-10k_Val_000001_001.txt) only" in err and "--protocol got10k" in err
    # success at 0.5 over A's frames of _001 only, the first frame scored too (one-pass): IoU 1, 1, 1/3, 0.5, 0
    assert json.loads(js.read_text())["rnd"]["GOT-10k_Val_000001"]["success_50"] == pytest.approx(2 / 5)

    out = tmp_path / "exported"
    assert main(["export-results", str(res), "--toolkit", "pysot", "--out", str(out), "--trackers", "rnd"]) == 0
    err = capsys.readouterr()
    said = err.out + err.err
    assert "GOT-10k_Val_000001: 3 repetitions" in said and "only the first, GOT-10k_Val_000001_001.txt" in said
    kept = np.loadtxt(out / "rnd" / "GOT-10k_Val_000001.txt", delimiter=",")
    assert np.allclose(kept, REPS_A[1][0])
    # its times: the first column of the toolkit's times file (repetition 1), nan where it was nan
    times = np.loadtxt(out / "rnd" / "GOT-10k_Val_000001_time.txt")
    assert np.allclose(times, np.array(TIMES_A)[:, 0], equal_nan=True)
