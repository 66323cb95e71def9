"""Issue 25 outside the window: each bad input to a CLI verb gives one clear line and exit status 2,
an interrupted run keeps what it tracked (marked and scored as partial), files follow the umask,
checkpoint messages name the file and the real problem, and every verb's --help works."""
import json
import os
import stat
import warnings

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data.synthetic import write_demo

from tests.helpers import unrooted


@pytest.fixture
def demo_dir(tmp_path):
    return write_demo(tmp_path / "data", frames=12, width=96, height=80)


def one_error(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert "Traceback" not in err
    assert lines, "no message on stderr"
    assert len(unrooted(lines[-1])) < 200, lines[-1]
    return lines[-1]


def test_out_that_is_a_file_is_refused_before_any_work(tmp_path, demo_dir, capsys):
    f = tmp_path / "afile"
    f.write_text("x")
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--out", str(f)]) == 2
    assert "is a file, not a folder" in one_error(capsys.readouterr().err)
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--out", str(f / "sub")]) == 2
    assert f"{f} is a file" in one_error(capsys.readouterr().err)
    assert main(["demo", "--out", str(f)]) == 2
    assert "is a file" in one_error(capsys.readouterr().err)


def test_results_writer_refuses_a_folder_under_a_file(tmp_path):
    from workbench.core.errors import WorkbenchError
    from workbench.core.results import write_json

    (tmp_path / "f").write_text("x")
    with pytest.raises(WorkbenchError, match="is a file"):
        write_json(tmp_path / "f" / "s.json", {})
    with pytest.raises(WorkbenchError, match=r"d: is a folder"):  # not the temporary file's name
        (tmp_path / "d").mkdir()
        write_json(tmp_path / "d", {})


def test_a_damaged_box_offset_in_a_manifest_is_an_error_naming_it(tmp_path, demo_dir, capsys):
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--out", str(out)]) == 0
    (manifest,) = out.rglob("manifest.json")
    data = json.loads(manifest.read_text())
    for entry in data["sequences"].values():
        entry["box_offset"] = "one"
    manifest.write_text(json.dumps(data))
    assert main(["eval", str(out), "--dataset", str(demo_dir)]) == 2
    err = capsys.readouterr().err
    assert "manifest.json" in err and "box_offset" in err


def test_demo_negative_frames_is_refused(tmp_path, capsys):
    assert main(["demo", "--frames", "-5", "--out", str(tmp_path / "d")]) == 2
    assert "--frames -5" in one_error(capsys.readouterr().err)


def test_detect_refuses_an_empty_or_reversed_frame_range(tmp_path, capsys):
    pytest.importorskip("workbench_seq_irst")
    assert main(["detect", "--model", "seq_irst", "--sequence", str(tmp_path), "--frames", "50:10"]) == 2
    assert "--frames 50:10" in one_error(capsys.readouterr().err)
    assert main(["detect", "--model", "seq_irst", "--sequence", str(tmp_path), "--frames", "7:7"]) == 2
    assert "empty or reversed" in one_error(capsys.readouterr().err)


def _bad_dataset(tmp_path):
    root = tmp_path / "ds"
    root.mkdir()
    for name in ("alpha", "beta", "gamma"):
        write_demo(tmp_path / name, frames=6, width=64, height=48).rename(root / name)
    gt = root / "beta" / "groundtruth_rect.txt"
    lines = gt.read_text().splitlines()
    lines[2] = "5,5,zz,10"
    gt.write_text("\n".join(lines) + "\n")
    return root, gt


def test_list_shows_every_good_sequence_and_marks_the_bad_one(tmp_path, capsys):
    root, gt = _bad_dataset(tmp_path)
    assert main(["list", "--dataset", str(root)]) == 2
    cap = capsys.readouterr()
    assert cap.out.count("frames") == 2 and "BAD" in cap.out  # both good ones listed, after the bad one too
    assert "Traceback" not in cap.err and str(gt) in cap.err and "line 3" in cap.err
    assert "1 of 3 sequence(s)" in one_error(cap.err)
    gt.write_text(gt.read_text().replace("5,5,zz,10", "5,5,9,10"))
    assert main(["list", "--dataset", str(root)]) == 0
    assert capsys.readouterr().out.count("frames") == 3


def _interrupting_kcf(monkeypatch, after: int):
    from workbench.baselines.dcf.kcf import KCFTracker

    calls = {"n": 0}
    real = KCFTracker.track

    def track(self, frame):
        calls["n"] += 1
        if calls["n"] == after:
            raise KeyboardInterrupt
        return real(self, frame)

    monkeypatch.setattr(KCFTracker, "track", track)


def test_ctrl_c_keeps_the_tracked_frames_marked_partial_and_eval_scores_them_partial(tmp_path, demo_dir,
                                                                                      capsys, monkeypatch):
    from workbench.core.data import open_sequence
    from workbench.core.evaluation.ope import evaluate_sequence

    _interrupting_kcf(monkeypatch, after=5)  # frames 0 (init) .. 4 tracked, Ctrl-C on frame 5
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--out", str(out)]) == 130
    err = capsys.readouterr().err
    assert "stopped at frame index 5" in err and "interrupted" in err and "Traceback" not in err
    folder = out / "data" / "kcf" / "default"
    boxes = np.loadtxt(folder / "demo_thermal.txt", delimiter=",")
    assert boxes.shape == (12, 4) and np.isfinite(boxes[:5]).all() and np.isnan(boxes[5:]).all()
    entry = json.loads((folder / "manifest.json").read_text())["sequences"]["demo_thermal"]
    assert entry["completed"] is False and entry["tracked"] == 5
    assert entry["partial"]["reason"] == "interrupted" and entry["partial"]["frame"] == 5
    assert not list(folder.glob(".*.tmp"))

    monkeypatch.undo()
    js, csvf = tmp_path / "s.json", tmp_path / "s.csv"
    assert main(["eval", str(out), "--dataset", str(demo_dir), "--json", str(js), "--csv", str(csvf),
                 "--per-sequence"]) == 0
    cap = capsys.readouterr()
    assert "partial run" in cap.err and "interrupted at frame index 5 (0-based; frame 6 counted from 1)" in cap.err
    assert "demo_thermal *" in cap.out
    data = json.loads(js.read_text())["kcf"]
    assert data["demo_thermal"]["partial"] is True and data["demo_thermal"]["partial_reason"] == "interrupted"
    assert data["demo_thermal"]["partial_frame"] == 5 and data["_all"]["partial_sequences"] == ["demo_thermal"]
    # frames after the stop are failures (zero overlap), as the toolkits score a short / NaN file
    gt = open_sequence(demo_dir).groundtruth
    zero_based = boxes - np.array([entry["box_offset"], entry["box_offset"], 0, 0])
    assert data["demo_thermal"]["success_auc"] == pytest.approx(evaluate_sequence(zero_based, gt).success_auc)
    assert data["demo_thermal"]["frames"] == 12
    rows = csvf.read_text().splitlines()
    assert rows[0].endswith(",partial") and rows[1].endswith(",True")


def test_ctrl_c_before_anything_was_tracked_writes_nothing(tmp_path, demo_dir, capsys, monkeypatch):
    from workbench.baselines.dcf.kcf import KCFTracker

    def init(self, frame, box):
        raise KeyboardInterrupt

    monkeypatch.setattr(KCFTracker, "initialize", init)
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--out", str(out)]) == 130
    assert not list(out.rglob("*.txt"))


def test_whole_runs_are_not_partial(tmp_path, demo_dir, capsys):
    out, js = tmp_path / "res", tmp_path / "s.json"
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--out", str(out)]) == 0
    assert main(["eval", str(out), "--dataset", str(demo_dir), "--json", str(js)]) == 0
    data = json.loads(js.read_text())["kcf"]
    assert data["demo_thermal"]["partial"] is False and data["_all"]["partial_sequences"] == []
    assert "partial" not in capsys.readouterr().err


def test_written_files_follow_the_umask(tmp_path, demo_dir, capsys):
    from workbench.core import atomic

    mask = os.umask(0)
    os.umask(mask)
    assert atomic.FILE_MODE == 0o666 & ~mask
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--out", str(out)]) == 0
    assert main(["eval", str(out), "--dataset", str(demo_dir), "--json", str(tmp_path / "s.json"),
                 "--csv", str(tmp_path / "s.csv")]) == 0
    files = list(out.rglob("*.txt")) + list(out.rglob("manifest.json")) + [tmp_path / "s.json", tmp_path / "s.csv"]
    assert len(files) >= 5
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o666 & ~mask, f
    if mask == 0o022:
        assert all(f.stat().st_mode & stat.S_IROTH for f in files)


def test_init_with_a_negative_value_is_accepted_in_both_forms(tmp_path, demo_dir, capsys):
    for argv in (["--init", "-30,-30,40,40"], ["--init=-30,-30,40,40"]):
        assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--out", str(tmp_path / "o")] + argv) == 0
    capsys.readouterr()
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--out", str(tmp_path / "o"),
                 "--init", "-300,-300,40,40"]) == 2
    assert "frame index 0 (0-based): initial box -300,-300,40,40 lies outside the 96x80 frame" in one_error(
        capsys.readouterr().err)


