"""``runner.run_job``: the run's job that ``TrackRunner`` and the detection controller make at the start and again
after a run is let go, its events, error and end going to the handlers given (the shared block, once)."""
from __future__ import annotations

from PySide6.QtCore import QObject

from workbench.gui.runner import run_job


def test_run_job_sends_events_error_and_end_to_its_handlers(qtbot):
    owner = QObject()
    events, errors, ends = [], [], []
    job = run_job(owner, events.append, errors.append, lambda: ends.append(True))
    assert job.parent() is owner

    def gen():
        yield 1
        yield 2

    job.start(gen)
    qtbot.waitUntil(lambda: len(ends) == 1, timeout=5000)
    assert events == [1, 2] and errors == [] and ends == [True]

    failing = run_job(owner, events.append, errors.append, lambda: ends.append(True))

    def boom():
        yield 3
        raise ValueError("boom")

    failing.start(boom)
    qtbot.waitUntil(lambda: len(ends) == 2, timeout=5000)
    assert events == [1, 2, 3] and len(errors) == 1 and isinstance(errors[0], ValueError)
