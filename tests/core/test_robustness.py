"""OTB's TRE / SRE: start frames, perturbed boxes, pooled scoring, files and the CLI round trip."""
from __future__ import annotations

import json

import numpy as np
import pytest

from tests.helpers import shared
from workbench.cli import main
from workbench.core.data.sequence import ArrayFrames, Sequence
from workbench.core.errors import WorkbenchError
from workbench.core.evaluation import robustness as rb
from workbench.core.evaluation.ope import evaluate_sequence
from workbench.core.jobs import CancelToken, JobContext
from workbench.core.methods import TrackOutput
from workbench.core.runs import run_robustness


def _gt(n, start_x=10.0):
    return np.array([[start_x + i, 20.0, 10.0, 8.0] for i in range(n)])


def test_tre_starts_spread_over_present_frames_and_leave_twenty():
    gt = _gt(100)
    s = rb.tre_starts(gt)
    assert len(s) == 20 and s[0] == 0 and s[-1] == 80  # 100 - 80 = 20 frames left at the last start
    assert np.all(np.diff(s) > 0) and max(np.diff(s)) - min(np.diff(s)) <= 1
    gt[:5] = np.nan  # absent target: no start there
    gt[40:60] = np.nan
    s = rb.tre_starts(gt)
    assert s[0] == 5 and not any(40 <= v < 60 for v in s) and s[-1] == 80
    assert rb.tre_starts(_gt(10)) == [0]  # shorter than 20 frames: the first frame only
    assert rb.tre_starts(_gt(100), segments=3) == [0, 40, 80]
    with pytest.raises(WorkbenchError):
        rb.tre_starts(gt, segments=0)


def test_tre_and_sre_do_not_start_where_the_toolkit_excludes_the_box():
    gt = _gt(60)
    gt[0, 0] = -1.0  # x <= 0 in the toolkit's 1-based pixels: splitSeqTRE leaves the frame out
    gt[1, 1] = -3.5
    assert rb.tre_starts(gt, segments=3)[0] == 2
    assert rb.plan("sre", gt)[0][0] == 2
    gt[0, 0] = -0.5  # 0.5 in 1-based pixels: a start
    assert rb.tre_starts(gt, segments=3)[0] == 0


def test_sre_boxes_are_the_otb_toolkits_shiftinitbb():
    # (100, 50, 40, 20) 0-based is (101, 51, 40, 20) in the toolkit's frame, bottom-right corner (140, 70)
    boxes = dict(rb.sre_boxes((100, 50, 40, 20)))
    assert len(boxes) == 12
    assert boxes["left"] == pytest.approx((96, 50, 40, 20))  # x - ceil(4)
    assert boxes["down"] == pytest.approx((100, 52, 40, 20))  # y + ceil(2)
    # a corner shift moves one corner out (round(140 + 4), round(70 + 2)) and keeps the other: the box grows
    assert boxes["bottom-right"] == pytest.approx((100, 50, 44, 22))
    assert boxes["top-left"] == pytest.approx((96, 48, 44, 22))
    x, y, w, h = boxes["scale 0.8"]  # round([121 - 16, 61 - 8, 32, 16]) in the toolkit's frame
    assert (x, y, w, h) == pytest.approx((104, 52, 32, 16))
    # odd sizes: ceil for centre shifts, MATLAB's round (halves away from zero) for corners and scales
    odd = dict(rb.sre_boxes((10, 20, 25, 15)))
    assert odd["right"] == pytest.approx((13, 20, 25, 15))  # + ceil(2.5)
    assert odd["top-right"] == pytest.approx((10, 19, 28, 16))  # br_x round(35 + 2.5) = 38, y round(21 - 1.5) = 20 (1-based)
    assert odd["scale 0.9"] == pytest.approx((11, 21, 23, 14))  # round([23.5 - 11.25, 28.5 - 6.75, 22.5, 13.5])
    # kept in the image: x, y >= 1 (1-based) and the right edge cut at the image's
    edge = dict(rb.sre_boxes((0, 0, 30, 30), size=(32, 32)))
    assert edge["left"] == pytest.approx((0, 0, 30, 30))
    assert edge["right"] == pytest.approx((3, 0, 29, 30))
    with pytest.raises(WorkbenchError):
        rb.sre_boxes((0, 0, 0, 5))


def test_runs_are_pooled_by_frames_within_a_sequence():
    gt = _gt(15)
    good = gt.copy()
    bad = gt + np.array([100.0, 100.0, 0, 0])  # never overlaps
    # run 1 from frame 0 right on all 15 frames, run 2 from frame 10 wrong on its 5 frames, but its first frame
    # is scored with the groundtruth box (the OTB toolkit's calcSeqErrRobust)
    c = rb.sequence_curves([good, bad], [0, 10], gt)
    assert c.frames == 20
    assert c.success[0] == pytest.approx(16 / 20)  # pooled, not the mean of the runs' rates (0.6)
    # one run from frame 0 is exactly OPE
    assert rb.sequence_curves([good], [0], gt).success_auc == pytest.approx(evaluate_sequence(good, gt).success_auc)


