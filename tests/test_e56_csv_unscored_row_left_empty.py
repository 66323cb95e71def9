"""eval's --csv (and the window's Numbers export) wrote a sequence that scored no frame (its groundtruth shows no
target in the frames tracked) as 0.0000 in every score column beside frames 0: the terminal's note that it is no
score is not in the file, and a spreadsheet's mean over the column took it for a failure. Its scores are empty cells
now; the rows that scored keep their four decimals. Task E (s56)."""
from __future__ import annotations

import csv

import numpy as np


def test_a_sequence_that_scored_no_frame_has_empty_scores(tmp_path):
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.core.evaluation.plots import TABLE_COLUMNS, export_csv

    gt = np.tile([10.0, 10, 20, 20], (6, 1))
    none = np.full((6, 4), np.nan)  # no target in any frame
    r = evaluate_tracker("kcf", {"seen": gt.copy(), "empty": gt.copy()}, {"seen": gt, "empty": none})
    path = export_csv([r], tmp_path / "scores.csv")
    rows = {row["sequence"]: row for row in csv.DictReader(path.open(encoding="utf-8"))}
    scores = [c for c in TABLE_COLUMNS if c not in ("tracker", "sequence", "frames", "partial")]
    assert rows["empty"]["frames"] == "0" and [rows["empty"][c] for c in scores] == [""] * len(scores)
    assert rows["seen"]["frames"] == "6" and rows["seen"]["success_auc"] == f"{r.sequences['seen'].success_auc:.4f}"
    assert rows["_all"]["frames"] == "6" and all(rows["_all"][c] for c in scores)
