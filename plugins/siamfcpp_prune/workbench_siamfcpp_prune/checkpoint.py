"""Saving and loading SiamFC++ weights, pruned or not.

A weights file is a plain state_dict (channel widths are read off the shapes, so a pruned model needs
no side file) or, for what we ship, a compact file: every conv / linear weight stored as int8 with one
float scale per output channel, everything else as float32. Both load with
``torch.load(weights_only=True)`` through the core's checkpoint reader; attention parameters (training
only) are never part of an inference file.
"""
from __future__ import annotations

from pathlib import Path

import torch

from workbench.core.errors import one_line
from workbench.core.training.checkpoints import CheckpointError, save_file, load_file

COMPACT = "siamfcpp-q8/1"


def inference_state(model) -> dict:
    """The state_dict of the inference network alone (a finetune wrapper's attention is dropped)."""
    net = getattr(model, "net", model)
    return {k: v.detach().cpu().clone() for k, v in net.state_dict().items()}


def save_compact(path: str | Path, state: dict, meta: dict | None = None) -> Path:
    q, scales, plain = {}, {}, {}
    for k, v in state.items():
        v = v.detach().cpu()
        if v.is_floating_point() and v.ndim >= 2 and v.numel() >= 256:
            s = v.reshape(v.shape[0], -1).abs().amax(1).clamp(min=1e-12) / 127.0
            q[k] = torch.round(v / s.view(-1, *([1] * (v.ndim - 1)))).clamp(-127, 127).to(torch.int8)
            scales[k] = s.float()
        else:
            plain[k] = v.clone()
    return save_file({"format": COMPACT, "q": q, "scales": scales, "plain": plain, "meta": dict(meta or {})},
                        Path(path))


def load_state(path: str | Path) -> tuple[dict, dict]:
    """(state_dict of float tensors, meta) from a compact file, a plain state_dict or a checkpoint."""
    obj = load_file(path)
    if isinstance(obj, dict) and obj.get("format") == COMPACT:
        sd = {}
        try:
            for k, v in obj["q"].items():
                s = obj["scales"][k]
                sd[k] = v.float() * s.view(-1, *([1] * (v.ndim - 1)))
            sd.update(obj["plain"])
        except (RuntimeError, KeyError, AttributeError, TypeError) as exc:
            raise CheckpointError(path, "damaged compact weights (quantised tensors and their scales do not "
                                        f"match: {one_line(str(exc), 80)})") from None
        return sd, dict(obj.get("meta") or {})
    from workbench.core.training.checkpoints import load_checkpoint

    ck = load_checkpoint(path)
    sd = ck["model"]
    if any(k.startswith("net.") for k in sd):  # a finetune checkpoint: keep the network only
        sd = {k[4:]: v for k, v in sd.items() if k.startswith("net.")}
    return sd, dict(ck.get("extra") or {})


def load_model(path: str | Path):
    """A SiamFCpp built to the widths stored in the file."""
    from workbench_siamfcpp_prune.model import build_from_state_dict

    sd, meta = load_state(path)
    try:
        return build_from_state_dict(sd, path), meta
    except (RuntimeError, KeyError) as exc:
        raise CheckpointError(path, "not SiamFC++ weights: " + str(exc).splitlines()[0][:300]) from None
