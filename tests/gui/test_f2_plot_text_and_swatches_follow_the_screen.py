"""The success / precision plots' titles (10 pt) and legends (8 pt), the Timeline's and Spectrum's legends
(8 pt) kept their sizes under a 12 pt system font, smaller than the text around them, and the ranking's run
colour swatches were 10 px pixmaps scaled up by Qt at 125-200 % (edges blended into the table). The texts
follow the application's font (a point over / under it) and the swatches are painted at the screen's pixels."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication


@pytest.fixture
def font_12pt(qtbot):
    app = QApplication.instance()
    old = app.font()
    f = app.font()
    f.setPointSizeF(12.0)
    app.setFont(f)
    yield
    app.setFont(old)


def test_plot_titles_and_legends_follow_the_application_font(qtbot, font_12pt):
    from workbench.gui.plots_dock import PlotsDock
    from workbench.gui.spectrum_dock import SpectrumDock
    from workbench.gui.timeline import TimelineDock

    plots = PlotsDock()
    timeline = TimelineDock()
    spectrum = SpectrumDock(None)
    for w in (plots, timeline, spectrum):
        qtbot.addWidget(w)
    assert plots.success.titleLabel.opts["size"] == "13pt"
    assert plots.precision.titleLabel.opts["size"] == "13pt"
    assert plots.success_legend.opts["labelTextSize"] == "11pt"
    assert plots.precision_legend.opts["labelTextSize"] == "11pt"
    assert timeline.legend.opts["labelTextSize"] == "11pt"
    assert spectrum.legend.opts["labelTextSize"] == "11pt"


@pytest.mark.parametrize("scale", [1.5, 2.0])
def test_ranking_swatch_is_drawn_at_the_screen_pixels(qtbot, scale):
    from workbench.gui.plots_dock import RankingTable

    table = RankingTable()
    qtbot.addWidget(table)
    table.set_rows([("kcf/default", "#ff8000", 0.5, 0.6, 100)])
    size = table.iconSize()
    pm = table.item(0, 0).icon().pixmap(size, scale)
    assert pm.devicePixelRatio() == scale
    assert (pm.width(), pm.height()) == (round(size.width() * scale), round(size.height() * scale))
    img = pm.toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine() // 4, 4)[:, :img.width()]
    opaque = a[..., 3] == 255
    assert set(map(tuple, a[opaque][:, :3])) == {(255, 128, 0)}  # one colour, no blended edge
    assert opaque.sum() == pm.width() * pm.height()  # the whole icon, at the screen's pixels
