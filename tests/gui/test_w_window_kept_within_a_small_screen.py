"""A 1280x800 laptop at 125 % scaling gives the window 1024x640 logical pixels, 1008x560 of them inside the
frame above the taskbar (initial_size: the screen less 16 px wide; Windows' taskbar and title bar ~80 px high).

Width: shown at the 1008 px it was given, the window grew to 1042 px, past the screen (the Methods dock's
close button and the status bar's right end off its edge): on the first show the Timeline and the plots
still stood side by side in the bottom area, and their minimum widths (263 + 544 px) and the Methods
column's set the window's minimum before the compact tab groups formed. Nothing shrank it back after.

Height: the method list's and the settings form's fixed 120 px minimums held the Methods column at 496 px
and the window at 594 px: the status bar and the bottom tabs went below the taskbar."""
from __future__ import annotations

import pytest

from tests.gui.conftest import make_registry, shown_window

GIVEN = (1008, 560)


@pytest.fixture
def laptop_125(qtbot, messages):
    yield from shown_window(qtbot, make_registry(), GIVEN)


def test_the_window_keeps_the_size_a_125_percent_laptop_gives_it(qtbot, laptop_125):
    w = laptop_125
    qtbot.waitUntil(lambda: w.compact and w.plots in w.tabifiedDockWidgets(w.timeline))
    assert (w.width(), w.height()) == GIVEN
    # and it could be smaller still: what the compact arrangement needs is what holds it
    need = w.minimumSizeHint()
    assert need.width() < GIVEN[0] and need.height() < GIVEN[1], need
    # the list and the form shrink, and both still show rows
    assert w.methods.tree.height() >= 3 * w.methods.tree.fontMetrics().height()
    assert w.methods.form_area.height() >= 3 * w.methods.form_area.fontMetrics().height()
