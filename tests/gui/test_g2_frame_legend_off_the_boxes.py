"""A small video (128x96 hyperspectral) in a narrow frame view (1280x720, tall bottom dock): no band beside or
above the frame had room for the runs' legend, so it lay over the frame's top-left corner and hid the first
frame's groundtruth box there. Over the frame it now takes the corner farthest from the boxes drawn, over
none of them where a corner is clear; and when the boxes move onto it, it moves."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF

from workbench.gui.viewer import FrameView


def _scene(view, item) -> QRectF:
    return item.mapRectToScene(item.rect()) if hasattr(item, "rect") else item.sceneBoundingRect()


def test_legend_over_a_small_frame_keeps_off_the_boxes(qtbot):
    view = FrameView()
    qtbot.addWidget(view)
    view.resize(300, 228)  # the frame fills the view: no band for the legend beside, above or below it
    view.show()
    qtbot.waitExposed(view)
    view.set_image(np.full((96, 128), 90, np.uint8), levels=(0, 255))
    view.set_gt((4, 4, 22, 18))  # the first frame's groundtruth, top left
    view.set_show_gt_in_legend(True)
    view.set_results({"kcf": (6, 5, 22, 18), "csrt": None}, {"kcf": "#3399ff", "csrt": "#ff9933"})
    qtbot.waitUntil(view.legend.isVisible)
    lg = view.legend.sceneBoundingRect()
    frame = QRectF(view.vb.mapViewToScene(view.vb.viewRect().topLeft()), view.vb.mapViewToScene(
        view.vb.viewRect().bottomRight())).normalized()
    assert lg.intersects(frame)  # over the frame: nowhere else to go
    gt = view.gt_item.mapRectToScene(view.gt_item.rect())
    assert not lg.intersects(gt), (lg, gt)
    run = view._result_items["kcf"].mapRectToScene(view._result_items["kcf"].rect())
    assert not lg.intersects(run), (lg, run)
    # the farthest corner from the boxes (top left): bottom right
    vb = view.vb.sceneBoundingRect()
    assert lg.center().x() > vb.center().x() and lg.center().y() > vb.center().y()
    # the tracked box moves under it: the legend moves off it
    view.set_results({"kcf": (100, 72, 22, 18), "csrt": None}, {"kcf": "#3399ff", "csrt": "#ff9933"})
    lg = view.legend.sceneBoundingRect()
    run = view._result_items["kcf"].mapRectToScene(view._result_items["kcf"].rect())
    assert not lg.intersects(run) and not lg.intersects(gt), (lg, run, gt)


def test_a_pan_moves_the_legend_only_off_a_box(qtbot):
    """R3: each pan or zoom step picked the legend's corner afresh, so panning a zoomed view moved it from a corner
    where it covered no box; it moves only when its corner comes to cover one."""
    view = _small_view(qtbot)
    qtbot.waitUntil(view.legend.isVisible)
    view.set_zoom(3.0)
    qtbot.waitUntil(lambda: view._legend_corner is not None)
    moves = []
    for _ in range(16):  # a drag: the boxes, top left of the frame, come into the view
        before = view._legend_corner
        view.vb.translateBy(x=-3, y=-2)
        view._fit_legend()  # as the view's range change calls it
        lg = view.legend  # would its old corner cover a box in the panned view?
        covered = before is not None and any(
            view._corner_rect(view.LEGEND_CORNERS[before], lg.width() * lg.scale(), lg.height() * lg.scale())
            .intersects(b) for b in view._drawn_boxes())
        if view._legend_corner != before:
            moves.append((before, view._legend_corner, covered))
    assert all(covered for *_, covered in moves), moves


def test_targets_and_detections_coming_under_the_legend_move_it(qtbot):
    """R3: the legend over the frame avoided targets and detection boxes only at its next refit; set_targets and
    set_detections move it off them as a run's box moving under it does."""
    view = _small_view(qtbot, gt=False)
    qtbot.waitUntil(lambda: view.legend.isVisible() and view._legend_corner is not None)
    for put in (lambda r: view.set_targets([r]), lambda r: view.set_detections([[r[0], r[1]]], boxes=[r])):
        lg = view.legend.sceneBoundingRect()
        under = view.vb.mapSceneToView(lg).boundingRect()  # the legend's place in the frame's pixels
        box = (under.x() + 1, under.y() + 1, max(under.width() - 2, 2), max(under.height() - 2, 2))
        put(box)
        now = view.legend.sceneBoundingRect()
        drawn = view.vb.mapViewToScene(QRectF(*box)).boundingRect()
        assert not now.intersects(drawn), (now, drawn)
        view.set_targets([])
        view.set_detections(None)


def _small_view(qtbot, gt: bool = True) -> FrameView:
    """A 128x96 frame filling a 300x228 view (no band for the legend beside it), the first groundtruth box and a
    run's box top left."""
    view = FrameView()
    qtbot.addWidget(view)
    view.resize(300, 228)
    view.show()
    qtbot.waitExposed(view)
    view.set_image(np.full((96, 128), 90, np.uint8), levels=(0, 255))
    if gt:
        view.set_gt((4, 4, 22, 18))
        view.set_show_gt_in_legend(True)
    view.set_results({"kcf": (6, 5, 22, 18), "csrt": None}, {"kcf": "#3399ff", "csrt": "#ff9933"})
    return view
