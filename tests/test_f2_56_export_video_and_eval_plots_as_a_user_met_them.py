"""What a new CLI user met (session 56): export-video --trackers kcf over two results folders that both hold kcf was
refused (eval and report select both runs: folders.tracker_labels); a run saved with `run --name myKCF` could not be
re-run for --map ("no plugin named 'myKCF'": its manifest names the method); --map said "re-running mil ... for its
'response' maps" before refusing what mil's plugin declares it never draws, and the summary said "each with its own
'response' map" where mil's panel had none; `run --tracker kcf,mil --save-maps` warned "no maps saved" for every
sequence of mil (said once now); eval --plots drew a tracker scored on fewer sequences beside the others unmarked
(the report's dagger now); --results-convention's help said "0-based = ours before 0.x"."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data.synthetic import write_demo


@pytest.fixture(scope="module")
def kcf_mil(tmp_path_factory):
    """Two 4-frame sequences run by kcf and mil with --save-maps (kcf saves its response maps, mil draws none); the
    run's stderr."""
    import contextlib
    import io

    d = tmp_path_factory.mktemp("f2_56")
    for i, name in enumerate(("s1", "s2")):
        write_demo(d / "data", frames=4, width=48, height=40, seed=i + 1, name=name)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["run", "--tracker", "kcf,mil", "--dataset", str(d / "data"), "--out", str(d / "res"),
                     "--save-maps"]) == 0
    return d, d / "data" / "s1", err.getvalue()


def test_save_maps_says_once_that_mil_draws_none(kcf_mil):
    d, s, err = kcf_mil
    # one line for the run, not a warning for each of mil's sequences
    assert "no maps saved" not in err, err
    assert err.count("mil draws no maps") == 1 and "its runs save none" in err, err
    assert (d / "res" / "data" / "kcf" / "default" / "s1_maps.npz").is_file()  # kcf's are saved as before


def test_export_video_map_refuses_mil_before_saying_it_reruns_and_summary_names_it(kcf_mil, capfd, monkeypatch):
    import workbench.core.loops as loops

    d, s, _ = kcf_mil
    real = loops.iter_track
    seen = []

    def track(tracker, *a, **k):  # no tracker is re-run: kcf's maps are saved, mil's plugin declares none
        seen.append(type(tracker).__name__)
        return real(tracker, *a, **k)

    monkeypatch.setattr(loops, "iter_track", track)
    capfd.readouterr()
    assert main(["export-video", "--sequence", str(s), "--results", str(d / "res"), "--map",
                 "response", "--out", str(d / "both.mp4"), "--fps", "10"]) == 0
    out, err = capfd.readouterr()
    assert "re-running mil" not in err, err
    assert "mil draws no 'response' map (it draws no maps)" in err, err
    assert not seen
    assert "each with its own 'response' map" not in out, out
    assert "kcf with its own 'response' map; mil with its boxes only, no 'response' maps" in out, out


def test_a_named_run_is_rerun_for_its_maps_by_its_manifests_method(kcf_mil, capfd):
    d, s, _ = kcf_mil
    assert main(["run", "--tracker", "kcf", "--name", "myKCF", "--sequence", str(s), "--out", str(d / "named")]) == 0
    capfd.readouterr()
    assert main(["export-video", "--sequence", str(s), "--results", str(d / "named"), "--map", "response",
                 "--out", str(d / "named.mp4"), "--fps", "10"]) == 0
    out, err = capfd.readouterr()
    assert "no plugin named 'myKCF'" not in err, err
    assert "re-running kcf on s1 for its 'response' maps" in err, err
    assert "myKCF" in out and (d / "named.mp4").is_file()


