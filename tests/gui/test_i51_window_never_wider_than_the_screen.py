"""Compact layout off with a wide inspector open (the NAS alphas inspector: 616 px beside the plots' 544 and
Methods) set the window's minimum width to 1395 px, so the window grew past a 1280 screen, and it stayed
that wide after switching back. The minimum is now at most the screen's room, and switching back gives
the window its earlier width and minimum. Where the wide arrangement would need more than the screen, the
inspectors join the plots' tab group (the docks overlapped, held to the screen)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from workbench.core.registry import Plugin
from workbench.gui.inspector import InspectorDock

from tests.gui.conftest import make_registry, shown_window
from tests.gui.layout_settle import layout_settled



class WideInspector(InspectorDock):
    """As wide at least as the NAS alphas inspector."""

    def __init__(self, host, plugin=None):
        super().__init__(host, plugin, "Wide")
        body = QLabel("wide")
        body.setMinimumWidth(616)
        self.setWidget(body)


@pytest.mark.parametrize("screen_w", [1280, 1100])  # the inspector fits in the plots' group; nothing fits
def test_wide_layout_never_demands_more_than_the_screen(qtbot, messages, monkeypatch, screen_w):
    from workbench.gui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "available_width", lambda self: screen_w, raising=False)  # a laptop screen
    reg = make_registry()
    plugin = Plugin("widep", "tracker", lambda cfg, device: None, title="Wide P",
                    inspectors={"Wide": f"{__name__}:WideInspector"})
    reg.add(plugin)
    gen = shown_window(qtbot, reg, (1264, 760))
    w = next(gen)
    w.set_compact_layout(True)
    dock = w.open_inspector(plugin, "Wide")
    assert dock is not None
    assert layout_settled(w)  # the layout settles
    compact_min, width = w.minimumWidth(), w.width()
    assert width == 1264
    w.set_compact_layout(False)
    assert layout_settled(w)
    assert w.minimumWidth() <= screen_w
    assert w.width() == 1264 or w.width() <= screen_w  # it grew to the screen at most
    if screen_w == 1280:  # beside the Timeline it needed 1395 px; a tab of the plots' group it fits
        assert dock in w.tabifiedDockWidgets(w.plots)
        assert w.layout().totalMinimumSize().width() <= screen_w
    w.set_compact_layout(True)
    assert layout_settled(w)
    assert w.minimumWidth() == compact_min and w.width() == width
    gen.close()


def test_a_wide_inspector_opened_in_the_wide_layout_fits_too(qtbot, messages, monkeypatch):
    from workbench.gui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "available_width", lambda self: 1280, raising=False)
    reg = make_registry()
    plugin = Plugin("widep", "tracker", lambda cfg, device: None, title="Wide P",
                    inspectors={"Wide": f"{__name__}:WideInspector"})
    reg.add(plugin)
    gen = shown_window(qtbot, reg, (1264, 760))
    w = next(gen)
    assert layout_settled(w)  # arranged (compact at this size)
    w.set_compact_layout(False)
    assert layout_settled(w)
    assert w.timeline not in w.tabifiedDockWidgets(w.plots)  # side by side
    dock = w.open_inspector(plugin, "Wide")
    assert layout_settled(w)
    assert dock in w.tabifiedDockWidgets(w.plots) and w.width() == 1264
    assert w.layout().totalMinimumSize().width() <= 1280
    gen.close()
