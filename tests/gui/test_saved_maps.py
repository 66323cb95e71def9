"""A window run's maps are saved with it (``<seq>_maps.npz`` beside the boxes, written on a worker, named in the
manifest), and come back when the sequence is opened again: scrubbing a saved run shows its response map on
the frame and in the Response map dock, as a live run's. A maps file that cannot be read is said, naming it,
and the run keeps its boxes."""
from __future__ import annotations

import numpy as np

from workbench.core.results import read_manifest, read_maps

from .conftest import spin


def _run_fake(qtbot, w):
    w.open_demo()
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    run = w.live["fake"]
    return run, run.saved_to.with_name(run.saved_to.stem + "_maps.npz")


def _reopen(qtbot, w):
    w.open_demo()
    assert w.live["fake"].status == "saved"
    qtbot.waitUntil(lambda: not w.tracking.reading_maps, timeout=10000)
    return w.live["fake"]


def test_a_saved_runs_maps_come_back_when_its_sequence_is_reopened(qtbot, window, messages):
    w = window
    live, path = _run_fake(qtbot, w)
    held = dict(live.maps)
    assert path.is_file() and len(held) == len(live.boxes) - 1  # every tracked frame after the first
    entry = read_manifest(path.parent)["sequences"][live.sequence]
    assert entry["maps"]["file"] == path.name and entry["maps"]["frames"] == len(held)
    assert "response" in w.statusBar().currentMessage() and str(path) in w.statusBar().currentMessage()

    run = _reopen(qtbot, w)
    assert run is not live and sorted(run.maps) == sorted(held)
    for i in (1, 7, len(live.boxes) - 1):
        np.testing.assert_array_equal(run.maps[i]["response"].data, held[i]["response"].data)
        assert tuple(run.maps[i]["response"].region) == tuple(held[i]["response"].region)
    w.layers.select_map("fake", "response")
    w.set_frame(7)
    assert spin(lambda: w.view.heat.isVisible(), 5)
    dock = w.response_inspector
    assert dock.tracker.currentText() == "fake" and dock.map_name.currentText() == "response"
    dock.on_frame(7)
    assert dock.info.text().startswith("frame 8: 17×17")
    assert not [m for m in messages if m[0] == "critical"], messages


def test_a_damaged_maps_file_is_said_and_the_run_keeps_its_boxes(qtbot, window, messages):
    w = window
    live, path = _run_fake(qtbot, w)
    boxes = live.boxes.copy()
    path.write_bytes(path.read_bytes()[:200])  # truncated
    run = _reopen(qtbot, w)
    np.testing.assert_allclose(run.boxes, boxes, atol=1e-3)
    assert run.maps == {}
    assert w.tracking.maps_notes and str(path) in w.tracking.maps_notes[0]
    assert str(path) in w.statusBar().currentMessage()
    w.set_frame(5)
    assert not w.view.heat.isVisible()
    assert not [m for m in messages if m[0] == "critical"], messages


def test_maps_dropped_for_the_memory_budget_are_said_in_the_saved_file(qtbot, window, monkeypatch):
    """The window keeps the latest maps of a run within ``MAP_BUDGET_BYTES``: what it saves is what it held,
    and the manifest's record says the earlier frames' maps were dropped."""
    import workbench.gui.runner as runner

    monkeypatch.setattr(runner, "MAP_BUDGET_BYTES", 17 * 17 * 2 * 10)  # ten of the fake tracker's maps
    w = window
    live, path = _run_fake(qtbot, w)
    n = len(live.boxes)
    assert sorted(read_maps(path, n)) == list(range(n - 10, n))
    rec = read_manifest(path.parent)["sequences"][live.sequence]["maps"]
    assert rec["frames"] == 10 and rec["first"] == n - 10
    assert f"maps of {n - 11} earlier frames (up to frame {n - 10})" in rec["note"]
    assert "dropped" in w.statusBar().currentMessage()


def test_a_run_reopened_while_its_maps_are_written_gets_them_once_written(qtbot, window, monkeypatch, messages):
    """The maps file is written on a worker after the boxes: a sequence reopened meanwhile shows the run's boxes
    at once, no warning about a missing file, and its maps when the file is there."""
    import threading

    import workbench.core.results as results

    gate, real = threading.Event(), results.write_maps

    def slow(*a, **k):
        gate.wait(30)
        return real(*a, **k)

    monkeypatch.setattr(results, "write_maps", slow)
    w = window
    w.open_demo()
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert w.runner.writing_maps
    w.open_demo()
    run = w.live["fake"]
    assert run.status == "saved" and run.maps == {} and not w.tracking.maps_notes
    gate.set()
    qtbot.waitUntil(lambda: bool(run.maps), timeout=10000)
    assert len(run.maps) == len(run.boxes) - 1 and not w.tracking.maps_notes
    assert not [m for m in messages if m[0] == "critical"], messages
