"""The shared training loop and weights-only checkpoints."""
import json

import pytest
import torch
from torch import nn

from workbench.core.errors import Cancelled
from workbench.core.jobs import JobContext
from workbench.core.training import (CheckpointError, fit, load_checkpoint, load_file, load_weights, poly_lr,
                                     resume, save_weights)


class NotATensor:  # needs pickle to load
    def __init__(self):
        self.x = 1


def _setup(seed=0):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    g = torch.Generator().manual_seed(1)
    xs = torch.randn(16, 3, generator=g)
    ys = xs.sum(1, keepdim=True)

    def batches(epoch):
        return [(xs[i:i + 4], ys[i:i + 4]) for i in range(0, 16, 4)]

    def step(m, b):
        return ((m(b[0]) - b[1]) ** 2).mean()

    def validate(m):
        return {"mse": float(((m(xs) - ys) ** 2).mean())}

    return model, opt, batches, step, validate


def test_poly_lr():
    assert poly_lr(0.05, 0, 100) == pytest.approx(0.05)
    assert poly_lr(0.05, 50, 100, power=1.0) == pytest.approx(0.025)
    assert poly_lr(0.05, 100, 100) == 0.0
    assert poly_lr(0.05, 50, 100) == pytest.approx(0.05 * 0.5 ** 0.9)


def test_fit_writes_checkpoints_history_and_best(tmp_path):
    model, opt, batches, step, validate = _setup()
    res = fit(None, model, opt, step, batches, 4, tmp_path, validate, best_key="mse", best_mode="min",
              base_lr=0.1)
    assert [h["epoch"] for h in res.history] == [1, 2, 3, 4]
    for name in ("last.pt", "best.pt", "best_weights.pt", "history.json"):
        assert (tmp_path / name).is_file()
    hist = json.loads((tmp_path / "history.json").read_text())
    assert hist["best_key"] == "mse" and len(hist["history"]) == 4
    assert hist["best_value"] == pytest.approx(min(h["mse"] for h in res.history))
    ck = load_checkpoint(tmp_path / "last.pt")
    assert ck["epoch"] == 4 and ck["optimizer"] and len(ck["history"]) == 4
    assert res.history[-1]["lr"] < 0.1 * 0.3  # poly decay per iteration


def test_resume_continues_exactly(tmp_path):
    """Stop after 2 of 4 epochs (cancel), resume from last.pt: same final weights as an unbroken run."""
    model_u, opt_u, batches, step, validate = _setup()
    fit(None, model_u, opt_u, step, batches, 4, tmp_path / "u", validate, base_lr=0.1)

    model, opt, batches, step, validate = _setup()
    ctx = JobContext()

    def counting(epoch):
        if epoch == 2:
            ctx.cancel()
        return batches(epoch)

    res = fit(ctx, model, opt, step, counting, 4, tmp_path / "s", validate, base_lr=0.1)
    assert res.cancelled and len(res.history) == 2
    model2, opt2, *_ = _setup(seed=3)
    start, history, _ = resume(tmp_path / "s" / "last.pt", model2, opt2)
    assert start == 2
    fit(None, model2, opt2, step, batches, 4, tmp_path / "s", validate, base_lr=0.1, start_epoch=start,
        history=history)
    for a, b in zip(model_u.parameters(), model2.parameters()):
        torch.testing.assert_close(a, b)


