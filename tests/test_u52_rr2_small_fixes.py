"""Re-reader RR2's small findings: one dash rule for undefined spreads and scores (``spread_text`` through
``score_text``), and GTOT's frame-pooled dataset rows marked ``pooled`` in the CSV as ``--pooled`` rows are."""
from __future__ import annotations

import csv

import numpy as np

from workbench.core.evaluation import rgbt
from workbench.core.evaluation.detection import UNDEFINED, score_text
from workbench.core.evaluation.plots import export_csv, spread_text
from workbench.core.evaluation.rgbt import RULES, RgbtTruth


def test_spread_text_nan_is_the_dash_as_score_text():
    assert spread_text(float("nan")) == UNDEFINED == score_text(float("nan")) == "\u2014"
    assert spread_text(np.float64("nan")) == UNDEFINED
    assert spread_text(None) == UNDEFINED
    assert spread_text(0.0) == "0.000"  # folds that agreed exactly: a number, not the dash
    assert spread_text(0.12345, 2) == score_text(0.12345, 2) == "0.12"


def _rows(tmp_path, rule: str):
    gt = np.array([[0, 0, 10, 10]] * 4, float)
    truths = {"a": RgbtTruth(RULES[rule], (gt, gt)), "b": RgbtTruth(RULES[rule], (gt[:2], gt[:2]))}
    rep = rgbt.evaluate_tracker("trk", {"a": gt + 1, "b": gt[:2] + 3}, truths)
    with open(export_csv([rep], tmp_path / f"{rule}.csv"), newline="") as f:
        return list(csv.DictReader(f))


def test_gtot_dataset_rows_marked_pooled_in_the_csv(tmp_path):
    rows = _rows(tmp_path, "gtot")
    assert "pooled" in rows[0], rows[0].keys()
    by_seq = {r["sequence"]: r for r in rows}
    assert by_seq["_all"]["pooled"] == "True"
    assert by_seq["a"]["pooled"] == by_seq["b"]["pooled"] == ""  # a sequence's own row pools nothing


def test_rgbt234_mean_of_sequences_not_marked_pooled(tmp_path):
    rows = _rows(tmp_path, "rgbt234")
    assert all(not r.get("pooled") for r in rows), rows


def test_video_colours_over_all_runs_as_eval_a_run_missing_this_sequence_too(tmp_path):
    from workbench.core.data import open_sequence
    from workbench.core.data.synthetic import write_demo
    from workbench.core.evaluation.plots import color_for
    from workbench.core.video import runs_from_folders

    write_demo(tmp_path / "data", frames=3, width=32, height=24, seed=1, name="s")
    for label, seq in (("alpha", "s"), ("beta", "t"), ("zeta", "s")):  # beta has no file for s
        (tmp_path / "res" / label).mkdir(parents=True)
        (tmp_path / "res" / label / f"{seq}.txt").write_text("3,5,7,7\n" * 3)
    runs = runs_from_folders(open_sequence(tmp_path / "data" / "s"), tmp_path / "res")
    # eval --plots over res colours alpha, beta, zeta by their sorted place: zeta the third colour here too
    assert {r.label: r.color for r in runs} == {"alpha": color_for(0), "zeta": color_for(2)}
