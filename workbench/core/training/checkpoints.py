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
import re
from pathlib import Path

from workbench.core.errors import DataError, one_line

FORMAT = "workbench-checkpoint/1"


class CheckpointError(DataError):
    """A checkpoint that is missing, corrupt, not weights-only, or does not fit the model. ``stores``: for a
    file refused because it needs pickle, what it stores (a class's dotted name, or "Python objects" when torch
    did not name one); None otherwise. Callers that reword the refusal read it, not the message's words."""

    def __init__(self, path: str | Path | None, problem: str, line: int | None = None, *,
                 stores: str | None = None):
        super().__init__(path, problem, line)
        self.stores = stores  # (pickled with the rest of __dict__: DataError.__reduce__)


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


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_ZIP, _PICKLE = b"PK\x03\x04", b"\x80"  # torch's zip format (1.6+); a pickle stream (legacy torch.save)


def _is_onnx(head: bytes) -> bool:
    """An ONNX model's protobuf: field 1 (ir_version, a small varint), then field 2 (producer_name, a
    string) or later fields; exported files begin 08 0N 12 (e.g. 08 08 12 07 'pytorch')."""
    return len(head) >= 3 and head[0] == 0x08 and 1 <= head[1] <= 0x20 and head[2] in (0x12, 0x1a, 0x22, 0x3a)


def _what_it_is(head: bytes) -> str:
    """A few words on a file that is not a torch checkpoint at all, from its first bytes."""
    if _is_onnx(head):
        return "an ONNX model: give the PyTorch weights (.pt) it was exported from"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return f"it starts with bytes {head[:8].hex(' ')}"
    if text and all(c.isprintable() or c in "\r\n\t" for c in text):
        return f"a text file starting {one_line(text, 30)!r}"
    return f"it starts with bytes {head[:8].hex(' ')}"


def _pickled(text: str) -> str | None:
    """What a file refused by ``weights_only`` stores, from torch's error text (None: not that refusal)."""
    if "Weights only load failed" not in text and "WeightsUnpickler" not in text:
        return None
    m = re.search(r"Unsupported global: GLOBAL ([\w.]+)", text)
    return m.group(1) if m else "Python objects"


def _load_error(path: Path, exc: BaseException, head: bytes) -> CheckpointError:
    """Torch's error on a refused or damaged file -> the real problem in a few words (no ANSI, one line)."""
    text = _ANSI.sub("", str(exc))
    if not head.startswith((_ZIP, _PICKLE)):
        return CheckpointError(path, f"not a torch checkpoint ({_what_it_is(head)})")
    what = _pickled(text)
    if what is not None:
        return CheckpointError(path, f"needs pickle (refused: weights_only): it stores {what}, not only tensors; "
                                     f"re-save it as a state_dict", stores=what)
    return CheckpointError(path, _damage(exc, text))


def _damage(exc: BaseException, text: str) -> str:
    """A damaged torch checkpoint's problem in a few words."""
    if isinstance(exc, EOFError) or "central directory" in text or "zip archive" in text \
            or "truncated" in text.lower():
        return "truncated or damaged torch checkpoint (the file ends early; copy or save it again)"
    first = one_line(text.strip().splitlines()[0] if text.strip() else type(exc).__name__, 80)
    return f"damaged torch checkpoint ({type(exc).__name__}: {first})"


def load_file(path: str | Path, map_location="cpu"):
    """``torch.load(weights_only=True)`` with one-line errors a user can act on: missing, empty, not
    a torch checkpoint, truncated, or needing pickle (refused)."""
    import warnings

    import torch

    path = Path(path)
    if path.is_dir():
        raise CheckpointError(path, "is a folder; a weights / checkpoint file is needed")
    if not path.is_file():  # /dev/null, a FIFO: there, but not a file
        raise CheckpointError(path, "is not a regular file; a weights / checkpoint file is needed"
                              if path.exists() else "checkpoint file is missing")
    try:
        with open(path, "rb") as f:
            head = f.read(64)
    except OSError as exc:
        raise CheckpointError(path, f"cannot read the checkpoint: {exc.strerror or exc}") from None
    if not head:
        raise CheckpointError(path, "empty file (0 bytes), not a torch checkpoint")
    try:
        with warnings.catch_warnings():  # torch's pickle-protocol notes are noise in front of our message
            warnings.simplefilter("ignore")
            return torch.load(str(path), map_location=map_location, weights_only=True)
    except Exception as exc:  # torch's loader raises many types on damaged files (IndexError, KeyError, ...)
        raise _load_error(path, exc, head) from None


