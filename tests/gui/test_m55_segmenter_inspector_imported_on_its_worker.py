"""A segmenter's All frames run opened its inspector docks after its job started, a dock whose module was not
imported yet by the window's own import job (``MainWindow._import_off_thread``) beside the run's model loading (the
GUI thread held for it). As a tracker's run does (``runner.inspector_imports`` / ``open_inspectors``), the run's
worker imports those modules before the segmenter is made and the docks are built when it says so; a dock whose
module is imported is built before the job starts."""
from __future__ import annotations

import sys
import threading

import numpy as np
import pytest

from tests.gui.conftest import make_registry, shown_window
from workbench.core.boxes import Box
from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.methods import SegOutput, Target
from workbench.core.registry import Plugin

EVENTS: list = []  # (what, thread, the segmenter's job running)
JOB: dict = {}

MODULE = '''
import threading
import time

from tests.gui.test_m55_segmenter_inspector_imported_on_its_worker import EVENTS, JOB
from workbench.gui.inspector import InspectorDock

time.sleep(0.2)  # a module that takes a while (torch, the model code)
EVENTS.append(("import", threading.current_thread(), JOB["running"]()))


class Dock(InspectorDock):
    def __init__(self, host, plugin=None):
        super().__init__(host, plugin, "M55 seg view")
        EVENTS.append(("dock", threading.current_thread(), JOB["running"]()))
'''


class _Seg:
    def predict(self, frame):
        f = np.asarray(frame, np.float32)
        if f.ndim == 3:
            f = f.mean(axis=2)
        mask = f >= f.max()
        y, x = np.argwhere(mask)[0]
        return SegOutput(f / max(float(f.max()), 1.0), mask,
                         [Target((float(x), float(y)), int(mask.sum()), 1.0, Box(float(x), float(y), 1.0, 1.0), 1.0)])


def _make(cfg, device):
    EVENTS.append(("create", threading.current_thread(), JOB["running"]()))
    return _Seg()


@pytest.fixture
def module(tmp_path, monkeypatch):
    name = f"m55_seg_inspector_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    EVENTS.clear()
    yield name
    sys.modules.pop(name, None)


@pytest.fixture
def seg_window(qtbot, messages, module):
    reg = make_registry()
    reg.add(Plugin("m55seg", "segmenter", _make, title="With an inspector",
                   inspectors={"M55 seg view": f"{module}:Dock"}))
    for w in shown_window(qtbot, reg):
        JOB["running"] = lambda: w.segmentation.job.running
        yield w


def _open(w, tmp_path):
    assert w.open_path(save_irseq(make_sequence(seed=3, frames=4, width=48, height=32), tmp_path / "d" / "s"))


def test_the_module_is_imported_by_the_run_before_its_segmenter(qtbot, seg_window, tmp_path, module):
    w = seg_window
    _open(w, tmp_path)
    assert module not in sys.modules
    assert w.segmentation.segment_sequence("m55seg")
    qtbot.waitUntil(lambda: not w.busy and "m55seg:M55 seg view" in w.inspectors, timeout=5000)
    kinds = [e[0] for e in EVENTS]
    assert kinds == ["import", "create", "dock"] or kinds == ["import", "dock", "create"], kinds
    on = {e[0]: e for e in EVENTS}
    assert on["import"][1] is on["create"][1] and on["import"][2]  # by the run's job, on its worker
    assert on["dock"][1] is threading.main_thread()


def test_a_module_imported_has_its_dock_built_before_the_job_starts(qtbot, seg_window, tmp_path, module):
    import importlib

    w = seg_window
    _open(w, tmp_path)
    importlib.import_module(module)  # the window's warm-up imported it
    EVENTS.clear()
    assert w.segmentation.segment_sequence("m55seg")
    qtbot.waitUntil(lambda: not w.busy, timeout=5000)
    assert [e[0] for e in EVENTS] == ["dock", "create"] and not EVENTS[0][2]
