"""A 12 pt font in the 1008x560 window a 1280x800 laptop at 125 % leaves: the bottom docks kept the 260 px made
for 9 pt, and under its controls the pruning inspector's histograms had 54 px; its tab beside the five others
needed 736 px of the bar's 690, and the bar scrolled with "Timeline" out of sight. The bottom docks' default
height grows with the font (within 60 % of the window) and a dock tab bar whose tabs do not fit has them closer
(``fit_tabs``): every title whole and on screen."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabBar

from .conftest import make_registry, shown_window

pytest.importorskip("torch")


@pytest.fixture
def laptop_12pt(qtbot, messages):
    from workbench.gui import style

    app = QApplication.instance()
    style.apply(app)
    normal = app.font()
    big = app.font()
    big.setPointSizeF(12)
    app.setFont(big)
    try:
        from workbench_siamfcpp_prune import PLUGIN
    except ImportError:
        pytest.skip("the siamfcpp_prune plugin is not installed")
    reg = make_registry()
    for p in PLUGIN:
        reg.add(p)
    try:
        yield from shown_window(qtbot, reg, (1008, 560))
    finally:
        app.setFont(normal)


def test_the_pruning_inspector_and_every_bottom_tab_fit_at_12pt(qtbot, laptop_12pt):
    w = laptop_12pt
    qtbot.waitUntil(lambda: w.compact and w.plots in w.tabifiedDockWidgets(w.timeline), timeout=5000)
    dock = w.open_inspector(w.registry.get("ps_siamfcpp"), "Pruning inspector")
    assert dock is not None
    histograms = dock.grid_host.parentWidget()  # the scroll area's viewport
    bottom = [w.timeline, *w.tabifiedDockWidgets(w.timeline)]
    titles = {d.windowTitle() for d in bottom if not d.isHidden()}
    assert {"Timeline", "Success / precision", "Pruning inspector"} <= titles, titles

    def bar():
        return next((b for b in w.findChildren(QTabBar, "", Qt.FindChildOption.FindDirectChildrenOnly)
                     if b.isVisible() and {b.tabText(i) for i in range(b.count())} == titles), None)

    def tabs_fit():
        b = bar()
        return b is not None and all(b.rect().contains(b.tabRect(i)) for i in range(b.count()))

    qtbot.waitUntil(tabs_fit, timeout=5000)  # every tab on screen, its title whole (no scrolling)
    assert histograms.height() >= 80, histograms.height()  # 54 px before; 86 px at 9 pt
    assert w.view.height() >= 90, w.view.height()  # the frame keeps some room
    assert (w.width(), w.height()) == (1008, 560)