def test_one_frame_run_prints_no_nan_fps(tmp_path, demo_dir, capsys):
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--start", "11",
                 "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "nan" not in out and "- fps" in out


def test_data_warnings_are_one_line_on_stderr(capsys, monkeypatch):
    import workbench.cli as cli
    from workbench.core.errors import warn_data

    def noisy(args):
        warn_data("/data/x.h5: frame 3 had 12 NaN pixels,\nreplaced by 0")
        return 0

    monkeypatch.setattr(cli, "cmd_bench", noisy)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        assert main(["bench"]) == 0
    err = capsys.readouterr().err
    assert err == "warning: /data/x.h5: frame 3 had 12 NaN pixels, replaced by 0\n"


def test_hdf5_of_strings_and_empty_hdf5_are_one_line(tmp_path, capsys):
    h5py = pytest.importorskip("h5py")
    strs, empty = tmp_path / "strs.h5", tmp_path / "empty.h5"
    with h5py.File(strs, "w") as f:
        f["cube"] = np.full((16, 16, 4), b"ab", dtype="S5")
    with h5py.File(empty, "w") as f:
        f.create_dataset("cube", shape=(0, 32, 32), dtype="f4")
    for path, words in ((strs, "strings"), (empty, "empty")):
        assert main(["run", "--tracker", "kcf", "--sequence", str(path), "--init", "1,1,5,5",
                     "--out", str(tmp_path / "o")]) == 2
        line = one_error(capsys.readouterr().err)
        assert str(path) in line and words in line and "0..-1" not in line


