"""The NAS inspector's form and the crops a search from the window has. "real TIR crops" only takes the
sequences of the search on show's ``data`` roots; a search started here (or the shipped one) names none, so
the box did nothing: it is greyed then, its tooltip saying how to search on real crops. With "generated seqs"
at 0 and no real sequences the search cut no crop and failed after starting (from its child process as
"TypeError: DataError.__init__() missing 1 required positional argument"): refused before it starts now."""
from pathlib import Path

import pytest

pytest.importorskip("torch")


def test_real_crops_box_and_a_search_without_crops(window, registry, qtbot, monkeypatch, tmp_path):
    from workbench_nas_tir import search

    started = []

    def fake_search(cfg, out_dir, ctx=None, resume=False, bank=None):
        started.append((Path(out_dir), cfg.synthetic, cfg.real, cfg.data))
        yield {"kind": "done"}

    monkeypatch.setattr(search, "search_events", fake_search)
    d = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    d.search_in_process = False  # the patched search is a local function: it does not pickle
    qtbot.waitUntil(lambda: not d.loading, timeout=20000)
    assert d.history  # the shipped replay on show: it names no real sequences
    assert not d.real.isEnabled() and "generated sequences only" in d.real.toolTip()
    d.synthetic.setValue(0)
    assert not d.start_search()
    assert "no training crops" in d.status.text() and "generated seqs" in d.status.text(), d.status.text()
    assert not started and not d.running and not d.new_search_dir().exists()
    # a search that read real sequences: the box is live, and a search with no generated ones starts
    roots = str(tmp_path / "real_root")
    d.settings = {**d.settings, "data": roots}
    d.set_form(d.settings)
    assert d.real.isEnabled() and roots in d.real.toolTip()
    d.synthetic.setValue(0)
    assert d.start_search()
    qtbot.waitUntil(lambda: not d.running, timeout=10000)
    assert started and started[0][1:] == (0, True, roots)
