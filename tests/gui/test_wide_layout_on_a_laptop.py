"""View › Compact layout turned off on a 1366x768 screen: the Layers dock under Methods added its rows'
minimum height (~200 px) to the Methods dock's, and the window grew to 1366x779, past the screen's
bottom (and stayed so with the compact layout back on). The Layers dock scrolls in a window that short
now; on a large screen it still shows every row, as before."""
from __future__ import annotations

from tests.gui.conftest import near_the_end, shown_window, spin


def _runs(qtbot, w):
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake", "fake_b"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)


def test_wide_layout_keeps_a_laptop_window_on_the_screen(qtbot, registry, messages):
    gen = shown_window(qtbot, registry, (1366, 768))
    w = next(gen)
    assert w.compact
    _runs(qtbot, w)
    w.act_compact.setChecked(False)  # the user's choice, on a laptop
    spin(lambda: False, 0.3)  # the layout's passes
    assert not w.compact and not w.layout_is_compact()
    assert w.minimumSizeHint().height() <= 768, w.minimumSizeHint()
    assert (w.width(), w.height()) == (1366, 768)
    assert w.layers.isVisible() and w.layers.height() > 60
    w.act_compact.setChecked(True)
    spin(lambda: False, 0.3)
    assert (w.width(), w.height()) == (1366, 768)
    gen.close()


def test_wide_layout_on_a_large_screen_shows_every_layers_row(qtbot, registry, messages):
    gen = shown_window(qtbot, registry, (1600, 1000))
    w = next(gen)
    assert not w.compact
    _runs(qtbot, w)
    spin(lambda: False, 0.3)
    scroll = w.layers.widget()
    assert w.layers.opacity.isVisible()
    assert not scroll.verticalScrollBar().isVisible()  # the rows are whole: nothing to scroll
    assert (w.width(), w.height()) == (1600, 1000)
    gen.close()
