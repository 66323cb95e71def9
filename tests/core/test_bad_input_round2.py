"""Bad input found by a fuzzing pass (2026-12-05): each case used to end in a traceback or a silently
wrong result; each now gets one line naming the file (or argument) and the problem."""
from __future__ import annotations

import errno

import cv2
import numpy as np
import pytest
import torch

from workbench import cli
from workbench.core.errors import DataError, WorkbenchError


def test_unwritable_output_is_one_line_not_a_traceback(monkeypatch, capsys, tmp_path):
    from workbench.core import results

    def refuse(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "locked"))

    # the shared writer: mkstemp refused (a read-only folder, a full disk)
    monkeypatch.setattr(results.tempfile, "mkstemp", refuse)
    with pytest.raises(WorkbenchError, match="cannot write here: Permission denied"):
        results.atomic_write_text(tmp_path / "a" / "x.txt", "data")
    with pytest.raises(WorkbenchError, match="--out .*cannot write here"):
        results.writable_folder(tmp_path / "out")
    monkeypatch.undo()
    # any command: an OSError with a file name becomes one line and exit status 2
    monkeypatch.setattr(cli, "cmd_list", lambda args: refuse())
    assert cli.main(["list"]) == 2
    err = capsys.readouterr().err
    assert "locked: Permission denied" in err and "Traceback" not in err


def test_output_arguments_checked_before_the_work(tmp_path):
    from workbench.core.results import check_outputs

    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(WorkbenchError, match="--json .*is a folder"):
        check_outputs(files={"--json": tmp_path})
    with pytest.raises(WorkbenchError, match="its folder .*afile is a file"):
        check_outputs(files={"--out": afile / "c.wbpack.npz"})
    with pytest.raises(WorkbenchError, match="--views .*is a file, not a folder"):
        check_outputs({"--views": afile})
    check_outputs({"--out": tmp_path / "new" / "deep"}, {"--json": tmp_path / "j" / "s.json", "--csv": None})
    assert (tmp_path / "new" / "deep").is_dir() and (tmp_path / "j").is_dir()
    # corpus pack refuses before decoding anything
    assert cli.main(["corpus", "pack", str(tmp_path), "--out", str(afile / "c.wbpack.npz")]) == 2


def test_weights_holding_nan_are_refused_with_the_first_bad_key(tmp_path):
    from workbench.core.training.checkpoints import CheckpointError, fit_state_dict, load_weights

    net = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2))
    sd = {k: v.clone() for k, v in net.state_dict().items()}
    fit_state_dict(net, sd, "ok.pt")  # finite: loads
    sd["1.running_var"][1] = float("inf")
    with pytest.raises(CheckpointError, match=r"bad\.pt: .*NaN or infinite values, first in 1\.running_var \(1 of 2"):
        fit_state_dict(net, sd, "bad.pt")
    sd["1.running_var"][1] = 1.0
    sd["0.weight"][0, 0, 0, 0] = float("nan")
    torch.save(sd, tmp_path / "nan.pt")
    with pytest.raises(CheckpointError, match="0.weight"):
        load_weights(tmp_path / "nan.pt", net)


def test_resume_refuses_a_diverged_checkpoint(tmp_path):
    from workbench.core.training.checkpoints import CheckpointError
    from workbench.core.training.loop import resume

    net = torch.nn.Linear(3, 2)
    sd = {k: v.clone() for k, v in net.state_dict().items()}
    sd["bias"][:] = float("nan")
    torch.save({"format": "workbench-checkpoint/1", "model": sd, "optimizer": {}, "epoch": 3}, tmp_path / "last.pt")
    with pytest.raises(CheckpointError, match="last.pt: the checkpoint's weights hold NaN"):
        resume(tmp_path / "last.pt", net, torch.optim.SGD(net.parameters(), lr=0.1))


def test_groundtruth_rows_of_six_values_and_folders_are_refused(tmp_path):
    from workbench.core.data.groundtruth import read_boxes

    f = tmp_path / "gt.txt"
    f.write_text("10,10,20,20,1,1\n")
    with pytest.raises(DataError, match="line 1: expected 4 values .* or 8 .*found 6"):
        read_boxes(f)
    f.write_text("1,1,5,1,5,5,1,5\n10,10,4,4\n")  # polygons and plain boxes mixed: fine
    assert read_boxes(f).shape == (2, 4)
    with pytest.raises(DataError, match="is a folder"):
        read_boxes(tmp_path)


def test_split_file_with_a_bom_and_repeated_names(tmp_path):
    from workbench.core.data.sirst import read_split
    from workbench.core.errors import DataWarning

    f = tmp_path / "val.txt"
    f.write_bytes("\ufeffMisc_1\nMisc_2.png\nMisc_1\n".encode("utf-8"))
    with pytest.warns(DataWarning, match="listed more than once"):
        assert read_split(f) == ["Misc_1", "Misc_2"]


