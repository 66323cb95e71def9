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
        meta = json.loads(js.read_text(encoding="utf-8"))["meta"] if js.is_file() else {}
        with np.load(npz) as f:
            return {k: f[k].astype(np.float64) for k in f.files}, meta
    if not path.is_file():
        raise DataError(path, "rank file is missing")
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
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


# --- ranks of an analyst's own weights -----------------------------------------------------------
# The shipped ranks are averaged over the generated rank images that `workbench prune` uses without --data
# (three demo sequences and eight shape sequences, seed 0) at these settings: a user's weights are ranked the
# same way, so their histograms compare with the shipped model's.
RANK_IMAGES_G = 32
RANK_IMAGES_X = 303
RANK_IMAGES = "the shipped rank images"

_REMEMBERED: dict[str, tuple[dict[str, np.ndarray], dict]] = {}  # weights sha256 -> the last ranks computed


def ranks_fit(model, ranks: dict) -> bool:
    """Every prunable layer of ``model`` has one rank per filter in ``ranks``."""
    for name in rank_layers(model):
        r = ranks.get(name)
        if r is None or len(r) != model.get_submodule(name).conv.out_channels:
            return False
    return True


def rank_sampler(data, exclude=(), n_demo: int = 3, n_shapes: int = 8, x_size: int = 303, seed: int = 0):
    """The pairs HRank ranks are averaged over (`workbench prune`'s, the pruning inspector's): the real sequences
    under ``data`` (less ``exclude``) and the generated rank images."""
    from workbench.core.training.pairs import PairConfig, PairSampler
    from workbench_siamfcpp_prune.data import generated_sequences, real_sequences

    roots = data or []
    # an --exclude without --data is checked too: it left nothing out without a word
    seqs = (real_sequences(roots, exclude) if roots or exclude else []) + generated_sequences(n_demo, n_shapes, seed)
    return PairSampler(seqs, PairConfig(x_size=x_size))


def ranks_on_rank_images(model, g: int = RANK_IMAGES_G, x_size: int = RANK_IMAGES_X, seed: int = 0,
                         ctx: JobContext | None = None) -> tuple[dict[str, np.ndarray], dict]:
    """(ranks, meta) of ``model`` over ``g`` pairs of the shipped rank images (the generated sequences the
    shipped ranks were computed on); progress per batch and Cancel between batches through ``ctx``."""
    sampler = rank_sampler(None, x_size=x_size, seed=seed)  # `workbench prune`'s, without --data
    gen, nb = pair_batches(sampler, g, min(4, g), seed)
    ranks = compute_ranks(model, gen(), ctx, nb, next(model.parameters()).device.type)
    return ranks, {"g": g, "x_size": x_size, "seed": seed, "source": RANK_IMAGES,
                   "sequences": [s.name for s in sampler.sequences]}


def _cache_name(sha: str, meta: dict) -> str:
    import hashlib

    tag = hashlib.sha1(json.dumps({k: meta.get(k) for k in ("source", "g", "x_size", "seed")},
                                  sort_keys=True, default=str).encode()).hexdigest()[:10]
    return f"{sha[:32]}_{tag}.json"


def remember_ranks(sha: str, ranks: dict[str, np.ndarray], meta: dict) -> None:
    """Keep ``ranks`` of the weights whose file has sha256 ``sha``: in memory, and in the workbench's cache
    folder (``cache_dir('hrank')``) for later sessions when it can be written (else in memory only)."""
    from workbench.core.results import cache_dir

    meta = {**meta, "weights_sha256": sha}
    _REMEMBERED[sha] = (ranks, meta)
    d = cache_dir("hrank")
    if d is None:
        return
    try:
        save_ranks(d / _cache_name(sha, meta), ranks, meta)
    except (OSError, WorkbenchError):  # a full or read-only disk: kept for this session only
        pass


def remembered_ranks(sha: str, model) -> tuple[dict[str, np.ndarray], dict] | None:
    """The ranks last computed for the weights file of sha256 ``sha`` (this session, else the cache folder,
    newest first) that fit ``model``; None when there are none."""
    from workbench.core.results import cache_dir

    got = _REMEMBERED.get(sha)
    if got is not None and ranks_fit(model, got[0]):
        return got
    d = cache_dir("hrank")
    if d is None:
        return None
    try:
        files = sorted(d.glob(f"{sha[:32]}_*.json"), key=lambda f: f.stat().st_mtime, reverse=True)
    except OSError:
        return None
    for f in files:
        try:
            ranks, meta = load_ranks(f)
        except (DataError, OSError, ValueError, KeyError):  # a damaged cache file: computed again
            continue
        if ranks_fit(model, ranks):
            _REMEMBERED[sha] = (ranks, meta)
            return ranks, meta
    return None


def describe_ranks(meta: dict) -> str:
    """'ranks over g = 32 pairs of the shipped rank images' from a rank file's meta."""
    src = meta.get("source") or RANK_IMAGES
    return f"ranks over g = {meta.get('g', '?')} pairs of {src}"