def test_export_video_trackers_name_two_folders_hold_draws_both(tmp_path):
    from workbench.core.data import open_sequence
    from workbench.core.evaluation.folders import tracker_labels
    from workbench.core.evaluation.plots import tracker_styles
    from workbench.core.video import runs_from_folders

    write_demo(tmp_path / "data", frames=3, width=32, height=24, seed=1, name="s")
    for folder, x in (("a", 3), ("b", 5)):
        (tmp_path / folder / "kcf").mkdir(parents=True)
        (tmp_path / folder / "kcf" / "s.txt").write_text(f"{x},5,7,7\n" * 3)
    (tmp_path / "a" / "mil").mkdir()
    (tmp_path / "a" / "mil" / "s.txt").write_text("3,5,7,7\n" * 3)
    seq = open_sequence(tmp_path / "data" / "s")
    roots = [tmp_path / "a", tmp_path / "b"]
    runs = runs_from_folders(seq, roots, ["kcf"])
    assert [r.label for r in runs] == ["a:kcf", "b:kcf"]
    assert [r.boxes[0, 0] for r in runs] == [3.0, 5.0]  # each its own folder's file
    # coloured as eval --plots colours them (its reports in tracker_labels' order)
    looks = tracker_styles(tracker_labels(["kcf"], ["a:kcf", "b:kcf", "mil"], roots))
    assert {r.label: r.color for r in runs} == {k: looks[k][0] for k in ("a:kcf", "b:kcf")}
    assert [r.label for r in runs_from_folders(seq, roots, ["b:kcf", "mil"])] == ["b:kcf", "mil"]
    with pytest.raises(Exception, match="no results of kcf_dsst for s"):
        runs_from_folders(seq, roots, ["kcf_dsst"])
    # a foreign folder's own run named 'x:kcf' is not 'kcf' (only the <root>: prefixes find_runs_in adds are)
    (tmp_path / "c" / "x:kcf").mkdir(parents=True)
    (tmp_path / "c" / "x:kcf" / "s.txt").write_text("4,5,7,7\n" * 3)
    with pytest.raises(Exception, match="no results of kcf for s"):
        runs_from_folders(seq, tmp_path / "c", ["kcf"])


def test_eval_plots_mark_a_tracker_on_fewer_sequences(tmp_path, monkeypatch):
    import workbench.core.evaluation.plots as plots

    data = tmp_path / "data"
    for i, name in enumerate(("s1", "s2")):
        write_demo(data, frames=4, width=48, height=40, seed=i + 1, name=name)
    from workbench.core.data import open_sequence

    for name in ("s1", "s2"):
        gt = open_sequence(data / name).groundtruth
        (tmp_path / "res" / "kcf").mkdir(parents=True, exist_ok=True)
        np.savetxt(tmp_path / "res" / "kcf" / f"{name}.txt", gt + [4, 0, 0, 0], delimiter=",", fmt="%.2f")
    (tmp_path / "res" / "mykcf").mkdir()  # the better one, on one of the two sequences
    np.savetxt(tmp_path / "res" / "mykcf" / "s1.txt", open_sequence(data / "s1").groundtruth, delimiter=",",
               fmt="%.2f")
    drawn = {}

    def export_plots(reports, out_dir, *a, **k):
        drawn.update(k, trackers=[r.tracker for r in reports])
        return []

    monkeypatch.setattr(plots, "export_plots", export_plots)
    assert main(["eval", str(tmp_path / "res"), "--dataset", str(data), "--plots", str(tmp_path / "p")]) == 0
    assert sorted(drawn["trackers"]) == ["kcf", "mykcf"]
    labels = drawn.get("labels") or {}
    assert labels.get("mykcf") == "mykcf \u2020" and labels.get("kcf") == "kcf", drawn
    assert "\u2020 fewer sequences: not comparable" in drawn.get("convention", ""), drawn


@pytest.mark.parametrize("command", ["eval", "report", "export-video"])
def test_results_convention_help_says_what_0_based_is(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "-h"])
    text = " ".join(capsys.readouterr().out.split())
    assert "0.x" not in text
    assert "written before 4 Dec 2026" in text and "0-based = counted from pixel 0" in text, text
