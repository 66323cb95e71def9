"""Cancel during a slow tracker's frame lets the call go after ``Job.LET_GO_MS`` (test_p2_53), but the run's save
was queued on the global pool behind that call: with the pool's threads all taken (one here: a 1-core machine, or
2 cores with the other thread busy) the window stayed busy, "saving…", until the let-go call returned on its own
(a 30 s frame). The save is started urgent: it runs now, on a thread the pool lends for it."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThreadPool

from tests.gui.conftest import make_registry
from workbench.core.boxes import Box
from workbench.core.data.synthetic import write_demo
from workbench.core.methods import TrackOutput
from workbench.core.registry import Plugin


pytestmark = pytest.mark.usefixtures("short_let_go")  # let go after 0.2 s, the gated call lasts seconds

GATE = {"release": None, "in_track": None}


class _Slow:
    """track() waits for the test's gate (a network taking 30 s a frame), at most 8 s."""

    name = "f7_slow"
    modalities = ("gray", "rgb", "ir16")

    def initialize(self, frame, box):
        self.box = Box(*box)

    def track(self, frame):
        GATE["in_track"].set()
        GATE["release"].wait(8)
        return TrackOutput(self.box, 1.0)


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("f7_slow", "tracker", lambda cfg, device: _Slow(), title="Slow plugin"))
    return reg


def test_let_go_call_holding_the_last_pool_thread_does_not_hold_the_save(qtbot, window, tmp_path):
    w = window
    pool = QThreadPool.globalInstance()
    old = pool.maxThreadCount()
    seq = write_demo(tmp_path, frames=10, width=64, height=48, name="first")
    GATE["release"], GATE["in_track"] = release, in_track = threading.Event(), threading.Event()
    try:
        assert w.open_path(seq)
        pool.setMaxThreadCount(1)  # the slow call takes the pool's one thread
        assert w.run_selected(["f7_slow"])
        qtbot.waitUntil(in_track.is_set, timeout=5000)
        qtbot.waitUntil(lambda: [r.method for r in w.runner.runs.values() if r.status == "running"] == ["f7_slow"],
                        timeout=5000)
        w.cancel_run()
        # let go after LET_GO_MS (0.2 s here: short_let_go), then saved: not after the call's 8 s
        qtbot.waitUntil(lambda: not w.busy, timeout=4000)
        assert not release.is_set()  # the call still runs
        (run,) = w.runner.runs.values()
        assert run.status == "cancelled" and run.left_call and not run.saving
        assert run.saved_to is not None and run.saved_to.is_file()
        # the thread lent for the save is given back once it is done
        qtbot.waitUntil(lambda: pool.maxThreadCount() == 1, timeout=3000)
    finally:
        release.set()
        pool.setMaxThreadCount(old)
