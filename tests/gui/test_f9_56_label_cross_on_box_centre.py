"""c953999 centred a pixel-index point label p (labels.csv, DAUB) on p + 0.5, but the window still drew its cross, and
a detector's circle and box (its points pixel indices as well, its box cx - w / 2), at p: half a pixel up and left of
the groundtruth box they stand for. Drawn in the core's box convention now; a YOLO box centre is drawn where it is."""
from __future__ import annotations

import numpy as np

from tests.test_f9_56_point_centres_everywhere import BOX, _daub, _yolo


def _crosses(w) -> np.ndarray:
    return np.array([[float(p["x"]), float(p["y"])] for p in w.view.label_points.data]).reshape(-1, 2)


def _centre(w):
    gt = w.sequence.gt_box(0)
    return gt.x + gt.w / 2, gt.y + gt.h / 2


def test_cross_circle_and_box_on_the_groundtruth_box(qtbot, window, tmp_path):
    from workbench.core.methods import DetectOutput
    from workbench.gui.controllers.detection import DetResults

    w = window
    assert w.open_path(_daub(tmp_path / "d"))
    assert np.allclose(tuple(w.sequence.gt_box(0))[:4], BOX)
    qtbot.waitUntil(lambda: len(_crosses(w)) == 1)
    assert np.allclose(_crosses(w)[0], _centre(w))  # (100.5, 90.5), was (100, 90)
    # a detector's find on the labelled pixel (100, 90), its 3 x 3 box centred on it as the detector gives it
    out = DetectOutput(np.array([[100.0, 90.0]]), np.array([0.9]), np.array([[98.5, 88.5, 3.0, 3.0]]),
                       np.array([0]), ("target", "interference"))
    w.detection.result = DetResults("fake", w.sequence.name, len(w.sequence), {0: out}, status="done")
    w.detection.draw(0)
    pts = w.view.det_points.data
    assert len(pts) == 1 and np.allclose((float(pts[0]["x"]), float(pts[0]["y"])), _centre(w))
    r = w.view._det_box_items[0].rect()
    assert np.allclose((r.x(), r.y(), r.width(), r.height()), BOX)  # was (98.5, 88.5, 3, 3)


def test_a_box_centre_is_drawn_where_it_is(qtbot, window, tmp_path):
    w = window
    assert w.open_path(_yolo(tmp_path / "y"))
    qtbot.waitUntil(lambda: len(_crosses(w)) == 1)
    assert np.allclose(_crosses(w)[0], _centre(w)) and np.allclose(_crosses(w)[0], (100.5, 90.5))
