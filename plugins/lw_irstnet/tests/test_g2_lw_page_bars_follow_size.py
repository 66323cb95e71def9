"""The LW-IRSTNet workflow dock's Live filter tab showed both scroll bars, with nothing to scroll, when the dock
was made at 1366x768: its page's scroll area grew from a small size, and Qt hides the bars a pass later (a
queued call). The tabs' scroll areas settle their bars in the pass that resizes them."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workbench_lw_irstnet.panel import _scrolled


@pytest.mark.parametrize("grown", [(900, 400)])
def test_tab_page_bars_hidden_in_the_pass_that_makes_room(qtbot, grown):
    page = QWidget()
    lay = QVBoxLayout(page)
    for _ in range(5):
        lay.addWidget(QLabel("Size min m (px) " * 3))
    scroll = _scrolled(page)
    qtbot.addWidget(scroll)
    scroll.resize(120, 60)  # smaller than the page: both bars, as they should be
    scroll.show()
    qtbot.waitUntil(lambda: scroll.horizontalScrollBar().isVisible() and scroll.verticalScrollBar().isVisible())
    scroll.resize(*grown)  # room for all of it: no bar, at once (no event-loop pass in between)
    assert scroll.horizontalScrollBar().maximum() == 0 and scroll.verticalScrollBar().maximum() == 0
    assert not scroll.horizontalScrollBar().isVisible() and not scroll.verticalScrollBar().isVisible()
    scroll.resize(120, 60)  # and back: the page scrolls again
    assert scroll.horizontalScrollBar().isVisible() and scroll.verticalScrollBar().isVisible()