def _shape(v) -> str:
    """A tensor's (or a shape tuple's) shape as 8x3x3x3."""
    return "x".join(str(d) for d in getattr(v, "shape", v)) or "scalar"


def _names(keys: list[str], limit: int = 2) -> str:
    more = f" (+{len(keys) - limit} more)" if len(keys) > limit else ""
    return ", ".join(keys[:limit]) + more


def key_mismatch(expected: dict, sd: dict, check_keys: bool = True, may_lack=None, may_have: dict | None = None,
                 where: str = "in the model", shape_text=_shape) -> str:
    """What keeps ``sd`` from a key -> shape table ``expected`` (a shape of None: any), in one short clause
    ("" when it fits): the first mis-shaped key with both shapes, the first missing and unexpected keys.
    ``may_lack(key)``: keys that may be absent; ``may_have``: key -> shape of keys that may be present
    (shape-checked, never unexpected); ``check_keys`` False: shapes only; ``shape_text``: how a shape reads."""
    may_have = may_have or {}
    shapes = {**may_have, **expected}
    missing = [k for k in expected if k not in sd and not (may_lack and may_lack(k))] if check_keys else []
    unexpected = [k for k in sd if k not in shapes] if check_keys else []
    shaped = [k for k in shapes if k in sd and shapes[k] is not None and hasattr(sd[k], "shape")
              and tuple(sd[k].shape) != tuple(shapes[k])]
    parts = []
    if shaped:
        k = shaped[0]
        parts.append(f"{k} is {shape_text(sd[k])} in the file, {shape_text(shapes[k])} {where}"
                     + (f" (+{len(shaped) - 1} more)" if len(shaped) > 1 else ""))
    if missing:
        parts.append(f"missing {_names(missing)}")
    if unexpected:
        parts.append(f"unexpected {_names(unexpected)}")
    return "; ".join(parts)


def state_dict_mismatch(model, sd: dict, strict: bool = True) -> str:
    """What keeps ``sd`` out of ``model``, in one short clause ("" when it fits): the first missing /
    unexpected keys, the first mis-shaped one with both shapes, or numbers the model's tensor cannot take as they
    are (``_kind_mismatch``): loading weights and resuming a training (``check_resumable``) alike."""
    return (key_mismatch({k: tuple(v.shape) for k, v in model.state_dict().items()}, sd, check_keys=strict)
            or _kind_mismatch(model, sd))


def nonfinite(sd: dict) -> str:
    """The first floating-point tensor of ``sd`` holding NaN or inf, as "KEY (N of M values)"; "" if none.
    A diverged training run saves such weights; loaded, they give NaN boxes or empty masks silently."""
    import torch

    for k, v in sd.items():
        if isinstance(v, torch.Tensor) and v.is_floating_point():
            bad = int((~torch.isfinite(v)).sum())
            if bad:
                return f"{k} ({bad} of {v.numel()} values)"
    return ""


def check_finite(sd: dict, path: str | Path | None, what: str = "weights") -> None:
    bad = nonfinite(sd)
    if bad:
        raise CheckpointError(path, f"{what} hold NaN or infinite values, first in {bad}: a diverged "
                                    "training run? Use an earlier checkpoint")


def _kind_mismatch(model, sd: dict) -> str:
    """The first tensor of ``sd`` whose numbers the model's cannot take as they are, as "KEY is int64 in the file,
    float32 in the model"; "" if none. ``load_state_dict`` casts without a word: weights of whole numbers (a file
    damaged or converted wrongly) ran as a network of rounded weights, and fractions, NaN or numbers out of range
    put into an integer buffer (a grid stride of 12.7, a uint8 flag of -0.4) ran cut. Floats of whole numbers where
    the model's are integers pass, converted, and so does any float ``num_batches_tracked`` (a count, not a weight:
    a hand-averaged checkpoint's is (a + b) / 2)."""
    import torch

    own = model.state_dict()
    bad = []
    for k, v in own.items():
        got = sd.get(k)
        if not hasattr(got, "is_floating_point"):
            continue
        if v.is_floating_point() and not got.is_floating_point():
            bad.append(f"{k} is {str(got.dtype).replace('torch.', '')} in the file, "
                       f"{str(v.dtype).replace('torch.', '')} in the model")
        elif not v.is_floating_point() and v.dtype != torch.bool and got.is_floating_point() \
                and not k.endswith("num_batches_tracked") and got.numel():
            info = torch.iinfo(v.dtype)
            g = got.detach().double()
            off = ~torch.isfinite(g) | (g != torch.round(g)) | (g < info.min) | (g >= info.max + 1)  # (max as a double: 2**63)
            if off.any():
                first = float(g.flatten()[off.flatten()][0])
                bad.append(f"{k} holds {first:g}, not a whole number its {str(v.dtype).replace('torch.', '')} "
                           f"takes ({str(got.dtype).replace('torch.', '')} in the file)")
    if not bad:
        return ""
    return bad[0] + (f" (+{len(bad) - 1} more)" if len(bad) > 1 else "")