def test_weight_average_follows_the_formula_and_resumes_exactly(tmp_path):
    """``ema_decay``: after every step avg = d * avg + (1 - d) * w with d = min(decay, (1 + t) / (10 + t));
    validation scores the average (and the raw weights as raw_*), ema_weights.pt / best_weights.pt hold
    it, and a run cancelled and resumed from last.pt ends with the same average as an unbroken one."""
    model, opt, batches, step, validate = _setup()
    avg = [p.detach().clone() for p in model.parameters()]
    t = 0
    orig_step = opt.step

    def step_and_track(*a, **k):
        nonlocal t
        out = orig_step(*a, **k)
        d = min(0.9, (1.0 + t) / (10.0 + t))
        for v, p in zip(avg, model.parameters()):
            v.mul_(d).add_(p.detach(), alpha=1 - d)
        t += 1
        return out

    opt.step = step_and_track
    res = fit(None, model, opt, step, batches, 3, tmp_path / "u", validate, best_key="mse", best_mode="min",
              base_lr=0.1, ema_decay=0.9)
    assert t == 12
    ema = load_checkpoint(tmp_path / "u" / "last.pt")["ema"]
    for v, (k, _) in zip(avg, model.named_parameters()):
        torch.testing.assert_close(ema[k], v)
    raw = {k: v for k, v in model.state_dict().items()}
    assert any(not torch.allclose(ema[k], raw[k]) for k in raw)  # the average is not the raw weights
    row = res.history[-1]
    assert "raw_mse" in row and row["mse"] != row["raw_mse"]
    net = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    load_weights(tmp_path / "u" / "ema_weights.pt", net)
    assert float(validate(net)["mse"]) == pytest.approx(row["mse"], rel=1e-5)

    model_u, opt_u, batches, step, validate = _setup()
    fit(None, model_u, opt_u, step, batches, 4, tmp_path / "w", validate, base_lr=0.1, ema_decay=0.9)
    model, opt, *_ = _setup()
    ctx = JobContext()

    def stopping(epoch):
        if epoch == 2:
            ctx.cancel()
        return batches(epoch)

    fit(ctx, model, opt, step, stopping, 4, tmp_path / "s", validate, base_lr=0.1, ema_decay=0.9)
    model2, opt2, *_ = _setup(seed=3)
    start, history, _ = resume(tmp_path / "s" / "last.pt", model2, opt2)
    fit(None, model2, opt2, step, batches, 4, tmp_path / "s", validate, base_lr=0.1, start_epoch=start,
        history=history, ema_decay=0.9, ema_state=load_checkpoint(tmp_path / "s" / "last.pt")["ema"])
    a, b = (load_checkpoint(tmp_path / d / "last.pt")["ema"] for d in ("w", "s"))
    for k in a:
        torch.testing.assert_close(a[k], b[k])


def test_cancel_raises_nothing_and_keeps_last_checkpoint(tmp_path):
    model, opt, batches, step, validate = _setup()
    ctx = JobContext()
    ctx.cancel()
    res = fit(ctx, model, opt, step, batches, 3, tmp_path, validate)
    assert res.cancelled and res.history == []
    with pytest.raises(Cancelled):
        ctx.check()


def test_pickle_checkpoint_is_refused_with_the_file_name(tmp_path):
    bad = tmp_path / "needs_pickle.pt"
    torch.save({"model": {"w": torch.zeros(1)}, "thing": NotATensor()}, bad)
    with pytest.raises(CheckpointError, match="needs_pickle.pt") as ei:
        load_file(bad)
    assert "pickle" in str(ei.value)
    model, *_ = _setup()
    with pytest.raises(CheckpointError, match="needs_pickle.pt"):
        load_weights(bad, model)


def test_missing_corrupt_and_mismatched_weights(tmp_path):
    model, *_ = _setup()
    with pytest.raises(CheckpointError, match="missing"):
        load_file(tmp_path / "nope.pt")
    junk = tmp_path / "junk.pt"
    junk.write_bytes(b"not a checkpoint")
    with pytest.raises(CheckpointError, match="junk.pt"):
        load_file(junk)
    other = nn.Linear(2, 2)
    p = save_weights(tmp_path / "other.pt", other)
    with pytest.raises(CheckpointError, match="do not fit"):
        load_weights(p, model)
    p = save_weights(tmp_path / "w.pt", model)
    model2, *_ = _setup(seed=9)
    load_weights(p, model2)
    for a, b in zip(model.parameters(), model2.parameters()):
        torch.testing.assert_close(a, b)
