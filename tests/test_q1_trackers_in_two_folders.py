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
    assert tracker_labels(["mil", "kcf"], labels) == ["mil", "a:kcf", "b:kcf", "x:kcf'"]
    assert tracker_labels(["kcf/padding=2"], labels) == ["kcf/padding=2"]
    assert tracker_labels(["a:kcf", "kcf"], labels) == ["a:kcf", "b:kcf", "x:kcf'"]  # each run once
    assert tracker_labels(["nope"], labels) == ["nope"]
