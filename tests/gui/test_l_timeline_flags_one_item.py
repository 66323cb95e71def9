"""A per-frame attribute's flagged frames are shaded on the Timeline by one item, however many stretches.

A LinearRegionItem a stretch: a 20,000-frame LaSOT sequence with flickering occlusion flags (670 stretches) took
2 s on the GUI thread to open and 0.15 s to repaint at every frame step."""
import numpy as np
from PySide6.QtCore import QPointF


def test_stretches_are_one_item_per_attribute(qtbot):
    from workbench.gui.timeline import TimelineDock

    dock = TimelineDock()
    qtbot.addWidget(dock)
    dock.resize(800, 200)
    dock.show()
    qtbot.waitExposed(dock)
    n = 400
    occluded = (np.arange(n) // 4) % 2 == 1  # frames 4-7, 12-15, ...: 50 stretches
    out_of_view = np.zeros(n, bool)
    out_of_view[100:110] = True
    plot = dock.plot.getPlotItem()
    before = len(plot.items)
    dock.set_length(n, {"occlusion": occluded, "out_of_view": out_of_view, "never": np.zeros(n, bool)})
    assert len(plot.items) - before == 2 == len(dock.attr_region)
    occ = dock.attr_region[0]
    assert occ.toolTip() == "occlusion" and len(occ) == 50
    dock.plot.getPlotItem().setXRange(0, n - 1, padding=0)
    dock.plot.grab()  # painted
    shape = occ.shape()
    assert shape.contains(QPointF(5.0, 0.5)) and not shape.contains(QPointF(9.0, 0.5))
    assert shape.contains(QPointF(3.6, 0.5)) and not shape.contains(QPointF(3.4, 0.5))  # frame 4: 3.5 .. 7.5
    dock.set_length(n, {"occlusion": occluded})  # a new sequence: the old shades go
    assert len(plot.items) - before == 1