class Frozen:
    """Stays at its first box: its score depends on where it starts."""

    name = "frozen"
    modality = ("gray",)

    def initialize(self, frame, box):
        self.box = box

    def track(self, frame):
        return TrackOutput(self.box, 1.0)


def _moving_sequence(n=40):
    frames = np.zeros((n, 48, 160), np.uint8)
    return Sequence("mover", ArrayFrames.from_array(frames), "gray", _gt(n, 5.0))


def test_run_robustness_starts_fresh_trackers_where_the_protocol_says():
    seq = _moving_sequence()
    made = []

    def factory():
        made.append(Frozen())
        return made[-1]

    res = run_robustness(factory, seq, "tre", segments=4)
    assert len(made) == 4 and [r.start_frame for r in res.runs] == rb.tre_starts(seq.groundtruth, 4)
    for r in res.runs:  # each run starts on its frame's groundtruth and stays there
        assert np.all(np.isnan(r.boxes[:r.start_frame]))
        assert tuple(r.boxes[r.start_frame]) == pytest.approx(tuple(seq.groundtruth[r.start_frame]))
    sre = run_robustness(factory, seq, "sre")
    assert len(sre.runs) == 12 and {r.start_frame for r in sre.runs} == {0}
    assert sre.runs[0].init_box == pytest.approx(rb.sre_boxes(seq.groundtruth[0])[0][1])
    # a cancel keeps the runs before it and says the result is incomplete
    token = CancelToken()
    calls = []

    def cancelling():
        calls.append(1)
        if len(calls) == 2:
            token.cancel()
        return Frozen()

    part = run_robustness(cancelling, seq, "tre", segments=4, ctx=JobContext(None, token))
    assert 1 <= len(part.runs) <= 2 and not part.completed


def _otb_sequence(root, n=30):
    from tests.test_toolkit_layouts import _otb_folder

    return _otb_folder(root, n=n)  # "walker": a bright box moving 2 px a frame, 1-based groundtruth


@pytest.mark.parametrize("protocol, runs", [("tre", 5), ("sre", 12)])
def test_cli_run_and_eval_round_trip(tmp_path, capsys, protocol, runs):
    seq = _otb_sequence(tmp_path / "data")
    out, js = tmp_path / "res", tmp_path / "s.json"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out), "--protocol", protocol,
                 "--segments", "5"]) == 0
    (folder,) = out.rglob(protocol)
    manifest = json.loads((folder / "manifest.json").read_text())
    entry = manifest["sequences"]["walker"]
    assert manifest["protocol"] == protocol and len(entry["runs"]) == runs and entry["box_offset"] == 1
    files = sorted((folder / "walker").glob("walker_0??.txt"))
    assert len(files) == runs
    assert main(["eval", str(out), "--dataset", str(seq), "--protocol", protocol, "--json", str(js)]) == 0
    got = json.loads(js.read_text())["kcf"]["_all"]
    assert protocol.upper() in got["convention"] and got["frames"] == sum(30 - r["start_frame"] for r in entry["runs"])
    # the files are 1-based like the dataset's: read back, every run's first box is where it started
    gt = np.loadtxt(seq / "groundtruth_rect.txt", delimiter=",") - np.array([1, 1, 0, 0])
    for f, r in zip(files, entry["runs"]):
        first = np.loadtxt(f, delimiter=",")[r["start_frame"]] - np.array([1, 1, 0, 0])
        assert first == pytest.approx(np.array(r["init_box"]), abs=1e-3)
        if protocol == "tre":
            assert first == pytest.approx(gt[r["start_frame"]], abs=1e-3)
    assert 0.3 < got["success_auc"] <= 1.0  # KCF follows this easy target from every start
    # OPE scoring of the same folder points at the protocol instead of silently finding nothing
    assert main(["eval", str(out), "--dataset", str(seq)]) == 2
    assert f"--protocol {protocol}" in capsys.readouterr().err


def test_eval_names_a_damaged_run_file(tmp_path, capsys):
    seq = _otb_sequence(tmp_path / "data", n=25)
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out), "--protocol", "tre"]) == 0
    (f,) = [p for p in out.rglob("walker_001.txt")]
    f.write_text("1,2,3,4\n")
    assert main(["eval", str(out), "--dataset", str(seq), "--protocol", "tre"]) == 2
    assert "walker_001.txt" in capsys.readouterr().err
    f.unlink()  # a run file gone: scored on the others, flagged
    assert main(["eval", str(out), "--dataset", str(seq), "--protocol", "tre"]) == 0
    assert "runs" in capsys.readouterr().err


