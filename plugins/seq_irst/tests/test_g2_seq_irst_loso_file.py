"""The LOSO tab's Open loso.json… on a damaged or foreign file: refused naming the file and the problem
(a bad file said "JSONDecodeError: ... (in decoder.py:353)"; a fold without its scores raised KeyError
with the table half filled), the report on show kept."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("torch")

GOOD = {"folds": {"daub_a": {"precision": 0.5, "recall": 0.25, "f1": 0.333, "tp": 1, "fp": 1, "fn": 3}},
        "summary": {"mean_f1": 0.333, "std_f1": 0.0, "folds": 1, "min_f1": 0.333, "max_f1": 0.333,
                    "mean_precision": 0.5, "mean_recall": 0.25}}


@pytest.mark.parametrize("content, said", [
    ("{not json", "damaged, not JSON"),
    ('{"summary": {}}', "not a LOSO report"),
    (json.dumps({"folds": {"daub_b": {"f1": 0.2}}}), "fold 'daub_b' has no precision"),
    (json.dumps({"folds": GOOD["folds"], "summary": {"mean_f1": 0.3}}), "its summary lacks"),
])
def test_a_damaged_loso_json_is_refused_naming_it(qtbot, tmp_path, monkeypatch, content, said):
    from PySide6.QtWidgets import QFileDialog

    from workbench_seq_irst.panel import SeqIRSTPanel

    panel = SeqIRSTPanel(None)
    panel.quiet = True
    qtbot.addWidget(panel)
    panel.show_loso(dict(GOOD), "first run")
    bad = tmp_path / "loso.json"
    bad.write_text(content)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    panel._ask_loso_file()
    text = panel.loso_source.text()
    assert text.startswith(str(bad)) and text.count(str(bad)) == 1 and said in text and "decoder.py" not in text, text
    assert panel.loso_report == GOOD and panel.loso_table.rowCount() == 1
    assert panel.loso_table.item(0, 0).text() == "daub_a"
