"""The start-up heap was frozen (gc.freeze) only after torch's warm-up (a pass of the event loop later without
torch): with automatic collection off on the GUI thread (maingc.py) the first young collection after the window
showed walked the ~180,000 objects of its start (0.09-0.14 s on the GUI thread). The window freezes them as it is
built, and again after the warm-up."""
from __future__ import annotations


def test_the_window_freezes_the_heap_before_the_event_loop_turns(qtbot, registry, monkeypatch):
    from tests.gui.conftest import _collect_earlier_windows
    from workbench.gui.main_window import MainWindow

    _collect_earlier_windows()  # (which makes _freeze_heap a no-op for the tests' windows: counted here instead)
    calls = []
    monkeypatch.setattr(MainWindow, "_freeze_heap", staticmethod(lambda: calls.append("freeze")))
    w = MainWindow(registry)
    qtbot.addWidget(w)
    assert calls == ["freeze"], "the window was built without freezing what its start left alive"
