"""The Timeline dock drew each tracker run in ``tracking.colors()``: colours only, a cycle of eight, so a ninth run's
curve had the first one's colour and line (the plots dock and the exports were fixed in 3a5d8b7 / a45ab7e). It gets
``tracking.style`` (colour, line style) per run as they do: past the eighth, dashed."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from PySide6.QtCore import Qt


def test_ninth_run_is_dashed_on_the_timeline(window):
    w = window
    names = [f"r{k}" for k in range(9)]
    n = 12
    w.tracking.live = {name: SimpleNamespace(boxes=np.full((n, 4), np.nan), scores=np.linspace(0, 1, n) * (k + 1) / 9,
                                             status="running", maps={}) for k, name in enumerate(names)}
    w.tracking.update_timeline()
    combo = w.timeline.metric_combo
    combo.setCurrentIndex(combo.findData("tracking:score"))
    w.timeline._redraw()
    pens = {name: w.timeline._curves.items[name].opts["pen"] for name in names}
    looks = {(pen.color().name(), pen.style()) for pen in pens.values()}
    assert len(looks) == 9, looks  # every run told apart
    assert pens["r8"].color().name() == pens["r0"].color().name()
    assert pens["r0"].style() == Qt.PenStyle.SolidLine and pens["r8"].style() == Qt.PenStyle.DashLine
