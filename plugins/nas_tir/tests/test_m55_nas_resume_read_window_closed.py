"""The NAS inspector's Resume reads the search's ``last.pt`` on a worker, the window handling events meanwhile: the
window could be closed during that read, and the search then started anyway, after the window had gone (a search
job left running in a closed window, the process waiting for it). The read a closing window cancelled (its close
cancels every job under it) starts nothing: the Resume is refused, saying why."""
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


def test_window_closed_during_the_read_starts_no_search(window, registry, qtbot, shipped_copy, calls, tmp_path,
                                                         monkeypatch):
    import torch
    from PySide6.QtCore import QTimer

    from workbench.core.training import checkpoints
    from workbench.gui.worker import Job

    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    dock.search_in_process = False  # the patched search is a local function: it does not pickle
    qtbot.waitUntil(lambda: not dock.loading, timeout=20000)
    run = tmp_path / "searched"
    run.mkdir()
    torch.save({"model": {"alpha_normal": torch.zeros(2)}, "optimizer": {"w": {}, "a": {}}, "epoch": 1,
                "history": [], "extra": {"config": {}}}, run / "last.pt")
    closed, load = threading.Event(), checkpoints.load_checkpoint

    def slow_load(path, *a, **k):  # a big file on a slow disk: the window is closed meanwhile
        closed.wait(3)
        return load(path, *a, **k)

    monkeypatch.setattr(checkpoints, "load_checkpoint", slow_load)

    def close():
        window.close()
        closed.set()

    QTimer.singleShot(20, close)
    started = dock.start_search(resume=True, out_dir=run, config=dock.search_config())
    assert closed.is_set() and not window.isVisible()
    Job.wait_all(5000)
    assert not started and calls == [] and not dock.running
    assert dock.status.text() == f"Resume not started: the window closed while {run / 'last.pt'} was read"
