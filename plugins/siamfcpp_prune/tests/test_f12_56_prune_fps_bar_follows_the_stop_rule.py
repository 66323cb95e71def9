"""Prune + measure FPS: the bar reached 100 % after 5 of the 15 timed frames and sat there ~6 s. It said the
fraction furthest ahead (frames or seconds) where the timing stops only when both minimums are met (or the
maximum time has passed), and it fell back from the warm-up's tenth to 0 when the timing began. The bar now
follows the stop rule: 100 % only when the timing stops, never falling back."""
from __future__ import annotations

import time

from workbench.core.jobs import JobContext
from workbench_siamfcpp_prune import figures


class Sleeper:
    """A tracker whose every frame takes ``seconds``."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def initialize(self, frame, box):
        pass

    def track(self, frame):
        time.sleep(self.seconds)


def _bar(frame_s: float, **timing):
    seen: list[float] = []
    ctx = JobContext(lambda f, m: seen.append(f))
    timed = figures.interleaved_fps([Sleeper(frame_s), Sleeper(frame_s)], [0, 1, 2], None, ctx, **timing)
    return seen, timed


def _follows_the_stop(seen: list[float]) -> None:
    assert seen, "no progress said"
    assert seen[-1] == 1.0, seen
    assert all(f < 1.0 for f in seen[:-1]), f"100 % before the timing stopped: {seen}"
    assert all(a <= b for a, b in zip(seen, seen[1:])), f"the bar fell back: {seen}"


def test_bar_waits_for_the_frames_when_the_seconds_are_met_first():
    # 20 ms a frame each: the 0.05 s minimum is met after 2 frames, the 8 frames are not
    seen, timed = _bar(0.02, warmup=2, min_frames=8, min_seconds=0.05, max_seconds=5.0)
    assert timed.frames == 8
    _follows_the_stop(seen)


def test_bar_waits_for_the_seconds_when_the_frames_are_met_first():
    # 2 frames met at once, the 0.3 s minimum later
    seen, timed = _bar(0.005, warmup=1, min_frames=2, min_seconds=0.3, max_seconds=5.0)
    assert timed.frames > 2
    _follows_the_stop(seen)


def test_bar_full_at_the_maximum_time():
    # frames never enough: the maximum time stops it, the bar full only then
    seen, timed = _bar(0.005, warmup=0, min_frames=10 ** 6, min_seconds=0.05, max_seconds=0.3)
    assert timed.frames < 10 ** 6
    _follows_the_stop(seen)
