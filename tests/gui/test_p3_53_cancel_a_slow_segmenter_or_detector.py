"""Cancel during a slow segmenter's All frames run or a slow detector's run (a plugin taking 30 s a frame) said
"cancelling…" and held the window for the rest of that call, and quitting during one waited for it (up to 30 s). As a
tracker's run (``test_p2_53_cancel_a_slow_tracker``), the call in progress is now waited for ``Job.LET_GO_MS``, then
let go: the run ends cancelled with its frames saved, the window is free, and the call returns on its own, its result
dropped. Quitting lets such a call go the same way."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from tests.gui.conftest import make_registry
from workbench.core.data.synthetic import write_demo
from workbench.core.methods import DetectOutput, SegOutput
from workbench.core.registry import Plugin
from workbench.gui.worker import Job

GATE: dict = {}


def _call() -> None:
    """A plugin's frame: the first returns at once, the next waits for the test's gate (at most 8 s)."""
    GATE["calls"] += 1
    if GATE["calls"] > 1:
        GATE["in_call"].set()
        GATE["release"].wait(8)
        GATE["returned"].set()


class _SlowSegmenter:
    name = "p3_slow_seg"
    modalities = ("gray", "rgb", "ir16")

    def predict(self, frame):
        _call()
        m = np.zeros(frame.shape[:2], bool)
        m[4:8, 4:8] = True
        return SegOutput(m.astype(np.float32), m)


class _SlowDetector:
    name = "p3_slow_det"
    modalities = ("gray", "rgb", "ir16")

    def window(self, index, n):
        return [index]

    def detect_frames(self, frames, index):
        _call()
        return DetectOutput(np.array([[5.0, 6.0]]), np.array([0.9]))


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("p3_slow_seg", "segmenter", lambda cfg, device: _SlowSegmenter(), title="Slow segmenter"))
    reg.add(Plugin("p3_slow_det", "detector", lambda cfg, device: _SlowDetector(), title="Slow detector"))
    return reg


@pytest.fixture
def gate(short_let_go):
    # a call in progress let go 0.2 s after Cancel (short_let_go), well under the gate's 8 s: the call is still going
    # when it is let go, as with a plugin's 30 s call
    GATE.update(calls=0, in_call=threading.Event(), release=threading.Event(), returned=threading.Event())
    yield GATE
    GATE["release"].set()


def _start(qtbot, w, kind: str) -> None:
    if kind == "seg":
        w.segmentation.segment_sequence("p3_slow_seg")
    else:
        w.detection.run("p3_slow_det")
    qtbot.waitUntil(GATE["in_call"].is_set, timeout=5000)  # its second frame's call goes on


@pytest.mark.parametrize("kind", ["seg", "det"])
def test_cancel_lets_a_slow_call_go_and_frees_the_window(qtbot, window, tmp_path, messages, gate, kind):
    w = window
    first = write_demo(tmp_path, frames=6, width=64, height=48, name="first")
    other = write_demo(tmp_path, frames=3, width=64, height=48, name="other")
    assert w.open_path(first), w.last_error
    _start(qtbot, w, kind)
    w.cancel_run()
    name = "p3_slow_seg" if kind == "seg" else "p3_slow_det"
    said = (f"cancelling… (waits for {name}'s current frame)" if kind == "seg"
            else f"cancelling… (waits for {name}'s call in progress)")
    assert w.methods.run_status.text() == said and said in w.methods.progress.format()
    assert w.busy  # the call in progress is waited for a moment

    qtbot.waitUntil(lambda: not w.busy and not w.segmentation.saving, timeout=4000)  # the old window: 8 s here
    assert not gate["returned"].is_set()  # while the call still runs
    end = w.methods.run_status.text()
    assert f"{name}: cancelled after 1 frame" in end and "left to return on its own" in end, end
    if kind == "seg":
        assert sorted(w.segmentation.seg.frames) == [0]
        assert w.segmentation.segmenter is None  # the segmenter still in its call is not taken for Segment frame
        qtbot.waitUntil(lambda: w.segmentation.saved_to is not None, timeout=3000)
        assert any(w.segmentation.saved_to.iterdir())
    else:
        r = w.detection.result
        assert r.status == "cancelled" and r.left_call and sorted(r.outputs) == [0]
        assert r.saved_to is not None and r.saved_to.is_file()

    gate["release"].set()  # the call returns on its own: what it returns is dropped, nothing said
    qtbot.waitUntil(lambda: gate["returned"].is_set() and not Job.any_abandoned(), timeout=3000)
    if kind == "seg":
        assert sorted(w.segmentation.seg.frames) == [0]
    else:
        assert sorted(w.detection.result.outputs) == [0]
    assert messages == [] and w.methods.run_status.text() == end

    assert w.open_path(other), (w.last_error, messages)  # another sequence: not refused as "A run is going"
    assert messages == [] and w.sequences.sequence.name == "other"


@pytest.mark.parametrize("kind", ["seg", "det"])
def test_quitting_during_a_slow_call_lets_it_go(qtbot, window, tmp_path, messages, gate, kind):
    w = window
    assert w.open_path(write_demo(tmp_path, frames=6, width=64, height=48, name="first")), w.last_error
    _start(qtbot, w, kind)
    assert w.close()  # asked (the run is named), then the run is cancelled and its call let go
    assert [m[0] for m in messages] == ["question"]
    assert not gate["returned"].is_set()  # the window closed while the call still ran (it waited up to 30 s)
    if kind == "seg":
        assert sorted(w.segmentation.seg.frames) == [0] and w.segmentation.saved_to is not None
    else:
        assert w.detection.result.left_call and w.detection.result.saved_to.is_file()


EXIT_SCRIPT = r"""
import sys, time
from PySide6.QtCore import QCoreApplication, QObject, QTimer
from workbench.gui.worker import Job

