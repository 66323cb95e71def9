"""A generic epoch loop shared by the plugins (LW-IRSTNet, NAS retraining, pruning finetunes).

The plugin supplies the pieces; the loop owns the epochs, the poly learning rate, progress and
cancellation (a ``JobContext``), per-epoch checkpoints (``last.pt``) that resume exactly where a run
stopped, the best checkpoint (``best.pt``) by a chosen validation key and ``history.json``.

    fit(ctx, model, optimizer, train_step, batches, epochs, out_dir,
        validate=lambda model: {"miou": ...}, best_key="miou")

``batches(epoch)`` returns an iterable of batches (its length, when it has one, drives the progress);
``train_step(model, batch) -> loss tensor``; the loop does zero_grad / backward / step.

``ema_decay`` keeps an exponential moving average of the weights (parameters and float buffers, so
batch-norm statistics too) after every optimizer step, with the usual warm-up
``min(decay, (1 + t) / (10 + t))`` over the run's global step t. Validation, ``best.pt`` /
``best_weights.pt`` and ``ema_weights.pt`` (written every epoch) then use the averaged weights;
validation also scores the raw weights under ``raw_<key>``. Checkpoints store both, so resuming
continues the average exactly.
"""
from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from workbench.core.errors import Cancelled
from workbench.core.jobs import JobContext
from workbench.core.results import write_json
from workbench.core.training.checkpoints import load_checkpoint, save_checkpoint, save_weights


def poly_lr(base_lr: float, step: int, total_steps: int, power: float = 0.9, min_lr: float = 0.0) -> float:
    """Poly schedule: ``base * (1 - step / total) ** power`` (DeepLab, DNANet, LW-IRSTNet)."""
    frac = min(max(step / max(total_steps, 1), 0.0), 1.0)
    return max(base_lr * (1.0 - frac) ** power, min_lr)


def set_lr(optimizer, lr: float) -> None:
    for g in optimizer.param_groups:
        g["lr"] = lr


@dataclass
class FitResult:
    history: list[dict] = field(default_factory=list)
    best_epoch: int = 0
    best_value: float = float("nan")
    cancelled: bool = False
    out_dir: Path | None = None


class WeightAverage:
    """Exponential moving average of a model's state (see the module doc)."""

    def __init__(self, model, decay: float, state: dict | None = None):
        self.decay = float(decay)
        self.model = copy.deepcopy(model).eval()
        for p in self.model.parameters():
            p.requires_grad_(False)
        if state is not None:
            self.model.load_state_dict(state)

    def update(self, model, step: int) -> None:
        import torch

        d = min(self.decay, (1.0 + step) / (10.0 + step))
        with torch.no_grad():
            src = model.state_dict()
            for k, v in self.model.state_dict().items():
                w = src[k].detach()
                if v.dtype.is_floating_point:
                    v.mul_(d).add_(w.to(v.dtype), alpha=1.0 - d)
                else:
                    v.copy_(w)


# per-parameter state that has the parameter's shape (Adam / AdamW / Adamax / NAdam / RAdam, SGD, Adagrad,
# RMSprop, Adadelta, ASGD, Rprop): a checkpoint of another network's trainable set holds other shapes
_PARAM_SHAPED = ("exp_avg", "exp_avg_sq", "max_exp_avg_sq", "exp_inf", "momentum_buffer", "sum", "square_avg",
                 "acc_delta", "grad_avg", "ax", "prev", "step_size")


