"""Detection scores with nothing to divide by: precision with no detections (TP + FP = 0) and recall with no target
labels (TP + FN = 0) were 0.0, written "0.000" as if the detector had scored badly. They are undefined: None in the
dicts (null in JSON), "—" as text (``score_text``, the one formatter every reader uses). F1 = 2 TP / (2 TP + FP + FN):
0 where TP = 0 and anything was labelled or detected, None with neither."""
from __future__ import annotations

import json

import numpy as np

from workbench.core.evaluation.detection import (Counts, UNDEFINED, mean_defined, score_detections, score_text,
                                                 scores_dict)
from workbench.core.evaluation.running import RunningDetection


def test_no_detections_against_labels_has_no_precision():
    # two labelled frames, nothing detected
    c = score_detections([(np.empty((0, 2)), [], [(5, 5, 0)]), (np.empty((0, 2)), [], [(9, 9, 0), (1, 1, 0)])])
    assert (c.tp, c.fp, c.fn) == (0, 0, 3)
    d = scores_dict(c)
    assert d["precision"] is None and d["recall"] == 0.0 and d["f1"] == 0.0
    assert '"precision": null' in json.dumps(d, allow_nan=False)
    assert score_text(d["precision"]) == UNDEFINED == "\u2014" and score_text(d["recall"]) == "0.000"


def test_false_alarms_without_labels_have_no_recall():
    d = Counts(tp=0, fp=4, fn=0, frames=2).as_dict()
    assert d["recall"] is None and d["precision"] == 0.0 and d["f1"] == 0.0


def test_nothing_labelled_nothing_detected_scores_nothing():
    d = Counts(frames=3).as_dict()
    assert d["precision"] is None and d["recall"] is None and d["f1"] is None
    assert [score_text(d[k]) for k in ("precision", "recall", "f1")] == [UNDEFINED] * 3


def test_defined_scores_unchanged():
    d = Counts(tp=2, fp=1, fn=3).as_dict()
    assert abs(d["precision"] - 2 / 3) < 1e-12 and abs(d["recall"] - 0.4) < 1e-12
    assert abs(d["f1"] - 2 * (2 / 3) * 0.4 / (2 / 3 + 0.4)) < 1e-12  # the harmonic mean where both are defined
    assert score_text(d["recall"], 2, percent=True) == "40.00" and score_text(float("nan")) == UNDEFINED


def test_running_summary_before_any_detection():
    run = RunningDetection(3, labels=[[(4, 4, 0)], [(6, 6, 0)], []])
    run.add(0, np.empty((0, 2)), [])
    run.add(1, np.empty((0, 2)), [])
    s = run.summary()
    assert s["tp"] == 0 and s["fn"] == 2 and s["precision"] is None and s["recall"] == 0.0


def test_mean_defined_leaves_undefined_out():
    assert mean_defined([None, 0.5, float("nan"), 1.0]) == (0.75, 2)
    assert mean_defined([None]) == (None, 0)

