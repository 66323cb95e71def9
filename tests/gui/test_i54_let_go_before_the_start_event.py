"""A tracker run let go (Cancel, then ``TrackRunner.LET_GO_MS``) before the window took its start event: the worker was
already in the plugin's ``initialize``, yet the run ended "Run cancelled: no tracker started", nothing saying that call
was left to return on its own. ``TrackRunner.in_call`` names the run the worker has begun, and the let-go records it,
cancelled before its first frame with its call let go. A run the worker has not begun (the thread pool busy) is no
call in progress: Cancel says plain "cancelling…" and the end stays "no tracker started", its plugin never made."""
from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThreadPool

from tests.gui.conftest import make_registry
from workbench.core.boxes import Box
from workbench.core.data.synthetic import write_demo
from workbench.core.methods import TrackOutput
from workbench.core.registry import Plugin
from workbench.gui.worker import LEFT_CALL, Job

GATE: dict = {}


class _Slow:
    """initialize() waits for the test's gate (a network loaded on its first frame), at most 8 s."""

    modalities = ("gray", "rgb", "ir16")

    def initialize(self, frame, box):
        GATE["in_call"].set()
        GATE["release"].wait(8)
        self.box = Box(*box)

    def track(self, frame):
        return TrackOutput(self.box, 1.0)


def _make(cfg, device):
    GATE["made"] += 1
    return _Slow()


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("i54_slow", "tracker", _make, title="Slow plugin"))
    return reg


@pytest.fixture
def gate():
    GATE.update(in_call=threading.Event(), release=threading.Event(), made=0)
    yield GATE
    GATE["release"].set()


def test_let_go_before_the_start_event_names_the_call(qtbot, window, tmp_path, gate):
    w = window
    assert w.open_path(write_demo(tmp_path, frames=6, width=64, height=48, name="seq"))
    # outside an event loop the worker starts at once; the GUI thread handles no event until the let-go
    assert w.run_selected(["i54_slow"])
    t0 = time.perf_counter()
    while not gate["in_call"].is_set() and time.perf_counter() - t0 < 5:
        time.sleep(0.005)
    assert gate["in_call"].is_set() and not w.runner.runs  # in initialize(), its start event not taken yet
    assert w.runner.in_call == "i54_slow"
    w.cancel_run()
    said = "cancelling… (waits for i54_slow's call in progress)"
    assert w.methods.run_status.text() == said
    # the let-go's timer taken before the start event (a GUI thread that handled it first): what
    # ``Job.let_go_later`` does then, here at once; the start event still queued is dropped with the job's signals
    w.runner.job.let_go()
    w.runner._let_go()
    qtbot.waitUntil(lambda: not w.busy, timeout=3000)
    assert not gate["release"].is_set()  # its call still runs
    (run,) = w.runner.runs.values()
    assert run.label == "i54_slow" and run.status == "cancelled" and run.left_call and run.saved_to is None
    end = w.statusBar().currentMessage()
    assert end.startswith("Run cancelled: i54_slow: cancelled before its first frame"), end
    assert LEFT_CALL.strip() in end and "no tracker started" not in end
    assert w.methods.run_status.text().endswith(LEFT_CALL.strip())


@pytest.mark.usefixtures("short_let_go")  # let go after 0.2 s, the pool's one thread held up to 6 s
def test_run_not_begun_is_no_call_let_go(qtbot, window, tmp_path, gate):
    w = window
    assert w.open_path(write_demo(tmp_path, frames=6, width=64, height=48, name="seq"))
    pool = QThreadPool.globalInstance()
    size, hold = pool.maxThreadCount(), threading.Event()
    blockers = []
    try:
        pool.setMaxThreadCount(1)
        Job.wait_all(3000)
        blockers.append(Job(w))
        blockers[0].start(hold.wait, 6)  # the pool's one thread busy: the run's worker waits for it
        assert w.run_selected(["i54_slow"])
        assert w.runner.running and w.runner.in_call is None  # queued, not begun
        w.cancel_run()
        assert w.methods.run_status.text() != "cancelling… (waits for i54_slow's call in progress)"
        assert "call in progress" not in w.methods.progress.format()
        qtbot.waitUntil(lambda: not w.busy, timeout=3000)  # let go after Job.LET_GO_MS
        assert not w.runner.runs and w.statusBar().currentMessage() == "Run cancelled: no tracker started"
    finally:
        hold.set()
        Job.wait_all(3000)
        pool.setMaxThreadCount(size)
    assert gate["made"] == 0  # the job let go before it began made no tracker
