"""The timeline's "Targets / frame" and "Detections / frame" curves had fractional y ticks (0.5, 1.5,
2.5 targets); a run finding one target on every frame was drawn on 0.5..1.5. Counts get whole ticks
from 0; the other curves keep theirs."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.gui.timeline import KIND_METRICS, TimelineDock

from tests.gui.conftest import axis_labels


def _dock(qtbot) -> TimelineDock:
    dock = TimelineDock()
    qtbot.addWidget(dock)
    dock.resize(829, 281)
    dock.show()
    qtbot.waitExposed(dock)
    dock.set_length(40)
    return dock


def _ticks(dock) -> list[float]:
    return [float(t) for _r, t in axis_labels(dock.plot.getPlotItem().getAxis("left"))]


@pytest.mark.parametrize("kind,counts", [("segmentation", np.r_[0, 1, 2, 1, 2, 0, 1] * 1.0),
                                         ("detection", np.ones(7)), ("segmentation", np.full(7, 3.0))])
def test_counts_have_whole_ticks_from_zero(qtbot, kind, counts):
    dock = _dock(qtbot)
    rows = {"lw": {k: counts if k in ("count", "labelled") else np.linspace(0, 1, len(counts))
                   for _t, k, _a in KIND_METRICS[kind]}}
    dock.set_series(rows, {"lw": "#4cff7a"}, kind)
    assert dock.shown() == (kind, "count")
    ticks = _ticks(dock)
    assert ticks and all(t.is_integer() for t in ticks), ticks
    assert 0.0 in ticks and max(counts) in ticks, ticks  # from 0 to the most found
    if kind == "segmentation":
        dock.show_metric(kind, "iou")  # a rate keeps its tenths
        assert any(not t.is_integer() for t in _ticks(dock))
