"""View › <dock> ticked shows the dock in front of its tab group. At 1366x768 Methods, Layers and
Spectrum are tabs of one column: Methods closed and ticked again came back behind the Spectrum tab
("Not a hyperspectral sequence."), and the menu seemed to do nothing."""
from __future__ import annotations

from tests.gui.conftest import shown_window, spin


def on_screen(dock) -> bool:
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def test_view_menu_brings_a_closed_dock_to_the_front(qtbot, registry, messages):
    gen = shown_window(qtbot, registry, (1366, 768))
    w = next(gen)
    assert w.compact
    w.open_demo()
    w.spectrum.toggleViewAction().trigger()  # Spectrum shown (View › Inspectors), in front of Methods
    spin(lambda: on_screen(w.spectrum), 2)
    for dock in (w.methods, w.timeline):
        dock.toggleViewAction().trigger()  # closed
        spin(lambda: not dock.isVisible(), 2)
        assert not dock.isVisible()
    w.response_inspector.raise_()  # another bottom tab in front
    for dock in (w.methods, w.timeline):
        dock.toggleViewAction().trigger()  # ticked again: in front, not behind another tab
        assert spin(lambda: on_screen(dock), 2), dock.windowTitle()
    gen.close()