def fit_state_dict(model, sd: dict, path: str | Path | None = None, strict: bool = True,
                   what: str = "weights"):
    """``model.load_state_dict(sd)`` for every plugin: a mismatch raises one ``CheckpointError`` line
    naming the file and the first missing / unexpected / mis-shaped keys (torch's own message ends at
    "Error(s) in loading state_dict for X:" on its first line); weights holding NaN / inf are refused."""
    problem = state_dict_mismatch(model, sd, strict)
    if not problem:
        check_finite(sd, path, what)
        try:
            model.load_state_dict(sd, strict=strict)
            return model
        except RuntimeError as exc:
            problem = one_line(" ".join(str(exc).split("\n")[1:]) or str(exc), 120)
    raise CheckpointError(path, f"{what} do not fit {type(model).__name__}: {problem}")


def load_checkpoint(path: str | Path, map_location="cpu") -> dict:
    """A training checkpoint (see module doc); a bare state_dict comes back as ``{"model": sd, ...}``."""
    obj = load_file(path, map_location)
    if not isinstance(obj, dict):
        raise CheckpointError(path, f"expected a dict of tensors, found {type(obj).__name__}")
    if obj.get("format") == FORMAT or "model" in obj and isinstance(obj.get("model"), dict):
        epoch = obj.get("epoch", 0)
        try:  # a float, a 0-d tensor: as it was; 'x', NaN or a list was a ValueError / TypeError traceback
            ok = float(epoch) == int(epoch) >= 0
        except (TypeError, ValueError, OverflowError, RuntimeError):
            ok = False
        if not ok:
            raise CheckpointError(path, f"its epoch {one_line(repr(epoch), 40)} is not a whole number of epochs")
        for key, kind in (("history", list), ("extra", dict), ("optimizer", dict)):
            if obj.get(key) and not isinstance(obj[key], kind):
                raise CheckpointError(path, f"its {key} is a {type(obj[key]).__name__}, not a {kind.__name__}")
        out = {"model": obj["model"], "optimizer": obj.get("optimizer") or {}, "epoch": int(epoch),
               "history": list(obj.get("history") or []), "extra": dict(obj.get("extra") or {})}
        if isinstance(obj.get("ema"), dict):
            out["ema"] = obj["ema"]
        return out
    if "state_dict" in obj and isinstance(obj["state_dict"], dict):  # common third-party layout
        return {"model": obj["state_dict"], "optimizer": {}, "epoch": 0, "history": [], "extra": {}}
    return {"model": obj, "optimizer": {}, "epoch": 0, "history": [], "extra": {}}


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


def recipe_of(source, keys) -> dict:
    """The options of ``keys`` that make a training what it is (``lr``, ``batch_size`` ...: argparse dests or
    settings fields, read from ``source``), as a training records them in its checkpoints
    (``extra={"recipe": ...}``) for ``check_recipe``; options left unset (None) are not recorded."""
    out = {}
    for k in keys:
        v = getattr(source, k, None)
        if v is not None:
            out[k] = list(v) if isinstance(v, tuple) else v
    return out


def recipe_differences(before: dict, recipe: dict, may_differ=(), both_sides: bool = False
                       ) -> list[tuple[str, object, object]]:
    """``(option, recorded, now)`` for each option of ``recipe`` that ``before`` (a recorded recipe) names with
    another value, in ``recipe``'s order; a tuple equals the list it is recorded as. ``may_differ``: options not
    compared (``epochs``: more of them is what resuming is for). ``both_sides``: an option only one side names
    differs too (its value on the other side None), after the others: a folder whose runs are reported as one
    recipe's holds no run of an option's other value, recorded or not."""
    def plain_seq(v):
        return list(v) if isinstance(v, tuple) else v

    keys = list(recipe) + ([k for k in before if k not in recipe] if both_sides else [])
    return [(k, before.get(k), recipe.get(k)) for k in keys
            if k not in may_differ and (both_sides or k in before and k in recipe)
            and plain_seq(before.get(k)) != plain_seq(recipe.get(k))]