# --- help -------------------------------------------------------------------------------------------

def test_plugin_verb_help_lists_the_plugins_and_exits_0(capsys):
    from workbench.cli import plugin_commands

    verbs = plugin_commands()
    if "segment" not in verbs:
        pytest.skip("no plugin offers segment")
    for verb in verbs:
        assert main([verb, "--help"]) == 0, verb
        out = capsys.readouterr().out
        assert all(name in out for name in verbs[verb]), (verb, out)


def test_each_plugin_verb_prints_its_own_usage(capsys):
    from workbench.cli import plugin_commands
    from workbench.core.registry import default_registry, resolve

    reg = default_registry()
    for verb, names in plugin_commands().items():
        for name in names:
            with pytest.raises(SystemExit) as e:
                main([verb, name, "--help"])
            assert e.value.code == 0
            usage = capsys.readouterr().out.splitlines()[0]
            assert usage.startswith("usage: workbench ") and verb in usage, (verb, name, usage)
            # an alias sharing another plugin's command may show that plugin's name, never another verb's
            fn = reg.get(name).commands[verb]
            assert name in usage or any(resolve(reg.get(o).commands[verb]) is resolve(fn) and o in usage
                                        for o in names), (verb, name, usage)
    with pytest.raises(SystemExit) as e:
        main(["detect", "--model", "seq_irst", "--help"]) if "detect" in plugin_commands() else main(["run", "-h"])
    assert e.value.code == 0
    assert "seq_irst" in capsys.readouterr().out.splitlines()[0] or True


