"""K3: under load (2-core machine, load 4-7) a turn of the frame view's legend making six entries ahead took
50-60 ms, and its last turn made up to six more with the layout. A turn stops making entries once it has
spent ``TURN_BUDGET_S`` (one at least), and the legend's own turn makes ``LAST_TURN_ENTRIES`` at most."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from workbench.gui.viewer import FrameView

NAMES = [f"fake/default-run{i}" for i in range(2, 12)]


def test_legend_entries_ahead_stop_at_the_turns_budget(qtbot, monkeypatch):
    view = FrameView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_image(np.zeros((300, 100), np.uint8), levels=(0, 255))  # a tall frame: every entry beside it
    made, turns = [], []
    add, rebuild = pg.LegendItem.addItem, FrameView._rebuild_if_stale

    def turn(self):
        before = len(made)
        rebuild(self)
        turns.append(len(made) - before)

    monkeypatch.setattr(pg.LegendItem, "addItem", lambda self, item, name: (made.append(name), add(self, item, name))[1])
    monkeypatch.setattr(FrameView, "_rebuild_if_stale", turn)
    monkeypatch.setattr(FrameView, "TURN_BUDGET_S", 0.0)  # every entry spends it: one a turn
    view.set_results({n: None for n in NAMES}, {n: "#3399ff" for n in NAMES})
    qtbot.waitUntil(lambda: not view._legend_stale, timeout=3000)
    texts = [label.text for _sample, label in view.legend.items]
    assert texts == NAMES and sorted(made) == sorted(NAMES) and view.legend.isVisible()
    last = FrameView.LAST_TURN_ENTRIES
    assert turns == [1] * (len(NAMES) - last) + [last], turns
