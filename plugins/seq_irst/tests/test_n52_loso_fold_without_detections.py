"""A LOSO fold that detected nothing has no precision (null: ``evaluation.detection``); its F1 is 0 (TP = 0 against
labels). The summary took ``np.mean`` over the folds' precisions (a TypeError on null, where 0.0 before made the
mean precision lower than any fold that detected), and the tables wrote ``:.3f``. Now: the undefined fold is left out
of the mean precision, ``mean_over`` says over how many folds, F1 counts it as 0, the table writes "—", the LOSO tab's
reader opens the file."""
from __future__ import annotations

import json

import pytest

from workbench.core.evaluation.detection import Counts
from workbench_seq_irst.loso import format_table, summarise

FOLDS = {"daub_a": Counts(tp=0, fp=0, fn=4).as_dict(),  # held-out group where nothing was detected
         "daub_b": Counts(tp=3, fp=1, fn=1).as_dict(),
         "daub_c": Counts(tp=1, fp=1, fn=1).as_dict()}


def test_summary_of_a_fold_without_detections():
    assert FOLDS["daub_a"]["precision"] is None and FOLDS["daub_a"]["f1"] == 0.0
    s = summarise(FOLDS)
    assert s["mean_precision"] == pytest.approx((0.75 + 0.5) / 2)  # over the two folds that detected
    assert s["mean_recall"] == pytest.approx((0.0 + 0.75 + 0.5) / 3)
    assert s["mean_f1"] == pytest.approx((0.0 + 0.75 + 0.5) / 3) and s["min_f1"] == 0.0
    assert s["mean_over"] == {"precision": 2, "recall": 3, "f1": 3}
    assert s["pooled"]["precision"] == pytest.approx(4 / 6) and s["pooled"]["tp"] == 4
    json.dumps(s, allow_nan=False)
    table = format_table({"folds": FOLDS, "summary": s})
    row = next(line for line in table.splitlines() if line.startswith("daub_a"))
    assert row.split()[1:4] == ["\u2014", "0.000", "0.000"], table
    assert "P over 2 of 3" in table, table


def test_no_fold_detected_anything():
    folds = {g: Counts(tp=0, fp=0, fn=2).as_dict() for g in ("a", "b")}
    s = summarise(folds)
    assert s["mean_precision"] is None and s["mean_over"]["precision"] == 0 and s["pooled"]["precision"] is None
    assert s["mean_f1"] == 0.0 and s["std_f1"] == 0.0
    assert "\u2014" in format_table({"folds": folds, "summary": s})


def test_the_loso_tab_reads_it(tmp_path):
    pytest.importorskip("PySide6")
    from workbench.core.errors import WorkbenchError
    from workbench_seq_irst.panel import read_loso

    path = tmp_path / "loso.json"
    path.write_text(json.dumps({"folds": FOLDS, "summary": summarise(FOLDS)}, allow_nan=False))
    assert read_loso(path)["folds"]["daub_a"]["precision"] is None
    none = {g: Counts(tp=0, fp=0, fn=2).as_dict() for g in ("a", "b")}
    path.write_text(json.dumps({"folds": none, "summary": summarise(none)}))
    assert read_loso(path)["summary"]["mean_precision"] is None
    damaged = dict(summarise(FOLDS), mean_precision=None)  # a null mean where folds have a precision
    path.write_text(json.dumps({"folds": FOLDS, "summary": damaged}))
    with pytest.raises(WorkbenchError, match="damaged"):
        read_loso(path)
    path.write_text(json.dumps({"folds": {"a": {"recall": 0.5, "f1": 0.5}}, "summary": None}))
    with pytest.raises(WorkbenchError, match="has no precision"):  # absent is still damaged
        read_loso(path)


def test_the_loso_tab_and_the_iteration_table_write_a_dash(qtbot):
    pytest.importorskip("torch")
    from workbench_seq_irst.mining import format_table as iterations_table
    from workbench_seq_irst.panel import SeqIRSTPanel

    panel = SeqIRSTPanel(None)
    panel.quiet = True
    qtbot.addWidget(panel)
    panel.show_loso({"folds": FOLDS, "summary": summarise(FOLDS)})
    assert [panel.loso_table.item(0, c).text() for c in (1, 2, 3)] == ["\u2014", "0.000", "0.000"]
    said = panel.loso_summary.text()
    assert "mean P 0.625" in said and "P over 2 of 3 folds" in said, said
    rows = [{"iteration": 0, "epochs": 2, "images": 10, "precision": None, "recall": 0.0, "f1": 0.0}]
    assert iterations_table(rows).splitlines()[1].split()[3:] == ["\u2014", "0.00", "0.00"]
