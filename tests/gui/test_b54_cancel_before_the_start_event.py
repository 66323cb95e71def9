"""Cancel pressed in the instant between a tracker run's start and the window taking its start event (the worker
already in the plugin's call, the GUI thread busy): the window knew no run going and said only "cancelling…". It
names the call it waits for, as it does once it knows the run (``test_p2_53_cancel_a_slow_tracker``)."""
from __future__ import annotations

import threading
import time

import pytest

from tests.gui.conftest import make_registry
from workbench.core.boxes import Box
from workbench.core.data.synthetic import write_demo
from workbench.core.methods import TrackOutput
from workbench.core.registry import Plugin

GATE: dict = {}


class _Slow:
    """initialize() waits for the test's gate (a network loaded on its first frame, 30 s), at most 8 s."""

    modalities = ("gray", "rgb", "ir16")

    def initialize(self, frame, box):
        GATE["in_call"].set()
        GATE["release"].wait(8)
        self.box = Box(*box)

    def track(self, frame):
        return TrackOutput(self.box, 1.0)


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("b54_slow", "tracker", lambda cfg, device: _Slow(), title="Slow plugin"))
    return reg


@pytest.mark.usefixtures("short_let_go")  # let go after 0.2 s, the gated call lasts up to 8 s
def test_cancel_before_the_start_event_names_the_call(qtbot, window, tmp_path, messages):
    w = window
    GATE.update(in_call=threading.Event(), release=threading.Event())
    try:
        assert w.open_path(write_demo(tmp_path, frames=6, width=64, height=48, name="seq"))
        # outside an event loop the worker starts at once; the GUI thread handles no event until Cancel
        assert w.run_selected(["b54_slow"])
        t0 = time.perf_counter()
        while not GATE["in_call"].is_set() and time.perf_counter() - t0 < 5:
            time.sleep(0.005)
        assert GATE["in_call"].is_set() and not w.runner.runs  # its start event not taken yet
        w.cancel_run()
        said = "cancelling… (waits for b54_slow's call in progress)"
        assert w.methods.run_status.text() == said and said in w.methods.progress.format()
        qtbot.waitUntil(lambda: not w.busy, timeout=4000)  # let go after Job.LET_GO_MS: the window is free
        assert not GATE["release"].is_set()
    finally:
        GATE["release"].set()
