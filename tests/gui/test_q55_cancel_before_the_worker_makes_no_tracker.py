"""A tracker run cancelled before its worker began (the job queued on a busy pool) still made its first tracker
(loading its weights) and initialised it, and sent a frame before 'cancelled': the cancel check skipped the first
tracker (``if k and ctx.cancelled``). Every tracker is checked after its start event, before it is made, as a
detector's run is (3fb5f9f): the run says cancelled before its first frame."""
from __future__ import annotations

from workbench.core.boxes import Box
from workbench.core.data.detect import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.jobs import JobContext
from workbench.core.methods import TrackOutput
from workbench.core.registry import Plugin
from workbench.gui.runner import TrackSpec, track_events


def test_a_cancel_before_the_worker_began_makes_no_tracker(tmp_path):
    made = []

    class Tracker:
        modalities = ("gray", "rgb", "ir16")

        def initialize(self, frame, box):
            made.append("init")
            self.box = Box(*box)

        def track(self, frame):
            return TrackOutput(self.box, 1.0)

    def create(config, device):
        made.append("create")
        return Tracker()

    plugin = Plugin("q55_t", "tracker", create)
    seq = open_sequence(write_demo(tmp_path, frames=4, width=48, height=40, name="seq"))
    specs = [TrackSpec("q55_t", plugin, None, "cpu"), TrackSpec("q55_u", plugin, None, "cpu")]
    ctx = JobContext()
    ctx.cancel()  # before the worker runs the generator
    events = [(kind, label) for kind, label, _ in track_events(specs, seq, None, 0, ctx)]
    assert made == []  # was ['create', 'init']: weights loaded for a run already cancelled
    assert events == [("start", "q55_t"), ("cancelled", "q55_t")]  # the second tracker is not begun


def test_an_uncancelled_run_still_tracks_every_tracker(tmp_path):
    class Tracker:
        modalities = ("gray", "rgb", "ir16")

        def initialize(self, frame, box):
            self.box = Box(*box)

        def track(self, frame):
            return TrackOutput(self.box, 1.0)

    plugin = Plugin("q55_t", "tracker", lambda config, device: Tracker())
    seq = open_sequence(write_demo(tmp_path, frames=3, width=48, height=40, name="seq"))
    specs = [TrackSpec("q55_t", plugin, None, "cpu"), TrackSpec("q55_u", plugin, None, "cpu")]
    kinds = [kind for kind, _, _ in track_events(specs, seq, None, 0, JobContext())]
    assert kinds == ["start", "info", "frame", "frame", "frame", "done"] * 2