def test_daub_labels_nan_rows_and_bom(tmp_path):
    from workbench.core.data.irseq import open_irseq

    d = tmp_path / "seq"
    (d / "frames").mkdir(parents=True)
    for i in range(4):
        cv2.imwrite(str(d / "frames" / f"{i + 1:04d}.png"), np.full((32, 32), 80, np.uint8))
    (d / "anno_xy.txt").write_bytes("\ufeff10\t12\nnan\tnan\n12\t13\n13\t13\n".encode("utf-8"))
    seq = open_irseq(d)
    assert seq.labels[0][0].cx == 10.0 and seq.labels[1] == [] and seq.labels[2][0].cx == 12.0
    assert any("without a finite position" in w and "line 2" in w for w in seq.meta["warnings"])


def test_initial_box_far_larger_than_the_frame_is_refused():
    from workbench.baselines.dcf.kcf import KCFTracker
    from workbench.baselines.dcf.config import KCFConfig
    from workbench.core.boxes import Box
    from workbench.core.data.synthetic import demo_sequence
    from workbench.core.loops import iter_track

    seq = demo_sequence(frames=3, width=64, height=48)
    with pytest.raises(WorkbenchError, match="over ten times the 64x48 frame"):
        next(iter_track(KCFTracker(KCFConfig()), seq, Box(10, 10, 1e9, 1e9)))


def test_lw_irstnet_training_numbers_checked_first(tmp_path):
    pytest.importorskip("workbench_lw_irstnet")
    from workbench_lw_irstnet import train

    base = ["--data", str(tmp_path), "--out", str(tmp_path / "o")]
    for extra, what in ((["--crop", "0"], "--crop 0"), (["--crop", "60"], "multiple of 8"),
                        (["--scale", "2", "1"], "MIN <= MAX"), (["--ema", "1"], "--ema")):
        with pytest.raises(WorkbenchError, match=what):
            train.check_args(train.parser().parse_args(base + extra))
    assert not (tmp_path / "o").exists()


def test_command_flags_checked_against_the_settings_bounds():
    """``workbench detect --threshold nan`` scored 0 silently; flags that build a config directly are
    checked as ``--set`` values are."""
    from workbench.core.errors import PluginError
    from workbench.core.registry import check_config
    from workbench.baselines.dcf.config import KCFConfig

    assert check_config(KCFConfig(), "kcf").padding == 1.5
    with pytest.raises(PluginError, match="'padding' must lie in 0.5..4.0"):
        check_config(KCFConfig(padding=9.0), "kcf")
    with pytest.raises(PluginError, match="finite"):
        check_config(KCFConfig(kernel_sigma=float("nan")), "kcf")
    assert cli.main(["corpus", "pack", ".", "--out", "x.wbpack.npz", "--max-side", "0"]) == 2


def test_unknown_setting_suggests_and_points_at_the_full_list(capsys, tmp_path):
    from workbench.core.data.synthetic import write_demo

    write_demo(tmp_path / "demo", frames=3, width=64, height=48)
    seq = next(p for p in (tmp_path / "demo").rglob("*") if p.is_dir() and any(p.glob("*.txt")))
    assert cli.main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "o"),
                     "--set", "paddin=2"]) == 2
    err = capsys.readouterr().err
    assert "did you mean padding?" in err and "workbench list --settings kcf" in err and "…" not in err
    assert cli.main(["list", "--settings", "kcf"]) == 0
    out = capsys.readouterr().out
    assert "padding = 1.5  [0.5..4.0]" in out and "kernel = gaussian  [one of gaussian, linear]" in out


def test_vot_trajectory_must_start_with_its_initialisation_and_hold_numbers(tmp_path):
    from workbench.core.evaluation import vot

    p = tmp_path / "seq_001.txt"
    p.write_text("0\n10,10,5,5\n")
    with pytest.raises(DataError, match="line 1: the first line must be 1"):
        vot.read_trajectory(p)
    p.write_text("1\nnan,10,5,5\n")
    with pytest.raises(DataError, match="line 2: not a finite number"):
        vot.read_trajectory(p)
    p.write_text("1\n10,10,5,5\n2\n0\n1\n")
    boxes, codes = vot.read_trajectory(p)
    assert list(codes[:1]) == [vot.INIT] and boxes[1].tolist() == [10, 10, 5, 5]


def test_open_sequence_unknown_layout_and_empty_path(tmp_path):
    from workbench.core.data.detect import open_sequence

    with pytest.raises(DataError, match="unknown layout 'nosuch'; known: .*otb"):
        open_sequence(tmp_path, layout="nosuch")
    for empty in (None, "", "  "):
        with pytest.raises(DataError, match="no sequence path given"):
            open_sequence(empty)


