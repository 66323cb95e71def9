"""The window's runs (R2 on 98916d6): a failure reported for the whole job (``TrackRunner._on_error``: the worker's
generator itself raised, not a tracker's own error event) set no ``stopped`` record, so the frames tracked before it
were lost while a tracker's own error kept them as a partial run. And a several-tracker run's summary said
"X failed: ..." without a word that X's frames were saved as a partial run (the one-tracker line says it)."""
import json

from PySide6.QtCore import QObject

from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.loops import FrameResult
from workbench.gui.controllers.tracking import TrackingController
from workbench.gui.runner import TrackRunner


def _runner(tmp_path, seq, labels):
    runner = TrackRunner(tmp_path / "results")
    runner._seq, runner._start, runner.planned = seq, 0, list(labels)
    return runner


def _track(runner, label, frames):
    runner._on_event(("start", label, (8, label, (1, 1))))
    for i in range(frames):
        runner._on_event(("frame", label, (FrameResult(i, (4.0 + i, 5.0, 8.0, 6.0), 1.0, 0.01), None)))


def test_a_job_error_keeps_the_frames_tracked_and_the_summary_says_they_are_saved(qtbot, tmp_path):
    seq = open_sequence(write_demo(tmp_path / "data", frames=8, width=32, height=24, seed=1, name="s"))
    runner = _runner(tmp_path, seq, ["fake", "boom"])
    _track(runner, "fake", 8)
    runner._on_event(("done", "fake", ""))
    _track(runner, "boom", 5)
    runner._on_error(RuntimeError("the worker stopped"))  # the job's own failure, mid-run
    qtbot.waitUntil(lambda: not runner.saving, timeout=10000)  # the runs are written on the runner's save worker
    run = runner.runs["boom"]
    assert run.status == "error" and "the worker stopped" in run.error
    assert run.saved_to is not None and run.saved_to.is_file(), "the frames tracked were not saved"
    entry = json.loads((run.saved_to.parent / "manifest.json").read_text())["sequences"][seq.name]
    assert entry["completed"] is False and entry["partial"]["reason"] == "error" and entry["partial"]["frame"] == 5

    ctrl = TrackingController(QObject())
    ctrl.runner = runner
    text, tip = ctrl.run_summary()
    assert "boom failed: RuntimeError: the worker stopped (5 frames saved, partial)" in text, text
    assert f"the 5 frames tracked before it are saved to {run.saved_to.parent} as a partial run" in tip, tip
