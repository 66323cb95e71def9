"""Found by opening a sequence during a video export (G3): a sequence with many saved runs held the GUI
thread 1-2 s after it opened (22 runs), as each run's saved maps came in from the worker and redrew the
layers, the timeline, the success plots and the frame, one run after the other. The maps of the runs that
come in together are shown together, without redrawing the scores (maps do not change them)."""
from __future__ import annotations

from workbench.core.data.synthetic import write_demo


def test_saved_maps_of_several_runs_do_not_redraw_the_scores_per_run(qtbot, window, tmp_path):
    w = window
    seq = write_demo(tmp_path / "small", frames=8, width=64, height=48) or tmp_path / "small"
    assert w.open_path(seq)
    for _ in range(3):
        assert w.run_selected(["fake"])
        qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    assert w.open_path(seq)
    assert len(w.live) == 3 and all(r.status == "saved" for r in w.live.values())
    redraws = []
    w.scoring.update_plots = lambda *a, **k: redraws.append(1)
    qtbot.waitUntil(lambda: not w.tracking.reading_maps, timeout=10000)
    assert all(len(r.maps) == 7 for r in w.live.values()), {k: len(r.maps) for k, r in w.live.items()}
    assert redraws == []  # once per run before (3)
    w.layers.select_map(next(iter(w.live)), "response")
    w.set_frame(4)
    qtbot.waitUntil(lambda: w.view.heat.isVisible(), timeout=5000)
