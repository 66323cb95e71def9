"""``read_loso`` (the LOSO tab's check of a loso.json) took a null ``std_f1`` whatever the fold count, so a damaged
multi-fold file opened and the tab said "1 fold: no spread" over three folds. Null is one fold's (no sample std);
over more folds it is the damaged-file refusal."""
from __future__ import annotations

import json

import pytest

FOLDS = {g: {"precision": 0.5, "recall": 0.5, "f1": f1, "tp": 1, "fp": 1, "fn": 1}
         for g, f1 in (("daub_a", 0.4), ("daub_b", 0.5), ("daub_c", 0.6))}


def _summary(folds: int, std):
    return {"folds": folds, "mean_f1": 0.5, "std_f1": std, "min_f1": 0.4, "max_f1": 0.6, "mean_precision": 0.5,
            "mean_recall": 0.5, "pooled": {"f1": 0.5, "tp": 3, "fp": 3, "fn": 3}}


def _write(tmp_path, folds: dict, summary: dict):
    path = tmp_path / "loso.json"
    path.write_text(json.dumps({"folds": folds, "summary": summary}))
    return path


def test_null_spread_over_three_folds_is_a_damaged_file(tmp_path):
    pytest.importorskip("PySide6")
    from workbench.core.errors import WorkbenchError
    from workbench_seq_irst.panel import read_loso

    path = _write(tmp_path, FOLDS, _summary(3, None))
    with pytest.raises(WorkbenchError) as info:
        read_loso(path)
    assert str(info.value).startswith(f"{path}: its summary lacks the folds' figures") and "damaged" in str(info.value)


def test_null_spread_of_one_fold_and_a_spread_of_three_open(tmp_path):
    pytest.importorskip("PySide6")
    from workbench_seq_irst.panel import read_loso

    one = {"daub_a": FOLDS["daub_a"]}
    assert read_loso(_write(tmp_path, one, _summary(1, None)))["summary"]["std_f1"] is None
    assert read_loso(_write(tmp_path, FOLDS, _summary(3, 0.1)))["summary"]["std_f1"] == 0.1
