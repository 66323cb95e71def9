"""Found opening the demo with 25 saved runs (K9): the saved runs' maps, once read, refreshed the frame's overlays
twice: the Layers dock's ``set_runs`` (the maps' names) emitted ``sigChanged`` -> ``refresh_overlays``, then
``_show_saved_maps`` refreshed them again. Once now, with the same Map list."""
from __future__ import annotations

from workbench.core.data.synthetic import write_demo


def test_maps_shown_refresh_the_overlays_once(qtbot, window, tmp_path):
    w = window
    seq = write_demo(tmp_path, frames=6, width=64, height=48, name="short")
    assert w.open_path(seq)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps and not w.tracking.reading_maps, timeout=20000)
    label, run = next(iter(w.tracking.live.items()))
    assert run.maps  # (the fake tracker publishes a map)
    drawn = []
    draw = w.tracking.draw
    w.tracking.draw = lambda i: (drawn.append(i), draw(i))[1]
    w.tracking._maps_in = [(label, run)]
    w.tracking._show_saved_maps()
    assert drawn == [w.frame_index]
    assert w.layers.map_tracker.currentText() == label and w.layers.map_name.count() > 1
