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

from workbench.core import shell
# held_interrupts lives in errors (beside stop_name) so that data writers use it without importing training;
# imported here for fit and for the callers that took it from this module
from workbench.core.errors import Cancelled, WorkbenchError, held_interrupts, stop_name
from workbench.core.jobs import JobContext
from workbench.core.results import write_json
from workbench.core.training.checkpoints import optimizer_mismatch, save_checkpoint, save_weights

__all__ = ["RNG_KEY", "Diverged", "FitResult", "WeightAverage", "check_finite", "fit", "optimizer_mismatch", "poly_lr", "resume", "resume_checkpoint",
           "rng_restorer", "rng_state", "run_wall_s", "set_lr"]


RNG_KEY = "rng_state"  # a checkpoint's extra: the global generators' state after its epoch (rng_state)
# resume_checkpoint's answer: the restorer of that state it decoded (rng_restorer), for fit: decoded once a resume
RNG_RESTORE = "rng_restore"


def rng_state() -> dict:
    """The global generators a training draws from without a generator of its own (torch's: Dropout, random
    initialisation; CUDA's when in use; numpy's legacy one), as plain values for a checkpoint's extra. A resume
    that restores them (``rng_restorer``) draws what the unbroken run drew."""
    import numpy as np
    import torch

    name, keys, pos, has_gauss, gauss = np.random.get_state()
    state = {"torch": torch.get_rng_state().numpy().tobytes().hex(),
             "numpy": [name, np.asarray(keys, np.uint32).tobytes().hex(), int(pos), int(has_gauss), float(gauss)]}
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state["cuda"] = [t.numpy().tobytes().hex() for t in torch.cuda.get_rng_state_all()]
    return state


CUDA_STATE_BYTES = 16  # a CUDA generator's state (Philox: seed and offset, 8 bytes each)


def rng_restorer(state, path) -> Callable[..., None] | None:
    """``state`` (a checkpoint's ``extra[RNG_KEY]``, ``rng_state``) checked now, before any data is read: a
    function that restores it (called just before the first resumed epoch, after whatever else draws; ``fit`` with
    ``resumed``), or None when the checkpoint (``path``) was written without one. A damaged state (the CUDA entries
    too: each decoded and of a generator's length): a ``WorkbenchError`` naming ``path``. The function takes a
    ``log``: a CUDA state of another number of devices than this machine's is not set, and that is said there."""
    if state is None:
        return None
    import numpy as np
    import torch

    try:
        cpu = torch.frombuffer(bytearray.fromhex(state["torch"]), dtype=torch.uint8).clone()
        name, keys, pos, has_gauss, gauss = state["numpy"]
        legacy = (str(name), np.frombuffer(bytes.fromhex(keys), np.uint32).copy(), int(pos), int(has_gauss),
                  float(gauss))
        np.random.RandomState().set_state(legacy)  # a state numpy cannot take is said here, not later
        cuda = []
        for i, h in enumerate(state.get("cuda", [])):
            raw = bytearray.fromhex(h)
            if len(raw) != CUDA_STATE_BYTES:
                raise ValueError(f"CUDA device {i}: {len(raw)} bytes, not {CUDA_STATE_BYTES}")
            cuda.append(torch.frombuffer(raw, dtype=torch.uint8).clone())
        torch.Generator().set_state(cpu)
    except (TypeError, ValueError, KeyError, RuntimeError, AttributeError) as exc:
        raise WorkbenchError(f"{path}: its random-number state is damaged ({type(exc).__name__}: {exc}); "
                             "start a new --out") from None

    def restore(log: Callable[[str], None] | None = None) -> None:
        torch.set_rng_state(cpu)
        np.random.set_state(legacy)
        if cuda and torch.cuda.is_available():
            if len(cuda) == torch.cuda.device_count():
                torch.cuda.set_rng_state_all(cuda)
            else:  # was skipped without a word
                (log or print)(f"{path}: holds the random-number state of {len(cuda)} CUDA device(s), this machine "
                               f"has {torch.cuda.device_count()}: the CUDA draws differ from an unbroken run's")

    return restore


