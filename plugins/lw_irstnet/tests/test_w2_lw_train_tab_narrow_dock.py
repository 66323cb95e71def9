"""LW-IRSTNet's Train tab in a 1024 px wide window (a 674 px dock): its two forms side by side and the curve
beside them needed 842 px, so the page scrolled sideways and the curve was a bare axis at its edge. Where the
tab is narrower than that the forms go one above the other (the page may scroll down), the curve whole beside
them; where it is wide they are side by side again."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QScrollArea

pytest.importorskip("workbench_lw_irstnet")


def test_train_tab_fits_a_narrow_dock_without_scrolling_sideways(qtbot):
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    panel = Panel(PLUGIN, None)
    qtbot.addWidget(panel)
    panel.setCurrentIndex(1)  # the Train tab is built
    scroll = panel.currentWidget()
    assert isinstance(scroll, QScrollArea)
    plot = panel.tr_plot

    def fits() -> bool:
        right = plot.mapTo(scroll.viewport(), QPoint(plot.width(), 0)).x()
        return scroll.horizontalScrollBar().maximum() == 0 and right <= scroll.viewport().width()

    panel.resize(674, 250)
    panel.show()
    qtbot.waitUntil(fits, timeout=3000)
    assert plot.width() >= 220  # its least width, not squeezed to its axis
    panel.resize(1300, 250)
    qtbot.waitUntil(lambda: scroll.widget().forms.direction() == scroll.widget().forms.Direction.LeftToRight,
                    timeout=3000)  # side by side where there is room: the page as low as before
    assert fits()
