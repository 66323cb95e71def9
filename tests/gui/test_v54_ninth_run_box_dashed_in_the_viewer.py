"""The viewer drew every run's box, and named it in the frame's legend, with a solid line of its colour: past
the eighth run the colours come round (the plots, timeline and exports draw the ninth dashed), so the first
and the ninth runs' boxes and legend lines were the same. The viewer draws a run as the plots do: the ninth's
box and legend line dashed."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt


def test_ninth_run_box_and_legend_dashed(window, qtbot):
    from workbench.gui.runner import LiveRun

    w = window
    assert w.open_demo()
    n = w.n_frames
    names = [f"r{k}" for k in range(9)]
    for k, name in enumerate(names):
        run = LiveRun(name, w.sequence.name, n, 0)
        run.boxes[:] = [10 + 3 * k, 20, 15, 30]
        w.tracking.live[name] = run
    w.tracking.draw(0)
    items = w.view._result_items
    assert set(names) <= set(items)
    assert items["r8"].pen().color().name() == items["r0"].pen().color().name()  # the colour came round
    assert items["r0"].pen().style() == Qt.PenStyle.SolidLine
    assert items["r8"].pen().style() == Qt.PenStyle.DashLine
    pens = {name: pen for pen, name in w.view._legend_entry_list()}
    assert pens["r0"].style() == Qt.PenStyle.SolidLine and pens["r8"].style() == Qt.PenStyle.DashLine
    assert np.isclose(pens["r8"].widthF(), pens["r0"].widthF())
