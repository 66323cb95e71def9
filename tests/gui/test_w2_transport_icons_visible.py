"""The transport buttons under the frame (first / back / play / forward / last, and the play button's pause)
showed Fusion's media icons: nearly black pictures on the window's dark panel at every scaling. The
window's style draws them in the palette's button text colour at the screen's pixels, dimmed when the
button is disabled."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QStyle

SP = QStyle.StandardPixmap
MEDIA = (SP.SP_MediaSkipBackward, SP.SP_MediaSeekBackward, SP.SP_MediaPlay, SP.SP_MediaPause,
         SP.SP_MediaSeekForward, SP.SP_MediaSkipForward)


def _ink(pm) -> tuple[float, float]:
    """Mean luminance (0-255) of the icon's drawn pixels, and the share of its pixels drawn."""
    img = pm.toImage().convertToFormat(pm.toImage().Format.Format_RGBA8888)
    a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine() // 4, 4)[:, :img.width()]
    drawn = a[..., 3] > 128
    rgb = a[drawn][:, :3].astype(float)
    return float((rgb @ [0.299, 0.587, 0.114]).mean()) if len(rgb) else 0.0, float(drawn.mean())


def _lum(c: QColor) -> float:
    return 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()


@pytest.mark.parametrize("scale", [1.25, 1.5, 2.0])
def test_media_icons_stand_out_of_the_dark_panel(qtbot, scale):
    from workbench.gui.app import _application

    app = _application()
    bg = _lum(app.palette().color(QPalette.ColorRole.Window))
    for sp in MEDIA:
        icon = app.style().standardIcon(sp)
        pm = icon.pixmap(QSize(16, 16), scale)
        assert pm.devicePixelRatio() == scale and pm.width() == round(16 * scale)  # the screen's pixels
        on, share = _ink(pm)
        assert share > 0.15, f"{sp}: hardly anything drawn"
        assert on - bg > 100, f"{sp}: icon luminance {on:.0f} against the panel's {bg:.0f}"
        off, _ = _ink(icon.pixmap(QSize(16, 16), scale, QIcon.Mode.Disabled))
        assert bg + 30 < off < on - 40, f"{sp}: disabled {off:.0f}, enabled {on:.0f}, panel {bg:.0f}"
