"""K3: drawing a sequence's runs, the Timeline set the legend's margin beside the plot and pyqtgraph laid the
plot out on a later event: the plot was painted once in its old shape (the curves under the legend) and
again in the new one (20-45 ms each under load, 25 curves). The margin is laid out when it is set."""
from __future__ import annotations

import numpy as np

from workbench.gui.timeline import TimelineDock


def test_view_box_leaves_the_legends_margin_when_the_curves_are_drawn(qtbot):
    tl = TimelineDock()
    qtbot.addWidget(tl)
    tl.resize(600, 260)
    tl.show()
    qtbot.waitExposed(tl)
    tl.set_length(12)
    p = tl.plot.getPlotItem()
    before = p.getViewBox().geometry().right()
    names = [f"kcf/default-run{i}" for i in range(2, 9)]
    tl.set_series({n: {"iou": np.linspace(0, 1, 12)} for n in names}, {n: "#ff0000" for n in names})
    margin = p.layout.getContentsMargins()[2]
    assert margin > 20 and tl.legend.isVisible()
    # (no event handled since): the view box is narrower by the margin already, the legend beside it
    assert p.getViewBox().geometry().right() <= before - margin + 1
    assert tl.legend.pos().x() >= p.getViewBox().geometry().right() - 1
