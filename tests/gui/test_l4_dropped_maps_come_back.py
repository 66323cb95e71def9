"""Past the window's budget for maps (``map_budget``) a finished run's maps are dropped from memory. A run the
window saved keeps them in its maps file: its map names stay in the Layers dock, showing its map again reads
them back on a worker (not only when the sequence is opened again), and a video export with its map and File >
Export read them from the file. A run with no maps file is exported without them, and the export's note says why."""
from __future__ import annotations

import numpy as np

from tests.gui.conftest import near_the_end
from workbench.core.results import maps_path, read_maps


def _run_and_drop(qtbot, w):
    """The fake tracker run on the demo, its maps file written, then its maps dropped for the budget."""
    w.open_demo()
    near_the_end(w)  # from 12 frames before the end: the maps dropped and read back are asked about, not the frames
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    run = w.live["fake"]
    held = {i: m["response"].data.copy() for i, m in run.maps.items()}
    w.map_budget.limit = 1
    assert [k for k, _b, on_file in w.map_budget.fit(w.tracking.live)] == ["fake"]  # as _fit_maps drops them
    w.tracking.update_layers()
    assert run.maps == {} and held
    return run, held


def test_a_dropped_runs_map_comes_back_when_scrubbed_and_in_its_video(qtbot, window, monkeypatch, tmp_path):
    import workbench.core.video as video

    w = window
    run, held = _run_and_drop(qtbot, w)
    at = w.start_frame + 7  # a frame the run tracked (7 after its start)
    # its map's name stays listed: the map can be chosen again
    w.layers.select_map("fake", "response")
    assert w.layers.selected_map() == ("fake", "response")
    w.set_frame(at)
    qtbot.waitUntil(lambda: bool(w.live["fake"].maps), timeout=5000)  # read back on the worker
    qtbot.waitUntil(lambda: w.view.heat.isVisible(), timeout=5000)
    assert w.live["fake"] is run
    np.testing.assert_array_equal(run.maps[at]["response"].data, held[at])
    assert w.maps_at("fake", at)["response"].data.shape == held[at].shape
    assert w.map_budget.held(w.tracking.live) > 0  # counted in the budget again

    # its video export with its map, dropped again while shown (the window keeps the shown one: forced here)
    w.map_budget.fit(w.tracking.live)
    assert run.maps == {}
    seen = {}

    def fake_write(seq, runs, out, fps=None, map_name=None, map_tracker=None, *a, ctx=None, **k):
        r = next(r for r in runs if r.label == "fake")
        seen.update(name=map_name, tracker=map_tracker,
                    frame_at=np.array(r.maps[at][map_name].data) if map_name else None)
        return video.VideoFile(out, len(seq), 1, "mp4v")

    monkeypatch.setattr(video, "write_video", fake_write)
    assert w.exporter.export_video(tmp_path / "out.mp4")
    qtbot.waitUntil(lambda: not w.exporter.running, timeout=10000)
    assert seen["name"] == "response" and seen["tracker"] == "fake"
    np.testing.assert_array_equal(seen["frame_at"], held[at])

    # File > Export (result boxes) reads them from its maps file too
    qtbot.waitUntil(lambda: not w.tracking._back.pending, timeout=5000)
    w.map_budget.fit(w.tracking.live)
    assert run.maps == {}
    files = w.exporter.export_boxes(tmp_path / "boxes")
    np.testing.assert_array_equal(read_maps(maps_path(files[0]), len(run.boxes))[at]["response"].data, held[at])

    # with no maps file to read from: exported without the map, and the note says the maps were dropped
    path = run.saved_to.with_name(run.saved_to.stem + "_maps.npz")
    path.unlink()
    assert "dropped from memory" in w.exporter.export_boxes(tmp_path / "boxes2").message
    assert w.exporter.export_video(tmp_path / "out2.mp4")
    qtbot.waitUntil(lambda: not w.exporter.running, timeout=10000)
    assert seen["name"] is None
    assert "dropped from memory" in w.statusBar().currentMessage()
