"""An opening sequence's plots (its saved runs' scores known at once, from the score cache) were drawn in one
event-loop turn by the opener (80-165 ms with 25 runs under load): ``redraw_in_steps`` draws the success curves,
the precision curves and the ranking on turns of their own and calls the next dock's draw after the last."""
from __future__ import annotations

import numpy as np

GT = np.array([[10.0 + i, 10.0, 20.0, 20.0] for i in range(12)])


def test_redraw_in_steps_draws_on_turns_of_their_own_then_calls_on(qtbot):
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.gui.plots_dock import PlotsDock

    dock = PlotsDock()
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    dock.draw_later = True  # as while a sequence opens
    dock.set_curves({f"t{k}": evaluate_tracker("t", {"s": GT + [k, 0, 0, 0]}, {"s": GT}, {"s": {}}).overall
                     for k in range(3)}, {})
    dock.draw_later = False
    assert not dock._success_set.items  # set, not drawn
    then = []
    dock.redraw_in_steps(lambda: then.append(dock._curves_stale))
    assert not dock._success_set.items and not then  # nothing in the caller's turn
    qtbot.waitUntil(lambda: bool(dock._success_set.items), timeout=5000)
    assert not then  # the success curves drawn on a turn of their own, the rest still to come
    qtbot.waitUntil(lambda: bool(then), timeout=5000)
    assert then == [False] and not dock._curves_stale and len(dock._precision_set.items) == 3
    done = []
    dock.redraw_in_steps(lambda: done.append(1))  # nothing left to draw: called at once
    assert done == [1]
