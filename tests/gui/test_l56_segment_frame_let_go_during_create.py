"""Segment frame: a segmenter with no inspector modules (imports empty), let go during its slow create() (weights), pressed
again: the let-go body predicted beside the new job (daac9b3 checked only with imports); now it predicts nothing."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from tests.gui.conftest import make_registry, shown_window
from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.methods import SegOutput
from workbench.core.registry import Plugin

EVENTS: list = []
GATE: dict = {}


class _Seg:
    def predict(self, frame):
        EVENTS.append("predict")
        f = np.asarray(frame, np.float32)
        f = f.mean(axis=2) if f.ndim == 3 else f
        return SegOutput(f, f >= f.max())


def _make(cfg, device):
    EVENTS.append("create")
    if len(EVENTS) == 1:  # the first press's weights take a while
        GATE["gate"].wait(5)
    return _Seg()


@pytest.fixture
def seg_window(qtbot, messages):
    reg = make_registry()
    reg.add(Plugin("l56seg", "segmenter", _make, title="Slow weights"))
    EVENTS.clear()
    for w in shown_window(qtbot, reg):
        yield w
    GATE["gate"].set()


def test_let_go_create_then_pressed_again(qtbot, seg_window, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer

    from workbench.gui.worker import Job

    monkeypatch.setattr(Job, "LET_GO_MS", 200)
    w = seg_window
    w.quiet_errors = True
    assert w.open_path(save_irseq(make_sequence(seed=3, frames=2, width=48, height=32), tmp_path / "d" / "s"))
    GATE["gate"] = gate = threading.Event()
    QTimer.singleShot(100, w.cancel_run)
    assert w.segment_frame("l56seg") is None
    QTimer.singleShot(300, gate.set)
    assert w.segment_frame("l56seg") is not None, w.last_error
    # the first create() returns once the gate's timer fires, on this thread's event loop: Job.wait_all(5000) held the
    # loop, so the gate was never set and that create() only returned at its own 5 s limit
    qtbot.waitUntil(lambda: Job.wait_all(0), timeout=5000)
    assert gate.is_set()
    assert EVENTS == ["create", "create", "predict"], EVENTS
