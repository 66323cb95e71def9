"""A search started in the NAS alphas dock over the shipped replay kept the replay's derived cell: the graph and
its cost line showed it beside the new search's live alphas, and Export wrote it as the new search's
genotype.json and derived_cell figures. A new search shows no cell until its first epoch; a resumed one, the cell
its folder saved."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("torch")


def test_a_new_search_shows_and_exports_no_cell_of_the_replay(window, registry, qtbot, monkeypatch, tmp_path,
                                                              shipped_copy):
    from workbench_nas_tir import search

    def fake_search(cfg, out_dir, ctx=None, resume=False, bank=None):
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        yield {"kind": "start", "identities": [1], "crops": 2, "history": []}
        yield {"kind": "cancelled"}

    monkeypatch.setattr(search, "search_events", fake_search)
    monkeypatch.setattr(search, "check_resume", lambda cfg, out_dir: None)
    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    dock.search_in_process = False  # the patched search is a local function: it does not pickle
    qtbot.waitUntil(lambda: not dock.loading and dock.search_dir is not None, timeout=20000)
    replayed = dock.genotype
    assert replayed is not None
    assert dock.start_search()
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert dock.genotype is None and dock.graph._shown[0] is None
    written = {p.name for p in dock.export(tmp_path / "out", formats=("png",))}
    assert "genotype.json" not in written and "derived_cell.png" not in written, written

    (dock.resume_dir() / "genotype.json").write_text(json.dumps(replayed))  # a search that saved an epoch
    (dock.resume_dir() / "last.pt").write_bytes(b"checkpoint")
    assert dock.start_search(resume=True)
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert dock.genotype == replayed
