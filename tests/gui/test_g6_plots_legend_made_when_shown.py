"""Found opening the demo with 22 saved runs (G6): the Success / precision legends made a sample and a label
for every run (50 for 25 runs, 2-5 ms each) though each shows the 4-10 that fit its plot. An entry is made
when it is first shown; the hidden ones are still counted, listed in the tooltip and in ``legend_texts``."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

GT = np.array([[10.0 + i, 10.0, 20.0, 20.0] for i in range(30)])


def test_plots_legends_make_only_the_entries_they_show(qtbot, monkeypatch):
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.gui import style
    from workbench.gui.plots_dock import PlotsDock

    style.apply(QApplication.instance())
    dock = PlotsDock()
    qtbot.addWidget(dock)
    dock.resize(1030, 290)  # its size in a 1366x768 window
    dock.show()
    qtbot.waitExposed(dock)
    qtbot.waitUntil(lambda: dock.success.getViewBox().height() > 50, timeout=5000)
    curves = {f"fake/default-run{k}": evaluate_tracker("t", {"s": GT + [k, 0, 0, 0]}, {"s": GT}, {"s": {}}).overall
              for k in range(25)}
    made = []
    add = pg.LegendItem.addItem
    monkeypatch.setattr(pg.LegendItem, "addItem", lambda self, item, name: (made.append(name), add(self, item, name)))
    dock.set_curves(curves, {})
    shown = dock.success_legend.shown_texts() + dock.precision_legend.shown_texts()
    assert 2 <= len(shown) < 20, shown
    assert sorted(made) == sorted(shown)  # 50 before
    for legend in (dock.success_legend, dock.precision_legend):
        assert len(legend.shown_texts()) + legend.hidden_count == 25
        assert legend.toolTip().count("\n") == 24  # every run named there
    assert len(dock.legend_texts()) == 50
    # room for more: the entries that now show are made then, once
    dock.resize(1030, 600)
    qtbot.waitUntil(lambda: len(dock.success_legend.shown_texts()) > len(shown) // 2 + 2, timeout=5000)
    shown = dock.success_legend.shown_texts() + dock.precision_legend.shown_texts()
    assert sorted(made) == sorted(shown)
