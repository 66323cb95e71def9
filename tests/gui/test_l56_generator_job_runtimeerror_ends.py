"""superqt's GeneratorWorker returns a RuntimeError (NotImplementedError, RecursionError) raised in a generator job
instead of raising it, and emits neither errored nor finished: such a Job stayed running for good (4914a92 mended one
job, the run's save). Every generator job now ends, errored, with the error's type and words."""
from __future__ import annotations

import pytest

from workbench.gui.worker import Job


def _gen(kind):
    yield 1
    raise kind("it broke")


@pytest.mark.parametrize("kind", [NotImplementedError, RecursionError, ValueError])
def test_a_generator_job_raising_ends_errored(qtbot, kind):
    job = Job()
    got, yielded = [], []
    job.errored.connect(lambda e: got.append(e))
    job.yielded.connect(yielded.append)
    job.start(_gen, kind)
    qtbot.waitUntil(lambda: not job.running, timeout=10000)
    assert yielded == [1] and len(got) == 1
    assert "it broke" in str(got[0]) and (kind is ValueError or kind.__name__ in str(got[0])), got
