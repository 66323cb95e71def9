"""A run's maps dropped for the window's budget whose file is not there (a mount gone, not written yet) are looked
for again every ``MAPS_RETRY_S`` while the map is on screen. That look (``maps_file_of``: ``Path.is_file``) ran on
the GUI thread at every retry, so a dead mount held the window each time. The GUI thread now only names the file;
the worker looks, keeps the failure and says nothing new; the file back, it is read."""
from __future__ import annotations

import os
import threading
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from workbench.core.results import maps_path


def _frame(i: int):
    from workbench.core.methods import MapLayer

    return SimpleNamespace(index=i, box=(1.0, 1.0, 4.0, 4.0), score=1.0, seconds=0.01,
                           maps={"response": MapLayer(np.full((9, 9), i % 5, np.float16), None)})


def _dropped_saved_run(w, folder: Path):
    """A finished window run of the demo saved with its maps file, its maps then dropped for the budget."""
    from workbench.core.results import write_maps
    from workbench.gui.runner import LiveRun

    run = LiveRun("fake", w.sequence.name, w.n_frames, 0)
    for i in range(w.n_frames):
        run.add(_frame(i))
    run.status, run.saved_to = "done", folder / f"{w.sequence.name}.txt"
    folder.mkdir(parents=True)
    write_maps(maps_path(run.saved_to), run.maps, w.n_frames)
    w.tracking.live["fake"] = run
    w.map_budget.limit = 1
    w.map_budget.fit(w.tracking.live)
    assert run.maps == {} and run.maps_dropped_names == ("response",)
    return run


def _gui_thread_looks(monkeypatch, folder: Path) -> list:
    """The ``is_file`` / ``exists`` / ``stat`` calls on the GUI thread for paths under ``folder``."""
    looks, gui = [], threading.main_thread()
    for name in ("is_file", "exists", "stat"):
        real = getattr(Path, name)

        def counted(self, *a, _real=real, _name=name, **k):
            if threading.current_thread() is gui and str(self).startswith(str(folder)):
                looks.append((_name, str(self)))
            return _real(self, *a, **k)
        monkeypatch.setattr(Path, name, counted)
    real_stat = os.stat

    def os_stat(path, *a, **k):
        if threading.current_thread() is gui and str(path).startswith(str(folder)):
            looks.append(("os.stat", str(path)))
        return real_stat(path, *a, **k)
    monkeypatch.setattr(os, "stat", os_stat)
    return looks


def test_a_dropped_maps_retry_does_not_look_at_the_disk_on_the_gui_thread(qtbot, window, monkeypatch, tmp_path):
    from workbench.gui.controllers import tracking

    w = window
    w.open_demo()
    folder = tmp_path / "res"
    run = _dropped_saved_run(w, folder)
    path = maps_path(run.saved_to)
    away = tmp_path / "away.npz"
    path.rename(away)  # the mount gone
    monkeypatch.setattr(tracking, "MAPS_RETRY_S", 0.0, raising=False)  # every frame drawn retries
    looks = _gui_thread_looks(monkeypatch, folder)
    w.statusBar().clearMessage()
    started = []
    real_start = w.tracking._back.start
    monkeypatch.setattr(w.tracking._back, "start", lambda *a, **k: (started.append(a[2]), real_start(*a, **k))[1])
    for f in (2, 3, 4, 5, 6):
        w.tracking.maps_at("fake", f)
        qtbot.waitUntil(lambda: not w.tracking._back.pending and not w.tracking._maps_in, timeout=5000)
    assert looks == [], looks
    assert len(started) == 5 and set(started) == {path}  # each retry asked the worker, naming the file
    failed = run.maps_back_failed
    assert failed is not None and failed.path == path and failed.signature is None
    assert run.maps == {} and w.statusBar().currentMessage() == ""  # no file: nothing said

    away.rename(path)  # back: the next retry reads it (on the worker)
    w.tracking.maps_at("fake", 7)
    qtbot.waitUntil(lambda: bool(run.maps), timeout=5000)
    assert looks == [] and len(run.maps) == w.n_frames and run.maps_back_failed is None
