"""Issue 23: result files in the dataset's own coordinates, other toolkits' result folders, VOT's
supervised protocol and its measures, and runs stopped by an unreadable frame."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from tests.helpers import shared
from workbench.cli import main
from workbench.core.boxes import Box
from workbench.core.data.sequence import ArrayFrames, Sequence
from workbench.core.errors import DataError, WorkbenchError
from workbench.core.evaluation import vot
from workbench.core.evaluation.folders import score_folder
from workbench.core.loops import VOT_FAILURE, VOT_INIT, VOT_TRACKED, iter_track_supervised
from workbench.core.methods import TrackOutput
from workbench.core.results import FILE_FRAME, file_box_offset, find_runs, write_boxes
from workbench.core.runs import run_supervised, run_tracker


def _otb_folder(root, n=12, bad: int | None = None):
    """A small OTB-layout sequence (1-based groundtruth file); frame ``bad`` is not an image."""
    seq = root / "walker"
    (seq / "img").mkdir(parents=True)
    lines = []
    for i in range(n):
        img = np.full((60, 80), 20, np.uint8)
        x, y = 10 + 2 * i, 15
        img[y:y + 16, x:x + 12] = 230
        cv2.imwrite(str(seq / "img" / f"{i + 1:04d}.png"), img)
        lines.append(f"{x + 1},{y + 1},12,16")  # 1-based, as OTB files are
    if bad is not None:
        (seq / "img" / f"{bad + 1:04d}.png").write_bytes(b"not a png at all")
    (seq / "groundtruth_rect.txt").write_text("\n".join(lines) + "\n")
    return seq


class Still:
    """Stays where it was initialised, except that it jumps away on the frames in ``lost``."""

    name = "still"

    def __init__(self, lost=()):
        self.lost, self.i = set(lost), 0

    def initialize(self, frame, box):
        self.box, self.i = box, int(frame.flat[0])

    def track(self, frame):
        i = int(frame.flat[0])
        b = Box(500.0, 500.0, 5.0, 5.0) if i in self.lost else self.box
        return TrackOutput(b, 1.0)


def _seq(n, gt=None, meta=None):
    gt = np.array([[10 + i, 10, 10, 10] for i in range(n)], float) if gt is None else gt
    return Sequence("toy", ArrayFrames(n, lambda i: np.full((64, 64), i, np.uint8)), "gray", gt, meta=meta or {})


# --- 1. the dataset's own coordinates ------------------------------------------------------------

def test_results_are_written_in_the_frame_of_the_groundtruth_file(tmp_path):
    assert file_box_offset({"box_convention": "1-based in file, 0-based here"}) == 1
    assert file_box_offset({"box_convention": "0-based (VOT)"}) == 0 and file_box_offset({}) == 0
    seq = _seq(6, meta={"box_convention": "1-based in file, 0-based here"})
    res = run_tracker(Still(), seq)
    path = res.save(tmp_path / "out")
    first = [float(v) for v in path.read_text().splitlines()[0].split(",")]
    assert first == [11.0, 11.0, 10.0, 10.0]  # 0-based (10, 10) written 1-based
    entry = json.loads((path.parent / "manifest.json").read_text())["sequences"]["toy"]
    assert entry["box_offset"] == 1 and "1-based" in entry["box_convention"]
    # read back in one frame with the groundtruth: the init frame is a perfect match
    fs = score_folder(tmp_path / "out", {"toy": seq.groundtruth}, offsets={"toy": 1})
    assert fs.results["still"]["toy"][0].tolist() == [10.0, 10.0, 10.0, 10.0]


def test_unmarked_folders_follow_their_layout_or_the_users_word(tmp_path):
    gt = np.array([[i, 2 * i, 10, 12] for i in range(6)], float)
    write_boxes(tmp_path / "r" / "pyt" / "dimp50" / "toy.txt", gt, offset=1)  # pytracking: the file's frame
    write_boxes(tmp_path / "r" / "old" / "toy.txt", gt)  # ours before the convention: 0-based
    reps = {r.tracker: r for r in score_folder(tmp_path / "r", {"toy": gt}, offsets={"toy": 1}).reports}
    assert reps["pyt/dimp50"].overall.success_auc == pytest.approx(20 / 21)
    assert reps["old"].overall.success_auc == pytest.approx(20 / 21)
    # a pysot-toolkit flat folder (1-based) is marked by the user: option or manifest
    write_boxes(tmp_path / "p" / "siamrpn" / "toy.txt", gt, offset=1)
    bad = score_folder(tmp_path / "p", {"toy": gt}, offsets={"toy": 1}).reports[0].overall.success_auc
    good = score_folder(tmp_path / "p", {"toy": gt}, offsets={"toy": 1}, unmarked=FILE_FRAME).reports[0]
    assert good.overall.success_auc == pytest.approx(20 / 21) and bad < good.overall.success_auc
    (tmp_path / "p" / "siamrpn" / "manifest.json").write_text('{"boxes": "dataset file"}')
    assert score_folder(tmp_path / "p", {"toy": gt}, offsets={"toy": 1}).reports[0].overall.success_auc == \
        pytest.approx(20 / 21)
    (tmp_path / "p" / "siamrpn" / "manifest.json").write_text('{"boxes": "2-based"}')
    with pytest.raises(DataError, match="manifest.json"):
        score_folder(tmp_path / "p", {"toy": gt}, offsets={"toy": 1})


def test_eval_scores_an_otb_run_as_before_and_notes_unmarked_flat_folders(tmp_path, capsys):
    seq = _otb_folder(tmp_path / "data")
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out)]) == 0
    (f,) = out.rglob("walker.txt")
    assert f.read_text().splitlines()[0] == "11,16,12,16"  # the groundtruth file's first line
    old = tmp_path / "old"
    boxes = np.loadtxt(f, delimiter=",") - [1, 1, 0, 0]  # what we wrote before: 0-based
    write_boxes(old / "kcf_old" / "walker.txt", boxes)
    js = tmp_path / "s.json"
    assert main(["eval", str(out), str(old), "--dataset", str(seq), "--json", str(js)]) == 0
    data = json.loads(js.read_text())
    assert data["kcf"]["_all"]["success_auc"] == pytest.approx(data["kcf_old"]["_all"]["success_auc"])
    assert "--results-convention file" in capsys.readouterr().err


def test_report_and_export_video_take_the_results_convention_of_eval(tmp_path, capsys):
    """A pysot-toolkit flat folder (1-based on OTB data, no manifest): report and export-video read
    it as eval does, with --results-convention file, and say how they read it without the option."""
    from workbench.core.data import open_sequence
    from workbench.core.video import runs_from_folders

    seq = _otb_folder(tmp_path / "data")
    gt = np.loadtxt(seq / "groundtruth_rect.txt", delimiter=",")
    pysot = tmp_path / "pysot"
    (pysot / "SiamRPN").mkdir(parents=True)
    (pysot / "SiamRPN" / "walker.txt").write_text((seq / "groundtruth_rect.txt").read_text())  # a perfect run
    rep = tmp_path / "rep"
    assert main(["report", str(pysot), "--dataset", str(seq), "--out", str(rep), "--results-convention", "file"]) == 0
    assert "\\textbf{0.952}" in (rep / "report.tex").read_text()  # 20 of 21 thresholds: IoU 1 everywhere
    capsys.readouterr()
    assert main(["report", str(pysot), "--dataset", str(seq), "--out", str(tmp_path / "rep0")]) == 0
    assert "--results-convention file" in capsys.readouterr().err
    s = open_sequence(seq)
    (run,) = runs_from_folders(s, pysot, unmarked=FILE_FRAME)
    assert np.allclose(run.boxes, gt - [1, 1, 0, 0])
    out = tmp_path / "v.mp4"
    assert main(["export-video", "--sequence", str(seq), "--results", str(pysot), "--out", str(out),
                 "--results-convention", "file"]) == 0
    assert out.is_file() and "--results-convention" not in capsys.readouterr().err
    assert main(["export-video", "--sequence", str(seq), "--results", str(pysot), "--out", str(out), "--force"]) == 0
    assert "--results-convention file" in capsys.readouterr().err


# --- 2. other toolkits' result folders -------------------------------------------------------------

def test_pytracking_pysot_and_got10k_layouts_are_scored_side_by_side(tmp_path, capsys):
    gt = np.array([[i, 2 * i, 10, 12] for i in range(8)], float)
    pyt, pysot, got = tmp_path / "pytracking", tmp_path / "pysot", tmp_path / "got"
    write_boxes(pyt / "dimp" / "dimp50" / "toy.txt", gt)
    (pysot / "SiamRPN").mkdir(parents=True)
    (pysot / "SiamRPN" / "toy.txt").write_text("".join(f"{x}\t{y}\t{w}\t{h}\n" for x, y, w, h in gt + [1, 0, 0, 0]))
    (pysot / "Ocean").mkdir(parents=True)
    (pysot / "Ocean" / "toy.txt").write_text("".join(f"{x} {y} {w} {h}\n" for x, y, w, h in gt))
    write_boxes(got / "SiamFC" / "toy" / "toy_001.txt", gt)
    (got / "SiamFC" / "toy" / "toy_time.txt").write_text("0.01\n" * 8)
    runs = {r.label: r.layout for r in find_runs(got)}
    assert runs == {"SiamFC": "got10k"}
    fs = score_folder([pyt, pysot, got], {"toy": gt})
    aucs = {r.tracker: r.overall.success_auc for r in fs.reports}
    assert set(aucs) == {"dimp/dimp50", "SiamRPN", "Ocean", "SiamFC"}
    assert aucs["Ocean"] == aucs["SiamFC"] == aucs["dimp/dimp50"] == pytest.approx(20 / 21)
    assert aucs["SiamRPN"] < aucs["Ocean"]
    # the CLI: several roots positionally and with --results; the single-folder form still works
    data_dir = tmp_path / "ds" / "toy"
    (data_dir / "img").mkdir(parents=True)
    for i in range(8):
        cv2.imwrite(str(data_dir / "img" / f"{i + 1:04d}.png"), np.zeros((64, 64), np.uint8))
    (data_dir / "groundtruth.txt").write_text("".join(f"{x},{y},{w},{h}\n" for x, y, w, h in gt))
    js = tmp_path / "s.json"
    assert main(["eval", str(pyt), str(pysot), "--results", str(got), "--dataset", str(data_dir),
                 "--json", str(js)]) == 0
    assert set(json.loads(js.read_text())) == {"dimp/dimp50", "SiamRPN", "Ocean", "SiamFC"}
    assert main(["eval", str(got), "--dataset", str(data_dir)]) == 0
    assert main(["eval", str(tmp_path / "nope"), "--dataset", str(data_dir)]) == 2
    assert "nope: no such results folder" in capsys.readouterr().err


def test_same_labels_in_two_roots_are_told_apart(tmp_path):
    gt = np.array([[i, 2 * i, 10, 12] for i in range(5)], float)
    write_boxes(tmp_path / "a" / "kcf" / "toy.txt", gt)
    write_boxes(tmp_path / "b" / "kcf" / "toy.txt", gt + [3, 0, 0, 0])
    names = sorted(r.tracker for r in score_folder([tmp_path / "a", tmp_path / "b"], {"toy": gt}).reports)
    assert names == ["a:kcf", "b:kcf"]


# --- 3. VOT's supervised protocol ------------------------------------------------------------------

def test_supervised_protocol_reinitialises_five_frames_after_a_failure(tmp_path):
    seq = _seq(30, gt=np.array([[10, 10, 10, 10]] * 30, float))
    made = []

    def factory():
        made.append(Still(lost={7}))
        return made[-1]

    got = [(fr.index, code) for fr, code in iter_track_supervised(factory, seq)]
    assert got[0] == (0, VOT_INIT) and (7, VOT_FAILURE) in got
    idx = [i for i, _ in got]
    assert 8 not in idx and 11 not in idx and (12, VOT_INIT) in got  # re-initialised at 7 + 5
    assert len(made) == 2 and got[-1] == (29, VOT_TRACKED)
    res = run_supervised(factory, seq, name="still")
    path = res.save(tmp_path / "out")
    assert path.name == "toy_001.txt" and path.parent.parent.name == "baseline"
    lines = path.read_text().splitlines()
    assert lines[0] == "1" and lines[7] == "2" and lines[8:12] == ["0"] * 4 and lines[12] == "1"
    assert lines[1] == "10,10,10,10"
    boxes, codes = vot.read_trajectory(path)
    assert codes[7] == vot.FAILURE and np.allclose(boxes[1], [10, 10, 10, 10])


def test_vot_measures_follow_the_toolkit_definitions():
    n = 40
    gt = np.array([[0, 0, 10, 10]] * n, float)
    codes = np.full(n, vot.TRACKED, np.int8)
    boxes = np.tile([0.0, 0.0, 10.0, 5.0], (n, 1))  # overlap 0.5 on every tracked frame
    codes[0] = vot.INIT
    boxes[20:] = [0, 0, 10, 10]  # overlap 1 after the re-init
    codes[15] = vot.FAILURE
    codes[16:20] = vot.SKIPPED
    codes[20] = vot.INIT
    s = vot.sequence_measures(boxes, codes, gt, (64, 64))
    # burn-in leaves out 0..9 and 20..29; failure 15 and skipped 16..19 out: 10..14 at 0.5, 30..39 at 1
    assert s.accuracy_frames == 15 and s.accuracy == pytest.approx((5 * 0.5 + 10 * 1.0) / 15)
    assert s.failures == 1
    segs = vot.segments(s)
    assert [(len(o), end) for o, end in segs] == [(15, False), (20, True)]
    curve = vot.eao_curve(segs)
    assert len(curve) == 20
    # length 5: both segments, mean overlap of frames 1..5 = 0.5 and 1
    assert curve[5] == pytest.approx(0.75)
    # length 19: the failed one averages 14 x 0.5 over 19 frames (zeros after it); the other is 1
    assert curve[19] == pytest.approx((14 * 0.5 / 19 + 1.0) / 2)
    rep = vot.evaluate_tracker("t", {"s": (boxes, codes)}, {"s": gt}, {"s": (64, 64)}, eao_range=(5, 19))
    sc = rep.scores()
    assert sc["eao"] == pytest.approx(float(np.mean(curve[5:20])))
    assert sc["robustness"]["failures"] == 1 and sc["robustness"]["failures_per_100_frames"] == pytest.approx(2.5)


def test_bad_trajectory_lines_name_the_file(tmp_path):
    p = tmp_path / "x_001.txt"
    p.write_text("1\n3,4\n")
    with pytest.raises(DataError, match=r"x_001.txt, line 2"):
        vot.read_trajectory(p)


def test_vot_protocol_run_and_eval_on_a_real_vot_sequence(tmp_path, capsys):
    seq = shared("tracking/vottir2016_horse")
    out, js, plots = tmp_path / "res", tmp_path / "vot.json", tmp_path / "plots"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out), "--protocol", "vot"]) == 0
    (traj,) = out.rglob("vottir2016_horse_001.txt")
    assert traj.read_text().splitlines()[0] == "1"
    assert main(["eval", str(out), "--dataset", str(seq), "--protocol", "vot", "--json", str(js),
                 "--plots", str(plots)]) == 0
    d = json.loads(js.read_text())["kcf"]["_all"]
    assert 0 < d["accuracy"] <= 1 and d["robustness"]["failures"] >= 0 and "eao" in d
    assert "burn-in" in d["convention"] and (plots / "eao.png").is_file()
    _, codes = vot.read_trajectory(traj)
    assert d["robustness"]["failures"] == int(np.sum(codes == vot.FAILURE))
    assert "EAO" in capsys.readouterr().out
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out), "--protocol", "vot",
                 "--start", "3"]) == 2


# --- 7. a frame that cannot be read ----------------------------------------------------------------

def test_an_unreadable_frame_keeps_the_frames_before_it(tmp_path, capsys):
    seq = _otb_folder(tmp_path / "data", n=12, bad=7)
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "frame index 7" in err and "0001.png" not in err and "0008.png" in err
    (f,) = out.rglob("walker.txt")
    boxes = np.loadtxt(f, delimiter=",")
    assert np.all(np.isfinite(boxes[:7])) and np.all(np.isnan(boxes[7:]))
    entry = json.loads((f.parent / "manifest.json").read_text())["sequences"]["walker"]
    assert entry["completed"] is False and entry["partial"]["frame"] == 7 and "0008.png" in entry["partial"]["error"]


def test_a_stopped_rerun_keeps_the_complete_run_it_would_replace(tmp_path, capsys):
    seq = _otb_folder(tmp_path / "data", n=12)
    out = tmp_path / "res"
    for protocol in ("ope", "vot"):
        assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out), "--protocol", protocol]) == 0
    files = sorted(p for p in out.rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in files if p.name != "manifest.json"}
    (seq / "img" / "0008.png").write_bytes(b"damaged since")
    for protocol in ("ope", "vot"):
        capsys.readouterr()
        assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out), "--protocol", protocol]) == 2
        err = capsys.readouterr().err
        assert "complete earlier run" in err and "kept as it was" in err and ".partial" in err, err
    assert {p: p.read_bytes() for p in before} == before  # every file of the complete runs as it was
    (ope,) = out.rglob("walker.txt.partial")
    assert np.all(np.isnan(np.loadtxt(ope, delimiter=",")[7:]))
    assert len(list(out.rglob("walker_001.txt.partial"))) == 1 and len(list(out.rglob("*_time.txt.partial"))) == 2
    for f in out.rglob("manifest.json"):
        assert json.loads(f.read_text())["sequences"]["walker"]["completed"] is True
    assert main(["eval", str(out), "--dataset", str(seq)]) == 0  # the complete run is still what is scored
    assert "partial" not in capsys.readouterr().out
    # a later complete rerun replaces the run and clears the stopped one's leftovers
    import shutil

    shutil.copy(seq / "img" / "0007.png", seq / "img" / "0008.png")
    for protocol in ("ope", "vot"):
        assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out), "--protocol", protocol]) == 0
    assert not list(out.rglob("*.partial"))


def test_an_unreadable_first_frame_is_still_an_error():
    class Bad:
        def __len__(self):
            return 3

        def read(self, i):
            raise DataError(f"/x/{i}.png", "not an image")

    seq = Sequence("toy", Bad(), "gray", np.array([[1, 1, 4, 4]] * 3, float))
    with pytest.raises(WorkbenchError, match="0.png"):
        run_tracker(Still(), seq)


def test_a_stopped_tre_rerun_keeps_the_complete_runs(tmp_path, capsys):
    """TRE / SRE as OPE: a rerun stopped by an unreadable frame keeps the complete earlier runs' files and
    manifest as they were, its own files go beside them as .partial, and a later complete rerun clears those."""
    import shutil

    seq = _otb_folder(tmp_path / "data", n=12)
    out = tmp_path / "res"
    argv = ["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out), "--protocol", "tre", "--segments", "3"]
    assert main(argv) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert [p for p in before if p.name.endswith("_time.txt")]
    (seq / "img" / "0008.png").write_bytes(b"damaged since")
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "complete earlier TRE runs" in err and "kept as they were" in err, err
    assert {p: p.read_bytes() for p in before} == before  # files and manifest as they were
    assert len(list(out.rglob("walker_00[1-3].txt.partial"))) >= 1
    shutil.copy(seq / "img" / "0007.png", seq / "img" / "0008.png")
    assert main(argv) == 0
    assert not list(out.rglob("*.partial"))
