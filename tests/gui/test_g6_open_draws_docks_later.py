"""Found opening the demo with 22 saved runs (G6): the Success / precision and Timeline docks drew every run's
curves in the same event-loop turn as the frame, its legend and the scores (0.1-0.25 s each with 25 runs, the
GUI thread held 0.7-1.2 s). Opening sets their data at once and draws them after, one dock per turn."""
from __future__ import annotations

from workbench.core.data.synthetic import write_demo


def test_opening_draws_the_plots_and_the_timeline_on_turns_of_their_own(qtbot, window, tmp_path):
    w = window
    seq = write_demo(tmp_path, frames=8, width=64, height=48, name="short")
    assert w.open_path(seq)
    for _ in range(2):
        assert w.run_selected(["fake"])
        qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    w.plots.show()
    w.plots.raise_()
    w.timeline.show()
    qtbot.waitUntil(lambda: w.plots.on_screen() and w.timeline.on_screen(), timeout=5000)
    drawn = []
    plots_draw, plots_steps, timeline_draw = w.plots._draw_curves, w.plots._draw_steps, w.timeline._redraw
    w.plots._draw_curves = lambda: (drawn.append(("plots", w.timeline._stale)), plots_draw())

    def steps():  # drawn in steps: recorded when its first step (the success curves) runs
        first, *rest = plots_steps()
        return [lambda: (drawn.append(("plots", w.timeline._stale)), first()), *rest]

    w.plots._draw_steps = steps
    w.timeline._redraw = lambda: (drawn.append(("timeline", w.plots._curves_stale)), timeline_draw())
    assert w.open_path(seq)  # its two saved runs
    assert drawn == [] and w.plots._curves_stale and w.timeline._stale  # the data set, not drawn yet
    assert len(w.live) == 2  # (their curves come with their scores, from a worker: H3)
    qtbot.waitUntil(lambda: not w.scoring.running and not w.plots._curves_stale and not w.timeline._stale,
                    timeout=5000)
    assert len(w.plots.curves) == 2
    # each drawn after the open's turn (the plots in steps, the timeline after their first step's turn; the plots again as the scores came)
    timeline_at = [i for i, d in enumerate(drawn) if d[0] == "timeline"]
    assert drawn[0] == ("plots", True) and len(timeline_at) == 1 and timeline_at[0] >= 1, drawn
    assert len(drawn) - 1 <= 3, drawn
    assert len(w.plots.success_legend.items) == 2 and len(w.timeline.legend.items) == 2
