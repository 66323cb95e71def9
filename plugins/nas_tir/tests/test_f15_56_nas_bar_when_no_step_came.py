"""A search in the NAS alphas dock that ended before its first step left the bar reading "cutting the training
crops…": one failing while its crops were cut (an unreadable frame) said so on the status line only, and a resume
with no epoch left ("start" then "done") showed the crops still being cut at 100 %. The bar says "failed", and
its fraction once the search has started."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("torch")
from workbench.core.errors import WorkbenchError  # noqa: E402


def _run(window, registry, qtbot, monkeypatch, fake):
    from workbench_nas_tir import search

    monkeypatch.setattr(search, "search_events", fake)
    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    dock.search_in_process = False  # the patched search is a local function: it does not pickle
    qtbot.waitUntil(lambda: not dock.loading and dock.search_dir is not None, timeout=3000)
    assert dock.start_search(), dock.status.text()
    qtbot.waitUntil(lambda: not dock.running, timeout=3000)
    return dock


def test_failed_while_cutting_the_crops_bar_says_failed(window, registry, qtbot, monkeypatch, shipped_copy):
    def fake_search(cfg, out_dir, ctx=None, resume=False, bank=None):
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        raise WorkbenchError("the crops could not be cut: x.png unreadable")
        yield  # a generator, as the search is

    dock = _run(window, registry, qtbot, monkeypatch, fake_search)
    assert "x.png unreadable" in dock.status.text()
    assert dock.progress.format() == "failed", dock.progress.format()


def test_started_and_done_without_a_step_bar_says_its_fraction(window, registry, qtbot, monkeypatch, shipped_copy):
    def fake_search(cfg, out_dir, ctx=None, resume=False, bank=None):
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        yield {"kind": "start", "identities": [1], "crops": 2, "history": []}
        yield {"kind": "done", "genotype": None, "history": []}

    dock = _run(window, registry, qtbot, monkeypatch, fake_search)
    assert dock.status.text().startswith("search done"), dock.status.text()
    assert dock.progress.format() == "%p%", dock.progress.format()
    assert dock.progress.text() == "100%"
