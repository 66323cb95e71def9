"""Found opening the demo with 25 saved runs, the Timeline on screen (J1): the runs' IoU curves were made and
drawn (25 curves, their legend entries) in one event-loop turn, 50-100 ms under load. The curves shown that
are not made yet are made on one turn and drawn on a later one; curves already made are drawn at once."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from workbench.gui.timeline import LazySeries, TimelineDock


def test_lazy_curves_made_on_one_turn_drawn_on_the_next(qtbot):
    tl = TimelineDock()
    qtbot.addWidget(tl)
    tl.show()
    qtbot.waitExposed(tl)
    tl.set_length(12)
    made = []

    def maker(name):
        return lambda: (made.append(name), np.linspace(0, 1, 12))[1]

    series = {n: LazySeries({"score": np.ones(12)}, {"iou": maker(n), "error": maker(n + " error")}) for n in "abc"}
    assert "iou" in series["a"] and made == []  # (asking does not make it)
    tl.draw_later = True  # as a sequence opens: set now, drawn by the opener's redraw
    tl.set_series(series, {n: "#ff0000" for n in "abc"})
    tl.draw_later = False
    assert made == [] and tl._stale
    tl.redraw()
    assert made == ["a", "b", "c"] and tl._stale and tl.plot.getPlotItem().listDataItems() == []  # drawn later
    qtbot.waitUntil(lambda: not tl._stale, timeout=2000)
    items = tl.plot.getPlotItem().listDataItems()
    # plain curve items (the timeline's own, drawing a long curve at the view's resolution), no scatter item each
    assert len(items) == 3 and all(isinstance(i, pg.PlotCurveItem) for i in items) and made == ["a", "b", "c"]  # (no centre error)
    np.testing.assert_array_equal(items[0].yData, np.linspace(0, 1, 12))
    tl.set_series({"a": {"iou": np.zeros(12)}}, {"a": "#00ff00"})  # made already: drawn at once
    assert not tl._stale and len(tl.plot.getPlotItem().listDataItems()) == 1


def test_curves_of_an_opening_sequence_made_ahead_of_the_openers_redraw(qtbot):
    tl = TimelineDock()
    qtbot.addWidget(tl)
    tl.show()
    qtbot.waitExposed(tl)
    tl.set_length(12)
    made = []
    series = {"a": LazySeries({}, {"iou": lambda: (made.append("a"), np.full(12, 0.5))[1]})}
    tl.draw_later = True
    tl.set_series(series, {"a": "#ff0000"})
    tl.draw_later = False
    assert made == []
    qtbot.waitUntil(lambda: made == ["a"], timeout=2000)  # on a turn of its own, not drawn
    assert tl._stale and tl.plot.getPlotItem().listDataItems() == []
    tl.redraw()  # the opener's: made already, drawn at once
    assert not tl._stale and len(tl.plot.getPlotItem().listDataItems()) == 1