class Diverged(WorkbenchError):
    """The loss or the weights went NaN / inf: the run stops before that epoch is saved, so ``last.pt``,
    ``best.pt`` and the weights files keep the last finite epoch (a diverged run wrote NaN weights and
    said 'done')."""


def diverged(out, epoch: int, what: str) -> Diverged:
    kept = f"{Path(out) / 'last.pt'} holds epoch {epoch - 1}" if epoch > 1 else "nothing was saved"
    return Diverged(f"{out}: the training diverged in epoch {epoch} ({what}); {kept}; lower the learning rate "
                    "(--lr) and train again")


def check_finite(model, out, epoch: int) -> None:
    """Raise ``Diverged`` when a floating weight or buffer of ``model`` (batch-norm statistics too) is NaN / inf."""
    import torch

    for name, t in model.state_dict().items():
        if torch.is_tensor(t) and t.is_floating_point() and not bool(torch.isfinite(t).all()):
            raise diverged(out, epoch, f"{name} is not finite")


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
    nothing_to_train: bool = False  # resumed after ``epochs`` already: nothing trained (the caller writes its files)


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


def resume_checkpoint(path: str | Path, model, optimizer=None, checkpoint: dict | None = None, *,
                      hint: str | None = None, recipe: dict | None = None, may_differ=(),
                      recipe_hint: str | None = None, check=None) -> dict:
    """The one way a training continues a checkpoint: ``checkpoints.check_resumable`` (the file, the training's own
    ``check``, the weights with ``hint``, the optimizer state, the ``recipe``), then the weights loaded into
    ``model`` and the optimizer state into ``optimizer``. Call it before any data is read or anything written: a
    refusal leaves everything as it was. Returns the checkpoint (``"epoch"`` done, ``"history"``, ``"extra"``,
    ``"ema"`` when the run kept an average, ``"path"``: ``path``); ``checkpoint``: the file as already loaded, not
    read again. Its random-number state is checked here too (``rng_restorer``, its restorer kept as
    ``RNG_RESTORE``: decoded once); ``fit(..., resumed=checkpoint)`` restores it before the first resumed epoch."""
    from workbench.core.errors import one_line
    from workbench.core.training.checkpoints import CheckpointError, check_resumable, with_hint

    ck = check_resumable(path, model, hint, checkpoint, optimizer=optimizer, recipe=recipe, may_differ=may_differ,
                         recipe_hint=recipe_hint, check=check)
    # a damaged state: refused before anything is loaded; the restorer kept for fit (resumed=ck)
    restore = rng_restorer((ck.get("extra") or {}).get(RNG_KEY), path)
    try:
        model.load_state_dict(ck["model"])
    except RuntimeError as exc:  # what the key and shape comparison cannot see (a dtype torch cannot copy ...)
        problem = one_line(" ".join(str(exc).split("\n")[1:]) or str(exc), 120)
        raise with_hint(CheckpointError(path, f"the checkpoint's weights do not fit {type(model).__name__}: "
                                              f"{problem}"), hint) from None
    if optimizer is not None and ck["optimizer"]:
        try:
            optimizer.load_state_dict(ck["optimizer"])
        except (ValueError, KeyError, TypeError, RuntimeError) as exc:
            raise CheckpointError(path, f"the optimizer state does not load ({type(exc).__name__}: {exc}): "
                                        "resume with its options") from None
    ck["path"] = str(path)  # for fit's lines about its state (resumed=)
    ck[RNG_RESTORE] = restore
    return ck


