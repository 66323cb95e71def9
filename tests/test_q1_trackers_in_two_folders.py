"""`--trackers kcf` with two result folders that both hold a kcf run (ours beside a pysot-toolkit copy) was refused
as "no results for tracker 'kcf'; have a:kcf, b:kcf": the runs are labelled by folder when two folders hold one
name, and the plain name selected neither. It selects both now (eval, report: `evaluation.folders.score_folder`)."""
import numpy as np
import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.evaluation.folders import score_folder


def _folder(root, tracker, boxes):
    d = root / tracker
    d.mkdir(parents=True)
    np.savetxt(d / "seq1.txt", boxes, delimiter=",", fmt="%.3f")


def test_a_name_two_folders_hold_selects_both_runs(tmp_path):
    gt = np.array([[10.0, 10.0, 20.0, 20.0]] * 5)
    _folder(tmp_path / "a", "kcf", gt)
    _folder(tmp_path / "b", "kcf", gt + [2.0, 0.0, 0.0, 0.0])
    _folder(tmp_path / "a", "mil", gt)
    scores = score_folder([tmp_path / "a", tmp_path / "b"], {"seq1": gt}, trackers=["kcf"])
    got = {r.tracker: r for r in scores.reports}
    assert sorted(got) == ["a:kcf", "b:kcf"]
    assert got["a:kcf"].overall.success_auc > got["b:kcf"].overall.success_auc  # each its own folder's file
    # one named with its folder is that run alone; an unknown name is still refused, naming what there is
    assert [r.tracker for r in score_folder([tmp_path / "a", tmp_path / "b"], {"seq1": gt},
                                            trackers=["b:kcf"]).reports] == ["b:kcf"]
    with pytest.raises(WorkbenchError, match="no results for tracker 'kcf_dsst'.*a:kcf"):
        score_folder([tmp_path / "a", tmp_path / "b"], {"seq1": gt}, trackers=["kcf_dsst"])


def test_tracker_labels_keeps_exact_names_and_order():
    from workbench.core.evaluation.folders import tracker_labels

    labels = ["a:kcf", "b:kcf", "kcf/padding=2", "mil", "x:kcf'"]
    roots = ["/r/a", "/r/b", "/r/x"]
    assert tracker_labels(["mil", "kcf"], labels, roots) == ["mil", "a:kcf", "b:kcf", "x:kcf'"]
    assert tracker_labels(["kcf/padding=2"], labels, roots) == ["kcf/padding=2"]
    assert tracker_labels(["a:kcf", "kcf"], labels, roots) == ["a:kcf", "b:kcf", "x:kcf'"]  # each run once
    assert tracker_labels(["nope"], labels, roots) == ["nope"]


def test_only_the_folders_own_prefixes_select(tmp_path):
    """A foreign folder's own run named 'x:kcf' was taken for kcf (any label ending ':kcf'): two folders each holding
    kcf and x:kcf gave a:kcf, a:x:kcf, b:kcf, b:x:kcf; one folder holding x:kcf alone scored it unsaid."""
    gt = np.array([[10.0, 10.0, 20.0, 20.0]] * 5)
    for k, folder in enumerate("ab"):
        _folder(tmp_path / folder, "kcf", gt + [k, 0.0, 0.0, 0.0])
        _folder(tmp_path / folder, "x:kcf", gt + [k + 2, 0.0, 0.0, 0.0])
    got = score_folder([tmp_path / "a", tmp_path / "b"], {"seq1": gt}, trackers=["kcf"]).reports
    assert [r.tracker for r in got] == ["a:kcf", "b:kcf"]
    _folder(tmp_path / "c", "x:kcf", gt)
    with pytest.raises(WorkbenchError, match="no results for tracker 'kcf'.*x:kcf"):
        score_folder(tmp_path / "c", {"seq1": gt}, trackers=["kcf"])


def _vot_run(root, tracker):
    d = root / tracker / "baseline" / "seq1"
    d.mkdir(parents=True)
    (d / "seq1_001.txt").write_text("1\n" + "\n".join("10,10,20,20" for _ in range(4)) + "\n")


def _tre_run(root, tracker, dx):
    import json

    d = root / tracker / "tre"
    (d / "seq1").mkdir(parents=True)
    (d / "manifest.json").write_text(json.dumps({"protocol": "tre", "sequences": {"seq1": {"runs": [{"start_frame": 0}]}}}))
    np.savetxt(d / "seq1" / "seq1_001.txt", np.array([[10.0 + dx, 10.0, 20.0, 20.0]] * 5), delimiter=",", fmt="%.3f")


def test_vot_tre_sre_select_both_folders_runs_too(tmp_path):
    """eval --protocol vot / tre / sre labelled two folders' kcf 'kcf' and 'b:kcf', and --trackers kcf took a's alone,
    b's left out without a word: labelled and selected as one-pass eval does, so --trackers means the same."""
    from workbench.core.evaluation import robustness, vot

    gt = np.array([[10.0, 10.0, 20.0, 20.0]] * 5)
    roots = [tmp_path / "a", tmp_path / "b"]
    for k, root in enumerate(roots):
        _vot_run(root, "kcf")
        _tre_run(root, "kcf", k)
    _vot_run(roots[0], "mil")
    got = vot.score_vot_folder(roots, {"seq1": gt}, sizes={"seq1": (100, 100)}, trackers=["kcf"])
    assert [r.tracker for r in got] == ["a:kcf", "b:kcf"]
    assert [r.tracker for r in vot.score_vot_folder(roots, {"seq1": gt}, sizes={"seq1": (100, 100)})] == \
        ["a:kcf", "b:kcf", "mil"]
    got = robustness.score_robustness_folder(roots, "tre", {"seq1": gt}, trackers=["kcf"])
    assert [r.tracker for r in got] == ["a:kcf", "b:kcf"]
    assert got[0].overall.success_auc > got[1].overall.success_auc  # each its own folder's file
    assert [r.tracker for r in robustness.score_robustness_folder(roots, "tre", {"seq1": gt}, trackers=["b:kcf"])] \
        == ["b:kcf"]
