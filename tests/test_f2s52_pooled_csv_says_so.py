"""``eval --pooled --csv`` (F, session 52): the dataset rows' numbers pool frames over sequences (a long sequence
weighs more), but the CSV read the same as a plain eval's (the JSON's ``_all`` says it in its convention). A pooled
eval's CSV has a ``pooled`` column, True on the dataset rows (``_all``, ``_attr:...``); a plain eval's has none."""
from __future__ import annotations

import csv

import numpy as np

from workbench.core.evaluation.ope import evaluate_tracker
from workbench.core.evaluation.plots import export_csv


def _rows(tmp_path, pooled: bool):
    gt = {"short": np.tile([10.0, 10, 20, 20], (5, 1)), "long": np.tile([30.0, 30, 20, 20], (40, 1))}
    res = {"short": gt["short"] + 1.0, "long": gt["long"] + 8.0}
    attrs = {s: {"occlusion": np.ones(len(g), bool)} for s, g in gt.items()}
    rep = evaluate_tracker("kcf", res, gt, attrs, pooled=pooled)
    path = export_csv([rep], tmp_path / f"scores_{pooled}.csv")
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_pooled_csv_says_its_dataset_rows_are_pooled(tmp_path):
    rows = {r["sequence"]: r for r in _rows(tmp_path, pooled=True)}
    assert rows["_all"]["pooled"] == "True" and rows["_attr:occlusion"]["pooled"] == "True"
    assert rows["short"]["pooled"] == "" and rows["long"]["pooled"] == ""  # a sequence alone pools nothing
    plain = {r["sequence"]: r for r in _rows(tmp_path, pooled=False)}
    assert "pooled" not in plain["_all"]
    assert plain["_all"]["success_auc"] != rows["_all"]["success_auc"]  # the two numbers the column tells apart
