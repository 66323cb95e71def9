"""The before / after table's rows are keyed by the model they were counted for: rows a worker counted for the
weights shown before a switch (same rho, scope, align) were filled in and exported as the new model's (R2)."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_rows_of_another_model_are_not_taken(qtbot, small_model, monkeypatch):
    import copy

    from workbench_siamfcpp_prune import figures
    from workbench_siamfcpp_prune.inspector import PruningInspector, _summary

    monkeypatch.setattr(figures, "default_model_and_ranks", lambda: (*small_model, "shipped test ranks"))
    host = type("Host", (), {"sequence": None, "frame_index": 0})()
    dock = PruningInspector(host)
    qtbot.addWidget(dock)
    old_model, ranks = small_model
    dock.set_model(old_model, ranks, "old")
    dock.x_size = 199
    stale = _summary(old_model, dock.rho, dock.scope.currentText(), dock.channel_align, dock.x_size)
    dock.set_model(copy.deepcopy(old_model), ranks, "new")  # the weights switched while the rows were counted
    dock._table_rows = None
    dock._on_summary(stale)
    assert dock.table_rows() is None and dock._table_wanted  # counted again for the model shown
    fresh = _summary(dock.model, dock.rho, dock.scope.currentText(), dock.channel_align, dock.x_size)
    dock._on_summary(fresh)
    assert dock.table_rows() is not None
