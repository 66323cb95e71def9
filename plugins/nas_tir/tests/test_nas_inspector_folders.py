"""The NAS alphas dock's Search never replaces an earlier search: every Search started here saved into
``<workspace>/nas_tir_search``, so a second Search overwrote the first one's checkpoint, alpha history
and genotype. A new Search now takes the first free folder (``nas_tir_search``, ``nas_tir_search-2``,
...) and says which; Resume continues the search on show, or (with the shipped replay on show) the
workspace's latest one."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("torch")


@pytest.fixture
def calls(monkeypatch):
    """The searches started: [(folder, resume)]; each writes what the real one writes, stamped with its
    number, so an overwritten folder shows."""
    from workbench_nas_tir import search

    seen = []

    def fake_search(cfg, out_dir, ctx=None, resume=False, bank=None):
        out = Path(out_dir)
        seen.append((out, resume))
        out.mkdir(parents=True, exist_ok=True)
        (out / "alpha_history.json").write_text('{"cell": "dual", "epochs": []}')
        (out / "last.pt").write_bytes(f"search {len(seen)}".encode())
        yield {"kind": "done"}

    monkeypatch.setattr(search, "search_events", fake_search)
    # its last.pt is a stand-in (bytes naming the search): Resume's check of the checkpoint goes with the search
    monkeypatch.setattr(search, "check_resume", lambda cfg, out_dir: None)
    return seen


def _dock(window, registry, qtbot):
    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    dock.search_in_process = False  # the patched search is a local function: it does not pickle
    qtbot.waitUntil(lambda: not dock.loading, timeout=20000)
    return dock


def test_a_new_search_never_replaces_an_earlier_one(window, registry, qtbot, tmp_path, shipped_copy, calls):
    workspace = tmp_path / "workspace"
    earlier = workspace / "nas_tir_search"
    earlier.mkdir(parents=True)
    (earlier / "alpha_history.json").write_text('{"cell": "dual", "epochs": []}')
    (earlier / "last.pt").write_bytes(b"the earlier search")
    shutil.copy2(shipped_copy / "genotype_dual.json", earlier / "genotype.json")
    genotype = (earlier / "genotype.json").read_bytes()
    dock = _dock(window, registry, qtbot)

    dock.search_btn.click()
    second = workspace / "nas_tir_search-2"
    assert dock.running and str(second) in dock.status.text()  # the status line names the new folder
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert calls == [(second, False)] and dock.search_dir == second
    # the earlier search is whole
    assert (earlier / "last.pt").read_bytes() == b"the earlier search"
    assert (earlier / "genotype.json").read_bytes() == genotype

    # another Search: the next free folder; the one on show is kept too
    dock.search_btn.click()
    third = workspace / "nas_tir_search-3"
    assert str(third) in dock.status.text()
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert calls[-1] == (third, False)
    assert (second / "last.pt").read_bytes() == b"search 1"

    # Resume continues the search on show
    dock.resume_btn.click()
    assert str(third) in dock.status.text()
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert calls[-1] == (third, True)
    dock.load_folder(earlier)
    dock.resume_btn.click()
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert calls[-1] == (earlier, True)

    # with the shipped replay on show, Resume continues the workspace's latest search (newest last.pt)
    for k, folder in enumerate((earlier, third, second)):  # second saved last
        os.utime(folder / "last.pt", (1_700_000_000 + k, 1_700_000_000 + k))
    dock.load_folder(shipped_copy)
    dock.resume_btn.click()
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert calls[-1] == (second, True)


def test_search_folder_names(window, registry, qtbot, tmp_path, shipped_copy):
    """The first free name, gaps and empty folders included; other folders are not searches."""
    workspace = tmp_path / "workspace"
    dock = _dock(window, registry, qtbot)
    assert dock.new_search_dir() == workspace / "nas_tir_search"
    (workspace / "nas_tir_search").mkdir(parents=True)
    assert dock.new_search_dir() == workspace / "nas_tir_search"  # empty: nothing to lose
    (workspace / "nas_tir_search" / "search_config.json").write_text("{}")
    (workspace / "nas_tir_search-3").mkdir()
    (workspace / "nas_tir_search-3" / "last.pt").write_bytes(b"x")
    (workspace / "nas_tir_search-x").mkdir()
    (workspace / "nas_tir_search-02").mkdir()
    assert dock.new_search_dir() == workspace / "nas_tir_search-2"
    assert dock.search_dirs() == [workspace / "nas_tir_search", workspace / "nas_tir_search-3"]
    assert dock.latest_search_dir() == workspace / "nas_tir_search-3"
