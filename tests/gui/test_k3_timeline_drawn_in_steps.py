"""Found opening the demo with 25 saved runs, the Timeline on screen (K3): the opener's redraw drew all 25 IoU
curves and their legend entries in one event-loop turn (84-140 ms under load). The curves new to the plot
are drawn ``CURVES_A_TURN`` a turn (lazy ones made ``MAKES_A_TURN`` a turn first), the legend shown on the
last; the curves and the legend in the end are those of a draw in one turn."""
from __future__ import annotations

import numpy as np

from workbench.gui.timeline import LazySeries, TimelineDock

N = 13


def _series(lazy: bool) -> dict:
    curves = {f"run{i}": np.linspace(0, 1, 12) ** (1 + i) for i in range(N)}
    if lazy:
        return {n: LazySeries({}, {"iou": (lambda y=y: y)}) for n, y in curves.items()}
    return {n: {"iou": y} for n, y in curves.items()}


def _drawn(tl) -> list:
    p = tl.plot.getPlotItem()
    return [(label.text, s.item.opts["pen"].color().name(), s.item.yData.tolist())
            for (s, label) in tl.legend.items] if len(p.listDataItems()) == len(tl.legend.items) else None


def test_many_new_curves_drawn_a_few_a_turn_as_one_draw_would(qtbot, monkeypatch):
    monkeypatch.setattr(TimelineDock, "TURN_BUDGET_S", 60.0)  # (steps of CURVES_A_TURN however loaded)
    at_once = TimelineDock()
    qtbot.addWidget(at_once)
    at_once.show()
    qtbot.waitExposed(at_once)
    at_once.set_length(12)
    colors = {f"run{i}": f"#{20 * i:02x}8040" for i in range(N)}
    at_once.set_series(_series(False), colors)  # on screen: drawn at once
    expected = _drawn(at_once)
    assert len(expected) == N

    tl = TimelineDock()
    qtbot.addWidget(tl)
    tl.show()
    qtbot.waitExposed(tl)
    tl.set_length(12)
    counts, update = [], tl._curves.update
    tl._curves.update = lambda rows: (counts.append(len(rows)), update(rows))[1]
    tl.draw_later = True  # as a sequence opens: set now, drawn by the opener's redraw
    tl.set_series(_series(True), colors)
    tl.draw_later = False
    qtbot.waitUntil(lambda: not tl._unmade(), timeout=3000)  # made ahead, MAKES_A_TURN a turn
    assert counts == [] and tl._stale
    tl.redraw()
    assert counts == [TimelineDock.CURVES_A_TURN] and tl._stale and not tl.legend.isVisible()
    qtbot.waitUntil(lambda: not tl._stale, timeout=3000)
    assert counts == [5, 10, N], counts  # a turn each: 5 new, 5 new, then the last 3 with the legend shown
    assert tl.legend.isVisible() and _drawn(tl) == expected
    assert [tl.legend.layout.itemAt(r, 1).text for r in range(N)] == [t for t, _c, _y in expected]  # in order


def test_a_step_over_the_turns_budget_makes_the_next_steps_smaller(qtbot, monkeypatch):
    monkeypatch.setattr(TimelineDock, "TURN_BUDGET_S", 0.0)  # every step overruns it: one curve a turn after
    tl = TimelineDock()
    qtbot.addWidget(tl)
    tl.show()
    qtbot.waitExposed(tl)
    tl.set_length(12)
    counts, update = [], tl._curves.update
    tl._curves.update = lambda rows: (counts.append(len(rows)), update(rows))[1]
    tl.draw_later = True
    tl.set_series(_series(False), {f"run{i}": "#ff0000" for i in range(N)})
    tl.draw_later = False
    tl.redraw()
    qtbot.waitUntil(lambda: not tl._stale, timeout=3000)
    assert counts == list(range(TimelineDock.CURVES_A_TURN, N + 1)), counts
    assert [label.text for _s, label in tl.legend.items] == [f"run{i}" for i in range(N)]
