"""Found by closing the window during a seq_irst training started from its panel (G3): the window went,
the training went on (no controller owns a panel's job), and the process waited a minute for it at exit
(``run_app``'s wait for the pool), then printed "RuntimeError: Signal source has been deleted" from the
training's progress call once the panel was gone. Closing now asks every job of the window to stop, and a
job whose owner is deleted reports progress into nothing."""
from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QWidget
from shiboken6 import delete

from workbench.core.errors import Cancelled
from workbench.gui.worker import Job


def _training(started: threading.Event, ctx, limit_s: float = 10.0) -> str:
    """A panel's training: epochs until cancelled (or ``limit_s``, so a failing test ends)."""
    started.set()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit_s:
        ctx.check()
        ctx.progress(0.5, "epoch")
        time.sleep(0.01)
    return "ran to its end"


def test_closing_the_window_stops_a_panel_job(qtbot, window):
    w = window
    panel = QWidget(w.methods)  # a plugin panel: the window's descendant, no controller's
    job = Job(panel)
    ended = []
    job.returned.connect(ended.append)
    job.errored.connect(ended.append)
    started = threading.Event()
    job.start(_training, started, pass_context=True)
    qtbot.waitUntil(started.is_set, timeout=5000)
    w.close()
    qtbot.waitUntil(lambda: not job.running, timeout=3000)
    assert len(ended) == 1 and isinstance(ended[0], Cancelled), ended


def test_progress_after_the_owner_is_deleted_is_dropped(qtbot):
    owner = QWidget()
    job = Job(owner)
    go, said = threading.Event(), []

    def body(ctx):
        go.wait(5)
        try:
            ctx.progress(0.5, "after the window went")
            said.append("ok")
        except RuntimeError as exc:
            said.append(str(exc))

    job.start(body, pass_context=True)
    delete(owner)  # the window (and the panel with its Job) deleted while the worker runs
    go.set()
    Job.wait_all(5000)
    assert said == ["ok"], said