def optimizer_mismatch(optimizer, state) -> str:
    """What keeps a saved optimizer ``state`` out of ``optimizer``, in one short clause ("" when it fits):
    another number of parameter groups or of parameters in a group (another trainable set: a frozen branch,
    another network), hyper-parameters of another optimizer (SGD's momentum missing from an Adam state:
    ``KeyError: 'momentum'`` in the first step), per-parameter state of another shape (torch loaded it and
    failed in the first step with a size mismatch). Checked before anything is loaded."""
    import torch

    name = type(optimizer).__name__
    if not isinstance(state, dict) or not isinstance(state.get("param_groups"), list) \
            or not isinstance(state.get("state", {}), dict):
        return f"the optimizer entry is not an optimizer state (a {type(state).__name__})"
    saved, groups = state["param_groups"], optimizer.param_groups
    if len(saved) != len(groups):
        return f"the optimizer state holds {len(saved)} parameter group(s), this {name} {len(groups)}"
    needed = {k for k, v in optimizer.defaults.items() if not isinstance(v, (bool, type(None)))}
    per = state.get("state") or {}
    for i, (sg, g) in enumerate(zip(saved, groups)):
        if not isinstance(sg, dict) or not isinstance(sg.get("params"), list):
            return f"the optimizer state's group {i + 1} is not an optimizer group"
        if len(sg["params"]) != len(g["params"]):
            return (f"the optimizer state's group {i + 1} holds {len(sg['params'])} parameters, this training's "
                    f"{len(g['params'])}")
        lacking = sorted(needed - set(sg))
        if lacking:
            have = sorted(k for k, v in sg.items() if k not in ("params", "initial_lr") and k not in optimizer.defaults
                          and not isinstance(v, (bool, type(None))))
            return (f"the optimizer state is another optimizer's (lacks {name}'s {', '.join(lacking[:3])}"
                    + (f"; has {', '.join(have[:3])}" if have else "") + ")")
        for j, (pid, p) in enumerate(zip(sg["params"], g["params"])):
            entry = per.get(pid, per.get(str(pid))) or {}
            for key in _PARAM_SHAPED:
                v = entry.get(key) if isinstance(entry, dict) else None
                if isinstance(v, torch.Tensor) and v.dim() > 0 and tuple(v.shape) != tuple(p.shape):
                    return (f"the optimizer state's {key} of parameter {j + 1} (group {i + 1}) is "
                            f"{'x'.join(map(str, v.shape))}, the parameter {'x'.join(map(str, p.shape)) or 'scalar'}")
    return ""


def resume(path: str | Path, model, optimizer=None, checkpoint: dict | None = None) -> tuple[int, list[dict], dict]:
    """Load a training checkpoint into model (and optimizer): (epochs done, history, extra). A checkpoint
    whose weights or optimizer state do not fit this training is one ``CheckpointError`` line naming the
    file (torch's load_state_dict tracebacks, or a failure in the first step), before either is loaded.
    ``checkpoint``: the file as already loaded (``checkpoints.check_resumable`` returns it), not read again."""
    from workbench.core.training.checkpoints import CheckpointError, fit_state_dict, state_dict_mismatch

    ck = checkpoint if checkpoint is not None else load_checkpoint(path)
    hint = "resume with its options"
    if optimizer is not None and ck["optimizer"]:
        problem = optimizer_mismatch(optimizer, ck["optimizer"])
        if problem and not state_dict_mismatch(model, ck["model"]):  # another network: said by the weights below
            raise CheckpointError(path, f"{problem}: {hint}")
    fit_state_dict(model, ck["model"], path, what="the checkpoint's weights")
    if optimizer is not None and ck["optimizer"]:
        try:
            optimizer.load_state_dict(ck["optimizer"])
        except (ValueError, KeyError, TypeError, RuntimeError) as exc:
            raise CheckpointError(path, f"the optimizer state does not load ({type(exc).__name__}: {exc}): "
                                        f"{hint}") from None
    return ck["epoch"], ck["history"], ck["extra"]


