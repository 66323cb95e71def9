"""Closing while a finished run's save runs waits for it without a question (nothing is stopped). A save that failed
during that wait (a full disk) left the run in memory only, and the window closed all the same: the run was lost,
unasked. The window now stays open (the failed save's message names the file; Track › Save again writes it)."""
from __future__ import annotations

import errno
import threading

from workbench.core.data.synthetic import write_demo
from workbench.core.runs import RunResult

from .conftest import spin


def test_a_save_failing_while_closing_waits_keeps_the_window_and_the_run(window, messages, monkeypatch, tmp_path):
    w = window
    release = threading.Event()

    def save(self, out_dir):
        assert release.wait(20)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(RunResult, "save", save)
    assert w.open_path(write_demo(tmp_path, frames=4, width=64, height=48, name="short"))  # (the demo: 150 frames)
    assert w.run_selected(["fake"])
    assert spin(lambda: not w.runner.job.running and w.runner.saving, 20)
    run = w.live["fake"]
    threading.Timer(0.3, release.set).start()
    assert not w.close()  # closing waited for the save, which failed: the run is not lost
    assert run.save_failed and w.tracking.unsaved == [run]
    assert w.isVisible()
