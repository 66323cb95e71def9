"""Cancel during a slow tracker's frame (a plugin taking 30 s a frame) said "cancelling…" and then held the window
for the rest of that call: another sequence was refused as "A run is going", and quitting asked to stop the run
and waited for it. A call cannot be stopped midway (no thread is killed), so the window now says what it waits
for, and once ``TrackRunner.LET_GO_MS`` has passed it lets the call go: the run ends cancelled with its frames
saved, another sequence opens and runs, and the window closes at once, while the call returns on its own."""
from __future__ import annotations

import threading
import time

import pytest

from tests.gui.conftest import make_registry
from workbench.core.boxes import Box
from workbench.core.data.synthetic import write_demo
from workbench.core.methods import TrackOutput
from workbench.core.registry import Plugin


pytestmark = pytest.mark.usefixtures("short_let_go")  # let go after 0.2 s, the gated call lasts seconds

GATE = {"release": None, "in_track": None}


class _Slow:
    """track() waits for the test's gate (a network taking 30 s a frame), at most 8 s."""

    name = "p2_slow"
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
    reg.add(Plugin("p2_slow", "tracker", lambda cfg, device: _Slow(), title="Slow plugin"))
    return reg


def test_cancel_says_what_it_waits_for_and_frees_the_window(qtbot, window, tmp_path, messages):
    w = window
    first = write_demo(tmp_path, frames=10, width=64, height=48, name="first")
    other = write_demo(tmp_path, frames=4, width=64, height=48, name="other")
    GATE["release"], GATE["in_track"] = release, in_track = threading.Event(), threading.Event()
    try:
        assert w.open_path(first)
        assert w.run_selected(["p2_slow"])
        qtbot.waitUntil(in_track.is_set, timeout=5000)
        # the worker may be inside track() before the window has taken the run's start event (CI dry run ci53d,
        # loaded: Cancel then found no run going and said nothing): the window knows the run whose call it waits for
        # (``in_call`` names it before that too: test_b54_cancel_before_the_start_event)
        qtbot.waitUntil(lambda: [r.method for r in w.runner.runs.values() if r.status == "running"] == ["p2_slow"],
                        timeout=5000)
        assert w.runner.in_call == "p2_slow"
        w.cancel_run()
        said = "cancelling… (waits for p2_slow's current frame)"
        assert w.methods.run_status.text() == said and said in w.methods.progress.format()
        assert w.busy  # the call in progress is waited for a moment

        qtbot.waitUntil(lambda: not w.busy, timeout=3000)  # the old window waited for the call: 8 s here
        assert not release.is_set()  # while the call still runs
        (run,) = w.runner.runs.values()
        assert run.status == "cancelled" and run.left_call and run.saved_to is not None and run.saved_to.is_file()
        assert "left to return on its own" in w.tracking._end_line(run)

        messages.clear()
        assert w.open_path(other), (w.last_error, messages)  # another sequence: not refused as "A run is going"
        assert messages == [] and w.sequence.name == "other"
        assert w.run_selected(["fake"])
        qtbot.waitUntil(lambda: not w.busy, timeout=3000)
        assert w.runner.runs["fake"].status == "done"

        t0 = time.perf_counter()
        assert w.close()
        assert time.perf_counter() - t0 < 1.0 and messages == []  # nothing asked, nothing waited for
    finally:
        release.set()
