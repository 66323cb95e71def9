"""9e0df39 left a sequence that scored no frame with empty score cells in eval --csv (0.0000 was taken for a
failure), but blanked every float of the row: an RGB-T rule's ``mpr_threshold_px`` / ``pr_threshold_px`` too, the
rule's pixel threshold (5 on GTOT), not a score, so the row read as if the rule had none. It is kept; the scores
stay empty. Reviewer R1's finding, task F3 (s56)."""
from __future__ import annotations

import csv

import numpy as np


def test_an_unscored_rows_threshold_is_kept_and_its_scores_empty(tmp_path):
    from workbench.core.evaluation import rgbt
    from workbench.core.evaluation.ope import TrackerReport
    from workbench.core.evaluation.plots import export_csv

    rule = rgbt.RULES["gtot"]
    none = np.zeros(0)
    empty = rgbt.curves_from_errors(rule, none, none, none)  # no target shown: no frame scored
    one = rgbt.curves_from_errors(rule, np.array([.8, .6]), np.array([2., 3.]), np.array([.1, .1]))
    r = TrackerReport("kcf", {"seen": one, "empty": empty}, one)
    path = export_csv([r], tmp_path / "s.csv")
    rows = {row["sequence"]: row for row in csv.DictReader(path.open(encoding="utf-8"))}
    thr = next(k for k in rows["empty"] if k.endswith("_threshold_px"))
    assert rows["empty"]["frames"] == "0"
    assert rows["empty"][thr] == rows["seen"][thr] == f"{rule.precision_at:.4f}", rows["empty"]
    assert rows["empty"]["msr"] == "" and rows["empty"]["mpr"] == "" and rows["empty"]["success_auc"] == ""
    assert rows["seen"]["mpr"] == f"{one.precision_headline:.4f}"
