"""The Response map dock before any map: its empty plot's axes read "map row (x0.001)" from -400 to 400
(pyqtgraph's SI prefix on the default range). The axes count map cells: no prefix, no scale factor."""
from __future__ import annotations


def test_empty_response_map_axes_have_no_si_scale(window, qtbot):
    dock = window.response_inspector
    dock.show()
    dock.raise_()
    qtbot.waitExposed(dock)
    window.open_demo()  # no run yet: no map
    qtbot.waitUntil(lambda: dock.plot.isVisible())
    pi = dock.plot.getPlotItem()
    for ax in ("left", "bottom"):
        axis = pi.getAxis(ax)
        axis.setRange(-0.4, 0.4)  # as an empty plot's range; the labels are the same cells' numbers
        assert axis.autoSIPrefixScale == 1.0
        assert "x0.001" not in axis.labelString()
    assert "No maps yet" in dock.info.text()
