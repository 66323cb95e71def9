"""Module-level job functions for tests of ``workbench.core.jobs.in_process`` (a child process
imports them by name)."""
from __future__ import annotations

import os
import time


def counting(n, ctx=None, fail_at=None):
    """Yields (i, pid) n times with progress; returns "done"; raises at ``fail_at``."""
    for i in range(n):
        if fail_at == i:
            raise ValueError(f"bad item {i}")
        ctx.progress((i + 1) / n, f"item {i}")
        yield i, os.getpid()
    return "done"


def until_cancelled(ctx=None):
    """Yields every 10 ms until cancelled, then says how it ended."""
    i = 0
    while not ctx.cancelled:
        yield i
        i += 1
        time.sleep(0.01)
    yield "cancelled"


def dies(ctx=None):
    yield 1
    os._exit(3)


def floods(ctx=None):
    """Yields far more than the queue holds, ignoring cancel: its consumer stops early."""
    for i in range(5000):
        yield i


class TwoPartError(Exception):
    """A plugin's own exception class that pickles but does not unpickle (``__init__`` needs two arguments, its
    ``args`` hold one)."""

    def __init__(self, what, why):
        super().__init__(f"{what}: {why}")


class _BuggyTracker:
    name = "buggy"

    def initialize(self, frame, box):
        pass

    def track(self, frame):
        raise TwoPartError("threshold", "min_pixels < 0")


def method_bug(ctx=None):
    """Yields once, then a tracker's ``track`` raises inside ``call_method``: a ``MethodRaised`` whose cause is
    the plugin's own exception class."""
    from workbench.core.methods import call_method

    yield "started"
    call_method(_BuggyTracker(), "tracker", "track", None, where="sequence s1, frame 4")


def raises_two_part(ctx=None):
    """Raises an exception that pickles but does not unpickle, outside any method call."""
    yield "started"
    raise TwoPartError("threshold", "min_pixels < 0")
