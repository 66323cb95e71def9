"""A detector run cancelled before its worker began (Cancel pressed while the job was queued) still made its
detector, loading a network's weights, before the first frame's cancel check: the worker checks first and says
("cancelled", 0) without making it."""
from __future__ import annotations

from workbench.core.data.irseq_synth import make_sequence
from workbench.core.jobs import JobContext
from workbench.core.registry import Plugin


def test_a_cancelled_job_makes_no_detector():
    from workbench.gui.controllers.detection import detect_events

    made = []

    def create(cfg, device):
        made.append(device)
        raise AssertionError("the detector was made")

    seq = make_sequence(seed=1, frames=6, width=48, height=40)
    ctx = JobContext()
    ctx.cancel()
    events = list(detect_events(Plugin("slowdet", "detector", create), None, "cpu", seq, ctx))
    assert made == [] and events == [("cancelled", 0)]


def test_a_job_not_cancelled_makes_it():
    from workbench.gui.controllers.detection import detect_events

    made = []

    def create(cfg, device):
        made.append(device)
        raise RuntimeError("no weights here")

    seq = make_sequence(seed=1, frames=6, width=48, height=40)
    events = list(detect_events(Plugin("slowdet", "detector", create), None, "cpu", seq, JobContext()))
    assert made == ["cpu"] and events[-1][0] == "error" and "no weights here" in events[-1][1]
