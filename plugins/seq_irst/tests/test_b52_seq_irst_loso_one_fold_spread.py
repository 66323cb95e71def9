"""A LOSO with one fold finished (``--fold G``, or the window's first fold: it runs one a call) has no spread:
``std_f1`` is null in loso.json (it was 0.0: "mean F1 0.333 ± 0.000 (sample std over 1 folds)", as if folds had
agreed exactly); the table and the window's LOSO tab say so, and a loso.json with that null opens."""
from __future__ import annotations

import json

import pytest

from workbench_seq_irst.loso import format_table, summarise

ONE = {"daub_a": {"precision": 0.5, "recall": 0.25, "f1": 0.333, "tp": 1, "fp": 1, "fn": 3}}


def test_one_fold_has_a_null_spread_and_the_table_a_dash():
    s = summarise(ONE)
    assert s["folds"] == 1 and s["std_f1"] is None and s["mean_f1"] == pytest.approx(0.333)
    assert json.loads(json.dumps(s))["std_f1"] is None  # null in the file
    table = format_table({"folds": ONE, "summary": s})
    assert "(—)" in table and "0.000" not in table.splitlines()[-1].split("(")[1].split(")")[0]
    two = summarise({**ONE, "daub_b": {"precision": 1.0, "recall": 1.0, "f1": 0.5, "tp": 2, "fp": 0, "fn": 0}})
    assert two["std_f1"] == pytest.approx(0.1180868, abs=1e-6)


def test_the_loso_tab_opens_a_one_fold_loso_json(qtbot, tmp_path, monkeypatch):
    pytest.importorskip("torch")
    from PySide6.QtWidgets import QFileDialog

    from workbench_seq_irst.panel import SeqIRSTPanel

    path = tmp_path / "loso.json"
    path.write_text(json.dumps({"folds": ONE, "summary": summarise(ONE)}))
    panel = SeqIRSTPanel(None)
    panel.quiet = True
    qtbot.addWidget(panel)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    panel._ask_loso_file()
    assert panel.loso_report is not None and panel.loso_table.rowCount() == 1, panel.loso_source.text()
    said = panel.loso_summary.text()
    assert "1 fold: no spread" in said and "± 0.000" not in said, said
