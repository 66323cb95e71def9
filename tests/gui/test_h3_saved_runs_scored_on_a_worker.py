"""Found opening the demo with 25 saved runs (H3): the sequence's saved runs were scored on the GUI thread as
it opened (``ScoringController._update_plots``: 25 runs, 0.1-0.2 s in the same turn as the frame). They are
scored on the window's worker now (``scoring.score_saved_runs`` through a ``LatestJob``); the plots and the
ranking fill when the scores come, with the same numbers; the runs tracked in the window are scored at once
as before. A run tracked while the saved ones are scored gets its row at once and keeps it; a newer open
drops the older request (its scores are never shown); closing the window meanwhile stops it cleanly."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from workbench.core.data.synthetic import write_demo
from workbench.core.results import write_boxes
from workbench.gui import settings as wsettings
from workbench.gui.controllers import scoring

SHIFTS = ((1.0, 0.0), (3.0, 1.0), (6.0, -2.0))  # three saved runs: the groundtruth moved by these


@pytest.fixture
def saved(tmp_path):
    """A short demo and three saved runs of it (flat result folders in the workspace, as older tools write
    them): the groundtruth moved a little, a few frames lost."""
    seq = write_demo(tmp_path, frames=8, width=64, height=48, name="short")
    gt = np.loadtxt(seq / "groundtruth_rect.txt", delimiter=",")  # 1-based: the file's own coordinates
    for k, (dx, dy) in enumerate(SHIFTS):
        boxes = gt + [dx, dy, 0.0, 0.0]
        boxes[5 + k % 2] = np.nan  # a frame lost
        write_boxes(wsettings.results_dir() / f"old{k}" / "short.txt", boxes)
    other = write_demo(tmp_path, frames=4, width=64, height=48, name="other")  # no saved runs
    return seq, other


def _scored_here(w) -> dict:
    """The saved runs scored as the window scored them before, on this thread: {tracker: (AUC, P@20)}."""
    from workbench.core.evaluation.ope import evaluate_tracker

    seq = w.sequence
    out = {}
    for name, r in w.live.items():
        rep = evaluate_tracker(name, {seq.name: r.boxes.copy()}, {seq.name: seq.groundtruth},
                               {seq.name: seq.attributes}, starts={seq.name: r.start})
        out[name] = (rep.overall.success_auc, rep.overall.precision_20)
    return out


def _blocked(monkeypatch):
    """``score_saved_runs`` held until ``go`` is set (Cancel still seen), its calls' threads counted."""
    go, calls = threading.Event(), []
    real = scoring.score_saved_runs

    def held(*args, ctx):
        calls.append(threading.current_thread() is threading.main_thread())
        while not go.wait(0.01):
            ctx.check()
        return real(*args, ctx=ctx)

    monkeypatch.setattr(scoring, "score_saved_runs", held)
    return go, calls