app = QCoreApplication(sys.argv)
owner = QObject()
started = []


def frames(ctx=None):
    yield 0
    started.append(1)
    time.sleep(1.0)  # a plugin's call that returns while the process quits
    yield 1


job = Job(owner)
job.start(frames, pass_context=True)


def give_up():
    if not started:
        QTimer.singleShot(20, give_up)
        return
    job.cancel()
    job.abandon()  # as a run let go after Cancel (Job.let_go), a reader given up with Esc
    owner.deleteLater()  # the window closes
    QTimer.singleShot(50, app.quit)


QTimer.singleShot(20, give_up)
app.exec()
print("quit", flush=True)
"""


def test_a_call_let_go_returning_at_exit_prints_nothing(tmp_path):
    """superqt's "RuntimeWarning: RuntimeError in aborted thread: Signal source has been deleted" was printed at exit
    when a call let go returned while the process quit: the worker's signals object, owned by Python, had been
    deleted with every other QObject Python owns before the application waited for the pool's threads."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root),
           "WORKBENCH_WORKSPACE": str(tmp_path / "ws"), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    done = subprocess.run([sys.executable, "-c", EXIT_SCRIPT], capture_output=True, text=True, timeout=30, env=env,
                          cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "quit", (done.stdout, done.stderr)
    assert "Signal source has been deleted" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "Warning" not in done.stderr, done.stderr


def test_cancel_lets_a_slow_segment_frame_go(qtbot, window, tmp_path, messages, gate):
    """Segment frame waited for the segmenter's call to return (``test_p53_cancel_a_slow_segment_frame``: its result
    dropped) and held the window meanwhile: it lets the call go as a run does, and the segmenter in that call is made
    anew for the next frame, not called while it still runs."""
    from PySide6.QtCore import QTimer

    w = window
    assert w.open_path(write_demo(tmp_path, frames=3, width=64, height=48, name="first")), w.last_error
    assert w.segment_frame("p3_slow_seg") is not None  # the first call returns at once
    assert w.segmentation.segmenter is not None  # kept for the next frame

    def press_cancel():  # once the second call goes on
        if gate["in_call"].is_set():
            w.cancel_run()
        else:
            QTimer.singleShot(20, press_cancel)

    press_cancel()
    assert w.segment_frame("p3_slow_seg") is None  # the old window: back only once the call returned (8 s)
    assert not gate["returned"].is_set() and not w.busy
    assert "left to return on its own" in w.methods.run_status.text(), w.methods.run_status.text()
    assert w.segmentation.segmenter is None  # the instance still in its call is not kept
    gate["release"].set()
    qtbot.waitUntil(lambda: gate["returned"].is_set() and not Job.any_abandoned(), timeout=3000)
    assert messages == []