def fit(ctx: JobContext | None, model, optimizer, train_step: Callable, batches: Callable[[int], Iterable],
        epochs: int, out_dir: str | Path, validate: Callable | None = None, best_key: str | None = None,
        best_mode: str = "max", base_lr: float | None = None, poly_power: float = 0.9,
        start_epoch: int = 0, history: list[dict] | None = None, extra: dict | None = None,
        log: Callable[[str], None] | None = None, grad_clip: float | None = None,
        validate_every: int = 1, ema_decay: float | None = None, ema_state: dict | None = None) -> FitResult:
    """Train ``epochs`` epochs in total (continuing from ``start_epoch``); see the module doc.

    The learning rate follows the poly schedule per iteration when ``base_lr`` is given. ``validate``
    runs after every ``validate_every``-th epoch and after the last one. Cancelling
    (``ctx.cancel()``) stops between batches; the last completed epoch's checkpoint stays valid.
    ``ema_state``: the ``"ema"`` entry of the checkpoint being resumed (``load_checkpoint``).
    """
    import torch

    ctx = ctx or JobContext()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    history = list(history or [])
    res = FitResult(history=history, out_dir=out)
    better = (lambda a, b: a > b) if best_mode == "max" else (lambda a, b: a < b)
    if best_key:
        for h in history:  # best so far when resuming
            v = h.get(best_key)
            if v is not None and (math.isnan(res.best_value) or better(v, res.best_value)):
                res.best_value, res.best_epoch = v, h["epoch"]
    ema = WeightAverage(model, ema_decay, ema_state) if ema_decay else None
    steps_per_epoch = None
    for epoch in range(start_epoch, epochs):
        model.train()
        t0 = time.perf_counter()
        data = batches(epoch)
        try:
            n_batches = len(data)  # type: ignore[arg-type]
        except TypeError:
            n_batches = steps_per_epoch
        loss_sum, n = 0.0, 0
        try:
            for i, batch in enumerate(data):
                ctx.check()
                if base_lr is not None:
                    spe = n_batches or 1
                    set_lr(optimizer, poly_lr(base_lr, epoch * spe + i, epochs * spe, poly_power))
                optimizer.zero_grad(set_to_none=True)
                loss = train_step(model, batch)
                loss.backward()
                if grad_clip:
                    torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
                optimizer.step()
                if ema is not None:
                    ema.update(model, epoch * (n_batches or 1) + i)
                loss_sum += float(loss.detach())
                n += 1
                if n_batches:
                    ctx.progress((epoch + (i + 1) / n_batches) / epochs,
                                 f"epoch {epoch + 1}/{epochs} loss {loss_sum / n:.4f}")
        except Cancelled:
            res.cancelled = True
            if log:
                log(f"cancelled in epoch {epoch + 1}; last complete checkpoint: {out / 'last.pt'}")
            return res
        steps_per_epoch = n
        train_s = time.perf_counter() - t0
        row = {"epoch": epoch + 1, "loss": loss_sum / max(n, 1), "lr": optimizer.param_groups[0]["lr"],
               "train_s": train_s}
        if validate is not None and ((epoch + 1) % max(validate_every, 1) == 0 or epoch + 1 == epochs):
            model.eval()
            t1 = time.perf_counter()
            with torch.no_grad():
                if ema is not None:
                    row.update({"raw_" + k: float(v) for k, v in validate(model).items()})
                    row.update({k: float(v) for k, v in validate(ema.model).items()})
                else:
                    row.update({k: float(v) for k, v in validate(model).items()})
            row["val_s"] = time.perf_counter() - t1
        history.append(row)
        is_best = False
        if best_key and best_key in row:
            v = row[best_key]
            if math.isnan(res.best_value) or better(v, res.best_value):
                res.best_value, res.best_epoch, is_best = v, epoch + 1, True
        ex = dict(extra or {}, best_epoch=res.best_epoch, best_key=best_key or "", best_value=res.best_value)
        averaged = ema.model if ema is not None else None
        save_checkpoint(out / "last.pt", model, optimizer, epoch + 1, history, ex, ema=averaged)
        if averaged is not None:
            save_weights(out / "ema_weights.pt", averaged)
        if is_best:
            save_checkpoint(out / "best.pt", model, optimizer, epoch + 1, history, ex, ema=averaged)
            save_weights(out / "best_weights.pt", averaged if averaged is not None else model)
        write_json(out / "history.json", {"history": history, "best_epoch": res.best_epoch,
                                          "best_key": best_key, "best_value": res.best_value, "extra": extra or {}})
        if log:
            log(" ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items())
                + (" *best*" if is_best else ""))
        ctx.progress((epoch + 1) / epochs, f"epoch {epoch + 1}/{epochs} done")
    return res