def test_saved_runs_are_scored_on_the_worker_and_a_run_tracked_meanwhile_gets_its_row(qtbot, window, saved,
                                                                                      monkeypatch):
    from workbench.core.evaluation import ope

    w = window
    seq, other = saved
    w.plots.show()
    w.plots.raise_()
    assert w.open_path(other)
    scored_on = []  # (tracker, on the GUI thread)
    real = ope.evaluate_tracker
    monkeypatch.setattr(ope, "evaluate_tracker", lambda tracker, *a, **k: (
        scored_on.append((tracker, threading.current_thread() is threading.main_thread())), real(tracker, *a, **k))[1])
    go, calls = _blocked(monkeypatch)
    assert w.open_path(seq)
    assert sorted(w.live) == ["old0", "old1", "old2"] and all(r.status == "saved" for r in w.live.values())
    assert w.scoring.scoring_saved and "scoring 3 saved runs" in w.plots.note.text()
    assert w.plots.curves == {} and not w.scoring.reports

    assert w.run_selected(["fake"])  # tracked while they are scored: its row at once
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    assert list(w.plots.curves) == ["fake"] and w.scoring.scoring_saved
    assert calls == [False]  # the request running was not asked again by the run's updates
    steps = []  # when the scores come: the success curves, the precision curves, the ranking, a turn each
    for obj, name in ((w.plots._success_set, "update"), (w.plots._precision_set, "update"),
                      (w.plots.ranking, "set_rows")):
        monkeypatch.setattr(obj, name, lambda *a, _f=getattr(obj, name), _n=obj, **k: (
            steps.append((type(_n).__name__, w.plots._set_count)), _f(*a, **k))[1])
    go.set()
    qtbot.waitUntil(lambda: not w.scoring.running and not w.plots._curves_stale, timeout=10000)
    assert len(steps) == 3 and steps[0][0] == "CurveSet" and steps[2][0] == "RankingTable", steps
    assert sorted(w.plots.curves) == ["fake", "old0", "old1", "old2"]  # and keeps it
    assert w.plots.ranking.rowCount() == 4 and "scoring" not in w.plots.note.text()
    assert sorted(t for t, on_gui in scored_on if not on_gui) == ["old0", "old1", "old2"]  # once each
    assert {t for t, on_gui in scored_on if on_gui} == {"fake"}
    monkeypatch.setattr(ope, "evaluate_tracker", real)
    want = _scored_here(w)  # the numbers as the GUI thread computed them before
    assert {r.tracker: (r.overall.success_auc, r.overall.precision_20) for r in w.scoring.reports} == want
    assert {k: (c.success_auc, c.precision_20) for k, c in w.plots.curves.items()} == want
    assert len(w.plots.legend_texts()) == 8


def test_a_newer_open_drops_the_older_scores_and_closing_stops_them(qtbot, window, saved, monkeypatch, messages):
    from workbench.gui.worker import Job

    w = window
    seq, other = saved
    go, calls = _blocked(monkeypatch)
    applied = []
    real_apply = scoring.ScoringController._saved_scored
    monkeypatch.setattr(scoring.ScoringController, "_saved_scored",
                        lambda self, got: (applied.append(len(got)), real_apply(self, got))[1])
    assert w.open_path(seq)
    first = dict(w.live)
    assert w.open_path(seq)  # again: its runs read again; the first request's scores are not theirs
    assert w.live["old0"] is not first["old0"]
    go.set()
    qtbot.waitUntil(lambda: not w.scoring.running, timeout=10000)
    assert applied == [3]  # the latest request's only
    assert all(w.scoring._scored[k][1] is w.live[k] for k in w.live)
    assert {k: (c.success_auc, c.precision_20) for k, c in w.plots.curves.items()} == _scored_here(w)

    # another sequence opened while they are scored: nothing of them shown there
    go.clear()
    assert w.open_path(seq)
    qtbot.waitUntil(lambda: w.scoring.scoring_saved and len(calls) == 3, timeout=5000)
    assert w.open_path(other) and not w.scoring.scoring_saved
    go.set()
    qtbot.waitUntil(lambda: not w.scoring.running, timeout=10000)
    assert applied == [3] and w.plots.curves == {} and w.live == {}

    # the window closed while they are scored: the worker stops at its next check, nothing said
    go.clear()
    assert w.open_path(seq)
    qtbot.waitUntil(lambda: len(calls) == 4, timeout=5000)
    job = w.scoring.saved_job._job
    assert job is not None and job.running
    w.close()
    assert job.ctx.cancelled
    assert Job.wait_all(10000)
    assert applied == [3] and not w.scoring.scoring_saved
    assert not [m for m in messages if m[0] in ("critical", "warning")], messages


# Export › Numbers right after an open, while the saved runs were still scored and a run tracked in the window had
# its row: the export took that one row and left the saved runs out; it waits for their scores now
def test_numbers_exported_during_the_saved_scoring_hold_every_run(qtbot, window, saved, monkeypatch, tmp_path):
    w = window
    seq, other = saved
    assert w.open_path(other)
    go, calls = _blocked(monkeypatch)
    assert w.open_path(seq)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    assert w.scoring.scoring_saved and [r.tracker for r in w.scoring.reports] == ["fake"]
    threading.Timer(0.3, go.set).start()  # the worker finishes while the export waits
    reports = w.exporter._reports()
    assert sorted(r.tracker for r in reports) == ["fake", "old0", "old1", "old2"]
