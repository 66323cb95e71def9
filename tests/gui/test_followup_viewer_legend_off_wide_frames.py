"""A wide frame (UAV123's 1280x720) in the 1366x768 window's view: the runs' legend lay over the frame's
top-left corner, though the view had an empty band above the frame. Where the view leaves room it now
lies off the frame: on one line above a wide frame (left of the maps' colour key), beside a tall one as
before; dragged by the user it stays where it is dropped until the view is fitted again."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF

from workbench.gui.viewer import FrameView


class _Drag:
    """The parts of pyqtgraph's MouseDragEvent a legend's drag reads."""

    def __init__(self, last, pos):
        self._last, self._pos, self._accepted = last, pos, False

    def button(self):
        from PySide6.QtCore import Qt

        return Qt.MouseButton.LeftButton

    def pos(self):
        return self._pos

    def lastPos(self):  # noqa: N802
        return self._last

    def accept(self):
        self._accepted = True

    def isAccepted(self):  # noqa: N802
        return self._accepted


def _view(qtbot, size, shape, names):
    view = FrameView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.set_image(np.full(shape, 90, np.uint8), levels=(0, 255))
    view.set_show_gt_in_legend(True)
    view.set_results({n: None for n in names}, {n: "#3399ff" for n in names})
    return view


def _frame_in_scene(view) -> QRectF:
    h, w = view._shape
    vb = view.vb
    return QRectF(vb.mapViewToScene(QPointF(0, 0)), vb.mapViewToScene(QPointF(w, h))).normalized()


# the 1366x768 window's frame view (Dataset dock open) and a larger one, a UAV123 frame
@pytest.mark.parametrize("size", [(562, 350), (760, 460)])
def test_legend_off_a_wide_frame(qtbot, size):
    view = _view(qtbot, size, (720, 1280), ["kcf", "kcf/default-run2"])
    qtbot.waitUntil(view.legend.isVisible)
    lg, frame = view.legend.sceneBoundingRect(), _frame_in_scene(view)
    assert frame.top() - view.vb.sceneBoundingRect().top() >= 20  # the view has room above the frame
    assert not lg.intersects(frame), (lg, frame)
    assert view.vb.sceneBoundingRect().contains(lg)  # all of it in the view
    assert view.legend.scale() >= view.LEGEND_MIN_SCALE
    assert [label.text for _s, label in view.legend.items] == ["groundtruth", "kcf", "kcf/default-run2"]
    # a map's colour key (top right) appears: the legend keeps clear of it, still off the frame
    view.set_heatmap(np.random.default_rng(0).random((17, 17)), (600, 300, 100, 100), title="kcf: response")
    lg = view.legend.sceneBoundingRect()
    key = QRectF(view.mapToScene(view.map_key.geometry().topLeft()), view.map_key.geometry().size())
    assert not lg.intersects(frame) and not lg.intersects(key), (lg, key)


def test_legend_over_a_frame_filling_the_view_and_moved(qtbot):
    """No band for it (a square frame filling a square view): over the frame as before, top left."""
    view = _view(qtbot, (400, 400), (512, 512), ["kcf"])
    qtbot.waitUntil(view.legend.isVisible)
    lg = view.legend
    assert lg.sceneBoundingRect().intersects(_frame_in_scene(view))
    assert lg.pos().x() < 10 and lg.pos().y() < 10
    start = QPointF(lg.pos())
    lg.mouseDragEvent(_Drag(QPointF(0, 0), QPointF(150, 200)))  # the user drags it by (150, 200)
    moved = lg.pos()
    assert abs(moved.x() - start.x() - 150) < 1 and abs(moved.y() - start.y() - 200) < 1
    view.set_zoom(1.25)  # the range changes: left where the user dropped it
    assert abs(lg.pos().x() - moved.x()) < 1 and abs(lg.pos().y() - moved.y()) < 1
    view.fit()  # fitted again: placed again
    assert lg.pos().x() < 10 and lg.pos().y() < 10
