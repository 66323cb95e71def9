"""A detector with a whole-sequence step (``finish``: trajectory confirmation) let go during a frame's call keeps its
frames' own detections (test_b54_let_go_detector_keeps_its_frames), its finishing step not run: the end line said
nothing of it, nor did the run's manifest entry, so those read as the detector's finished output. Both say it now;
a run whose step ran (a plain cancel) or a detector without one says nothing of the kind. A plain cancel whose step
failed on the frames done dropped its error: said too."""
from __future__ import annotations

import json
import threading

import numpy as np
import pytest

from tests.gui.conftest import make_registry
from workbench.core.data.synthetic import write_demo
from workbench.core.methods import DetectOutput
from workbench.core.registry import Plugin
from workbench.gui.controllers.detection import UNFINISHED
from workbench.gui.worker import LEFT_CALL

GATE: dict = {}


class _Slow:
    """Frames 0-2 at once, frame 3's call waits for the test's gate (6 s at most)."""

    modalities = ("gray", "rgb", "ir16")

    def window(self, index, n):
        return [index]

    def detect_frames(self, frames, index):
        if index >= 3 and GATE["hold"]:
            GATE["in_call"].set()
            GATE["release"].wait(6)
        return DetectOutput(np.array([[10.0 + index, 12.0]]), np.array([0.9]))


class _SlowFinishing(_Slow):
    def finish(self, outputs):
        GATE["finished"] = True
        return outputs


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("i54_finishing", "detector", lambda cfg, device: _SlowFinishing(), title="Finishing"))
    reg.add(Plugin("i54_plain", "detector", lambda cfg, device: _Slow(), title="Plain"))
    reg.add(Plugin("i54_failing", "detector", lambda cfg, device: _FailingFinish(), title="Failing"))
    return reg


@pytest.fixture
def gate():
    GATE.update(in_call=threading.Event(), release=threading.Event(), finished=False, hold=True)
    yield GATE
    GATE["release"].set()


def _entry(r) -> dict:
    return json.loads((r.saved_to.parent / "manifest.json").read_text())["sequences"][r.sequence]


@pytest.mark.usefixtures("short_let_go")  # let go after 0.2 s, the gated call lasts up to 6 s
@pytest.mark.parametrize("name", ["i54_finishing", "i54_plain"])
def test_let_go_says_whether_the_step_ran(qtbot, window, tmp_path, gate, name):
    w = window
    assert w.open_path(write_demo(tmp_path, frames=6, width=64, height=48, name="seq")), w.last_error
    assert w.detection.run(name)
    qtbot.waitUntil(gate["in_call"].is_set, timeout=4000)
    w.cancel_run()
    qtbot.waitUntil(lambda: not w.busy, timeout=4000)  # let go after Job.LET_GO_MS, then saved
    r = w.detection.result
    assert r.status == "cancelled" and r.left_call and sorted(r.outputs) == [0, 1, 2] and not gate["finished"]
    line, end = w.methods.run_status.text(), w.statusBar().currentMessage()
    assert line.startswith(f"{name}: cancelled after 3 frames;") and line.endswith(LEFT_CALL.strip())
    entry = _entry(r)
    assert entry["frames_done"] == 3 and entry["completed"] is False
    if name == "i54_finishing":
        assert UNFINISHED.strip() in line and UNFINISHED.strip() in end, (line, end)
        assert "its whole-sequence step was not run: these are its frames' own detections" in line.lower()
        assert entry["whole_sequence_step"] == "not run"
    else:  # no such step: nothing to say
        assert "whole-sequence" not in line and "whole_sequence_step" not in entry


def test_a_plain_cancel_runs_the_step(qtbot, window, tmp_path, gate):
    w = window
    assert w.open_path(write_demo(tmp_path, frames=6, width=64, height=48, name="seq")), w.last_error
    assert w.detection.run("i54_finishing")
    qtbot.waitUntil(gate["in_call"].is_set, timeout=4000)
    w.cancel_run()
    gate["release"].set()  # the call returns before the let-go: the step runs on the frames done
    qtbot.waitUntil(lambda: not w.busy, timeout=4000)
    r = w.detection.result
    assert r.status == "cancelled" and not r.left_call and gate["finished"] and len(r.outputs) >= 3
    assert "cancelled after" in w.methods.run_status.text() and "whole-sequence" not in w.methods.run_status.text()
    assert "whole_sequence_step" not in _entry(r)


class _FailingFinish(_Slow):
    def finish(self, outputs):
        GATE["finished"] = True
        raise ValueError("no trajectory of 3 frames")


def test_a_cancel_whose_step_fails_says_so(qtbot, window, tmp_path, gate):
    """A plain cancel whose whole-sequence step raises on the frames done: they stand, said (the error was dropped)."""
    w = window
    assert w.open_path(write_demo(tmp_path, frames=6, width=64, height=48, name="seq")), w.last_error
    assert w.detection.run("i54_failing")
    qtbot.waitUntil(gate["in_call"].is_set, timeout=4000)
    w.cancel_run()
    gate["release"].set()
    qtbot.waitUntil(lambda: not w.busy, timeout=4000)
    r = w.detection.result
    assert r.status == "cancelled" and not r.left_call and gate["finished"] and len(r.outputs) >= 3
    line = w.methods.run_status.text()
    assert "Its whole-sequence step failed (ValueError: no trajectory of 3 frames" in line, line
    assert line.endswith("these are its frames' own detections.")
    assert _entry(r)["whole_sequence_step"].startswith("failed: ValueError: no trajectory of 3 frames")