def resume(path: str | Path, model, optimizer=None, checkpoint: dict | None = None,
           **checks) -> tuple[int, list[dict], dict]:
    """``resume_checkpoint`` (``checks``: its keyword arguments) as (epochs done, history, extra)."""
    ck = resume_checkpoint(path, model, optimizer, checkpoint, **checks)
    return ck["epoch"], ck["history"], ck["extra"]


def no_epoch_left(epochs: int, done: int) -> bool:
    """Whether a resume whose checkpoint holds ``done`` epochs has none left of ``epochs`` (0: no limit given): the
    one rule of ``fit`` and of the trainings with loops of their own (NAS-TIR's search, retraining, inspector)."""
    return 0 < epochs <= done


def fit(ctx: JobContext | None, model, optimizer, train_step: Callable, batches: Callable[[int], Iterable],
        epochs: int, out_dir: str | Path, validate: Callable | None = None, best_key: str | None = None,
        best_mode: str = "max", base_lr: float | None = None, poly_power: float = 0.9,
        start_epoch: int = 0, history: list[dict] | None = None, extra: dict | None = None,
        log: Callable[[str], None] | None = None, grad_clip: float | None = None,
        validate_every: int = 1, ema_decay: float | None = None, ema_state: dict | None = None,
        resume_expected: str | None = None, resumed: dict | None = None) -> FitResult:
    """Train ``epochs`` epochs in total (continuing from ``start_epoch``); see the module doc. When ``start_epoch``
    has them all already, that is said in ``log`` and nothing is trained (``FitResult.nothing_to_train``; the best
    epoch is the history's); the caller still writes its final files from the model. The line advises a larger
    --epochs (a user's --resume of a finished run), unless the caller resumes finished runs by design (a LOSO stage
    rerun, a cross-validation fold trained but not scored yet): ``resume_expected`` then says what it does next
    (``"scoring it"``), and the line says that instead. Such a caller resumes by itself (and refuses --resume): a
    Ctrl-C / SIGTERM's line then says that the same command again carries on, not the same command with --resume.

    The learning rate follows the poly schedule per iteration when ``base_lr`` is given. ``validate``
    runs after every ``validate_every``-th epoch and after the last one. Cancelling
    (``ctx.cancel()``) stops between batches; the last completed epoch's checkpoint stays valid.
    ``ema_state``: the ``"ema"`` entry of the checkpoint being resumed (``load_checkpoint``).

    ``resumed``: that checkpoint as ``resume_checkpoint`` returned it. The global generators' state it holds
    (``rng_state``, written with every epoch) is restored just before the first resumed epoch, so a resumed run
    draws (Dropout, numpy's legacy generator, ...) what the unbroken run drew; a checkpoint written before the state
    was kept still resumes, and ``log`` says that the draws differ.
    """
    ctx = ctx or JobContext()
    out = Path(out_dir)
    history = list(history or [])
    res = FitResult(history=history, out_dir=out)
    out.mkdir(parents=True, exist_ok=True)
    better = (lambda a, b: a > b) if best_mode == "max" else (lambda a, b: a < b)
    if best_key:
        for h in history:  # best so far when resuming
            v = h.get(best_key)
            if v is not None and v == v and (math.isnan(res.best_value) or better(v, res.best_value)):
                res.best_value, res.best_epoch = v, h["epoch"]
    if no_epoch_left(epochs, start_epoch):  # a --resume with --epochs at or below those done: it went on without a word
        # (the caller still writes its final files from the checkpoint: a run stopped between its last epoch and
        # them is completed so; more epochs would be another learning-rate schedule, another run)
        res.nothing_to_train = True
        if resume_expected:
            (log or print)(f"{out}: trained already (all {epochs} epochs; the checkpoint holds epoch {start_epoch}); "
                           f"{resume_expected}")
        else:
            (log or print)(f"{out}: all {epochs} epochs were trained already (the checkpoint holds epoch "
                           f"{start_epoch}): nothing more to train; the final files are written from it; give a "
                           "larger --epochs to train on")
        return res
    if start_epoch > 0 and resumed is not None:  # the last thing before the first resumed epoch: nothing draws after
        where = resumed.get("path") or out / "last.pt"
        # (decoded by resume_checkpoint already; a checkpoint given otherwise is decoded here)
        restore = (resumed[RNG_RESTORE] if RNG_RESTORE in resumed
                   else rng_restorer((resumed.get("extra") or {}).get(RNG_KEY), where))
        if restore is not None:
            restore(log)
        else:
            (log or print)(f"{where}: its checkpoint holds no random-number state (written before it was kept): the "
                           "random draws (dropout, ...) from here on differ from an unbroken run's")
    ema = WeightAverage(model, ema_decay, ema_state) if ema_decay else None
    kept = [start_epoch]  # the epoch last.pt holds (of this run, or the one resumed)
    try:
        _epochs(ctx, model, optimizer, train_step, batches, epochs, out, validate, best_key, better, base_lr,
                poly_power, start_epoch, history, extra, log, grad_clip, validate_every, ema, res, kept)
    except KeyboardInterrupt as stop:  # Ctrl-C / SIGTERM: one line of what is kept and how to go on, then stop
        # a caller that resumes by itself (resume_expected: a LOSO stage, a --cv fold) refuses --resume
        (log or print)(interrupted_line(stop, out, kept[0], epochs, again=resume_expected is not None))
        raise
    return res


