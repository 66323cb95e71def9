"""A detector run opened its inspector docks before its job started, a dock whose module was not imported yet by the
window's own import job (``MainWindow._import_off_thread``), whose wait handled events with Run still enabled: a
second press then started a second run, and the first one's start failed ('a job is already running'). As a
tracker's run does (``runner.inspector_imports`` / ``open_inspectors``), the run's worker imports those modules
before the detector is made and the docks are built when it says so; a dock whose module is imported is built
before the job starts."""
from __future__ import annotations

import sys
import threading

import numpy as np
import pytest
from PySide6.QtCore import QTimer

from tests.gui.conftest import make_registry, shown_window
from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.methods import DetectOutput
from workbench.core.registry import Plugin

EVENTS: list = []  # (what, thread, the detector's job running)
JOB: dict = {}  # "running": the window's detector job running, read from the module's import

MODULE = '''
import threading
import time

from tests.gui.test_m55_detector_inspector_imported_on_its_worker import EVENTS, JOB
from workbench.gui.inspector import InspectorDock

time.sleep(0.2)  # a module that takes a while (torch, the model code)
EVENTS.append(("import", threading.current_thread(), JOB["running"]()))


class Dock(InspectorDock):
    def __init__(self, host, plugin=None):
        super().__init__(host, plugin, "M55 view")
        EVENTS.append(("dock", threading.current_thread(), JOB["running"]()))
'''


class _Det:
    modalities = ("gray", "ir16")

    def window(self, index, n):
        return [index]

    def detect_frames(self, frames, index):
        f = np.asarray(frames[0], np.float32)
        y, x = np.unravel_index(int(np.argmax(f)), f.shape[:2])
        return DetectOutput(np.array([[float(x), float(y)]]), np.array([0.9]))


def _make(cfg, device):
    EVENTS.append(("create", threading.current_thread(), JOB["running"]()))
    return _Det()


@pytest.fixture
def module(tmp_path, monkeypatch):
    name = f"m55_det_inspector_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    EVENTS.clear()
    yield name
    sys.modules.pop(name, None)


@pytest.fixture
def det_window(qtbot, messages, module):
    reg = make_registry()
    reg.add(Plugin("m55det", "detector", _make, title="With an inspector", inspectors={"M55 view": f"{module}:Dock"}))
    for w in shown_window(qtbot, reg):
        JOB["running"] = lambda: w.detection.job.running
        yield w


def _open(w, tmp_path):
    assert w.open_path(save_irseq(make_sequence(seed=3, frames=4, width=48, height=32), tmp_path / "d" / "s"))


def test_the_module_is_imported_by_the_run_and_its_dock_built_after(qtbot, det_window, tmp_path, module):
    w = det_window
    _open(w, tmp_path)
    assert module not in sys.modules
    assert w.detection.run("m55det")
    qtbot.waitUntil(lambda: not w.busy and "m55det:M55 view" in w.inspectors, timeout=5000)
    kinds = [e[0] for e in EVENTS]
    assert kinds == ["import", "create", "dock"] or kinds == ["import", "dock", "create"], kinds
    on = {e[0]: e for e in EVENTS}
    assert on["import"][1] is on["create"][1] and on["import"][2]  # by the run's job, on its worker
    assert on["dock"][1] is threading.main_thread()


def test_a_second_press_during_the_start_starts_nothing(qtbot, det_window, tmp_path, module):
    w = det_window
    _open(w, tmp_path)
    second = []
    QTimer.singleShot(0, lambda: second.append(w.detection.run("m55det")))
    assert w.detection.run("m55det")
    qtbot.waitUntil(lambda: bool(second), timeout=3000)
    qtbot.waitUntil(lambda: not w.busy, timeout=5000)
    assert second == [False]
    assert [e[0] for e in EVENTS].count("create") == 1


def test_a_module_imported_has_its_dock_built_before_the_job_starts(qtbot, det_window, tmp_path, module):
    import importlib

    w = det_window
    _open(w, tmp_path)
    importlib.import_module(module)  # the window's warm-up imported it
    EVENTS.clear()
    assert w.detection.run("m55det")
    qtbot.waitUntil(lambda: not w.busy, timeout=5000)
    assert [e[0] for e in EVENTS] == ["dock", "create"] and not EVENTS[0][2]
