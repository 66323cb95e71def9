"""The Layers dock's run colour swatches were 14 px pixmaps, scaled up by Qt at 125 % / 150 % / 200 %
scaling (their edges blended into the list's background). They are drawn at the screen's pixels."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage


@pytest.mark.parametrize("scale", [1.25, 1.5, 2.0])
def test_swatch_is_drawn_at_the_screen_pixels(qtbot, scale):
    from workbench.gui.layers_dock import SWATCH_SIDE, swatch

    pm = swatch("#ff8000").pixmap(QSize(16, 16), scale)
    assert pm.devicePixelRatio() == scale
    assert (pm.width(), pm.height()) == (round(16 * scale),) * 2
    img = pm.toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine() // 4, 4)[:, :img.width()]
    opaque = a[..., 3] == 255
    assert set(map(tuple, a[opaque][:, :3])) == {(255, 128, 0)}  # one colour, no blended edge
    assert (a[..., 3][~opaque] == 0).all()  # and nothing half-covered
    side = opaque.any(axis=0).sum()
    assert abs(side - SWATCH_SIDE * scale) <= 1  # 14 logical pixels
