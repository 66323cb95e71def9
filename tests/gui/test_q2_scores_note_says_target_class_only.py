"""The Scores dock's row of a seq_irst run on DAUB sequence1 read "115 (99 target)" detections beside FP 0, and
its note said only "centroid <= match px, greedy by score": the 16 interference-class detections count neither way
(the core's rule, ``evaluation.detection.RULE``: "target class only"), and the note says so."""
from __future__ import annotations

import numpy as np

from workbench.core.evaluation.running import RunningDetection
from workbench.gui.scores_dock import ScoresDock


def test_note_says_interference_detections_are_not_scored(qtbot):
    run = RunningDetection(1, labels=[[(4, 4, 0)]])
    run.add(0, np.array([[4.0, 4.0], [20.0, 20.0]]), [0.9, 0.8], is_target=[True, False])  # one interference
    summary = run.summary()
    dock = ScoresDock()
    qtbot.addWidget(dock)
    dock.set_run("detection", {"method": "seq_irst", "status": "done", "frames": "1 / 1", "detections": "2 (1 target)",
                               **{k: summary[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}})
    assert summary["fp"] == 0
    note = dock.note.text()
    assert "target class only" in note and "interference" in note, note
