"""HRank (Lin et al., CVPR 2020) filter ranks: the average rank of each filter's output feature map
over g input images, computed with batched ``torch.linalg.matrix_rank`` on forward hooks, stored per
layer as JSON (readable) and npz (exact).

The feature map of a filter is the output of its ConvBN unit (after BN and ReLU where the unit has
them). Backbone layers see both the template and the search patches of each pair; a neck conv sees
its own branch only. ``average rank`` is the mean over every call of the layer.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import torch

from workbench.core.errors import DataError, WorkbenchError
from workbench.core.jobs import JobContext
from workbench.core.results import atomic_write_bytes, write_json
from workbench_siamfcpp_prune.surgery import groups_of

FORMAT = "workbench-hrank/1"


def rank_layers(model) -> list[str]:
    """Every producer conv of the model (all scopes), in network order."""
    names = []
    for part in ("backbone", "neck", "head"):
        for g in groups_of(model)[part]:
            names += [p for p in g.producers if p not in names]
    return names


def feature_ranks(out: torch.Tensor) -> torch.Tensor:
    """(B, C, H, W) maps -> (B, C) matrix ranks (the batched SVD of torch.linalg.matrix_rank), on the CPU:
    CUDA's batched SVD of thousands of small maps was far slower than the network itself (an H200 took
    over 40 s for two batches that the CPU ranks in a few seconds), so maps of a GPU forward come back first."""
    return torch.linalg.matrix_rank(out.detach().float().cpu()).float()


def compute_ranks(model, batches: Iterable[tuple[torch.Tensor, torch.Tensor]], ctx: JobContext | None = None,
                  n_batches: int | None = None, device: str = "cpu") -> dict[str, np.ndarray]:
    """Average feature-map rank of every filter of every prunable layer over the given (z, x) batches."""
    ctx = ctx or JobContext()
    layers = rank_layers(model)
    sums: dict[str, torch.Tensor] = {}
    counts: dict[str, int] = {}
    handles = []

    def hook_for(name):
        def hook(_m, _inp, out):
            r = feature_ranks(out).sum(0)
            sums[name] = sums.get(name, 0) + r.cpu()
            counts[name] = counts.get(name, 0) + out.shape[0]
        return hook

    for name in layers:
        handles.append(model.get_submodule(name).register_forward_hook(hook_for(name)))
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            for i, (z, x) in enumerate(batches):
                ctx.check()
                model(z.to(device), x.to(device))
                if n_batches:
                    ctx.progress((i + 1) / n_batches, f"ranks: batch {i + 1}/{n_batches}")
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    if not counts:
        raise WorkbenchError("no images were given to compute the ranks")
    return {k: (sums[k] / counts[k]).numpy().astype(np.float64) for k in layers}


def save_ranks(path: str | Path, ranks: dict[str, np.ndarray], meta: dict | None = None) -> Path:
    """``path`` (.json) plus the same arrays in ``path.with_suffix('.npz')``."""
    import io

    path = Path(path)
    write_json(path, {"format": FORMAT, "meta": meta or {},
                      "layers": {k: [round(float(v), 4) for v in r] for k, r in ranks.items()}})
    buf = io.BytesIO()
    np.savez(buf, **{k: np.asarray(r) for k, r in ranks.items()})
    atomic_write_bytes(path.with_suffix(".npz"), buf.getvalue())
    return path


def load_ranks(path: str | Path) -> tuple[dict[str, np.ndarray], dict]:
    """Ranks from a JSON (or its npz twin when present beside it); returns (ranks, meta)."""
    path = Path(path)
    if path.suffix == ".npz" or (path.with_suffix(".npz").is_file() and path.suffix == ".json"):
        npz = path if path.suffix == ".npz" else path.with_suffix(".npz")
        js = npz.with_suffix(".json")
        meta = json.loads(js.read_text())["meta"] if js.is_file() else {}
        with np.load(npz) as f:
            return {k: f[k].astype(np.float64) for k in f.files}, meta
    if not path.is_file():
        raise DataError(path, "rank file is missing")
    try:
        obj = json.loads(path.read_text())
        if obj.get("format") != FORMAT:
            raise ValueError(f"format is {obj.get('format')!r}, expected {FORMAT!r}")
        return {k: np.asarray(v, dtype=np.float64) for k, v in obj["layers"].items()}, obj.get("meta", {})
    except (ValueError, KeyError, AttributeError) as exc:
        raise DataError(path, f"not a rank file: {exc}") from None


def pair_batches(sampler, g: int, batch_size: int, seed: int = 0) -> tuple[Callable, int]:
    """(zero-argument generator of (z, x) tensors over g pairs, number of batches)."""
    from workbench_siamfcpp_prune.data import to_tensors

    nb = max(1, (g + batch_size - 1) // batch_size)

    def gen():
        rng = np.random.default_rng(seed)
        left = g
        while left > 0:
            n = min(batch_size, left)
            z, x, _ = to_tensors(sampler.batch(n, rng))
            left -= n
            yield z, x

    return gen, nb
