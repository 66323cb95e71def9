"""The frame view's legend listed the groundtruth as a dashed line and each run's box, nothing else: a
point-labelled sequence's labels (DAUB: crosses) were named by a dashed "groundtruth" line, and a detector's
points (magenta rings), a segmenter's mask and its target boxes, and a label mask's outlines, had no entry. It
lists what the frame draws, as it draws it."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from workbench.gui import style
from workbench.gui.viewer import FrameView


def _view(qtbot):
    view = FrameView()
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    view.set_image(np.zeros((64, 96), np.uint8), levels=(0, 255))
    view.fit()
    return view


def _texts(view):
    return [label.text for _sample, label in view.legend.items]


def _picture(sample) -> QImage:
    """The legend sample as it paints (20 x 20), on black."""
    img = QImage(20, 22, QImage.Format.Format_ARGB32)
    img.fill(QColor("black"))
    p = QPainter(img)
    sample.paint(p)
    p.end()
    return img


def _lit(img, x, y, color) -> bool:
    c, want = img.pixelColor(x, y), QColor(color)
    return abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue()) < 120


def _edge_lit(img, y, color) -> bool:
    """A pixel of row ``y`` left of the sample's middle lit (a box's side, a line's start)."""
    return any(_lit(img, x, y, color) for x in range(1, 8))


def _sample_of(view, text):
    return next(sample for sample, label in view.legend.items if label.text == text)


def test_point_labels_and_detections_listed_as_drawn(qtbot):
    view = _view(qtbot)
    view.set_show_gt_in_legend(True)  # a DAUB sequence has groundtruth (3 x 3 boxes made from its points)
    view.set_results({"kcf": None}, {"kcf": "#3399ff"})
    qtbot.waitUntil(lambda: _texts(view) == ["groundtruth", "kcf"])
    line = _picture(_sample_of(view, "groundtruth"))
    assert _lit(line, 3, 11, style.GT_COLOR) and not _lit(line, 10, 4, style.GT_COLOR)  # a line: the box's
    # a detector's run over point labels: its rings, and the labels drawn as crosses
    view.set_detections(np.array([[20.0, 30.0]]), None, [(40.0, 20.0)], [True])
    qtbot.waitUntil(lambda: _texts(view) == ["groundtruth", "detections", "kcf"])
    gt = _picture(_sample_of(view, "groundtruth"))
    assert _lit(gt, 10, 6, style.GT_COLOR) and _lit(gt, 10, 16, style.GT_COLOR), "the cross's upright"
    assert not _lit(gt, 1, 11, style.GT_COLOR), "not the box's line across the sample"
    ring = _picture(_sample_of(view, "detections"))
    assert _lit(ring, 10, 5, style.DETECT_COLOR) and not _lit(ring, 10, 11, style.DETECT_COLOR)  # hollow ring
    assert view.legend_entries() == 3
    view.set_detections(np.zeros((0, 2)), None, [], [])  # a frame where it found none: still its layer
    view.set_detections(None, None, None)  # no run shown: the box's dashed line again
    qtbot.waitUntil(lambda: _texts(view) == ["groundtruth", "kcf"])
    assert not _lit(_picture(_sample_of(view, "groundtruth")), 10, 6, style.GT_COLOR)


def test_segmentation_layers_listed(qtbot):
    view = _view(qtbot)
    assert view.legend_entries() == 0
    mask = np.zeros((64, 96), np.uint8)
    mask[10:14, 20:25] = 1
    view.set_label_mask(mask)
    view.set_mask(mask)
    view.set_targets([(20, 10, 5, 4)])
    qtbot.waitUntil(lambda: _texts(view) == ["groundtruth", "segmentation mask", "targets"])
    assert view.legend.isVisible() and view.legend_entries() == 3
    filled = _picture(_sample_of(view, "segmentation mask"))
    assert _lit(filled, 10, 11, style.MASK_COLOR)  # filled, as the mask
    box = _picture(_sample_of(view, "targets"))
    assert _edge_lit(box, 11, style.TARGET_COLOR) and not _lit(box, 10, 11, style.TARGET_COLOR)  # its outline
    outline = _picture(_sample_of(view, "groundtruth"))
    assert not _lit(outline, 10, 11, style.GT_COLOR) and _edge_lit(outline, 11, style.GT_COLOR)
    assert not _lit(outline, 10, 2, style.GT_COLOR)  # a square's outline (not the box's dashed line across)
    view.set_targets(None)  # the layer off ([]: a frame with none, the entry stays)
    view.set_mask(None)
    view.set_label_mask(None)
    qtbot.waitUntil(lambda: not view.legend.isVisible())
    assert view.legend_entries() == 0


def test_a_line_key_still_draws_its_line(qtbot):
    from workbench.gui.viewer import _Key, _Sample

    pen = QPen(QColor("#ff0000"))
    pen.setWidthF(2.5)
    pen.setStyle(Qt.PenStyle.SolidLine)
    img = _picture(_Sample(_Key(pen)))
    assert _lit(img, 2, 11, "#ff0000") and _lit(img, 18, 11, "#ff0000")
