"""Found opening the demo with 25 saved runs (J1): the frame view's legend made a label for each of its
~22 entries in one event-loop turn (24-87 ms, 150 ms under load), and made them all again each time a
sequence with those runs was opened again. Its entries are made at most ``ENTRIES_A_TURN`` a turn, and an
entry taken out of the legend is kept (hidden) and used again for a run of that name."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from workbench.gui.viewer import FrameView

NAMES = ["fake/default"] + [f"fake/default-run{i}" for i in range(2, 27)]  # 25 saved runs


def test_legend_entries_made_a_few_a_turn_and_kept_for_the_next_open(qtbot, monkeypatch):
    view = FrameView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_image(np.zeros((300, 100), np.uint8), levels=(0, 255))  # a tall frame: the legend beside it
    made, turns = [], []
    add, rebuild = pg.LegendItem.addItem, FrameView._rebuild_if_stale

    def counted(self, item, name):
        made.append(name)
        return add(self, item, name)

    def turn(self):
        before = len(made)
        rebuild(self)
        turns.append(len(made) - before)

    monkeypatch.setattr(pg.LegendItem, "addItem", counted)
    monkeypatch.setattr(FrameView, "_rebuild_if_stale", turn)
    view.set_show_gt_in_legend(True)
    view.set_results({n: None for n in NAMES}, {n: "#3399ff" for n in NAMES})
    qtbot.waitUntil(lambda: not view._legend_stale, timeout=3000)
    texts = [label.text for _sample, label in view.legend.items]
    assert len(texts) > 2 * FrameView.ENTRIES_A_TURN and view.legend.isVisible()
    assert sorted(made) == sorted(texts)  # each entry made once
    assert len(turns) > 2 and max(turns) <= FrameView.ENTRIES_A_TURN + 1, turns  # (+ "… N more")

    view.set_results({"other": None}, {"other": "#ff0000"})  # another sequence, one run
    qtbot.waitUntil(lambda: [label.text for _s, label in view.legend.items] == ["groundtruth", "other"], timeout=3000)
    made.clear()
    view.set_results({n: None for n in NAMES}, {n: "#22cc44" for n in NAMES})  # opened again
    qtbot.waitUntil(lambda: not view._legend_stale, timeout=3000)
    assert [label.text for _sample, label in view.legend.items] == texts
    assert made == []  # no entry made again
    pens = [sample.item.opts["pen"] for sample, _label in view.legend.items[1:] if not _label.text.startswith("…")]
    assert pens and all(pg.mkColor(p.color()).name() == "#22cc44" for p in pens)  # in the new colours
    assert all(sample.isVisible() and label.isVisible() for sample, label in view.legend.items)
