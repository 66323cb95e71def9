"""The Response map's column labels ran into each other where the map is narrow beside a wide dock: at 1280x720
after a KCF run on vottir2016_horse the 30-column map took 90 px of a 900 px axis and the axis read
"0 5 1015202530" (pyqtgraph weighed the labels against the whole axis, not the map's part). The labels drawn
over the map keep apart; where the map is wide enough the finer labels are back."""
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
        return {"response": MapLayer(self.map, (145, 93, 135, 153))}

    def set_frame(self, index):
        pass


def _drawn_labels(axis) -> list:
    """The label rectangles the axis draws now, left to right (``generateDrawSpecs``, what ``paint`` draws)."""
    from PySide6.QtGui import QImage, QPainter

    img = QImage(10, 10, QImage.Format.Format_ARGB32)
    p = QPainter(img)
    try:
        _axis, _ticks, texts = axis.generateDrawSpecs(p)
    finally:
        p.end()
    return sorted((rect for rect, _flags, _text in texts), key=lambda r: r.left())


def test_column_labels_do_not_overlap_on_a_narrow_map(qtbot):
    from workbench.gui.inspector import ResponseMapInspector

    dock = ResponseMapInspector(_Host((34, 30)))
    qtbot.addWidget(dock)
    dock.resize(930, 240)  # the bottom dock of a 1280x720 window: the map is a tenth of its width
    dock.show()
    qtbot.waitExposed(dock)
    dock.on_result("kcf", None)
    bottom = dock.plot.getPlotItem().getAxis("bottom")
    vb = dock.plot.getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: min(vb.viewRange()[0]) < -30)  # the room beside the map is shown
    from PySide6.QtGui import QFontMetrics

    gap = QFontMetrics(bottom.font()).averageCharWidth() / 2  # a readable gap: half a character at least
    rects = _drawn_labels(bottom)
    assert len(rects) >= 2, rects  # the map is still numbered
    for a, b in zip(rects, rects[1:]):
        assert b.left() - a.right() >= gap, (a, b)
    dock.resize(300, 600)  # the map wide in its dock: the finer labels come back, still apart
    qtbot.waitUntil(lambda: max(vb.viewRange()[0]) - min(vb.viewRange()[0]) < 40)
    wide = _drawn_labels(bottom)
    assert len(wide) > len(rects), (rects, wide)
    for a, b in zip(wide, wide[1:]):
        assert b.left() - a.right() >= gap, (a, b)
