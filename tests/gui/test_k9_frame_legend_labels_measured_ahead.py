"""Found opening the demo with 25 saved runs (K9): the frame view's first legend measured the sizes of all 26 labels
(``_label_size``, for ``_plan_legend``) in the one turn that planned it (54-57 ms under load). They are measured
ahead on turns of their own, ``TURN_BUDGET_S`` a turn, the last ``LAST_TURN_ENTRIES`` left to the plan's turn."""
from __future__ import annotations

import numpy as np

from workbench.gui.viewer import FrameView

NAMES = [f"fake/default-run{i}" for i in range(2, 14)]


def test_label_sizes_measured_a_few_a_turn_and_the_legend_the_same(qtbot, monkeypatch):
    view = FrameView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_image(np.zeros((300, 100), np.uint8), levels=(0, 255))  # a tall frame: every entry beside it
    per_turn, depth = [], [0]

    def counted(real):
        def turn(self):
            depth[0] += 1
            before = len(self._label_sizes)
            try:
                real(self)
            finally:
                depth[0] -= 1
            if not depth[0]:  # a step of the event loop (not a call from another of these)
                per_turn.append(len(self._label_sizes) - before)
        return turn

    for name in ("_rebuild_if_stale", "_legend_turn"):
        if hasattr(FrameView, name):
            monkeypatch.setattr(FrameView, name, counted(getattr(FrameView, name)))
    monkeypatch.setattr(FrameView, "TURN_BUDGET_S", 0.0)  # every label spends it: one a turn
    view.set_results({n: None for n in NAMES}, {n: "#3399ff" for n in NAMES})
    qtbot.waitUntil(lambda: not view._legend_stale, timeout=3000)
    texts = [label.text for _sample, label in view.legend.items]
    assert texts == NAMES and view.legend.isVisible()
    assert sum(per_turn) == len(NAMES)  # each measured once
    last = FrameView.LAST_TURN_ENTRIES
    assert max(per_turn) <= last and per_turn[:len(NAMES) - last] == [1] * (len(NAMES) - last), per_turn
