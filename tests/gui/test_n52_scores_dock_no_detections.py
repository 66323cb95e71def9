"""The Scores dock took "precision is None" for "no point labels": a scored run that had detected nothing was shown
P 0.000 (and, once an undefined precision was None, captioned "not scored: no point labels here"). A scored row (its
TP / FP / FN) shows an undefined score as "—" and says why; a row without counts is still "not scored"."""
from __future__ import annotations

import numpy as np

from workbench.core.evaluation.running import RunningDetection
from workbench.gui.scores_dock import ScoresDock


def _row(summary: dict | None) -> dict:
    row = {"method": "seq_irst", "status": "done", "frames": "2 / 2", "detections": 0}
    if summary is not None:
        row.update({k: summary[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")})
    return row


def test_no_detections_is_not_no_labels(qtbot, tmp_path):
    run = RunningDetection(2, labels=[[(4, 4, 0)], [(6, 6, 0)]])
    for i in range(2):
        run.add(i, np.empty((0, 2)), [])
    dock = ScoresDock()
    qtbot.addWidget(dock)
    dock.set_run("detection", _row(run.summary()))
    head = [h for _k, h, _f in dock.columns()]
    row = dict(zip(head, dock.rows()[0]))
    assert row["P"] == "\u2014" and row["R"] == "0.000" and row["F1"] == "0.000" and row["FN"] == "2", row
    note = dock.note.text()
    assert "not scored" not in note and "no point labels" not in note, note
    assert "matched to point labels" in note and "no detections yet" in note, note
    written = dock.write_csv(tmp_path / "scores.csv").read_text().splitlines()
    cells = dict(zip(written[0].split(","), written[1].split(",")))
    assert cells["precision"] == "" and cells["recall"] == "0.000", written  # empty in the CSV, not "—" or 0

    unlabelled = RunningDetection(2, labels=None)
    unlabelled.add(0, np.empty((0, 2)), [])
    dock.set_run("detection", _row(unlabelled.summary()))
    assert "detections not scored: no point labels here" in dock.note.text()
    assert "P" not in [h for _k, h, _f in dock.columns()]
