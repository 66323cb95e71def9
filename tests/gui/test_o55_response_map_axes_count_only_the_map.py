"""The Response map keeps its cells square, so a dock wider than the map shows room beside it: its x axis
numbered that room as map columns -70 .. 110 of a 38-column map (and the row axis -2 .. 30 of 28 rows). The
axes' ticks cover the map only: 0 .. its width, 0 .. its height."""
from __future__ import annotations

import numpy as np

from workbench.core.methods import MapLayer


class _Run:
    maps = {0: {"response": None}}


class _Host:
    sequence = None
    frame_index = 0
    seg = detections = None

    def __init__(self, shape):
        self.map = np.random.default_rng(0).random(shape).astype(np.float32)

    def runs(self):
        return {"kcf": _Run()}

    def maps_at(self, tracker, index):
        return {"response": MapLayer(self.map, (68, 69, 97, 76))}

    def set_frame(self, index):
        pass


def _ticks(axis) -> list[float]:
    """The tick values the axis draws over its view range (as ``generateDrawSpecs`` asks for them)."""
    length = axis.width() if axis.orientation in ("top", "bottom") else axis.height()
    return sorted(v for _spacing, values in axis.tickValues(axis.range[0], axis.range[1], length) for v in values)


def test_response_map_axes_number_only_the_map(qtbot):
    from workbench.gui.inspector import ResponseMapInspector

    dock = ResponseMapInspector(_Host((28, 38)))
    qtbot.addWidget(dock)
    dock.resize(940, 260)  # a laptop window's bottom dock: far wider than the map
    dock.show()
    qtbot.waitExposed(dock)
    dock.on_result("kcf", None)
    pi = dock.plot.getPlotItem()
    bottom, left = pi.getAxis("bottom"), pi.getAxis("left")
    qtbot.waitUntil(lambda: min(pi.getViewBox().viewRange()[0]) < -20)  # the room beside the map is shown
    cols, rows = _ticks(bottom), _ticks(left)
    assert cols and min(cols) >= 0 and max(cols) <= 38, cols
    assert 0 in cols and max(cols) >= 30, cols  # the whole map is numbered, not a part of it
    assert rows and min(rows) >= 0 and max(rows) <= 28, rows
    assert "map column (1 cell = " in bottom.labelText
    dock.on_sequence(None)  # no map: pyqtgraph's own ticks again
    assert bottom.extent is None and left.extent is None
