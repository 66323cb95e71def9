"""Compact layout off with a wide inspector open (the NAS alphas inspector: 616 px beside the plots' 544 and
Methods) set the window's minimum width to 1395 px, so the window grew past a 1280 screen, and it stayed
that wide after switching back. The minimum is now at most the screen's room, and switching back gives
the window its earlier width and minimum."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from workbench.core.registry import Plugin
from workbench.gui.inspector import InspectorDock

from tests.gui.conftest import make_registry, shown_window, spin

SCREEN_W = 1280


class WideInspector(InspectorDock):
    """As wide at least as the NAS alphas inspector."""

    def __init__(self, host, plugin=None):
        super().__init__(host, plugin, "Wide")
        body = QLabel("wide")
        body.setMinimumWidth(616)
        self.setWidget(body)


def test_wide_layout_never_demands_more_than_the_screen(qtbot, messages, monkeypatch):
    from workbench.gui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "available_width", lambda self: SCREEN_W, raising=False)  # a 1280 px laptop screen
    reg = make_registry()
    plugin = Plugin("widep", "tracker", lambda cfg, device: None, title="Wide P",
                    inspectors={"Wide": f"{__name__}:WideInspector"})
    reg.add(plugin)
    gen = shown_window(qtbot, reg, (1264, 760))
    w = next(gen)
    w.set_compact_layout(True)
    assert w.open_inspector(plugin, "Wide") is not None
    spin(lambda: False, 0.3)  # the layout settles
    compact_min, width = w.minimumWidth(), w.width()
    assert width == 1264
    w.set_compact_layout(False)
    spin(lambda: False, 0.3)
    assert w.layout().totalMinimumSize().width() > SCREEN_W  # what the docks side by side would need
    assert w.minimumWidth() <= SCREEN_W and w.width() <= SCREEN_W
    w.set_compact_layout(True)
    spin(lambda: False, 0.3)
    assert w.minimumWidth() == compact_min and w.width() == width
    gen.close()
