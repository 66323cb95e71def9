"""The Spectrum dock's plot with no cube open (a tab of the Methods column at 1366x768, shown from View ›
Inspectors): its "1.0" sat on the plot widget's top edge, cut in half."""
from __future__ import annotations

from tests.gui.conftest import top_label_rect


def test_empty_spectrum_plot_and_response_map_show_their_top_labels_whole(window, qtbot):
    # the Response map's check first (before anything is open), then the Spectrum's in the same window (a window
    # each cost more than the checks)
    _empty_response_map_shows_its_colour_bar_top_label_whole(window, qtbot)
    window.open_demo()  # not a cube: the plot stays empty
    dock = window.spectrum
    dock.show()
    dock.raise_()
    axis = dock.plot.getPlotItem().getAxis("left")
    qtbot.waitUntil(lambda: axis.geometry().height() > 50)
    assert top_label_rect(axis, "1.0").top() >= 0  # inside the plot widget, not above its edge


def _empty_response_map_shows_its_colour_bar_top_label_whole(window, qtbot):
    """The Response map dock before any map (1280x720, 1366x768): its colour bar's "1.0" sat on the plot
    widget's top edge, cut in half, as the Timeline's and Spectrum's top labels did."""
    dock = window.response_inspector
    dock.show()
    dock.raise_()
    axis = dock.bar.axis
    qtbot.waitUntil(lambda: axis.geometry().height() > 50)
    assert top_label_rect(axis, "1.0").top() >= 0
