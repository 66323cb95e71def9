"""The Methods dock keeps its width when a run starts. Its settings box's title grows by "(running: edits
apply to the next run)" while a run goes; a plain group box's minimum width is its title's, so at
1366x768 the dock grew by ~120 px at the run's start (the frame view shrank) and stayed so after it.
The title is cut with "…" to the box instead; ``title()`` keeps the whole of it."""
from __future__ import annotations

from tests.gui.conftest import shown_window, spin


def test_running_title_does_not_widen_the_methods_dock(qtbot, registry, messages):
    gen = shown_window(qtbot, registry, (1366, 768))
    w = next(gen)
    try:
        w.open_demo()
        w.methods.select("fake_slow")
        qtbot.waitUntil(lambda: w.methods.width() > 0)
        spin(lambda: False, 0.1)  # the first layout pass
        before = w.methods.width()
        assert w.run_selected(["fake_slow"])
        qtbot.waitUntil(lambda: "running" in w.methods.settings_box.title(), timeout=10000)
        qtbot.waitUntil(lambda: w.methods.settings_box.minimumSizeHint().width() <= w.methods.settings_box.width())
        title = w.methods.settings_box.title()
        assert title == "Settings — Fake slow (running: edits apply to the next run)"
        box = w.methods.settings_box
        # what the dock needs is its contents', not the whole title's
        assert w.methods.minimumSizeHint().width() <= before
        assert box.fontMetrics().horizontalAdvance(title) > box.width() - 24  # the case at hand: it does not fit
        shown = box.shown_title() if hasattr(box, "shown_title") else title
        assert shown.startswith("Settings — Fake") and box.fontMetrics().horizontalAdvance(shown) <= box.width()
        w.cancel_run()
        qtbot.waitUntil(lambda: not w.busy, timeout=20000)
        assert w.methods.settings_box.title() == "Settings — Fake slow"
        assert w.methods.width() == before
    finally:
        for _ in gen:
            pass


def test_elided_group_box_minimum_holds_its_contents_and_frame(qtbot):
    """The box's least width is its contents' and its frame's (the frame is in the box's own margins,
    not its layout's), whatever its title."""
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    from workbench.gui.widgets import ElidedGroupBox

    box = ElidedGroupBox("Settings — a method with a very long title (running: edits apply to the next run)")
    qtbot.addWidget(box)
    lay = QVBoxLayout(box)
    label = QLabel("a row of some width")
    label.setMinimumWidth(150)
    lay.addWidget(label)
    box.show()
    m = box.contentsMargins()
    need = lay.minimumSize().width() + m.left() + m.right()
    assert box.minimumSizeHint().width() == need < box.fontMetrics().horizontalAdvance(box.title())
    box.resize(need, 80)
    qtbot.waitUntil(lambda: box.width() == need)
    assert box.shown_title().endswith("…") and label.width() >= 150


def test_elided_group_box_title_tooltip_says_it_whole(qtbot):
    """Cut to the box ("Settings — MIL (OpenCV) (running: edits apply…" at 1366x768), the title's end was
    nowhere on screen: hovering the title shows the whole of it; hovering the box's contents does not, and
    a title that fits has no tooltip of its own."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QLabel, QStyle, QStyleOptionGroupBox, QToolTip, QVBoxLayout

    from workbench.gui.widgets import ElidedGroupBox

    full = "Settings — MIL (OpenCV) (running: edits apply to the next run)"
    box = ElidedGroupBox(full)
    qtbot.addWidget(box)
    QVBoxLayout(box).addWidget(QLabel("a row"))
    box.resize(200, 120)
    box.show()
    qtbot.waitExposed(box)
    qtbot.waitUntil(lambda: box.shown_title().endswith("…"))
    opt = QStyleOptionGroupBox()
    box.initStyleOption(opt)
    rect = box.style().subControlRect(QStyle.ComplexControl.CC_GroupBox, opt, QStyle.SubControl.SC_GroupBoxLabel, box)
    on_title, below = rect.center(), QPoint(rect.center().x(), box.height() - 10)
    assert box.title_tooltip(on_title) == full and box.title_tooltip(below) == ""
    QToolTip.hideText()
    ev = QHelpEvent(QEvent.Type.ToolTip, on_title, box.mapToGlobal(on_title))
    assert box.event(ev) and QToolTip.text() == full
    QToolTip.hideText()
    box.setTitle("Settings — MIL")  # fits: nothing to add
    assert box.title_tooltip(on_title) == ""
