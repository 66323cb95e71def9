"""An unticked check box was a dark square on the dark panel, its edge barely lighter than the panel:
a settings form's bool ("Signed gradients" of KCF, its label in the form's left column) seemed an empty
space. The box has a visible edge now, and a ticked box is filled in the accent with a white tick (as
the Methods list's ticks are)."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication, QCheckBox, QStyle, QStyleOptionButton

from workbench.gui import style


def _indicator(qtbot, checked: bool):
    b = QCheckBox("")
    qtbot.addWidget(b)
    b.setChecked(checked)
    b.resize(40, 24)
    b.show()
    qtbot.waitExposed(b)
    opt = QStyleOptionButton()
    b.initStyleOption(opt)
    r = b.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, opt, b)
    image = b.grab().toImage()
    pixels = [image.pixelColor(x, y) for x in range(max(0, r.left()), min(image.width(), r.right() + 1))
              for y in range(max(0, r.top()), min(image.height(), r.bottom() + 1))]
    return pixels, image.pixelColor(image.width() - 2, 1)  # the panel behind it


def test_unticked_box_has_a_visible_edge_and_a_ticked_one_shows_it(qtbot):
    style.apply(QApplication.instance())
    pixels, panel = _indicator(qtbot, False)
    assert max(c.lightness() for c in pixels) - panel.lightness() > 50, [c.name() for c in pixels[:20]]
    pixels, _panel = _indicator(qtbot, True)
    assert any(c.hsvSaturation() > 150 and c.blue() > c.red() + 60 for c in pixels)  # the accent
    assert any(c.lightness() > 230 for c in pixels)  # the white tick
