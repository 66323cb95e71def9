"""The tracker's, segmenter's and detector's controllers each carried their own copy of "a run's inspector docks wait
for its worker's imports" (the docks due, built when the worker says it imported them, the rest at the run's end unless
another run is going): one ``InspectorsDue`` now, which each of them holds (their runs' tests:
test_m55_*_inspector_imported_on_its_worker, test_w55_cancel_during_inspector_import_makes_nothing). Its rule, with a
window that records the docks it is asked to open."""
from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QEventLoop, QObject, QTimer

from workbench.gui.controllers.inspectors_due import InspectorsDue

NOT_IMPORTED = "b56_inspectors_due_never_imported"  # no such module: never in sys.modules


class _Window:
    def __init__(self):
        self.opened: list[tuple] = []

    def open_inspector(self, plugin, title, raise_=True):
        assert raise_ is False  # behind the tab on screen
        self.opened.append((plugin.name, title))


def _plugin():
    return SimpleNamespace(name="p", inspectors={"Ready": "workbench.gui.worker:Job", "Later": f"{NOT_IMPORTED}:Dock"})


def test_imported_docks_now_the_rest_when_imported_or_at_the_end(qtbot):
    w, owner, running = _Window(), QObject(), {"now": True}
    due = InspectorsDue(w, owner, lambda: running["now"])
    due.start([_plugin()])
    assert w.opened == [("p", "Ready")] and [t for _p, t in due.due] == ["Later"]
    due.imported()  # its module still not imported: still due
    assert w.opened == [("p", "Ready")]
    running["now"] = False
    due.ended()
    assert w.opened == [("p", "Ready")]  # not in the run's end event itself: the turn after
    qtbot.waitUntil(lambda: len(w.opened) == 2, timeout=2000)
    assert w.opened[1] == ("p", "Later") and due.due == []


def test_docks_due_at_the_end_wait_for_no_run_going(qtbot):
    w, owner, running = _Window(), QObject(), {"now": True}
    due = InspectorsDue(w, owner, lambda: running["now"])
    due.start([_plugin()])
    due.ended()  # another run of the controller began before the turn after: its docks are its own
    loop = QEventLoop()
    QTimer.singleShot(50, loop.quit)
    loop.exec()
    assert w.opened == [("p", "Ready")] and len(due.due) == 1

