""""Prune + measure FPS" timed 10 frames of the unpruned tracker, its first (warm-up) frames included, then 10
of the pruned one: under load it said x5.7 where a quiet measurement gives ~x1.7. Both trackers are warmed up,
then timed in turn frame by frame over enough frames and time, the median frame time taken, and a wide spread
said noisy; Cancel still stops it between frames."""
from __future__ import annotations

import time

import pytest

from workbench.core.errors import Cancelled
from workbench.core.jobs import JobContext

COST = {"A": 0.020, "B": 0.010}  # seconds a frame: the pruned tracker (B) twice as fast
WARM = 0.15  # the process's first frame tracked (the back end set up, caches filled): the unpruned one's


class Load:
    """Other work on the machine: every frame tracked in the first ``seconds`` after ``start`` costs more."""

    def __init__(self, seconds: float, extra: float):
        self.seconds, self.extra, self.t0 = seconds, extra, None

    def cost(self) -> float:
        now = time.perf_counter()
        self.t0 = self.t0 or now
        return self.extra if now - self.t0 < self.seconds else 0.0


def _fake_tracker(load, calls):
    class Tracker:
        def __init__(self, model, cfg, device):
            self.model = model

        def initialize(self, frame, box):
            pass

        def track(self, frame):
            calls.append(self.model)
            time.sleep((WARM if len(calls) == 1 else COST[self.model]) + load.cost())

    return Tracker


@pytest.fixture
def timing(monkeypatch):
    """SiamFC++ trackers and the surgery faked: model "A" pruned to "B"; the timing shortened for a test."""
    from workbench_siamfcpp_prune import figures, surgery, tracker

    calls = []
    load = Load(0.4, 0.03)  # a burst of other work as the timing starts
    monkeypatch.setattr(tracker, "SiamFCppTracker", _fake_tracker(load, calls))
    monkeypatch.setattr(surgery, "prune", lambda model, *a, **k: "B")
    for name, value in (("FPS_MIN_FRAMES", 12), ("FPS_MIN_SECONDS", 0.5), ("FPS_MAX_SECONDS", 5.0)):
        monkeypatch.setattr(figures, name, value, raising=False)
    return calls


def _prune_and_time(ctx=None):
    from workbench_siamfcpp_prune import inspector

    gen = inspector._speed_and_prune("A", {}, 0.4, "backbone+neck", 16, list(range(11)), (1, 1, 4, 4), 303, ctx=ctx)
    assert next(gen) == "pruned"
    with pytest.raises(StopIteration) as stop:
        next(gen)
    return stop.value.value


def test_warm_up_and_load_do_not_make_the_speed_up(timing):
    pruned, before, after, timed = _prune_and_time()
    assert pruned == "B"
    # the trackers' own ratio (x2; a loaded machine's sleeps overshoot alike, which brings it nearer 1), where the
    # warm-up and the burst timed with the unpruned one alone made it ~x5
    assert 1.6 < after / before < 2.4, (before, after, timed)
    assert timed.frames >= 12
    # timed in turn: neither ran a long stretch alone
    runs, last = 0, None
    for m in timing:
        runs, last = runs + (m != last), m
    assert runs > len(timing) // 3


def test_a_wide_spread_is_said_noisy():
    from workbench_siamfcpp_prune import figures

    class Jumpy:
        def __init__(self):
            self.n = 0

        def initialize(self, frame, box):
            pass

        def track(self, frame):
            self.n += 1
            time.sleep(0.002 if self.n % 2 else 0.012)

    timed = figures.interleaved_fps([Jumpy(), Jumpy()], [0, 1, 2], None, warmup=1, min_frames=10,
                                    min_seconds=0.1, max_seconds=2.0)
    assert timed.noisy and "noisy" in timed.words()


def test_cancel_stops_the_timing_between_frames(timing):
    from workbench_siamfcpp_prune import inspector

    ctx = JobContext()

    class Calls(list):  # the fake trackers' frames: the analyst cancels at the 5th
        def append(self, m):
            super().append(m)
            if len(self) == 5:
                ctx.cancel()

    calls = Calls()
    tracker_cls = _fake_tracker(Load(0.0, 0.0), calls)
    from workbench_siamfcpp_prune import tracker

    tracker.SiamFCppTracker = tracker_cls  # (the fixture's monkeypatch puts the real one back)
    gen = inspector._speed_and_prune("A", {}, 0.4, "backbone+neck", 16, list(range(11)), (1, 1, 4, 4), 303, ctx=ctx)
    assert next(gen) == "pruned"
    with pytest.raises(Cancelled):
        next(gen)
    assert len(calls) == 5
