"""Cancel during Segment frame's imports of its inspectors' modules (torch, the model code: seconds) lets the job go
after ``Job.LET_GO_MS``; its body, once the imports return, makes no segmenter (test_b56). It read that from the
controller's one Cancel flag, which the next Segment frame press resets: pressed again before the let-go imports
ended, the let-go body made a segmenter (its weights loaded) and predicted beside the new press's job. A let-go job,
no longer the controller's frame job, makes nothing."""
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

EVENTS: list = []  # (what, thread)
GATE: dict = {}

MODULE = '''
import threading

from tests.gui.test_f7_56_segment_frame_let_go_makes_nothing import EVENTS, GATE
from workbench.gui.inspector import InspectorDock

if GATE.get("gate") is not None:  # a module that takes a while to import
    GATE["gate"].wait(5)
EVENTS.append(("import", threading.current_thread()))


class Dock(InspectorDock):
    def __init__(self, host, plugin=None):
        super().__init__(host, plugin, "F7 seg view")
'''


class _Seg:
    def predict(self, frame):
        EVENTS.append(("predict", threading.current_thread()))
        f = np.asarray(frame, np.float32)
        if f.ndim == 3:
            f = f.mean(axis=2)
        return SegOutput(f, f >= f.max())


def _make(cfg, device):
    EVENTS.append(("create", threading.current_thread()))
    return _Seg()


@pytest.fixture
def module(tmp_path, monkeypatch):
    name = f"f7_seg_inspector_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    EVENTS.clear()
    yield name
    sys.modules.pop(name, None)


@pytest.fixture
def seg_window(qtbot, messages, module):
    reg = make_registry()
    reg.add(Plugin("f7seg", "segmenter", _make, title="With an inspector",
                   inspectors={"F7 seg view": f"{module}:Dock"}))
    for w in shown_window(qtbot, reg):
        yield w
    gate = GATE.pop("gate", None)
    if gate is not None:
        gate.set()


def test_let_go_imports_then_pressed_again_make_one_segmenter(qtbot, seg_window, tmp_path, module, monkeypatch):
    from PySide6.QtCore import QTimer

    from workbench.gui.worker import Job

    monkeypatch.setattr(Job, "LET_GO_MS", 200)  # the imports outlast the wait for them
    w = seg_window
    w.quiet_errors = True
    assert w.open_path(save_irseq(make_sequence(seed=3, frames=2, width=48, height=32), tmp_path / "d" / "s"))
    GATE["gate"] = gate = threading.Event()
    QTimer.singleShot(100, w.cancel_run)
    assert w.segment_frame("f7seg") is None  # Cancel during the imports: the job let go, still importing
    assert not w.busy and not gate.is_set() and EVENTS == []
    QTimer.singleShot(300, gate.set)  # the let-go imports end while the second press runs
    assert w.segment_frame("f7seg") is not None, w.last_error
    assert Job.wait_all(5000)  # the let-go body has returned too
    made = [e for e in EVENTS if e[0] in ("create", "predict")]
    assert [e[0] for e in made] == ["create", "predict"], EVENTS  # the second press's alone
    assert made[0][1] is made[1][1]
