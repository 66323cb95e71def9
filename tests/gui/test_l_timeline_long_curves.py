"""A long sequence's Timeline curves draw about two points a pixel of the frames in sight, not every frame.

Twelve runs of a 20,000-frame sequence, drawn frame by frame with a 1.6 px antialiased pen, took 48 s to show
and 16 s to repaint at every cursor move on the GUI thread. The curve keeps each pixel's lowest and highest
value (so no dip or spike is lost) and, zoomed in, the frames themselves."""
import numpy as np


def _dock(qtbot):
    from workbench.gui.timeline import TimelineDock

    dock = TimelineDock()
    qtbot.addWidget(dock)
    dock.resize(900, 220)
    dock.show()
    qtbot.waitExposed(dock)
    return dock


def test_long_curve_drawn_at_the_views_resolution(qtbot):
    dock = _dock(qtbot)
    n = 20000
    rng = np.random.default_rng(3)
    iou = rng.random(n)
    iou[5000:5400] = np.nan  # absent frames: a gap
    iou[12345] = 1.0  # one spike, and one dip
    iou[777] = 0.0
    dock.set_length(n)
    dock.set_series({"kcf": {"iou": iou, "score": iou, "error": iou}}, {"kcf": "#ff0000"})
    (curve,) = dock._curves.items.values()
    vb = dock.plot.getPlotItem().getViewBox()
    dock.plot.grab()  # laid out and painted (the legend beside the plot narrows it)
    qtbot.waitUntil(lambda: len(curve.xData) <= 2 * vb.width() + 2, timeout=3000)
    assert np.nanmax(curve.yData) == 1.0 and np.nanmin(curve.yData) == 0.0
    gap = (curve.xData > 5050) & (curve.xData < 5350)
    assert gap.any() and np.isnan(curve.yData[gap]).all()
    x, y = curve.full_data()
    assert len(y) == n and np.array_equal(y, iou, equal_nan=True)
    assert curve.opts["pen"].widthF() == 1.0
    # zoomed in: the frames in sight as they are
    dock.plot.getPlotItem().setXRange(1000, 1100, padding=0)
    qtbot.waitUntil(lambda: len(curve.xData) < 200)
    assert curve.xData[0] <= 1000 and curve.xData[-1] >= 1100
    at = curve.xData.astype(int)
    assert np.array_equal(curve.yData, iou[at])


def test_short_curve_drawn_as_it_is(qtbot):
    dock = _dock(qtbot)
    y = np.linspace(0, 1, 300)
    dock.set_length(300)
    dock.set_series({"kcf": {"iou": y, "score": y, "error": y}}, {"kcf": "#ff0000"})
    (curve,) = dock._curves.items.values()
    assert np.array_equal(curve.yData, y) and curve.opts["pen"].widthF() == 1.6
