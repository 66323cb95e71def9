"""A search started in the NAS alphas dock over the shipped replay kept the replay's alphas and 'epoch 8 / 8' on
show under 'new search in ...' while the search cut its crops (tens of seconds, the bar at a still 0 %): until its
first step it shows no alphas and 'no epoch yet', the bar saying the crops are being cut; the step's fraction
then."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

pytest.importorskip("torch")


def test_a_new_search_shows_no_alphas_of_the_replay(window, registry, qtbot, monkeypatch, shipped_copy):
    from workbench_nas_tir import search

    cut, stepped = threading.Event(), threading.Event()

    def fake_search(cfg, out_dir, ctx=None, resume=False, bank=None):
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        cut.wait(4)  # the crops being cut
        yield {"kind": "start", "identities": [1], "crops": 2, "history": []}
        yield {"kind": "step", "step": 1, "total": 4, "epoch": 0.25, "loss_w": 1.0, "loss_a": 1.0,
               "alpha_normal": [[0.125] * 8] * 14, "alpha_reduce": [[0.125] * 8] * 14}
        stepped.wait(4)
        yield {"kind": "cancelled"}

    monkeypatch.setattr(search, "search_events", fake_search)
    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    dock.search_in_process = False  # the patched search is a local function: it does not pickle
    qtbot.waitUntil(lambda: not dock.loading and dock.search_dir is not None, timeout=4000)
    assert dock.heat_normal.data is not None and dock.epoch_label.text().startswith("epoch 8")
    try:
        assert dock.start_search(), dock.status.text()
        assert dock.heat_normal.data is None and dock.heat_reduce.data is None
        assert dock.epoch_label.text() == "no epoch yet"
        assert dock.progress.format().startswith("cutting the training crops")
        cut.set()
        qtbot.waitUntil(lambda: dock.heat_normal.data is not None, timeout=4000)
        assert dock.progress.format() == "%p%" and dock.progress.value() == 250
        assert float(dock.heat_normal.data[0, 0]) == pytest.approx(0.125)
    finally:
        cut.set()
        stepped.set()
    qtbot.waitUntil(lambda: not dock.running, timeout=4000)