def test_frames_past_a_short_label_file_are_not_scored(tmp_path):
    """DAUB's sequence12 has 99 label lines for 100 frames: the last frame used to count as target-free
    (a detection there a false alarm). Now it is neither a hit nor a false alarm, in the batch scorer,
    the window's running scorer and the point-label sequence the window opens."""
    from workbench.core.data.detect import open_sequence
    from workbench.core.data.irseq import open_irseq
    from workbench.core.evaluation.running import RunningDetection

    d = tmp_path / "seq"
    (d / "frames").mkdir(parents=True)
    for i in range(5):
        cv2.imwrite(str(d / "frames" / f"{i + 1:04d}.png"), np.full((32, 32), 80, np.uint8))
    (d / "anno_xy.txt").write_text("10\t12\n\n11\t12\n")  # frame 1: a line without target; 3, 4: no line
    seq = open_irseq(d)
    assert seq.meta["unlabelled_frames"] == [3, 4] and seq.scored_frames() == [0, 1, 2]
    assert seq.scored_frames([1, 3]) == [1]
    assert "not scored" in seq.meta["warnings"][0]
    pytest.importorskip("workbench_seq_irst")
    from workbench_seq_irst.metrics import score_sequence
    from workbench_seq_irst.model import Detection

    hit = [Detection(10.0, 12.0, 3.0, 3.0, 0.9, 0)]
    per = {0: hit, 1: [], 2: [Detection(11.0, 12.0, 3.0, 3.0, 0.9, 0)], 3: hit, 4: hit}
    c = score_sequence(per, seq.labels, 3.0, seq.scored_frames())
    assert (c.tp, c.fp, c.fn, c.frames) == (2, 0, 0, 3)
    core = open_sequence(d)
    run = RunningDetection(len(core), core.meta["point_labels"], 3.0, core.meta.get("unlabelled_frames"))
    for i in range(5):
        pts = [(10.0, 12.0)] if i != 1 else []
        run.add(i, pts, [0.9] * len(pts))
    got = run.counts()
    assert (got.tp, got.fp, got.fn, got.frames) == (2, 0, 0, 3)  # frame 2's point 1 px off: a hit


def test_a_folder_given_as_weights_says_so(tmp_path):
    from workbench.core.training.checkpoints import CheckpointError, load_file

    with pytest.raises(CheckpointError, match="is a folder; a weights / checkpoint file is needed"):
        load_file(tmp_path)


def test_nas_tir_counts_must_be_positive(tmp_path):
    pytest.importorskip("workbench_nas_tir")
    from workbench_nas_tir import search

    with pytest.raises(WorkbenchError, match="--epochs 0: must be at least 1"):
        search.main(["--out", str(tmp_path / "s"), "--epochs", "0"])
    assert not (tmp_path / "s" / "genotype.json").exists()


def test_eval_and_report_leave_out_an_unreadable_sequence_and_say_so(tmp_path, capsys):
    """One sequence of a dataset with a damaged groundtruth file: `eval` and `report` score the others and
    name the one left out (before, the first damaged sequence stopped the whole evaluation)."""
    from workbench.cli import main
    from workbench.core.data.synthetic import write_demo
    from workbench.core.evaluation.report import report_for_dataset

    root = tmp_path / "data"
    good = write_demo(root, frames=8, width=64, height=48, seed=1, name="good")
    bad = write_demo(root, frames=8, width=64, height=48, seed=2, name="bad")
    assert main(["run", "--tracker", "kcf", "--dataset", str(root), "--out", str(tmp_path / "res")]) == 0
    gt = bad / "groundtruth_rect.txt"
    gt.write_text("1,2,3\nnot a box\n")
    capsys.readouterr()
    assert main(["eval", str(tmp_path / "res"), "--dataset", str(root), "--per-sequence",
                 "--json", str(tmp_path / "s.json")]) == 0
    out, err = capsys.readouterr()
    assert "bad: not scored" in err and "groundtruth_rect.txt" in err
    import json

    scores = json.loads((tmp_path / "s.json").read_text())
    text = json.dumps(scores)
    assert '"good"' in text and '"bad"' not in text
    assert good.name == "good"
    files = report_for_dataset(tmp_path / "res", root, tmp_path / "rep")
    assert any("bad: not scored" in p for p in files.problems)
    assert "bad: not scored" in files.html.read_text()


def test_a_failed_run_or_report_leaves_no_empty_out_folder(tmp_path, capsys):
    """`run` / `report` that fail before writing anything remove the --out folder they made (an empty folder
    was left behind); a folder that existed before is kept; `workbench --help` names the window's forms."""
    from workbench.cli import main

    out = tmp_path / "new_out"
    assert main(["run", "--tracker", "kcf", "--sequence", str(tmp_path / "nowhere"), "--out", str(out)]) == 2
    assert not out.exists()
    assert main(["report", str(tmp_path), "--dataset", str(tmp_path / "nowhere"), "--out", str(out)]) == 2
    assert not out.exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    assert main(["run", "--tracker", "kcf", "--sequence", str(tmp_path / "nowhere"), "--out", str(kept)]) == 2
    assert kept.is_dir()
    capsys.readouterr()
    try:
        main(["--help"])
    except SystemExit:
        pass
    text = capsys.readouterr().out
    assert "workbench PATH" in text and "--demo" in text and "--screenshot" in text
