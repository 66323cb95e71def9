"""``fit`` took an epoch whose validation score is NaN (undefined: seq_irst's F1 with neither labels nor detections in
the validation frames, 45038af) as the best while no epoch had a score: leading NaN epochs were each "best", an
all-NaN training reported "best F1 nan at epoch N". NaN is never the best epoch now, resumed histories included;
until an epoch has a score the best files hold the latest epoch (they are there, as before)."""
import json
import math

import torch
from torch import nn


def _fit(out, scores, history=None, start=0):
    from workbench.core.training import fit

    model = nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    seen = iter(scores)
    return fit(None, model, opt, lambda m, b: m(torch.ones(1, 2)).pow(2).sum(), lambda e: [0],
               start + len(scores), out, validate=lambda m: {"f1": next(seen)}, best_key="f1",
               start_epoch=start, history=history)


def test_leading_nan_epochs_are_not_the_best(tmp_path):
    nan = float("nan")
    res = _fit(tmp_path / "a", [nan, nan, 0.4, nan, 0.3])
    assert (res.best_epoch, res.best_value) == (3, 0.4)
    saved = json.loads((tmp_path / "a" / "history.json").read_text())
    assert saved["best_epoch"] == 3 and saved["best_value"] == 0.4
    assert torch.load(tmp_path / "a" / "best.pt", weights_only=True)["epoch"] == 3


def test_an_all_nan_training_has_no_best_epoch_but_keeps_its_files(tmp_path):
    nan = float("nan")
    res = _fit(tmp_path / "b", [nan, nan])
    assert res.best_epoch == 0 and math.isnan(res.best_value)
    assert (tmp_path / "b" / "best_weights.pt").is_file()  # the latest epoch's (loso's stage reads it)
    assert torch.load(tmp_path / "b" / "best.pt", weights_only=True)["epoch"] == 2
    assert json.loads((tmp_path / "b" / "history.json").read_text())["best_value"] is None


def test_a_resumed_history_of_nan_epochs_has_no_best_epoch(tmp_path):
    nan = float("nan")
    history = [{"epoch": 1, "loss": 1.0, "f1": 0.2}, {"epoch": 2, "loss": 0.9, "f1": nan}]
    res = _fit(tmp_path / "c", [], history=history, start=2)  # all epochs done: the history's best is taken
    assert res.nothing_to_train and (res.best_epoch, res.best_value) == (1, 0.2)
    res = _fit(tmp_path / "d", [], history=[dict(h, f1=nan) for h in history], start=2)
    assert res.nothing_to_train and res.best_epoch == 0 and math.isnan(res.best_value)