def refuse_other_recipe(path: str | Path, before, recipe: dict, hint: str | None = None, may_differ=(),
                        both_sides: bool = False) -> None:
    """Refuse to continue (or keep) the run recorded at ``path`` with another recipe: ``recipe`` (``recipe_of``)
    against ``before``, the one its run recorded (``recipe_differences`` with ``may_differ`` / ``both_sides``).
    Each option that differs is said with both values, as its flag (``lr`` -> ``--lr 0.001 there, 0.01 now``), in
    one ``WorkbenchError`` line naming ``path`` and ending with ``hint`` (default: resume with its options, or start
    a new --out with --init PATH). A run from before recipes were recorded (``before`` not a dict) is not checked."""
    from workbench.core.errors import WorkbenchError

    if not isinstance(before, dict) or not recipe:
        return
    diff = [f"--{k.replace('_', '-')} {was!r} there, {now!r} now"
            for k, was, now in recipe_differences(before, recipe, may_differ, both_sides)]
    if diff:
        raise WorkbenchError(f"{path}: trained with another recipe ({'; '.join(diff[:3])}"
                             f"{' ...' if len(diff) > 3 else ''}): "
                             f"{hint or f'resume with its options, or start a new --out with --init {path}'}")


def check_recipe(path: str | Path, checkpoint: dict, recipe: dict, hint: str | None = None, may_differ=(),
                 both_sides: bool = False) -> None:
    """``refuse_other_recipe`` for the checkpoint at ``path``, whose run recorded its recipe in
    ``extra["recipe"]``. A resume with another learning rate or batch continued the run with them and mixed two
    recipes in one history. Leave ``epochs`` out of a recipe (or in ``may_differ``) where more epochs continue it."""
    before = ((checkpoint or {}).get("extra") or {}).get("recipe")
    refuse_other_recipe(path, before, recipe, hint, may_differ, both_sides)


def with_hint(err: CheckpointError, hint: str | None) -> CheckpointError:
    """``err`` with ``hint`` (what to do instead) after its clipped problem, never clipped itself."""
    if hint:
        err.args = (f"{err}; {hint}",)
    return err


def check_resumable(path: str | Path, model, hint: str | None, checkpoint: dict | None = None, *, optimizer=None,
                    recipe: dict | None = None, may_differ=(), recipe_hint: str | None = None,
                    check=None) -> dict:
    """Everything that keeps this training from continuing the checkpoint at ``path``, checked before anything is
    loaded, trained or written (nothing is copied or loaded here: ``training.loop.resume_checkpoint`` loads what
    passed), each said in one line naming the file; returns the checkpoint (``checkpoint``: the file as already
    loaded, not read again). In order:

    - a file that cannot be read (missing, empty, truncated, pickled), said alone;
    - ``check(checkpoint)``: the training's own checks (a run started with other trainable parts ...);
    - weights of another network (other options, another method: torch printed every mismatched tensor in a
      traceback) or holding NaN / inf, with ``hint`` (what to resume with);
    - an ``optimizer`` state of another optimizer or trainable set (``optimizer_mismatch``);
    - another ``recipe`` (``check_recipe`` with ``may_differ`` and ``recipe_hint``)."""
    ck = checkpoint if checkpoint is not None else load_checkpoint(path)
    if check is not None:
        check(ck)
    problem = state_dict_mismatch(model, ck["model"])
    if problem:
        raise with_hint(CheckpointError(path, f"the checkpoint's weights do not fit {type(model).__name__}: "
                                              f"{problem}"), hint)
    bad = nonfinite(ck["model"])
    if bad:
        raise with_hint(CheckpointError(path, f"the checkpoint's weights hold NaN or infinite values, first in {bad}: "
                                              "a diverged training run? Use an earlier checkpoint"), hint)
    if optimizer is not None and ck["optimizer"]:
        problem = optimizer_mismatch(optimizer, ck["optimizer"])
        if problem:
            raise CheckpointError(path, f"{problem}: resume with its options")
    if recipe is not None:
        check_recipe(path, ck, recipe, recipe_hint, may_differ)
    return ck


def load_weights(path: str | Path, model, map_location="cpu", strict: bool = True):
    """Load a weights file or training checkpoint into ``model``; mismatches name the file."""
    sd = load_checkpoint(path, map_location)["model"]
    sd = {k[7:] if k.startswith("module.") else k: v for k, v in sd.items()}  # DataParallel prefix
    return fit_state_dict(model, sd, path, strict)
