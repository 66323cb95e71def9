"""Found opening the demo with 25 saved runs (K9): the saved runs' maps, once read, refreshed the frame's overlays
twice: the Layers dock's ``set_runs`` (the maps' names) emitted ``sigChanged`` -> ``refresh_overlays``, then
``_show_saved_maps`` refreshed them again. Once now, with the same Map list. And they were shown with a 1 ms timer of
their own, which ran in the same event-loop pass as a dock's drawing step: a step of the window's queue now."""
from __future__ import annotations

from workbench.core.data.synthetic import write_demo


def test_maps_shown_as_a_step_after_those_asked_before_refresh_the_overlays_once(qtbot, window, tmp_path):
    from workbench.gui import worker

    w = window
    seq = write_demo(tmp_path, frames=6, width=64, height=48, name="short")
    assert w.open_path(seq)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps and not w.tracking.reading_maps, timeout=20000)
    qtbot.waitUntil(lambda: worker.steps_pending() == 0, timeout=5000)
    label, run = next(iter(w.tracking.live.items()))
    assert run.maps  # (the fake tracker publishes a map)
    order, drawn = [], []
    show, draw = w.tracking._show_saved_maps, w.tracking.draw
    w.tracking._show_saved_maps = lambda: (order.append("maps"), show())[1]
    w.tracking.draw = lambda i: (drawn.append(i), draw(i))[1]
    worker.step_later(lambda: order.append("step"))  # a dock's step asked for before
    w.tracking._on_saved_maps(label, run, run.maps, "")
    assert worker.steps_pending() == 2 and w.tracking.reading_maps
    qtbot.waitUntil(lambda: not w.tracking.reading_maps, timeout=5000)
    assert order == ["step", "maps"]
    assert drawn == [w.frame_index]
    assert w.layers.map_tracker.currentText() == label and w.layers.map_name.count() > 1
