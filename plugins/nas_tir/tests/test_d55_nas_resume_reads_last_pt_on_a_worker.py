"""The NAS inspector's Resume loaded the search's ``last.pt`` (``search.check_resume``: torch's load of tens of MB,
torch's first use) on the GUI thread: the window froze while it read. It is read on a worker now, the window handling
events meanwhile. A damaged or pickle-needing ``last.pt`` is refused naming the file, and a refused Resume of another
search leaves the form (which it had set to that search's settings) and the folder's files as they were."""
import json
import threading
from pathlib import Path

import pytest

pytest.importorskip("torch")


@pytest.fixture
def calls(monkeypatch):
    """The searches started: [(folder, resume)]."""
    from workbench_nas_tir import search

    seen = []

    def fake_search(cfg, out_dir, ctx=None, resume=False, bank=None):
        seen.append((Path(out_dir), resume))
        yield {"kind": "done"}

    monkeypatch.setattr(search, "search_events", fake_search)
    return seen


@pytest.fixture
def dock(window, registry, qtbot, shipped_copy, calls):
    d = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    d.search_in_process = False  # the patched search is a local function: it does not pickle
    qtbot.waitUntil(lambda: not d.loading, timeout=20000)
    return d


def test_resume_reads_last_pt_on_a_worker(dock, calls, tmp_path, monkeypatch, qtbot):
    import torch
    from PySide6.QtCore import QTimer

    from workbench.core.training import checkpoints

    run = tmp_path / "searched"
    run.mkdir()
    torch.save({"model": {"alpha_normal": torch.zeros(2)}, "optimizer": {"w": {}, "a": {}}, "epoch": 1,
                "history": [], "extra": {"config": {}}}, run / "last.pt")
    read_on, load = [], checkpoints.load_checkpoint
    done = threading.Event()

    def slow_load(path, *a, **k):  # a big file on a slow disk: the window goes on meanwhile
        read_on.append(threading.current_thread() is threading.main_thread())
        done.wait(0.3)
        return load(path, *a, **k)

    monkeypatch.setattr(checkpoints, "load_checkpoint", slow_load)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(done.is_set()))
    timer.start(10)
    cfg = dock.search_config()
    try:
        assert dock.start_search(resume=True, out_dir=run, config=cfg), dock.status.text()
    finally:
        timer.stop()
    assert read_on == [False]  # on a worker
    assert ticks  # the GUI thread handled its timer while last.pt was read
    qtbot.waitUntil(lambda: not dock.running, timeout=5000)
    assert calls == [(run, True)]  # (the search job's generator, on its worker)
    assert dock.search_btn.isEnabled()


@pytest.mark.parametrize("damage", ["truncated", "pickled"])
def test_a_bad_last_pt_is_refused_naming_it_and_nothing_is_lost(dock, calls, tmp_path, damage):
    import argparse

    import torch

    other = tmp_path / "other"
    other.mkdir()
    ck = other / "last.pt"
    if damage == "truncated":
        torch.save({"model": {"alpha_normal": torch.zeros(64)}, "epoch": 1}, ck)
        ck.write_bytes(ck.read_bytes()[:200])
    else:  # an object torch loads only with pickle (weights_only refuses it)
        torch.save({"model": argparse.Namespace(a=1), "epoch": 1}, ck)
    form = dock.form_settings()
    (other / "alpha_history.json").write_text(json.dumps(
        {"cell": "dual", "epochs": [], "config": {"cells": form["cells"] + 1, "epochs": form["epochs"] + 3}}))
    before = {p.name: p.read_bytes() for p in other.iterdir()}
    settings = dict(dock.settings)
    assert not dock.start_search(resume=True, out_dir=other)
    text = dock.status.text()
    assert text.startswith(f"Resume not started: {ck}"), text
    assert ("needs pickle" in text) if damage == "pickled" else ("truncated or damaged" in text), text
    assert calls == [] and not dock.running
    assert dock.form_settings() == form and dock.settings == settings  # the form as it was
    assert {p.name: p.read_bytes() for p in other.iterdir()} == before
    assert dock.search_btn.isEnabled()
