"""``worker.LatestJob``: work asked for again and again of which only the latest request's results count
(the Results column's listing, a sequence's saved maps, a saved run read back, its runs listed again)."""
from __future__ import annotations

import threading

import pytest

from workbench.core.errors import Cancelled

from .conftest import spin


def _held(gate: threading.Event, value, ctx=None):
    gate.wait(10)
    if ctx is not None:
        ctx.check()
    return value


@pytest.fixture
def latest(qtbot):
    from workbench.gui.worker import Job, LatestJob

    job, got = LatestJob(), []
    for name in ("returned", "errored", "yielded"):
        getattr(job, name).connect(lambda value, name=name: got.append((name, value)))
    job.finished.connect(lambda: got.append(("finished", None)))
    yield job, got
    Job.wait_all(10000)


def _settled(qtbot) -> None:
    """Every worker done and the signals they sent handled."""
    from workbench.gui.worker import Job

    qtbot.waitUntil(lambda: Job.wait_all(0), timeout=5000)
    spin(lambda: False, 0.05)


def test_only_the_latest_request_comes_through(qtbot, latest):
    job, got = latest
    first, second = threading.Event(), threading.Event()
    job.start(_held, first, "first")
    job.start(_held, second, "second")
    assert job.pending
    second.set()  # the latest ends first ...
    qtbot.waitUntil(lambda: not job.pending, timeout=5000)
    first.set()  # ... then the one it superseded: never heard of
    _settled(qtbot)
    assert got == [("returned", "second"), ("finished", None)]


def test_drop_lets_nothing_through_and_cancel_lets_the_end_through(qtbot, latest):
    job, got = latest
    gate = threading.Event()
    worker = job.start(_held, gate, "dropped", pass_context=True)
    job.drop()
    assert not job.pending and worker.ctx.cancelled
    gate.set()
    _settled(qtbot)
    assert got == []

    gate.clear()
    job.start(_held, gate, "cancelled", pass_context=True)
    job.cancel()
    assert job.pending
    gate.set()
    qtbot.waitUntil(lambda: not job.pending, timeout=5000)
    assert [name for name, _v in got] == ["errored", "finished"] and isinstance(got[0][1], Cancelled)
