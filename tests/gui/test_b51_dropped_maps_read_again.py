"""The maps of a run dropped for the window's memory budget are read back from its maps file when shown. A read
that failed, or found no file (not written yet, written by a command, a mount back), marked the run for good: its
maps never came back until the sequence was opened again. Now a failed read is tried again once the file is
another one: at once when the window writes it, else looked at (on a worker) every ``MAPS_RETRY_S``; a file still
the one that failed is not read again, and what was said is not said again.

And the budget itself: a run going was never trimmed by the window's budget, so beside a kept (shown) run it
held its own ``MAP_BUDGET_BYTES`` over the window's budget for as long as it ran; it now keeps its latest frames'
maps within what the kept runs leave."""
from __future__ import annotations

import os
from types import SimpleNamespace

import numpy as np
import pytest

from workbench.core.results import maps_path

UNIT = 64 * 2**10  # a frame's maps in the budget test


@pytest.fixture
def counted_reads(monkeypatch):
    """The maps files read (``results.read_maps``), in order."""
    from workbench.core import results as results_mod

    reads, real = [], results_mod.read_maps
    monkeypatch.setattr(results_mod, "read_maps", lambda path, *a, **k: (reads.append(path), real(path, *a, **k))[1])
    return reads


def _saved_run(w, tmp_path):
    """A finished run of the demo as the window holds one saved with its maps file (``<seq>_maps.npz``
    beside its boxes), its maps then dropped for the budget."""
    from workbench.core.results import write_maps
    from workbench.gui.runner import LiveRun

    n = w.n_frames
    run = LiveRun("fake", w.sequence.name, n, 0)
    for i in range(n):
        run.add(_frame(i, shape=(17, 17)))
    run.status, run.saved_to = "done", tmp_path / "res" / f"{w.sequence.name}.txt"
    run.saved_to.parent.mkdir(parents=True)
    write_maps(maps_path(run.saved_to), run.maps, n)
    w.tracking.live["fake"] = run
    _drop(w, run)
    return run


def _drop(w, run) -> None:
    w.map_budget.limit = 1
    w.map_budget.fit(w.tracking.live)
    assert run.maps == {} and run.maps_dropped_names == ("response",)


def _shown(qtbot, w, frame: int) -> None:
    """The run's map asked for at ``frame`` (as the Layers dock's map drawn there), and any read it started done."""
    w.tracking.maps_at("fake", frame)
    qtbot.waitUntil(lambda: not w.tracking._back.pending and not w.tracking._maps_in, timeout=5000)


def test_dropped_maps_that_could_not_be_read_back_are_read_once_their_file_changed(qtbot, window, monkeypatch,
                                                                                    tmp_path, counted_reads):
    from workbench.gui.controllers import tracking

    w = window
    w.open_demo()
    run = _saved_run(w, tmp_path)
    path = maps_path(run.saved_to)
    good = path.read_bytes()

    # 1. no file (a mount gone, a file being put in place): not looked for at every frame drawn; read once there
    away = path.with_name("elsewhere.npz")
    path.rename(away)
    monkeypatch.setattr(tracking, "MAPS_RETRY_S", 60.0, raising=False)
    for f in (3, 4, 5, 6):
        _shown(qtbot, w, f)
    assert run.maps == {} and counted_reads == []
    away.rename(path)
    _shown(qtbot, w, 7)
    assert run.maps == {}  # not looked at again before MAPS_RETRY_S
    monkeypatch.setattr(tracking, "MAPS_RETRY_S", 0.0, raising=False)
    _shown(qtbot, w, 7)
    assert counted_reads == [path] and len(run.maps) == w.n_frames and run.maps_back_failed is None

    # 2. a damaged file: said once, not read again while it is the same file; read once written again
    _drop(w, run)
    counted_reads.clear()
    path.write_bytes(good[: len(good) // 3])  # cut short
    w.statusBar().clearMessage()
    _shown(qtbot, w, 3)
    said = w.statusBar().currentMessage()
    assert counted_reads == [path] and run.maps == {} and str(path) in said, said
    w.statusBar().clearMessage()
    for f in (4, 5, 6):  # every frame drawn may look (MAPS_RETRY_S 0): the same file is not read, nor said again
        _shown(qtbot, w, f)
    assert counted_reads == [path] and w.statusBar().currentMessage() == ""
    fresh = path.with_name("fresh.npz")
    fresh.write_bytes(good)
    os.replace(fresh, path)  # written again whole
    _shown(qtbot, w, 7)
    assert counted_reads == [path, path] and len(run.maps) == w.n_frames

    # 3. the window writes the file (a run's maps written after its boxes): read at once, its map on screen
    _drop(w, run)
    counted_reads.clear()
    path.rename(away)
    monkeypatch.setattr(tracking, "MAPS_RETRY_S", 60.0, raising=False)
    _shown(qtbot, w, 3)
    assert run.maps == {} and counted_reads == []
    away.rename(path)
    w.runner.sigMapsSaved.emit("fake", path, f"fake: maps saved to {path}")
    qtbot.waitUntil(lambda: bool(run.maps), timeout=5000)  # without another frame drawn
    assert counted_reads == [path] and len(run.maps) == w.n_frames


def _frame(i: int, shape=(128, 256)):
    from workbench.core.methods import MapLayer

    return SimpleNamespace(index=i, box=(1.0, 1.0, 4.0, 4.0), score=1.0, seconds=0.01,
                           maps={"response": MapLayer(np.full(shape, i % 7, np.float16), None)})


def test_a_run_going_keeps_within_the_window_budget_beside_the_run_shown():
    from workbench.gui.map_budget import MapBudget
    from workbench.gui.runner import LiveRun, budget_note

    shown = LiveRun("shown", "seq", 10, 0)
    for i in range(10):
        shown.add(_frame(i))
    shown.status = "done"
    going = LiveRun("going", "seq", 40, 0)
    runs = {"shown": shown, "going": going}
    budget = MapBudget(15 * UNIT)
    worst = 0
    for i in range(40):  # as the window does: a fit after each frame's maps came in (sigFrame)
        going.add(_frame(i))
        assert budget.fit(runs, keep=("shown",)) == []  # nothing whole dropped: the shown run is kept
        worst = max(worst, budget.held(runs))
    assert worst <= 15 * UNIT, worst / UNIT
    assert len(shown.maps) == 10 and sorted(going.maps) == list(range(35, 40))  # its latest frames' maps
    assert going.maps_dropped == 35 and "35 earlier frames (up to frame 35)" in budget_note(
        going.maps_dropped, going.maps_dropped_last)
