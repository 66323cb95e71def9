"""A detector's whole-sequence step (``finish``) that runs longer than ``Job.LET_GO_MS`` after Cancel is let go: it
was running and its result is dropped, yet the end line and the manifest said it "was not run" (the words for a run
let go during a frame's call, before the step). They say it was not finished, its result not kept; let go before
the step it still says "not run" (test_i54_let_go_detector_says_its_step_not_run)."""
from __future__ import annotations

import json
import threading

import numpy as np
import pytest

from tests.gui.conftest import make_registry
from workbench.core.data.synthetic import write_demo
from workbench.core.methods import DetectOutput
from workbench.core.registry import Plugin
from workbench.gui.worker import LEFT_CALL


pytestmark = pytest.mark.usefixtures("short_let_go")  # let go after 0.2 s, the gated call lasts seconds

GATE: dict = {}


class _LongFinish:
    """Every frame at once; ``finish`` waits for the test's gate (6 s at most), then drops every detection."""

    modalities = ("gray", "rgb", "ir16")

    def window(self, index, n):
        return [index]

    def detect_frames(self, frames, index):
        return DetectOutput(np.array([[10.0 + index, 12.0]]), np.array([0.9]))

    def finish(self, outputs):
        GATE["in_finish"].set()
        GATE["release"].wait(6)
        GATE["returned"] = True
        return [(i, DetectOutput(np.zeros((0, 2)), np.zeros(0))) for i, _ in outputs]


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("m2_long_finish", "detector", lambda cfg, device: _LongFinish(), title="Long finish"))
    return reg


@pytest.fixture
def gate():
    GATE.update(in_finish=threading.Event(), release=threading.Event(), returned=False)
    yield GATE
    GATE["release"].set()


def test_let_go_during_the_step_says_it_was_not_finished(qtbot, window, tmp_path, gate):
    w = window
    assert w.open_path(write_demo(tmp_path, frames=5, width=64, height=48, name="seq")), w.last_error
    assert w.detection.run("m2_long_finish")
    qtbot.waitUntil(gate["in_finish"].is_set, timeout=4000)  # every frame done, finish() in its call
    w.cancel_run()
    qtbot.waitUntil(lambda: not w.busy, timeout=4000)  # let go after Job.LET_GO_MS, then saved
    r = w.detection.result
    assert r.status == "cancelled" and r.left_call and not gate["returned"]
    assert sorted(r.outputs) == [0, 1, 2, 3, 4] and all(len(o) == 1 for o in r.outputs.values())  # its frames' own
    line, end = w.methods.run_status.text(), w.statusBar().currentMessage()
    assert ("Its whole-sequence step was not finished: its result is not kept; these are its frames' own "
            "detections.") in line, line
    assert "not run" not in line and "not run" not in end and "not finished" in end, (line, end)
    assert line.endswith(LEFT_CALL.strip())
    entry = json.loads((r.saved_to.parent / "manifest.json").read_text())["sequences"][r.sequence]
    assert entry["whole_sequence_step"] == "not finished: its result is not kept"
    gate["release"].set()  # its call returns on its worker: nothing of it is taken
    qtbot.waitUntil(lambda: gate["returned"], timeout=2000)
    assert all(len(o) == 1 for o in w.detection.result.outputs.values())
