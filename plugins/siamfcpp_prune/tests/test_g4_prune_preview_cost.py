"""The pruning inspector's scope / align combos held the GUI thread 0.2-0.33 s: scope "all" made its six more
histograms at once (~25 ms a plot widget), and every change cleared all 13 plots and added new bars and lines.
The missing plots now come one per event-loop turn, and a plot's bars and line are set anew in place (nothing
done where the plot already shows the cut)."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_scope_and_align_changes_are_cheap_on_the_gui_thread(window, registry, qtbot, small_model):
    import pyqtgraph as pg

    dock = window.open_inspector(registry.get("ps_siamfcpp"), "Pruning inspector")
    dock.set_model(*small_model, "test model")
    assert len(dock.plots) == 7
    dock.scope.setCurrentText("all")
    assert len(dock.plots) < len(dock.cuts()), "all the new plots were made in the combo's slot"
    qtbot.waitUntil(lambda: len(dock.plots) == len(dock.cuts()) and not dock._pending_plots
                    and all(p.isVisible() for p in dock.plots), timeout=10000)
    n = len(dock.plots)
    assert n > 7
    items = [list(p.getPlotItem().items) for p in dock.plots]
    title = dock.plots[0].getPlotItem().titleLabel.text
    dock.set_align(1)
    assert [list(p.getPlotItem().items) for p in dock.plots] == items  # the same bars and line, set anew
    assert dock.plots[0].getPlotItem().titleLabel.text != title  # ... to the new cut
    bars = [i for i in dock.plots[0].getPlotItem().items if isinstance(i, pg.BarGraphItem)]
    kept = sum(bars[1].opts["height"])
    assert f"{int(kept)} kept" in dock.plots[0].getPlotItem().titleLabel.text
    dock.scope.setCurrentText("backbone")
    assert sum(p.isVisible() for p in dock.plots) == len(dock.cuts()) < n
