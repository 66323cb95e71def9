"""The timeline's legend does not sit on the curves it labels. Inside the plot it covered them: top right,
with five trackers over the whole sequence (1366x768), it hid their last frames; a run that started late
had it moved to the top left. It is now beside the plot, right of the view box: no curve under it, a
late run's or a whole sequence's, however many runs (its entries in columns where one is too tall)."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.gui.timeline import TimelineDock

COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]


def _dock(qtbot, width=900, height=260) -> TimelineDock:
    dock = TimelineDock()
    qtbot.addWidget(dock)
    dock.resize(width, height)
    dock.show()
    qtbot.waitExposed(dock)
    return dock


def _check_beside(qtbot, dock, n: int) -> None:
    p = dock.plot.getPlotItem()
    vb = p.getViewBox()
    qtbot.waitUntil(lambda: vb.width() > 100 and dock.legend.isVisible())
    qtbot.waitUntil(lambda: not dock.legend.sceneBoundingRect().intersects(vb.sceneBoundingRect()), timeout=3000)
    legend = dock.legend.sceneBoundingRect()
    assert legend.left() >= vb.sceneBoundingRect().right()  # right of the curves, not over them
    assert p.sceneBoundingRect().adjusted(-1, -1, 1, 1).contains(legend)  # and inside the plot widget
    assert len(dock.legend.items) == n
    for sample, label in dock.legend.items:  # every entry shown, inside the legend
        assert label.isVisible() and legend.adjusted(-1, -1, 1, 1).contains(label.sceneBoundingRect())
    assert vb.width() >= 0.7 * dock.plot.width()  # the curves keep most of the width


def test_legend_beside_a_late_run_and_a_whole_run(qtbot):
    dock = _dock(qtbot)
    dock.set_length(348)
    iou = np.full(348, np.nan)
    iou[328:] = 0.95  # started at frame 329, as 'Start from this frame' does
    dock.set_series({"kcf": {"iou": iou, "score": iou, "error": iou}}, {"kcf": "#3399ff"})
    _check_beside(qtbot, dock, 1)
    whole = np.full(348, 0.7)
    dock.set_series({"kcf": {"iou": whole, "score": whole, "error": whole}}, {"kcf": "#3399ff"})
    _check_beside(qtbot, dock, 1)
    dock.set_series({}, {})  # no runs: no legend, no margin kept for it
    assert not dock.legend.isVisible()
    assert dock.plot.getPlotItem().layout.getContentsMargins()[2] == 0


@pytest.mark.parametrize("width,n", [(829, 5), (1032, 5), (829, 8)])
def test_legend_beside_many_runs_at_1366x768(qtbot, width, n):
    dock = _dock(qtbot, width, 281)
    dock.set_length(71)
    rng = np.random.default_rng(0)
    names = ["kcf", "nanotrack", "nas_tir", "ps_siamfcpp", "siamfcpp", "kcf/default-run2", "mosse", "csrt"][:n]
    series = {}
    for name in names:
        y = np.clip(0.6 + 0.3 * rng.standard_normal(71).cumsum() / 10, 0, 1)
        series[name] = {"iou": y, "score": y, "error": 50 * y}
    dock.set_series(series, dict(zip(names, COLORS)))
    _check_beside(qtbot, dock, n)
    dock.show_metric("tracking", "error")  # another curve, another y range: still beside
    _check_beside(qtbot, dock, n)


def test_readout_with_many_runs_keeps_the_frame_number_and_fits(qtbot):
    """Six runs' values at 1366x768 (a 900 px timeline): the readout was a plain label, clipped at both
    ends ("ne 8: kcf 0.811, …"): the frame number was lost. Now it is cut at its end with "…", the frame
    number first, and the whole text in the tooltip."""
    dock = _dock(qtbot, 900, 281)
    dock.set_length(71)
    names = ["kcf", "siamfcpp", "kcf/default-run2", "siamfcpp/default-run2", "kcf/default-run3",
             "siamfcpp/default-run3"]
    dock.set_series({n: {"iou": np.full(71, 0.811), "score": np.full(71, 0.5), "error": np.full(71, 3.0)}
                     for n in names}, dict(zip(names, COLORS)))
    dock.set_frame(7)
    label = dock.readout
    qtbot.waitUntil(lambda: label.width() > 100)
    whole = label.text()
    assert whole.startswith("frame 8: kcf 0.811") and whole.endswith("siamfcpp/default-run3 0.811")
    shown = label.elided() if hasattr(label, "elided") else whole  # what is painted
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    assert shown.startswith("frame 8: kcf 0.811")
    assert label.toolTip() == whole


@pytest.mark.parametrize("height", [192, 281])
def test_empty_timeline_shows_its_top_label_whole(qtbot, height):
    """Before any sequence (a fresh window at 1280x720 and 1366x768) the IoU axis's "1.0" sat on the plot's
    top edge, cut in half: the y range was set (padded, as with runs) only once curves were drawn."""
    from tests.gui.conftest import top_label_rect

    dock = _dock(qtbot, 900, height)
    axis = dock.plot.getPlotItem().getAxis("left")
    qtbot.waitUntil(lambda: axis.geometry().height() > 50)
    rect = top_label_rect(axis, "1.0")
    assert rect.top() >= 0, rect  # inside the plot widget, not above its edge
