"""A finished run's save is a generator on the runner's save worker (c9f77a5). superqt's GeneratorWorker returns a
RuntimeError raised in it instead of raising it, and then emits neither errored nor finished: a save failing with one
(or NotImplementedError, RecursionError) left the runner saving for good. It is said as the save's failure."""
from __future__ import annotations

from workbench.core.data.synthetic import write_demo
from workbench.core.runs import RunResult

from .conftest import spin


def test_a_runtimeerror_in_the_save_is_a_failed_save(window, messages, monkeypatch, tmp_path):
    w = window

    def save(self, out_dir):
        raise RuntimeError("boom in save")

    monkeypatch.setattr(RunResult, "save", save)
    assert w.open_path(write_demo(tmp_path, frames=4, width=64, height=48, name="short"))  # (the demo: 150 frames)
    assert w.run_selected(["fake"])
    assert spin(lambda: not w.runner.running, 20), "the run never ended: the runner stayed saving"
    run = w.live["fake"]
    assert run.save_failed and w.tracking.unsaved == [run]
    assert any("boom in save" in str(m) for m in messages), messages
