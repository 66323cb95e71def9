"""A run the window saved whose maps its budget dropped is exported (File > Export result boxes, the video with its
map) with its maps read from its maps file. Each export looked whether that file is there (``maps_file_of``:
``Path.is_file``) on the GUI thread: a dead mount held the window at each export. The GUI thread now only names the
file (``maps_file_named``); the export's worker looks, and with no file there the export still says the maps were
dropped and goes without them."""
from __future__ import annotations

import threading

import numpy as np

from tests.gui.conftest import near_the_end
from tests.gui.gui_thread_looks import gui_thread_looks_at
from workbench.core.results import maps_path


def _run_and_drop(qtbot, w):
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    run = w.live["fake"]
    w.map_budget.limit = 1
    w.map_budget.fit(w.tracking.live)
    w.tracking.update_layers()
    assert run.maps == {} and run.maps_dropped_names
    return run


def test_exports_name_the_maps_file_and_the_worker_looks(qtbot, window, monkeypatch, tmp_path):
    import workbench.core.video as video
    from workbench.gui.controllers.export import save_exported

    w = window
    run = _run_and_drop(qtbot, w)
    w.layers.select_map("fake", "response")
    qtbot.waitUntil(lambda: not w.tracking._back.pending, timeout=5000)
    w.map_budget.fit(w.tracking.live)
    assert run.maps == {}
    seen = {}

    def fake_write(seq, runs, out, fps=None, map_name=None, map_tracker=None, *a, ctx=None, **k):
        seen.update(name=map_name)
        return video.VideoFile(out, len(seq), 1, "mp4v")

    monkeypatch.setattr(video, "write_video", fake_write)
    file = maps_path(run.saved_to)
    looks = gui_thread_looks_at(monkeypatch, file)

    results = [r for r, _ in w.exporter.box_results(tmp_path / "boxes")]  # the GUI thread's part of the export
    assert w.exporter.export_video(tmp_path / "out.mp4")
    assert looks == [], looks
    qtbot.waitUntil(lambda: not w.exporter.running, timeout=10000)
    assert seen["name"] == "response"  # the worker read the map from the file
    got = {}
    t = threading.Thread(target=lambda: got.update(done=save_exported(tmp_path / "boxes", results)))
    t.start()
    t.join(10)
    assert len(got["done"]) == 1 and maps_path(got["done"][0]).is_file()  # the maps written beside the boxes

    # the file gone: the worker finds it not there, the export goes without the maps and says why
    qtbot.waitUntil(lambda: not w.tracking._back.pending, timeout=5000)  # (the map shown is read back meanwhile)
    w.map_budget.fit(w.tracking.live)
    file.unlink()
    assert run.maps == {}
    w.statusBar().clearMessage()  # (the budget's drop said "dropped from memory" too)
    results = [r for r, _ in w.exporter.box_results(tmp_path / "boxes2")]
    assert w.exporter.export_video(tmp_path / "out2.mp4")
    assert looks == [], looks
    qtbot.waitUntil(lambda: not w.exporter.running, timeout=10000)
    assert seen["name"] is None and "dropped from memory" in w.statusBar().currentMessage()
    t = threading.Thread(target=lambda: got.update(done=save_exported(tmp_path / "boxes2", results)))
    t.start()
    t.join(10)
    assert "dropped from memory" in got["done"].message and not maps_path(got["done"][0]).exists()
    assert np.isfinite(np.asarray(run.boxes, float)).any()
