"""The frame view's runs legend and the plots' titles (NAS alphas heatmaps, LW-IRSTNet's ROC) were given
"9pt": under a 12 pt system font they stayed 9 pt, smaller than all the text around them. They follow the
application's font."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture
def font_12pt(qtbot):
    from workbench.gui.app import _application

    app = _application()
    old = app.font()
    f = app.font()
    f.setPointSizeF(12.0)
    app.setFont(f)
    yield
    app.setFont(old)


def test_runs_legend_follows_the_application_font(font_12pt):
    from workbench.gui.viewer import FrameView

    assert QApplication.font().pointSizeF() == 12.0
    view = FrameView()
    try:
        assert view.legend.opts["labelTextSize"] == "12pt"
    finally:
        view.deleteLater()


def test_nas_heatmap_title_follows_the_application_font(font_12pt):
    pytest.importorskip("workbench_nas_tir")
    from workbench_nas_tir.inspector import AlphaHeatmap

    heat = AlphaHeatmap("normal cell", colorbar=False)
    try:
        assert heat.getPlotItem().titleLabel.opts["size"] == "12pt"
    finally:
        heat.deleteLater()
