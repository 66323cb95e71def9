"""The Run box's "Follow the tracked frame live" showed under a segmenter's Segment frame / All frames and a
detector's Run (at 1366x768 on SIRST-V2 and DAUB): every kind of run follows it, so it names the run, not a
tracker's frame, and its tooltip says what on and off do (it had none)."""
from __future__ import annotations

from tests.gui.conftest import make_registry


def test_follow_names_any_run_and_says_what_it_does(qtbot):
    from workbench.gui.methods_dock import MethodsDock

    dock = MethodsDock(make_registry())
    qtbot.addWidget(dock)
    assert "tracked" not in dock.follow.text() and "run" in dock.follow.text()
    tip = dock.follow.toolTip()
    assert "segmenter" in tip and "detector" in tip and "Off:" in tip, tip