def test_tre_on_a_real_thermal_sequence(tmp_path):
    seq = shared("tracking/vottir2016_crowd")
    out, js = tmp_path / "res", tmp_path / "s.json"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out), "--protocol", "tre",
                 "--segments", "3"]) == 0
    assert main(["eval", str(out), "--dataset", str(seq), "--protocol", "tre", "--json", str(js)]) == 0
    got = json.loads(js.read_text())["kcf"]
    (entry,) = json.loads(next(out.rglob("tre/manifest.json")).read_text())["sequences"].values()
    from workbench.core.data import open_sequence

    gt = open_sequence(seq).groundtruth
    assert [r["start_frame"] for r in entry["runs"]] == rb.tre_starts(gt, 3)
    assert 0 <= got["_all"]["success_auc"] <= 1 and got["_all"]["frames"] > len(gt)


def test_ctrl_c_in_a_tre_run_saves_the_runs_under_tre_and_leaves_the_one_pass_result(tmp_path, monkeypatch, capsys):
    from workbench.core import runs as runs_mod

    seq = _otb_sequence(tmp_path / "data")
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out)]) == 0
    (ope,) = out.rglob("walker.txt")
    before = ope.read_text()
    real, calls = runs_mod.run_tracker, []

    def interrupted_third(*a, **k):  # Ctrl-C arrives during the third start
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(runs_mod, "run_tracker", interrupted_third)
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out), "--protocol", "tre",
                 "--segments", "5"]) != 0
    assert ope.read_text() == before  # the one-pass result is untouched
    entry = json.loads(next(out.rglob("tre/manifest.json")).read_text())["sequences"]["walker"]
    assert len(entry["runs"]) == 2 and entry["planned"] == 5 and entry["completed"] is False
    monkeypatch.setattr(runs_mod, "run_tracker", real)
    js = tmp_path / "s.json"
    assert main(["eval", str(out), "--dataset", str(seq), "--protocol", "tre", "--json", str(js)]) == 0
    got = json.loads(js.read_text())["kcf"]["walker"]
    assert got["partial"] and got["partial_runs"] == 2 and got["planned_runs"] == 5
    # the run folder itself, scored one-pass, does not take tre/ for a GOT-10k tracker
    capsys.readouterr()  # the run folder itself, scored one-pass: tre/ is not a GOT-10k tracker called "tre"
    assert main(["eval", str(ope.parent), "--dataset", str(seq), "--json", str(tmp_path / "o.json")]) == 2
    assert "--protocol tre" in capsys.readouterr().err and not (tmp_path / "o.json").exists()


def test_three_result_roots_of_one_name_are_all_tabled(tmp_path):
    seq = _otb_sequence(tmp_path / "data", n=25)
    import shutil

    roots = [tmp_path / k / "res" for k in "abc"]
    # one SRE run (12 runs of KCF) copied to the other two roots: the tabling of three roots of one name is
    # checked, and the three runs it made before were the same run three times (2/3 of the test's time)
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(roots[0]), "--protocol", "sre"]) == 0
    for r in roots[1:]:
        shutil.copytree(roots[0], r)
    reports = rb.score_robustness_folder(roots, "sre", {"walker": _gt_of(seq)})
    assert len(reports) == 3 and len({r.tracker for r in reports}) == 3


def _gt_of(seq):
    from workbench.core.data import open_sequence

    return open_sequence(seq).groundtruth


def test_tre_on_a_short_sequence_counts_the_starts_the_toolkit_lists_twice():
    # 30 frames: 11 may start (20 left); floor(1 : 11/19 : 11) lists most of them twice, then 11 once more
    gt = _gt(30)
    e, step = 11, 11 / 19
    matlab = [int(np.floor(1 + k * step)) for k in range(int(np.floor((e - 1) / step + 1e-10)) + 1)] + [e]
    assert rb.tre_positions(gt) == [p - 1 for p in matlab]
    assert rb.tre_starts(gt) == sorted(set(p - 1 for p in matlab))
    good, bad = gt.copy(), gt + np.array([100.0, 100.0, 0, 0])
    # run at start 0 (listed twice) right, run at start 2 (listed twice) wrong after its first frame
    c = rb.sequence_curves([good, bad], [0, 2], gt, weights=[2, 2])
    assert c.frames == 2 * 30 + 2 * 28
    assert c.success[0] == pytest.approx((2 * 30 + 2 * 1) / (2 * 30 + 2 * 28))
