"""Found opening the demo with 25 saved runs (K9): the worker scoring them (``score_saved_runs``) held the interpreter
lock ~50 ms under load in many small numpy calls, one run at a time. Their per-frame IoU and centre errors are
computed together now (``row_metrics``); the reports are the same, number for number (compared byte for byte here)."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest


def _same(x, y, path="report"):
    if dataclasses.is_dataclass(x):
        assert type(x) is type(y), path
        for f in dataclasses.fields(x):
            _same(getattr(x, f.name), getattr(y, f.name), f"{path}.{f.name}")
    elif isinstance(x, np.ndarray):
        assert isinstance(y, np.ndarray) and x.dtype == y.dtype and x.shape == y.shape, path
        assert x.tobytes() == y.tobytes(), path
    elif isinstance(x, dict):
        assert list(x) == list(y), path
        for k in x:
            _same(x[k], y[k], f"{path}[{k!r}]")
    elif isinstance(x, (list, tuple)):
        assert len(x) == len(y), path
        for k, (a, b) in enumerate(zip(x, y)):
            _same(a, b, f"{path}[{k}]")
    else:
        assert type(x) is type(y) and x == y, (path, x, y)


def _inputs():
    rng = np.random.default_rng(3)
    n = 40
    gt = np.column_stack([rng.uniform(0, 90, n), rng.uniform(0, 90, n), rng.uniform(4, 30, n), rng.uniform(4, 30, n)])
    gt[5] = np.nan  # absent: NaN, zero size, and flagged by the dataset
    gt[6, 2] = 0.0
    absent = np.zeros(n, bool)
    absent[9] = True
    early = np.zeros(n, bool)
    early[:3] = True  # flagged only before some runs' start: nothing of it scored there
    attrs = {"absent": absent, "occlusion": rng.random(n) > 0.6, "early": early, "never": np.zeros(n, bool),
             "night": True, "day": False}
    runs = []
    for k in range(7):
        boxes = gt + rng.normal(0, 1 + 3 * k, (n, 4))
        boxes[0] = gt[0]
        if k % 2:
            boxes[20 + k] = np.nan  # a missing prediction
        if k == 3:
            boxes[30] = 1e308  # an absurd box
        runs.append((f"t{k}", boxes, [0, 1, 4, 0, 2, n, 39][k], None if k % 3 else {"frame": 30, "reason": "x"}))
    return gt, attrs, runs


@pytest.mark.parametrize("absent", ["exclude", "failure", "otb"])
def test_rows_computed_together_give_the_same_reports_byte_for_byte(absent):
    from workbench.core.evaluation.ope import evaluate_tracker, row_metrics

    gt, attrs, runs = _inputs()
    rows = row_metrics([boxes for _t, boxes, _s, _p in runs], gt)
    for (tracker, boxes, start, _stop), run_rows in zip(runs, rows):
        want = evaluate_tracker(tracker, {"s": boxes}, {"s": gt}, {"s": attrs}, starts={"s": start}, absent=absent)
        got = evaluate_tracker(tracker, {"s": boxes}, {"s": gt}, {"s": attrs}, starts={"s": start}, absent=absent,
                               rows={"s": run_rows})
        _same(want, got, tracker)
    assert not all(np.isfinite(rows[1][1]))  # (the inputs reach the missing rows)


def test_saved_runs_scored_as_one_at_a_time():
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.gui.controllers.scoring import score_saved_runs

    class Ctx:
        checks = 0

        def check(self):
            self.checks += 1

    gt, attrs, runs = _inputs()
    runs.append(("short", gt[:30].copy(), 0, None))  # not the groundtruth's length: its error as before
    ctx = Ctx()
    with pytest.raises(ValueError, match="30 predicted boxes for 40 groundtruth boxes"):
        score_saved_runs("s", gt, attrs, runs, ctx)
    got = score_saved_runs("s", gt, attrs, runs[:-1], ctx)
    assert [t for t, _rep in got] == [t for t, _b, _s, _p in runs[:-1]]
    for (tracker, boxes, start, stop), (_t, rep) in zip(runs, got):
        want = evaluate_tracker(tracker, {"s": boxes}, {"s": gt}, {"s": attrs}, starts={"s": start})
        if stop is not None:
            want.partial = {"s": stop}
        _same(want, rep, tracker)
    assert got[5][1].overall.frames == 0 and got[0][1].overall.frames == 37  # (the inputs reach both edges)
