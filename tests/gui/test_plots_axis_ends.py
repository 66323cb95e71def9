"""The success and precision plots labelled their axes without the ends: no 0 or 1.0 on the rate axes,
no 1.0 (IoU) or 50 (px) on the threshold axes. pyqtgraph drops a tick label that reaches past the axis's
box (the plot's box, with a grid), and the end ticks sit half a label from it."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication


def _labels(axis) -> list[str]:
    """The tick labels the axis draws (pyqtgraph's own draw specs, at its current size)."""
    img = QImage(10, 10, QImage.Format.Format_ARGB32)
    p = QPainter(img)
    try:
        specs = axis.generateDrawSpecs(p)
    finally:
        p.end()
    return [text for _rect, _flags, text in specs[2]]


@pytest.mark.parametrize("width", [829, 1032])
def test_success_and_precision_axes_show_their_ends(qtbot, width):
    from workbench.gui import style
    from workbench.gui.plots_dock import PlotsDock

    style.apply(QApplication.instance())
    dock = PlotsDock()
    qtbot.addWidget(dock)
    dock.resize(width, 281)
    dock.show()
    qtbot.waitExposed(dock)
    qtbot.waitUntil(lambda: dock.success.getViewBox().height() > 50, timeout=5000)
    ends = {(dock.success, "left"): ("0", "1.0"), (dock.success, "bottom"): ("0", "1.0"),
            (dock.precision, "left"): ("0", "1.0"), (dock.precision, "bottom"): ("0", "50")}
    for (plot, side), (lo, hi) in ends.items():
        labels = _labels(plot.getAxis(side))
        assert lo in labels and hi in labels, (plot.titleLabel.text, side, labels)


@pytest.mark.parametrize("height", [200, 281])
def test_timeline_rate_axis_shows_its_ends(qtbot, height):
    """The timeline's IoU axis (0..1) was labelled 0.2 to 0.8 only at a laptop's dock height."""
    import numpy as np

    from workbench.gui import style
    from workbench.gui.timeline import TimelineDock

    style.apply(QApplication.instance())
    dock = TimelineDock()
    qtbot.addWidget(dock)
    dock.resize(1030, height)
    dock.show()
    qtbot.waitExposed(dock)
    dock.set_length(100)
    ramp = np.linspace(0, 1, 100)
    dock.set_series({"kcf": {"iou": ramp, "score": ramp, "error": ramp}}, {"kcf": "#ff8c42"})
    plot = dock.plot.getPlotItem()
    qtbot.waitUntil(lambda: plot.getViewBox().height() > 50, timeout=5000)
    labels = _labels(plot.getAxis("left"))
    assert "0" in labels and "1.0" in labels, labels