def interrupted_line(stop: KeyboardInterrupt, out, done: int, epochs: int, what: str = "training",
                     again: bool = False) -> str:
    """What a training stopped by Ctrl-C / SIGTERM (``stop``: its argument names a signal other than Ctrl-C) keeps:
    ``OUT/last.pt`` holding epoch ``done`` of ``epochs``, and how to carry on: the same command with --resume, or,
    ``again``, the same command as it was (a command that resumes by itself and refuses --resume: ``workbench train
    seq_irst --loso``, ``workbench train lw_irstnet --cv / --final``)."""
    how = stop_name(stop)
    out = Path(out)
    carry_on = ("the same command again carries on from it" if again else
                f"the same command with --resume (--resume {shell.quote(str(out / 'last.pt'))} where it takes a file) "
                "carries on from it")
    return (f"{what} stopped ({how}) in epoch {done + 1} of {epochs}: "
            + (f"{out / 'last.pt'} holds epoch {done} (history.json beside it); {carry_on}" if done > 0 else
               "no epoch was complete, no checkpoint written"))


def _epochs(ctx, model, optimizer, train_step, batches, epochs, out, validate, best_key, better, base_lr,
            poly_power, start_epoch, history, extra, log, grad_clip, validate_every, ema, res, kept) -> None:
    """``fit``'s epochs; ``kept[0]``: the epoch ``last.pt`` holds, updated as each is saved."""
    import torch

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
                value = float(loss.detach())
                if not math.isfinite(value):
                    raise diverged(out, epoch + 1, f"loss {value} at step {i + 1}")
                loss_sum += value
                n += 1
                if n_batches:
                    ctx.progress((epoch + (i + 1) / n_batches) / epochs,
                                 f"epoch {epoch + 1}/{epochs} loss {loss_sum / n:.4f}")
        except Cancelled:
            res.cancelled = True
            if log:  # in the first epoch of a run started afresh no checkpoint was written (last.pt: none, or
                # an earlier run's, which it said was this run's)
                log(f"cancelled in epoch {epoch + 1}; last complete checkpoint: {out / 'last.pt'} (epoch {epoch})"
                    if epoch > 0 else "cancelled in epoch 1: no epoch was complete, no checkpoint written")
            return
        steps_per_epoch = n
        check_finite(model, out, epoch + 1)  # a finite loss can still leave NaN weights (an overflowing step)
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
        is_best = keep = False
        if best_key and best_key in row:
            v = row[best_key]
            # an undefined score (NaN: a validation F1 with neither labels nor detections) is never the best
            # epoch; leading ones were (each the "best" until a score came, an all-NaN run "best F1 nan")
            if v == v and (math.isnan(res.best_value) or better(v, res.best_value)):
                res.best_value, res.best_epoch, is_best = v, epoch + 1, True
            keep = is_best or not res.best_epoch  # none scored yet: the best files hold the latest epoch meanwhile
        ex = dict(extra or {}, best_epoch=res.best_epoch, best_key=best_key or "", best_value=res.best_value)
        ex[RNG_KEY] = rng_state()  # where the next epoch's draws start: a resume restores it (rng_restorer)
        averaged = ema.model if ema is not None else None
        with held_interrupts():  # the epoch's files all of one epoch
            save_checkpoint(out / "last.pt", model, optimizer, epoch + 1, history, ex, ema=averaged)
            kept[0] = epoch + 1
            if averaged is not None:
                save_weights(out / "ema_weights.pt", averaged)
            if keep:
                save_checkpoint(out / "best.pt", model, optimizer, epoch + 1, history, ex, ema=averaged)
                save_weights(out / "best_weights.pt", averaged if averaged is not None else model)
            write_json(out / "history.json", {"history": history, "best_epoch": res.best_epoch, "best_key": best_key,
                                              "best_value": res.best_value, "extra": extra or {}})
        if log:
            log(" ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items())
                + (" *best*" if is_best else ""))
        ctx.progress((epoch + 1) / epochs, f"epoch {epoch + 1}/{epochs} done")


