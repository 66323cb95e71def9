"""Segment frame opened its segmenter's inspector docks once the frame was shown, a dock whose module was not imported
yet by the window's own import job (``MainWindow._import_off_thread``: a second job and a second local loop after the
frame's, the window no longer busy). As a run's worker does (``runner.ready_to_make``), the frame's job imports those
modules on its worker before the segmenter is made, and the docks are built on the GUI thread once it has ended; a
Cancel pressed during those imports (the slow part) makes no segmenter, as a run's does."""
from __future__ import annotations

import sys
import threading

import numpy as np
import pytest

from tests.gui.conftest import make_registry, shown_window
from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.methods import SegOutput
from workbench.core.registry import Plugin

EVENTS: list = []  # (what, thread, the frame's job running)
JOB: dict = {}

MODULE = '''
import threading
import time

from tests.gui.test_b56_segment_frame_inspector_imported_on_its_worker import EVENTS, JOB
from workbench.gui.inspector import InspectorDock

time.sleep(0.2)  # a module that takes a while (torch, the model code)
if JOB.get("gate") is not None:
    JOB["gate"].wait(5)
EVENTS.append(("import", threading.current_thread(), JOB["running"]()))


class Dock(InspectorDock):
    def __init__(self, host, plugin=None):
        super().__init__(host, plugin, "B56 seg view")
        EVENTS.append(("dock", threading.current_thread(), JOB["running"]()))
'''


class _Seg:
    def predict(self, frame):
        f = np.asarray(frame, np.float32)
        if f.ndim == 3:
            f = f.mean(axis=2)
        return SegOutput(f, f >= f.max())


def _make(cfg, device):
    EVENTS.append(("create", threading.current_thread(), JOB["running"]()))
    return _Seg()


@pytest.fixture
def module(tmp_path, monkeypatch):
    name = f"b56_seg_inspector_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    EVENTS.clear()
    yield name
    sys.modules.pop(name, None)


@pytest.fixture
def seg_window(qtbot, messages, module):
    reg = make_registry()
    reg.add(Plugin("b56seg", "segmenter", _make, title="With an inspector",
                   inspectors={"B56 seg view": f"{module}:Dock"}))
    for w in shown_window(qtbot, reg):
        JOB["running"] = lambda: w.segmentation.frame_job.running
        yield w
    JOB.pop("gate", None)


def test_segment_frame_imports_its_inspector_on_its_own_worker(qtbot, seg_window, tmp_path, module):
    w = seg_window
    w.quiet_errors = True
    assert w.open_path(save_irseq(make_sequence(seed=3, frames=2, width=48, height=32), tmp_path / "d" / "s"))
    assert module not in sys.modules
    assert w.segment_frame("b56seg") is not None, w.last_error
    assert "b56seg:B56 seg view" in w.inspectors
    assert [e[0] for e in EVENTS] == ["import", "create", "dock"], EVENTS
    on = {e[0]: e for e in EVENTS}
    assert on["import"][1] is on["create"][1] and on["import"][2], "not imported by the frame's job"
    assert on["import"][1] is not threading.main_thread()
    assert on["dock"][1] is threading.main_thread() and not on["dock"][2]  # built once the frame's job ended
    EVENTS.clear()
    w.set_frame(1)
    assert w.segment_frame("b56seg") is not None  # imported: nothing imported again, the dock kept
    assert EVENTS == []


def test_cancel_during_the_imports_makes_no_segmenter(qtbot, seg_window, tmp_path, module):
    from PySide6.QtCore import QTimer

    from workbench.gui.worker import LEFT_CALL

    w = seg_window
    w.quiet_errors = True
    assert w.open_path(save_irseq(make_sequence(seed=3, frames=2, width=48, height=32), tmp_path / "d" / "s"))
    JOB["gate"] = gate = threading.Event()

    def press_cancel():
        assert w.busy
        w.cancel_run()
        gate.set()  # the import ends after Cancel was pressed, before the call is let go (``Job.LET_GO_MS``)

    QTimer.singleShot(100, press_cancel)
    assert w.segment_frame("b56seg") is None
    assert [e[0] for e in EVENTS] == ["import"], EVENTS  # no segmenter made (its weights loaded) after Cancel
    text = w.methods.run_status.text()
    assert "Segment frame cancelled" in text and LEFT_CALL.strip() not in text, text  # nothing was left running
    assert "b56seg:B56 seg view" not in w.inspectors and not w.busy
    JOB["gate"] = None
    assert w.segment_frame("b56seg") is not None and [e[0] for e in EVENTS] == ["import", "create", "dock"]
