"""Checkpoints as plain tensors, dicts, lists, numbers and strings, loaded with
``torch.load(..., weights_only=True)``: a file that needs pickle (arbitrary Python objects) is
refused with a message naming it, never executed.

A training checkpoint is ``{"format": "workbench-checkpoint/1", "model": state_dict,
"optimizer": state_dict, "epoch": int (epochs completed), "history": [ {metric: float} ... ],
"extra": {...}}`` and, when the run keeps an exponential moving average of the weights, ``"ema":
state_dict``; a weights file may also be a bare ``state_dict`` (what we ship).
"""
from __future__ import annotations

import json
from pathlib import Path

from workbench.core.errors import DataError

FORMAT = "workbench-checkpoint/1"


class CheckpointError(DataError):
    """A checkpoint that is missing, corrupt, not weights-only, or does not fit the model."""


def plain(obj):
    """Numbers / numpy scalars / tuples -> the plain Python types ``weights_only`` accepts."""
    return json.loads(json.dumps(obj, default=lambda o: o.item() if hasattr(o, "item") else str(o)))


def save_file(obj, path: str | Path) -> Path:
    """Write any weights-only-loadable object (dicts of tensors and plain values) atomically; the
    counterpart of ``load_file`` for plugins that store more than one model / optimizer."""
    import io

    import torch

    from workbench.core.results import atomic_write_bytes

    buf = io.BytesIO()
    torch.save(obj, buf)
    return atomic_write_bytes(Path(path), buf.getvalue())


def save_weights(path: str | Path, model) -> Path:
    """The model's ``state_dict`` alone (CPU tensors), for shipping."""
    sd = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
    return save_file(sd, Path(path))


def save_checkpoint(path: str | Path, model, optimizer=None, epoch: int = 0, history=None, extra=None,
                    ema=None) -> Path:
    """``ema``: the averaged model (or its state_dict), stored beside the raw weights."""
    obj = {"format": FORMAT,
           "model": {k: v.detach().cpu() for k, v in model.state_dict().items()},
           "optimizer": optimizer.state_dict() if optimizer is not None else {},
           "epoch": int(epoch),
           "history": plain(list(history or [])),
           "extra": plain(dict(extra or {}))}
    if ema is not None:
        sd = ema.state_dict() if hasattr(ema, "state_dict") else ema
        obj["ema"] = {k: v.detach().cpu() for k, v in sd.items()}
    return save_file(obj, Path(path))


def load_file(path: str | Path, map_location="cpu"):
    """``torch.load(weights_only=True)`` with errors a user can act on."""
    import pickle

    import torch

    path = Path(path)
    if not path.is_file():
        raise CheckpointError(path, "checkpoint file is missing")
    try:
        return torch.load(str(path), map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CheckpointError(path, "refused: this file needs pickle to load (it stores Python objects, not "
                                    "only tensors), and pickle can run arbitrary code. Re-save it as a "
                                    f"state_dict of tensors. ({first})") from None
    except Exception as exc:  # torch's loader raises many types on damaged files (IndexError, KeyError, ...)
        raise CheckpointError(path, f"not a readable torch checkpoint: {str(exc).splitlines()[0] if str(exc) else exc!r}") from None


def load_checkpoint(path: str | Path, map_location="cpu") -> dict:
    """A training checkpoint (see module doc); a bare state_dict comes back as ``{"model": sd, ...}``."""
    obj = load_file(path, map_location)
    if not isinstance(obj, dict):
        raise CheckpointError(path, f"expected a dict of tensors, found {type(obj).__name__}")
    if obj.get("format") == FORMAT or "model" in obj and isinstance(obj.get("model"), dict):
        out = {"model": obj["model"], "optimizer": obj.get("optimizer") or {}, "epoch": int(obj.get("epoch", 0)),
               "history": list(obj.get("history") or []), "extra": dict(obj.get("extra") or {})}
        if isinstance(obj.get("ema"), dict):
            out["ema"] = obj["ema"]
        return out
    if "state_dict" in obj and isinstance(obj["state_dict"], dict):  # common third-party layout
        return {"model": obj["state_dict"], "optimizer": {}, "epoch": 0, "history": [], "extra": {}}
    return {"model": obj, "optimizer": {}, "epoch": 0, "history": [], "extra": {}}


def load_weights(path: str | Path, model, map_location="cpu", strict: bool = True):
    """Load a weights file or training checkpoint into ``model``; mismatches name the file."""
    sd = load_checkpoint(path, map_location)["model"]
    sd = {k[7:] if k.startswith("module.") else k: v for k, v in sd.items()}  # DataParallel prefix
    try:
        model.load_state_dict(sd, strict=strict)
    except RuntimeError as exc:
        raise CheckpointError(path, "weights do not fit this model: " + str(exc).splitlines()[0][:300]) from None
    return model
