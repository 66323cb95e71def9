"""The NAS inspector's Open… on a damaged search: an alpha history that is not JSON, of the wrong shape or
not a history at all, and a genotype.json that is not a cell, are refused naming the file and the
problem (it said "'int' object is not iterable", "'list' object has no attribute 'get'"), and the dock
stays on the search it showed (it was left half on the damaged one: Resume aimed at its folder)."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("torch")


def _history(kind="dual", epochs=1, rows=14):
    alpha = [[0.125] * 8 for _ in range(rows)]
    return {"cell": kind, "epochs": [{"epoch": e, "alpha_normal": alpha, "alpha_reduce": alpha} for e in range(epochs)]}


@pytest.mark.parametrize("content, said", [
    ('{"epochs": [ {"epoch": 0, "alpha', "not JSON"),
    ("[1, 2, 3]", "not an alpha history"),
    (json.dumps(_history(rows=3)), "14 x 8 alpha matrices"),
    (json.dumps({"cell": "dual", "epochs": [{"epoch": 0, "alpha_normal": "x", "alpha_reduce": "y"}]}), "entry 0"),
])
def test_a_damaged_history_is_refused_naming_it(qtbot, tmp_path, content, said):
    from workbench_nas_tir import PLUGIN
    from workbench_nas_tir.inspector import NASInspector

    good = tmp_path / "good"
    good.mkdir()
    (good / "alpha_history.json").write_text(json.dumps(_history(epochs=3)))
    dock = NASInspector(None, PLUGIN)
    qtbot.addWidget(dock)
    dock._open(good)
    assert dock.search_dir == good and dock.slider.maximum() == 2
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "alpha_history.json").write_text(content)
    dock._open(bad)
    text = dock.status.text()
    assert said in text and str(bad / "alpha_history.json") in text, text
    assert dock.search_dir == good and dock.slider.maximum() == 2 and len(dock.history) == 3


def test_a_damaged_genotype_is_refused_naming_it(qtbot, tmp_path):
    from workbench_nas_tir import PLUGIN
    from workbench_nas_tir.inspector import NASInspector

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "alpha_history.json").write_text(json.dumps(_history()))
    (bad / "genotype.json").write_text(json.dumps({"cell": "dual", "normal": 5, "reduce": []}))
    dock = NASInspector(None, PLUGIN)
    qtbot.addWidget(dock)
    dock._open(bad)
    text = dock.status.text()
    assert str(bad / "genotype.json") in text and "'normal' part is not a list of 4 nodes" in text, text
    assert dock.search_dir != bad