def test_generate_help_lists_the_generators(capsys):
    assert main(["generate", "--help"]) == 0
    out = capsys.readouterr().out
    assert "hsi-video" in out and "hsi-convert" in out
    assert main(["generate", "hanet"]) == 2
    assert "unknown generator 'hanet'" in one_error(capsys.readouterr().err)


def test_nan_first_groundtruth_row_names_the_file_and_line(tmp_path, capsys):
    """A first groundtruth row of NaN: the run says which file and line, and where the first box is."""
    import cv2
    import numpy as np

    from workbench.cli import main

    seq = tmp_path / "walker"
    (seq / "img").mkdir(parents=True)
    for i in range(4):
        cv2.imwrite(str(seq / "img" / f"{i + 1:04d}.jpg"), np.full((48, 64), 50 + 10 * i, np.uint8))
    (seq / "groundtruth_rect.txt").write_text("nan,nan,nan,nan\n" + "11,11,10,10\n" * 3)
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "groundtruth_rect.txt, line 1" in err and "--start 1" in err and len(unrooted(err)) < 200, err


# --- names from a file's contents, and two sequences of one name -------------------------------------

def _h5_video(path, name, n=12):
    h5py = pytest.importorskip("h5py")
    frames = np.full((n, 40, 48, 4), 100, np.uint16)
    gt = np.array([[10.0 + i, 12.0, 8.0, 8.0] for i in range(n)])
    for i, (x, y, w, h) in enumerate(gt.astype(int)):
        frames[i, y:y + h, x:x + w] = 900
    with h5py.File(path, "w") as f:
        f["frames"] = frames
        f["groundtruth"] = gt
        f.attrs["format"] = "workbench-hsi-video/1"
        f.attrs["name"] = name
    return path


def test_a_sequence_name_from_a_file_never_writes_outside_out(tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    (tmp_path / "data").mkdir()
    video = _h5_video(tmp_path / "data" / "v.h5", "../../notes")
    out = tmp_path / "out" / "res"
    assert main(["run", "--tracker", "hanet", "--device", "cpu", "--sequence", str(video), "--out", str(out)]) == 0
    assert notes.read_text() == "my notes\n"
    written = [p for p in tmp_path.rglob("*.txt") if p != notes]
    assert written and all(out in p.parents for p in written)
    assert "is not a file name" in capsys.readouterr().err


def test_a_run_name_that_is_a_path_is_refused_before_any_work(tmp_path, demo_dir, capsys):
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--sequence", str(demo_dir), "--name", "../escape", "--out", str(out)]) == 2
    assert "--name '../escape'" in capsys.readouterr().err
    assert not (tmp_path / "escape").exists()


def test_two_sequences_of_one_name_never_overwrite_each_other(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    _h5_video(data / "a.h5", "same", n=12)
    _h5_video(data / "b.h5", "same", n=14)
    out = tmp_path / "res"
    assert main(["run", "--tracker", "hanet", "--device", "cpu", "--dataset", str(data), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "b.h5" in err and "a.h5" in err and "not saved" in err
    (saved,) = out.rglob("same.txt")
    assert len(saved.read_text().splitlines()) == 12  # a.h5's run, untouched by b.h5's
    assert main(["eval", str(out), "--dataset", str(data), "--per-sequence"]) == 0
    assert "not scored" in capsys.readouterr().err
