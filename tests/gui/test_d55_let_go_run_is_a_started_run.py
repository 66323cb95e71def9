"""A tracker run let go (Cancel, then ``TrackRunner.LET_GO_MS``) whose start event the window had not taken was
recorded by a LiveRun made by hand beside the start event's: without the dataset file's box offset, and never said
(``sigStarted``), so the window's list of runs lacked it. One path (``TrackRunner._begin``) makes both.

With several trackers planned, the next tracker the worker had begun when the run was let go was listed "not run":
the window's events still queued (the tracker before's end, the next one's start) were dropped with the job. They
are taken before the let-go now (``Job.let_go_later``), and a run begun whose start event still did not come is
recorded begun, cancelled, its call let go. A Cancel during a tracker's last call no longer begins the next one."""
from __future__ import annotations

import threading
import time

import pytest

from tests.gui.conftest import make_registry
from workbench.core.boxes import Box
from workbench.core.data.synthetic import write_demo
from workbench.core.methods import TrackOutput
from workbench.core.registry import Plugin
from workbench.gui import worker as gui_worker
from workbench.gui.worker import LEFT_CALL

GATE: dict = {}


class _SlowStart:
    """initialize() waits for the test's gate (a network loaded on its first frame), at most 8 s."""

    modalities = ("gray", "rgb", "ir16")

    def initialize(self, frame, box):
        GATE["in_call"].set()
        GATE["release"].wait(8)
        self.box = Box(*box)

    def track(self, frame):
        return TrackOutput(self.box, 1.0)


class _SlowLast(_SlowStart):
    """Its call on the sequence's last frame waits for the gate."""

    def initialize(self, frame, box):
        self.box, self.n = Box(*box), 0

    def track(self, frame):
        self.n += 1
        if self.n == GATE["last"]:
            GATE["in_call"].set()
            GATE["release"].wait(8)
        return TrackOutput(self.box, 1.0)


def _made(cls, name):
    def make(cfg, device):
        GATE["made"].append(name)
        return cls()
    return make


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("d55_slow", "tracker", _made(_SlowStart, "d55_slow"), title="Slow start"))
    reg.add(Plugin("d55_last", "tracker", _made(_SlowLast, "d55_last"), title="Slow last frame"))
    return reg


@pytest.fixture
def gate():
    GATE.update(in_call=threading.Event(), release=threading.Event(), made=[], last=0)
    yield GATE
    GATE["release"].set()


def _wait_in_call(gate) -> None:
    """Without handling the GUI thread's events (the window's queue holds what the worker said)."""
    t0 = time.perf_counter()
    while not gate["in_call"].is_set() and time.perf_counter() - t0 < 5:
        time.sleep(0.005)
    assert gate["in_call"].is_set()


def _open(w, tmp_path, frames=6, one_based=False):
    assert w.open_path(write_demo(tmp_path, frames=frames, width=64, height=48, name="seq"))
    if one_based:  # an OTB-style dataset: its files count pixels from 1
        w.sequences.sequence.meta["box_convention"] = "1-based in file (OTB)"


def test_a_let_go_run_is_made_and_said_as_a_started_one(qtbot, window, tmp_path, gate):
    w = window
    _open(w, tmp_path, one_based=True)
    started = []
    w.runner.sigStarted.connect(started.append)
    assert w.run_selected(["d55_slow"])
    _wait_in_call(gate)
    assert not w.runner.runs  # in initialize(), its start event not taken yet
    w.cancel_run()
    w.runner.job.let_go()  # the let-go's timer taken before the start event: its start event is dropped
    w.runner._let_go()
    qtbot.waitUntil(lambda: not w.busy, timeout=3000)
    (run,) = w.runner.runs.values()
    assert started == ["d55_slow"]  # said as a started run is
    assert w.tracking.live.get("d55_slow") is run  # and so listed by the window, as a run cancelled at its start is
    assert run.box_offset == 1 and run.method == "d55_slow" and run.order == (1, 1)
    assert run.status == "cancelled" and run.left_call and run.saved_to is None


def test_the_next_tracker_begun_is_not_listed_not_run(qtbot, window, tmp_path, gate, monkeypatch):
    """The let-go's timer fires in the pass that also holds the first tracker's frames and end and the second's
    start (the worker is in its initialize()): they are taken, then the call is let go."""
    w = window
    _open(w, tmp_path)
    assert w.run_selected(["fake", "d55_slow"])
    _wait_in_call(gate)  # "fake" tracked its frames, "d55_slow" begun: the window has heard none of it
    assert not w.runner.runs
    timers = []
    monkeypatch.setattr(gui_worker, "later", lambda fn, ms=5, context=None: timers.append(fn))
    w.cancel_run()
    monkeypatch.undo()
    (let_go,) = timers
    let_go()  # the timer, before the window's queued events
    qtbot.waitUntil(lambda: not w.busy, timeout=3000)
    runs = w.runner.runs
    assert list(runs) == ["fake", "d55_slow"]
    assert runs["fake"].status == "done" and runs["fake"].saved_to is not None and not runs["fake"].left_call
    assert runs["d55_slow"].status == "cancelled" and runs["d55_slow"].left_call
    text, tip = w.tracking.run_summary()
    assert "not run" not in text and "not run" not in tip, text
    assert "d55_slow cancelled before its first frame" in text and "fake done" in text
    assert LEFT_CALL.strip() in tip


def test_a_next_tracker_begun_after_the_events_taken_is_recorded(qtbot, window, tmp_path, gate):
    """Its start event came after the let-go took the window's queue (dropped with the job): recorded begun, its
    call the one let go; the tracker before, whose end was dropped too, is cancelled, not its call let go."""
    w = window
    _open(w, tmp_path)
    assert w.run_selected(["fake", "d55_slow"])
    _wait_in_call(gate)
    w.cancel_run()
    w.runner.job.let_go()
    w.runner._let_go()
    qtbot.waitUntil(lambda: not w.busy, timeout=3000)
    runs = w.runner.runs
    assert set(runs) == {"fake", "d55_slow"}
    assert runs["d55_slow"].status == "cancelled" and runs["d55_slow"].left_call
    assert not runs["fake"].left_call
    text, _tip = w.tracking.run_summary()
    assert "not run" not in text and "d55_slow cancelled before its first frame" in text, text


def test_cancel_in_the_last_call_does_not_begin_the_next(qtbot, window, tmp_path, gate):
    w = window
    _open(w, tmp_path, frames=4)
    gate["last"] = 3  # frames 2-4 after the first box: its third call
    assert w.run_selected(["d55_last", "fake"])
    qtbot.waitUntil(gate["in_call"].is_set, timeout=4000)
    w.cancel_run()
    gate["release"].set()  # the call returns before the let-go: the tracker's frames all done
    qtbot.waitUntil(lambda: not w.busy, timeout=4000)
    assert gate["made"] == ["d55_last"]  # "fake" was neither made nor run
    assert list(w.runner.runs) == ["d55_last"] and w.runner.runs["d55_last"].status == "done"
    text, _tip = w.tracking.run_summary()
    assert "fake not run" in text, text
