"""Found opening the demo with 22 saved runs (G6): the frame view's legend was made with every run and then
made again with the rows that fit (26 entries, then 20), and the window's groundtruth switch, set on opening
another sequence, made it once more with the sequence before's runs; the hint's strip resizing the view made it
again (22). It is made once, on the next event-loop turn, with the runs, the view and the rows that fit then."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from workbench.gui.viewer import FrameView

NAMES = ["fake/default"] + [f"fake/default-run{i}" for i in range(2, 27)]  # 25 saved runs


def _made(monkeypatch) -> list:
    made = []
    add = pg.LegendItem.addItem

    def counted(self, item, name):
        made.append(name)
        return add(self, item, name)

    monkeypatch.setattr(pg.LegendItem, "addItem", counted)
    return made


def test_legend_of_many_runs_is_made_once_with_the_rows_that_fit(qtbot, monkeypatch):
    view = FrameView()
    qtbot.addWidget(view)
    view.resize(420, 330)  # the frame fills the view: the legend lies over it, a few rows at most
    view.show()
    qtbot.waitExposed(view)
    view.set_image(np.zeros((240, 320), np.uint8), levels=(0, 255))
    made = _made(monkeypatch)
    view.set_show_gt_in_legend(True)
    view.set_results({n: None for n in NAMES}, {n: "#3399ff" for n in NAMES})
    view.resize(420, 320)  # the view changes before the turn ends (the hint's strip): nothing made yet
    assert made == []
    qtbot.waitUntil(lambda: bool(view.legend.items), timeout=2000)
    texts = [label.text for _sample, label in view.legend.items]
    assert texts[0] == "groundtruth" and texts[-1].startswith("… ") and len(texts) < 10, texts
    assert made == texts  # each shown entry made once, no other (27 + 9 before)
    view._fit_legend()
    view.set_show_gt_in_legend(True)  # unchanged: nothing made again
    qtbot.waitUntil(lambda: not view._legend_stale, timeout=1000)
    assert made == texts
    assert [label.text for _sample, label in view.legend.items] == texts


def test_groundtruth_switch_alone_remakes_the_legend_on_the_next_turn(qtbot):  # no frame follows it
    view = FrameView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_image(np.zeros((240, 320), np.uint8), levels=(0, 255))
    view.set_results({"kcf": None}, {"kcf": "#3399ff"})
    qtbot.waitUntil(lambda: [label.text for _s, label in view.legend.items] == ["kcf"], timeout=2000)
    view.set_show_gt_in_legend(True)
    qtbot.waitUntil(lambda: [label.text for _s, label in view.legend.items] == ["groundtruth", "kcf"], timeout=2000)
