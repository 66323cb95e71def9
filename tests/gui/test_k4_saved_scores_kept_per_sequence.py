"""Found switching between two sequences that both have saved runs (K4): their scores were thrown away on
every switch and the saved runs scored on the worker again, the plots empty ("scoring 3 saved runs…")
each time. The reports are kept by value (the sequence's groundtruth and attributes, each run's file,
start, stop and boxes): switching back shows the curves at once, with the numbers a fresh scoring gives,
and a result file written since is the only one scored again. The sequence on screen opened again (a
reload) is scored afresh."""
from __future__ import annotations

import numpy as np

from workbench.core.data.synthetic import write_demo
from workbench.core.results import write_boxes
from workbench.gui import settings as wsettings
from workbench.gui.controllers import scoring

SHIFTS = ((1.0, 0.0), (3.0, 1.0), (6.0, -2.0))


def _with_runs(tmp_path, name):
    seq = write_demo(tmp_path, frames=8, width=64, height=48, name=name)
    gt = np.loadtxt(seq / "groundtruth_rect.txt", delimiter=",")
    for k, (dx, dy) in enumerate(SHIFTS):
        write_boxes(wsettings.results_dir() / f"old{k}" / f"{name}.txt", gt + [dx, dy, 0.0, 0.0])
    return seq, gt


def _fresh(w) -> dict:
    from workbench.core.evaluation.ope import evaluate_tracker

    seq = w.sequence
    return {name: evaluate_tracker(name, {seq.name: r.boxes.copy()}, {seq.name: seq.groundtruth},
                                   {seq.name: seq.attributes}, starts={seq.name: r.start}).overall
            for name, r in w.live.items()}


def _shown(w) -> dict:
    return {name: (c.success_auc, c.precision_20, tuple(c.success)) for name, c in w.plots.curves.items()}


def test_switching_back_shows_the_kept_scores_and_rescores_only_a_changed_file(qtbot, window, tmp_path,
                                                                               monkeypatch):
    w = window
    a, gt_a = _with_runs(tmp_path, "alpha")
    b, _gt_b = _with_runs(tmp_path, "beta")
    scored = []  # the trackers each worker scoring was asked for
    real = scoring.score_saved_runs
    monkeypatch.setattr(scoring, "score_saved_runs",
                        lambda name, gt, attrs, runs, ctx: (scored.append(sorted(r[0] for r in runs)),
                                                            real(name, gt, attrs, runs, ctx))[1])
    for path in (a, b):
        assert w.open_path(path)
        qtbot.waitUntil(lambda: not w.scoring.scoring_saved, timeout=10000)
    assert scored == [["old0", "old1", "old2"]] * 2

    assert w.open_path(a)  # back: shown at once, nothing scored again
    assert not w.scoring.scoring_saved and "scoring" not in w.plots.note.text()
    assert sorted(w.plots.curves) == ["old0", "old1", "old2"] and len(scored) == 2
    fresh = _fresh(w)
    assert _shown(w) == {k: (c.success_auc, c.precision_20, tuple(c.success)) for k, c in fresh.items()}

    # one result file written again (another run of old1): only that one is scored, its new numbers shown
    write_boxes(wsettings.results_dir() / "old1" / "alpha.txt", gt_a + [9.0, 4.0, 0.0, 0.0])
    assert w.open_path(b) and w.open_path(a)
    assert w.scoring.scoring_saved
    qtbot.waitUntil(lambda: not w.scoring.scoring_saved, timeout=10000)
    assert scored[2:] == [["old1"]], scored
    fresh = _fresh(w)
    assert _shown(w) == {k: (c.success_auc, c.precision_20, tuple(c.success)) for k, c in fresh.items()}
    assert w.plots.curves["old1"].success_auc < w.plots.curves["old0"].success_auc

    assert w.open_path(a)  # the one on screen opened again: a reload, scored afresh
    qtbot.waitUntil(lambda: not w.scoring.scoring_saved, timeout=10000)
    assert scored[3:] == [["old0", "old1", "old2"]], scored
