"""Plot titles and legends take their size from the application's font (``style.text_pt``). With that font set
in pixels (a desktop or a style sheet giving "16px"), ``pointSizeF()`` is -1 and every title and legend became
"6pt", the floor. The pixels are taken at the screen's logical DPI."""
from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from workbench.gui import style


def test_text_pt_follows_a_font_set_in_pixels(qtbot):
    app = QApplication.instance()
    normal = app.font()
    px = app.font()
    px.setPixelSize(16)
    try:
        app.setFont(px)
        assert QApplication.font().pointSizeF() < 0  # Qt's: no point size for a pixel font
        dpi = QGuiApplication.primaryScreen().logicalDotsPerInchY()
        want = 16 * 72 / dpi  # 12 pt at 96 DPI
        assert abs(float(style.text_pt().removesuffix("pt")) - want) < 0.01, style.text_pt()
        assert abs(float(style.text_pt(-1).removesuffix("pt")) - (want - 1)) < 0.01, style.text_pt(-1)
    finally:
        app.setFont(normal)
    assert style.text_pt() == f"{normal.pointSizeF():g}pt"  # a point font as before
