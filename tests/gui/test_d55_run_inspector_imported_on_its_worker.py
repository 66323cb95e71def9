"""A run of a tracker with an inspector whose module was not imported yet opened that dock right after the run
started: the window imported the module in a job of its own beside the run's worker loading the model, and built
the dock then (~0.3 s of the GUI thread held for a learned tracker). The run's worker imports it now, before the
tracker is made, and the window builds the dock when the worker says so (its ``info`` event), with no import of its
own; a dock whose module is imported already is built before the run's worker starts."""
from __future__ import annotations

import importlib
import sys
import threading

import pytest

from tests.gui.conftest import FakeConfig, FakeTracker, make_registry
from workbench.core.data.synthetic import write_demo
from workbench.core.registry import Plugin

EVENTS: list = []  # (what, thread[, the runner running]) in the order they happened
IMPORTED = threading.Event()

MODULE = '''
import threading

from tests.gui.test_d55_run_inspector_imported_on_its_worker import EVENTS, IMPORTED
from workbench.gui.inspector import InspectorDock

EVENTS.append(("import", threading.current_thread()))
IMPORTED.set()


class Dock(InspectorDock):
    def __init__(self, host, plugin=None):
        super().__init__(host, plugin, "D55 view")
        EVENTS.append(("dock", threading.current_thread(), host.runner.running))
'''


def _make(cfg, device):
    EVENTS.append(("create", threading.current_thread()))
    IMPORTED.wait(3)  # (before: the window's own import job, beside this one)
    return FakeTracker("d55_insp", FakeConfig())


@pytest.fixture
def module(tmp_path, monkeypatch):
    name = f"d55_inspector_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    EVENTS.clear()
    IMPORTED.clear()
    yield name
    sys.modules.pop(name, None)


@pytest.fixture
def registry(module):
    reg = make_registry()
    reg.add(Plugin("d55_insp", "tracker", _make, title="With an inspector", inspectors={"D55 view": f"{module}:Dock"}))
    return reg


def _run(qtbot, w, tmp_path):
    assert w.open_path(write_demo(tmp_path, frames=5, width=64, height=48, name="seq"))
    assert w.run_selected(["d55_insp"])
    qtbot.waitUntil(lambda: not w.busy, timeout=5000)
    assert "d55_insp:D55 view" in w.inspectors


def test_a_module_not_imported_is_imported_by_the_run_worker(qtbot, window, tmp_path, module):
    assert module not in sys.modules
    _run(qtbot, window, tmp_path)
    kinds = [e[0] for e in EVENTS]
    assert kinds == ["import", "create", "dock"] or kinds == ["import", "dock", "create"], kinds
    threads = {e[0]: e[1] for e in EVENTS}
    assert threads["import"] is threads["create"]  # on the run's worker, before its tracker is made
    assert threads["dock"] is threading.main_thread()


def test_a_module_imported_has_its_dock_built_before_the_run_starts(qtbot, window, tmp_path, module):
    importlib.import_module(module)  # the window's warm-up imported it
    EVENTS.clear()
    _run(qtbot, window, tmp_path)
    assert [e[0] for e in EVENTS] == ["dock", "create"]
    assert EVENTS[0][1] is threading.main_thread() and EVENTS[0][2] is False  # no worker of the run yet
