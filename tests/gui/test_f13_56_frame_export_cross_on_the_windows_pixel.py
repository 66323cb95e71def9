"""File > Export frame drew a point label's cross at round(cx): a YOLO box centre 101.5 (the target pixel 101, where
the window's cross is) was marked on pixel 102 (round half to even). The export now takes the window's own
``drawn_labels`` (the core's box convention) less half a pixel: the pixel the window's cross is on, for a box-centred
(YOLO) label and a pixel-index (labels.csv) one alike."""
from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

W, H = 160, 128


def _yolo(root, cx=101.5, cy=91.5):
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    for i in range(2):
        cv2.imwrite(str(root / "images" / f"{i + 1:06d}.png"), np.full((H, W), 40, np.uint8))
        (root / "labels" / f"{i + 1:06d}.txt").write_text(f"0 {cx / W:.8f} {cy / H:.8f} {3 / W:.8f} {3 / H:.8f}\n")
    return root


def _labels_csv(root):
    (root / "frames").mkdir(parents=True)
    for i in range(2):
        cv2.imwrite(str(root / "frames" / f"{i + 1:04d}.png"), np.full((H, W), 40, np.uint8))
    (root / "labels.csv").write_text("frame,cx,cy,w,h,class\n0,100,90,3,3,target\n1,100,90,3,3,target\n")
    return root


def _exported_cross(w) -> tuple[float, float]:
    """The centre pixel of the label cross the frame export draws on frame 0 (on a black frame)."""
    from workbench.gui import style

    img = w.exporter._marks(0).draw(np.zeros((H, W, 3), np.uint8))[0]
    colour = tuple(int(style.GT_COLOR.lstrip("#")[k:k + 2], 16) for k in (0, 2, 4))
    ys, xs = np.nonzero(np.all(img == colour, axis=2))
    assert len(xs), "no label cross exported"
    return float(np.median(xs)), float(np.median(ys))


def test_the_exported_cross_marks_the_pixel_the_windows_cross_is_on(qtbot, window, tmp_path):
    # the YOLO set, then the labels.csv one, in one window (a window each cost more than the checks); their
    # crosses are on different pixels, so the second is not the first one's left over
    w = window
    for make, pixel in ((_yolo, (101, 91)), (_labels_csv, (100, 90))):
        assert w.open_path(make(tmp_path / make.__name__.strip("_")))

        def shown():
            p = w.view.label_points.data
            return (float(p[0]["x"]), float(p[0]["y"])) if len(p) == 1 else None

        # the window's cross, pixel i spanning i ... i + 1
        qtbot.waitUntil(lambda: shown() is not None and tuple(np.floor(shown())) == pixel, timeout=5000)
        assert len(w.view.label_points.data) == 1
        assert _exported_cross(w) == pixel, make.__name__  # the YOLO label was exported on (102, 92)
