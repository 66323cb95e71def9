"""A run kept up to 384 MiB of response maps, with no total across runs: twelve runs of a long sequence kept
~4.6 GB. The window keeps one budget across its runs; past it the runs shown least recently lose their maps
first (never the map shown nor a run going), said once in the status bar."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

UNIT = 64 * 2**10  # a frame's maps


def _run(label: str, frames: int = 10, status: str = "done"):
    from workbench.core.methods import MapLayer
    from workbench.gui.runner import LiveRun

    run = LiveRun(label, "seq", frames, 0)
    for i in range(frames):  # 64 KiB of float16 a frame
        run.add(SimpleNamespace(index=i, box=(1.0, 1.0, 4.0, 4.0), score=1.0, seconds=0.01,
                                maps={"response": MapLayer(np.zeros((128, 256), np.float16), None)}))
    run.status = status
    return run


def test_runs_shown_least_recently_lose_their_maps_first():
    from workbench.gui.map_budget import MapBudget, maps_bytes

    runs = {k: _run(k) for k in ("a", "b", "c", "d")}
    runs["e"] = _run("e", status="running")
    budget = MapBudget(30 * UNIT)
    budget.shown("a")
    budget.shown("c")
    dropped = budget.fit(runs, keep=("d",))
    # 50 frames' maps held: b (never shown) goes, then a (shown before c); c, the kept d and the running e stay
    assert [k for k, _b, _f in dropped] == ["b", "a"]
    assert {k: maps_bytes(r.maps) // UNIT for k, r in runs.items()} == {"a": 0, "b": 0, "c": 10, "d": 10, "e": 10}
    assert budget.held(runs) == 30 * UNIT
    budget.limit = 15 * UNIT  # and then c, never the one kept nor the one running
    assert [k for k, _b, _f in budget.fit(runs, keep=("d",))] == ["c"]
    # the kept d and the running e still held 20 frames' maps: e keeps its latest 5 (B, session 51)
    assert budget.held(runs) == 15 * UNIT and sorted(runs["e"].maps) == [5, 6, 7, 8, 9] and runs["d"].maps


def test_the_window_drops_runs_maps_past_its_budget_and_says_so_once(window):
    w = window
    runs = {k: _run(k) for k in ("kcf", "dsst", "csrt")}
    w.tracking.live.update(runs)
    w.map_budget.limit = 15 * UNIT
    w.statusBar().clearMessage()
    w._fit_maps()
    held = sum(r._map_bytes for r in w.tracking.live.values())
    assert held <= 15 * UNIT and sum(1 for r in runs.values() if r.maps) == 1, held
    said = w.statusBar().currentMessage()
    assert said.count("dropped from memory") == 1 and "kcf, dsst" in said, said
    w._fit_maps()  # within the budget now: nothing more dropped, nothing said again
    assert w.statusBar().currentMessage() == said
