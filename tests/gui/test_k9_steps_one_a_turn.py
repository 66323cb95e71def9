"""Found opening the demo with 25 saved runs (K9): the deferred drawing steps of the plots, the Timeline, the frame's
legend and the opener each had their own 1 ms timers, so steps of different docks fell due together and ran in one
event-loop pass, and Qt painted all the views they changed in one go (3-6 repaints in one stall). They are steps of
one window-wide queue now (``worker.step_later``): one a turn, in the order asked for, a paint between them."""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QWidget

GT = np.array([[10.0 + i, 10.0, 20.0, 20.0] for i in range(12)])


class _Probe(QWidget):
    """A widget that counts its paints; each step records the count and asks for another paint."""

    def __init__(self):
        super().__init__()
        self.paints = 0
        self.resize(40, 30)

    def paintEvent(self, event):
        self.paints += 1


def test_two_docks_steps_run_one_a_turn_with_a_paint_between(qtbot):
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.gui.plots_dock import PlotsDock

    probe = _Probe()
    qtbot.addWidget(probe)
    probe.show()
    qtbot.waitExposed(probe)
    qtbot.waitUntil(lambda: probe.paints > 0, timeout=5000)
    seen = []
    docks = []
    for d in range(2):
        dock = PlotsDock()
        qtbot.addWidget(dock)
        dock.show()
        qtbot.waitExposed(dock)
        dock.draw_later = True
        dock.set_curves({f"t{k}": evaluate_tracker("t", {"s": GT + [k, 0, 0, 0]}, {"s": GT}, {"s": {}}).overall
                         for k in range(2)}, {})
        dock.draw_later = False
        steps = dock._draw_steps

        def wrapped(steps=steps, d=d):
            def wrap(i, step):
                def run():
                    seen.append((d, i, probe.paints))
                    step()
                    probe.update()
                return run
            return [wrap(i, s) for i, s in enumerate(steps())]

        dock._draw_steps = wrapped
        docks.append(dock)
    for dock in docks:  # asked for in the same turn, as the opener's docks and the frame's legend are
        dock.redraw_in_steps()
    qtbot.waitUntil(lambda: not any(dock._curves_stale for dock in docks), timeout=5000)
    assert len(seen) == 6, seen
    # in the order asked for, the two docks' steps interleaved (one queue), never two in one pass: a paint between
    assert [(d, i) for d, i, _p in seen] == [(0, 0), (1, 0), (0, 1), (1, 1), (0, 2), (1, 2)], seen
    paints = [p for _d, _i, p in seen]
    assert all(b > a for a, b in zip(paints, paints[1:])), seen


def test_step_later_keeps_order_drops_deleted_contexts_and_survives_an_error(qtbot):
    from PySide6.QtCore import QObject

    from workbench.gui import worker

    ran = []
    gone = QObject()
    kept = QObject()
    worker.step_later(lambda: ran.append(1), kept)
    worker.step_later(lambda: ran.append("gone"), gone)
    worker.step_later(lambda: (ran.append(2), 1 / 0))
    worker.step_later(lambda: (ran.append(3), worker.step_later(lambda: ran.append(5))))
    worker.step_later(lambda: ran.append(4))
    assert ran == [] and worker.steps_pending() == 5  # none in the turn that asked
    gone.deleteLater()
    errors = []
    import sys

    hook, sys.excepthook = sys.excepthook, lambda *a: errors.append(a[0])
    try:
        qtbot.waitUntil(lambda: worker.steps_pending() == 0 and len(ran) == 5, timeout=5000)
    finally:
        sys.excepthook = hook
    assert ran == [1, 2, 3, 4, 5]  # the deleted context's step dropped; the rest ran after the error
    assert errors == [ZeroDivisionError]
