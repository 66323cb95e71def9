"""The close question said of every job started from a method's panel "stopped at its next step", but the
LW-IRSTNet and seq_irst panels' exports are not stoppable: they ran to their end after the window had gone (or
were cut off as the process ended). A panel now says what runs (``running_jobs``, the ``InspectorDock`` hook's
form): the question names each job with what is kept, an export is finished before the window closes, and a job
the panel does not list (its own drawing) stops with the window unnamed."""
from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.gui.worker import Job


def _training(started, ctx, limit_s: float = 10.0) -> str:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit_s:
        ctx.check()
        started.set()
        time.sleep(0.01)
    return "ran to its end"


def _export(folder, started, go) -> list:
    started.set()
    go.wait(10)  # runs until the close question is answered
    for k in range(3):  # one file after the other, no step to stop at between them
        time.sleep(0.05)
        (folder / f"figure{k}.csv").write_text("x,y\n1,2\n")
    return []


class _Panel(QWidget):
    def __init__(self, parent):
        super().__init__(parent)
        self.train_job, self.export_job, self.drawing = Job(self), Job(self), Job(self)

    def running_jobs(self):
        return [(self.train_job, "Fake training into /w/run: stopped at its next batch; /w/run/last.pt stays.", False),
                (self.export_job, "Fake export to /figs: finished before the window closes.", True)]


def test_close_names_a_panels_jobs_as_it_says_and_finishes_its_export(qtbot, window, tmp_path, monkeypatch):
    w = window
    panel = _Panel(w.methods)
    monkeypatch.setitem(w.methods._panels, "fake_panel", panel)
    asked = []
    training, exporting, drawing, answered = (threading.Event() for _ in range(4))
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: (
        asked.append((title, text)), answered.set(), QMessageBox.StandardButton.Yes)[2])
    panel.train_job.start(_training, training, pass_context=True)
    panel.export_job.start(_export, tmp_path, exporting, answered)
    panel.drawing.start(_training, drawing, pass_context=True)
    qtbot.waitUntil(lambda: training.is_set() and exporting.is_set(), timeout=5000)  # the drawing may wait a thread
    assert panel.drawing.running

    assert w.close()
    (title, text), = asked
    assert title == "2 jobs are in progress", title  # was 3, the drawing among them
    assert "• Fake training into /w/run: stopped at its next batch; /w/run/last.pt stays." in text, text
    assert "• Fake export to /figs: finished before the window closes." in text, text
    assert "stopped at its next step" not in text, text  # was said of the export too
    assert not panel.export_job.running
    assert sorted(p.name for p in tmp_path.glob("figure*.csv")) == ["figure0.csv", "figure1.csv", "figure2.csv"]
    qtbot.waitUntil(lambda: not panel.train_job.running and not panel.drawing.running, timeout=5000)


def test_the_lw_irstnet_and_seq_irst_panels_name_their_jobs():
    """The two panels' hooks over stand-ins for their jobs: a training keeps its last.pt, an export is finished."""
    from workbench_lw_irstnet.panel import Panel
    from workbench_seq_irst.panel import SeqIRSTPanel

    going = SimpleNamespace(running=True, last_message="epoch 3/10")
    idle = SimpleNamespace(running=False, last_message="")
    lw = SimpleNamespace(train_job=going, cv_job=idle, eval_job=idle, export_job=going, view_job=going,
                         _train_out=Path("/w/lw"), _export_to="/figs")
    (tj, tline, tfinish), (ej, eline, efinish) = Panel.running_jobs(lw)  # the view: not listed
    assert tj is going and not tfinish and efinish
    assert "training into /w/lw (epoch 3/10): stopped at its next batch" in tline and "/w/lw/last.pt stays" in tline
    assert "/figs: finished before the window closes" in eline
    lw.export_job = idle
    assert len(Panel.running_jobs(lw)) == 1
    seq = SimpleNamespace(job=going, _job_said=("Training", "its last.pt stays", False), plot_job=going,
                          _plot_running_path="/figs/iterations.pdf")
    (_j, line, finish), (pj, pline, pfinish) = SeqIRSTPanel.running_jobs(seq)
    assert line == "seq_irst: Training (epoch 3/10): its last.pt stays." and not finish
    assert pj is going and pfinish and "/figs/iterations.pdf: finished before the window closes" in pline
    seq._plot_running_path = None  # the plot drawn for the Iterations tab: not listed
    assert len(SeqIRSTPanel.running_jobs(seq)) == 1
