"""A LOSO resumed over fold files written before 45038af (a fold without detections: precision 0.0, where a fold
scored now has null) averaged the stored precisions: the old fold's 0.0 entered the mean P beside new folds left out
of it, two rules in one table. A fold's precision and recall are taken from its TP / FP / FN where it holds them
(``fold_scores``), in the summary, in a resumed run's folds and in --fill-from's."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.core.evaluation.detection import Counts
from workbench_seq_irst import loso

OLD_NOTHING = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 4}  # before 45038af
OLD_EMPTY = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 0}  # no labels, nothing found
NEW = Counts(tp=3, fp=1, fn=1).as_dict()


def test_summary_takes_an_old_folds_scores_from_its_counts():
    s = loso.summarise({"old": OLD_NOTHING, "new": NEW, "none": Counts(tp=0, fp=0, fn=2).as_dict()})
    assert s["mean_precision"] == pytest.approx(0.75) and s["mean_over"]["precision"] == 1  # not (0 + 0.75) / 2
    assert s["mean_recall"] == pytest.approx(0.75 / 3) and s["mean_over"]["recall"] == 3
    assert s["mean_f1"] == pytest.approx(0.75 / 3)  # a no-detection fold's F1 is 0 by either rule
    s = loso.summarise({"old": OLD_EMPTY, "new": NEW})
    assert s["mean_over"] == {"precision": 1, "recall": 1, "f1": 1} and s["mean_f1"] == pytest.approx(0.75)
    # a fold without counts keeps what it says
    assert loso.fold_scores({"precision": 0.5, "recall": 0.5, "f1": 0.5}) == {"precision": 0.5, "recall": 0.5,
                                                                             "f1": 0.5}


def test_a_resumed_loso_writes_its_old_fold_by_todays_rule(tmp_path):
    out = tmp_path / "loso"
    for g, r in (("a", OLD_NOTHING), ("b", NEW)):
        (out / f"fold_{g}").mkdir(parents=True)
        (out / f"fold_{g}" / "result.json").write_text(json.dumps(r))
    said = []
    rep = loso.run_loso([], out, loso.Recipe(), groups={"a": [Path("a/s1")], "b": [Path("b/s2")]}, log=said.append)
    assert rep["folds"]["a"]["precision"] is None and rep["folds"]["b"]["precision"] == pytest.approx(0.75)
    assert json.loads((out / "loso.json").read_text())["folds"]["a"]["precision"] is None
    row = next(line for line in loso.format_table(rep).splitlines() if line.startswith("a "))
    assert row.split()[1:4] == ["\u2014", "0.000", "0.000"], row
    assert all("done before" in line for line in said), said