def run_wall_s(summary, wall: float, resumed: bool) -> float:
    """The wall time to write into a training's ``summary`` (its summary.json, ``"wall_s"``): ``wall`` (this run's)
    plus the earlier runs' as that file holds it when this run ``resumed`` them. A resume that trains nothing (its
    epochs done: a LOSO stage or a CV fold rerun) wrote a wall time near 0 over the run's own; a resume that
    trains on wrote its own part alone. A summary that cannot be read (none: the earlier run was killed) adds
    nothing."""
    import json

    earlier = 0.0
    if resumed:
        try:
            earlier = json.loads(Path(summary).read_text(encoding="utf-8")).get("wall_s") or 0.0
        except (OSError, ValueError, AttributeError):
            earlier = 0.0
    ok = isinstance(earlier, (int, float)) and not isinstance(earlier, bool) and math.isfinite(earlier) and earlier > 0
    return float(wall) + (float(earlier) if ok else 0.0)


class HeldLog:
    """A training's log that prints each line (``echo``) and keeps it until ``open()`` (the output folder made, every
    check passed), then writes the kept lines and each later one to ``path``: a refused run leaves neither the folder
    nor a log. ``stamp``: printed and written lines start with the time (``[12:34:56] ...``)."""

    def __init__(self, path, echo: bool = True, stamp: bool | None = None):
        self.path, self.echo, self.held, self.file = Path(path), echo, [], None
        self.stamp = echo if stamp is None else stamp

    def __call__(self, msg: str) -> None:
        line = f"[{time.strftime('%H:%M:%S')}] {msg}" if self.stamp else msg
        if self.echo:
            print(line, flush=True)
        if self.file is None:
            self.held.append(line)
        else:
            self._write(line + "\n")

    def open(self) -> None:
        if self.file is None:
            self.file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed by close()
            self._write("".join(ln + "\n" for ln in self.held))

    def _write(self, text: str) -> None:
        try:
            self.file.write(text)
            self.file.flush()
        except OSError as exc:  # a full disk: "File too large: [Errno 27] File too large" named no file
            from workbench.core.errors import write_error

            raise write_error(self.path, exc, kept="the log's earlier lines and the training's files are as they "
                                                   "were") from None

    def close(self) -> None:
        if self.file is not None:
            try:
                self.file.close()
            except OSError:  # the flush of a line a full disk refused: said by _write already
                pass
