"""Garbage collection on the GUI thread only (workbench/gui/maingc.py)."""
from __future__ import annotations

import gc
import threading


class _Cycle:
    def __init__(self, log):
        self.me = self
        self.log = log

    def __del__(self):
        self.log.append(threading.current_thread() is threading.main_thread())


def test_cycles_made_on_a_worker_are_collected_on_the_gui_thread(qtbot, _gc_on_gui_thread):
    from PySide6.QtCore import QCoreApplication, QEvent

    assert not gc.isenabled()  # automatic collection is off while Qt tests run
    # the young generation's count is allocations less deallocations: the widgets of the test before,
    # freed by their deferred deletes during the wait below, took it under the threshold again and the
    # garbage was never due (seen after the NAS inspector's tests in the same process). Those go first,
    # and there is more garbage than a test's leftovers
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    log = []
    n = 20000

    def work():  # plenty of cyclic garbage, made off the GUI thread
        for _ in range(n):
            _Cycle(log)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert log == []  # nothing was collected in the worker
    qtbot.waitUntil(lambda: len(log) == n, timeout=5000)  # the timer collected them here
    assert all(log)
    assert _gc_on_gui_thread.collections >= 1


def test_the_app_installs_it_once():
    from workbench.gui.app import _application
    from workbench.gui.maingc import MainThreadGC

    app = _application()
    guard = app._workbench_gc
    assert isinstance(guard, MainThreadGC)
    assert _application()._workbench_gc is guard
    guard.stop()  # leave the other tests' collection as it was
    del app._workbench_gc


def test_older_generations_wait_in_proportion_to_their_cost(qapp, monkeypatch):
    import time

    from workbench.gui import maingc

    guard = maingc.MainThreadGC(interval_ms=10_000)
    try:
        calls = []
        monkeypatch.setattr(maingc.gc, "get_count", lambda: (10_000, 100, 100))  # every generation due
        monkeypatch.setattr(maingc.gc, "collect", lambda g=2: calls.append(g) or 0)
        guard.check()
        assert calls == [2]  # never collected before: the oldest goes
        guard._cost[1] = guard._cost[2] = 0.5  # as if that took 0.5 s: 25 s before the next
        guard._last[1] = guard._last[2] = time.perf_counter()
        guard.check()
        assert calls == [2, 0]  # only the young generation now
        guard._last[1] = time.perf_counter() - guard.SPACING * 0.5 - 1
        guard.check()
        assert calls == [2, 0, 1]
    finally:
        guard.timer.stop()
        guard.was_enabled = False  # leave the collector as the session's fixture set it
        monkeypatch.undo()
        guard.stop()


def test_what_imports_left_is_frozen_not_traversed(qapp, monkeypatch):
    import sys
    import types

    from workbench.gui import maingc

    guard = maingc.MainThreadGC(interval_ms=10_000)
    try:
        calls = []
        monkeypatch.setattr(maingc.gc, "get_count", lambda: (10_000, 100, 0))  # generation 1 due
        monkeypatch.setattr(maingc.gc, "collect", lambda g=2: calls.append(("collect", g)) or 0)
        monkeypatch.setattr(maingc.gc, "freeze", lambda: calls.append(("freeze",)))
        guard.check()
        assert calls == [("collect", 1)]  # nothing imported since the guard was made: a collection
        guard._last[1] = 0.0
        monkeypatch.setitem(sys.modules, "_workbench_test_fresh_module", types.ModuleType("m"))
        guard.check()  # a module was imported meanwhile: the young collected, the rest frozen
        assert calls[1:] == [("collect", 0), ("freeze",)] and guard.freezes == 1
        guard._last[1] = 0.0
        guard.check()  # no import since that freeze: back to collecting
        assert calls[3:] == [("collect", 1)]
    finally:
        guard.timer.stop()
        guard.was_enabled = False
        monkeypatch.undo()
        guard.stop()
