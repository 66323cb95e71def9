"""Quitting while the NAS inspector's Resume read the search's ``last.pt`` lets that read go (``Job.let_go``): its
wait raised ``Cancelled``, which the read's catch-all worded as the file's fault ("last.pt: could not be read: let
go: ..."). Nothing was started, but the status blamed the file: it says the window closed while the file was read."""
import threading
from pathlib import Path

import pytest

pytest.importorskip("torch")


def test_a_read_let_go_says_the_window_closed(window, registry, qtbot, tmp_path, monkeypatch):
    import torch
    from PySide6.QtCore import QTimer

    from workbench.core.training import checkpoints
    from workbench.gui.worker import Job
    from workbench_nas_tir import inspector, search

    started = []
    monkeypatch.setattr(search, "search_events", lambda *a, **k: started.append(a) or iter(()))
    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    dock.search_in_process = False
    qtbot.waitUntil(lambda: not dock.loading, timeout=20000)
    run = tmp_path / "searched"
    run.mkdir()
    torch.save({"model": {"alpha_normal": torch.zeros(2)}, "optimizer": {"w": {}, "a": {}}, "epoch": 1,
                "history": [], "extra": {"config": {}}}, run / "last.pt")
    gone, load, jobs = threading.Event(), checkpoints.load_checkpoint, []

    def slow_load(path, *a, **k):  # a big file on a slow disk: quitting lets the read go meanwhile
        gone.wait(3)
        return load(path, *a, **k)

    class Recorded(Job):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            jobs.append(self)

    monkeypatch.setattr(checkpoints, "load_checkpoint", slow_load)
    monkeypatch.setattr(inspector, "Job", Recorded)

    def quit_lets_it_go():
        jobs[-1].let_go()  # as quitting does with a job still running
        gone.set()

    QTimer.singleShot(20, quit_lets_it_go)
    ok = dock.start_search(resume=True, out_dir=run, config=dock.search_config())
    Job.wait_all(5000)
    assert not ok and started == [] and not dock.running
    said = dock.status.text()
    assert said == f"Resume not started: the window closed while {Path(run) / 'last.pt'} was read", said
