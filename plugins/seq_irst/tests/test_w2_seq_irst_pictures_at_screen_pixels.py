"""seq_irst's Review crops (frame and differential, zoomed 5x) and its Iterations plot were pixmaps of one
device pixel per image pixel: at 125-200 % scaling Qt scaled them up smoothly, blurring the zoomed pixels,
the one-pixel marks and the plot's text. They are made in the screen's pixels and keep their logical size."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

pytest.importorskip("workbench_seq_irst")


def test_review_crop_repeats_each_pixel_in_screen_pixels(qtbot):
    from workbench_seq_irst.panel import _ClickLabel

    label = _ClickLabel()
    qtbot.addWidget(label)
    label.devicePixelRatioF = lambda: 2.0  # as on a screen at 200 %
    given = []
    label.setPixmap = given.append
    rgb = np.zeros((10, 10, 3), np.uint8)
    rgb[4, 6] = (0, 255, 0)  # a one-pixel mark
    label.set_picture(rgb)
    pm = given[-1]
    assert (pm.width(), pm.height(), pm.devicePixelRatio()) == (20, 20, 2.0)  # logical size kept: 10 x 10
    img = pm.toImage().convertToFormat(QImage.Format.Format_RGB888)
    a = np.frombuffer(img.constBits(), np.uint8).reshape(20, img.bytesPerLine())[:, :60].reshape(20, 20, 3)
    green = (a == (0, 255, 0)).all(axis=2)
    assert green[8:10, 12:14].all() and green.sum() == 4  # the mark: 2 x 2 screen pixels, not smeared
    assert set(np.unique(a)) <= {0, 255}


def test_iteration_plot_is_drawn_at_the_screen_pixels():
    from workbench_seq_irst.panel import _plot_png

    rows = [dict(iteration=1, epochs=2, images=10, precision=0.5, recall=0.6, f1=0.55)]
    two = QImage.fromData(_plot_png(rows, 2.0))
    assert (two.width(), two.height()) == (2 * 660, 2 * 408)  # mining.plot_table: 5.5 x 3.4 in at 120 dpi
