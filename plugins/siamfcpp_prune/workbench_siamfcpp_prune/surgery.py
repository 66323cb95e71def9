"""Physical filter pruning: the pruned convolutions, their batch norms and the next layers' input
channels are rebuilt smaller, keeping the surviving filters' weights (no zeroed-out masks).

The prunable units are ``PruneGroup``s: one or more producer convs whose output channels are cut
together (the template and search adjust convs of the neck must keep matching channels for the
depth-wise correlation) and the consumer convs whose input channels follow. ``SCOPES`` name which
groups one global ratio rho applies to.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from workbench.core.errors import WorkbenchError
from workbench_siamfcpp_prune.model import SiamFCpp


@dataclass(frozen=True)
class PruneGroup:
    name: str
    producers: tuple[str, ...]  # ConvBN module names whose filters are pruned (same indices)
    consumers: tuple[str, ...]  # ConvBN / Conv2d module names whose input channels follow


def groups_of(model: SiamFCpp) -> dict[str, list[PruneGroup]]:
    """All prunable groups of a model, by scope part."""
    bb = ["backbone.conv1", "backbone.conv2", "backbone.conv3", "backbone.conv4", "backbone.conv5"]
    neck = ("neck.c_z_k", "neck.r_z_k", "neck.c_x", "neck.r_x")
    out = {"backbone": [PruneGroup(b, (b,), (bb[i + 1],) if i + 1 < len(bb) else neck) for i, b in enumerate(bb)],
           "neck": [PruneGroup("neck.cls", ("neck.c_z_k", "neck.c_x"), ("head.cls_tower.0",)),
                    PruneGroup("neck.reg", ("neck.r_z_k", "neck.r_x"), ("head.box_tower.0",))],
           "head": []}
    n = model.num_conv3x3
    for tower, finals in (("cls_tower", ("head.cls_score", "head.ctr_score")), ("box_tower", ("head.bbox",))):
        for i in range(n):
            cons = (f"head.{tower}.{i + 1}",) if i + 1 < n else finals
            out["head"].append(PruneGroup(f"head.{tower}.{i}", (f"head.{tower}.{i}",), cons))
    return out


# "backbone+neck" (default): every conv before the cross-correlation, phi and psi_l of Eq. (1)
SCOPES = {"backbone": ("backbone",), "backbone+neck": ("backbone", "neck"),
          "all": ("backbone", "neck", "head")}
DEFAULT_SCOPE = "backbone+neck"
# Kept widths are rounded to the nearest multiple of ALIGN (never below it, never above the layer's
# width). rho = 0.4 then keeps 64 / 160 / 224 / 224 / 160 backbone filters instead of 58 / 154 / 231 /
# 231 / 154: about the same size (5.40 M vs 5.30 M parameters, 8.24 vs 7.81 GFLOPs per frame), but in
# whole blocks of the CPU's convolution kernels (16 int8 / float32 output channels per AVX-512
# register). Measured on the 2-vCPU AMD EPYC VM (bench.py, both widths in one run, two
# runs): with 2 threads the pruned tracker is 12-18 % faster on ONNX Runtime int8 and 6-10 % faster in
# PyTorch, and no different on ONNX Runtime float32; with 1 thread int8 was 5 % slower. ``align = 1``
# is the paper's exact per-layer count.
DEFAULT_ALIGN = 16


def scope_groups(model: SiamFCpp, scope: str = DEFAULT_SCOPE) -> list[PruneGroup]:
    if scope not in SCOPES:
        raise WorkbenchError(f"pruning scope must be one of {', '.join(SCOPES)}; got {scope!r}")
    g = groups_of(model)
    return [grp for part in SCOPES[scope] for grp in g[part]]


def align_problem(model: SiamFCpp, scope: str, align: int) -> str:
    """What is wrong with ``align`` for the layers of ``scope`` ("" when it is usable): below 1, or wider than
    every layer of the scope, where each layer keeps its exact count (``n_kept``), the cut of ``align = 1``
    recorded under another number."""
    widest = max(group_width(model, grp) for grp in scope_groups(model, scope))
    if 1 <= align <= widest:
        return ""
    return (f"must be between 1 and {widest} (the widest layer of scope {scope}: a multiple wider than every "
            "layer rounds nothing; 1: the paper's exact count)")


def n_pruned(n: int, rho: float) -> int:
    """Filters removed from a layer of n at ratio rho (never all of them)."""
    return min(int(math.floor(rho * n + 1e-9)), n - 1)


def n_kept(n: int, rho: float, align: int = DEFAULT_ALIGN) -> int:
    """Filters a layer of n keeps at ratio rho: n - n_pruned, rounded to the nearest multiple of
    ``align`` (halves up), at least ``align`` and at most n; layers narrower than ``align`` keep the
    exact count."""
    if align < 1:
        raise WorkbenchError(f"channel alignment must be 1 or more; got {align}")
    k = n - n_pruned(n, rho)
    if align == 1 or n < align:
        return k
    return int(min(n, max(align, math.floor(k / align + 0.5) * align)))


def select_kept(ranks: np.ndarray, rho: float, align: int = DEFAULT_ALIGN) -> np.ndarray:
    """Indices (ascending) of the filters kept: the ``n_kept`` highest average ranks (Eq. 3); ties go
    to the lower index, so the choice is deterministic."""
    ranks = np.asarray(ranks, dtype=np.float64)
    order = np.argsort(-ranks, kind="stable")
    return np.sort(order[: n_kept(len(ranks), rho, align)])


def group_width(model: SiamFCpp, grp: PruneGroup) -> int:
    return int(model.get_submodule(grp.producers[0]).conv.out_channels)


def _conv_like(old: nn.Conv2d, cin: int, cout: int) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, old.kernel_size, old.stride, old.padding, old.dilation, old.groups,
                     old.bias is not None).to(old.weight.device, old.weight.dtype)


def _keep_out(unit, idx: torch.Tensor) -> None:
    old = unit.conv
    new = _conv_like(old, old.in_channels, len(idx))
    with torch.no_grad():
        new.weight.copy_(old.weight[idx])
        if old.bias is not None:
            new.bias.copy_(old.bias[idx])
    unit.conv = new
    if unit.bn is not None:
        bn = unit.bn
        nb = nn.BatchNorm2d(len(idx), bn.eps, bn.momentum, bn.affine, bn.track_running_stats).to(old.weight.device)
        with torch.no_grad():
            if bn.affine:
                nb.weight.copy_(bn.weight[idx])
                nb.bias.copy_(bn.bias[idx])
            nb.running_mean.copy_(bn.running_mean[idx])
            nb.running_var.copy_(bn.running_var[idx])
            nb.num_batches_tracked.copy_(bn.num_batches_tracked)
        nb.train(bn.training)  # a fresh module is in training mode: keep the model's mode
        unit.bn = nb


def _keep_in(model: nn.Module, name: str, idx: torch.Tensor) -> None:
    mod = model.get_submodule(name)
    old = mod.conv if hasattr(mod, "conv") else mod
    new = _conv_like(old, len(idx), old.out_channels)
    with torch.no_grad():
        new.weight.copy_(old.weight[:, idx])
        if old.bias is not None:
            new.bias.copy_(old.bias)
    if hasattr(mod, "conv"):
        mod.conv = new
    else:
        parent, _, attr = name.rpartition(".")
        setattr(model.get_submodule(parent), attr, new)


def prune_group(model: SiamFCpp, grp: PruneGroup, keep) -> None:
    """Cut ``grp`` down to the filters ``keep`` (indices), in place."""
    idx = torch.as_tensor(np.asarray(keep), dtype=torch.long)
    n = group_width(model, grp)
    if len(idx) == 0 or idx.min() < 0 or idx.max() >= n or len(set(idx.tolist())) != len(idx):
        raise WorkbenchError(f"{grp.name}: kept filters must be distinct indices in 0..{n - 1}")
    for p in grp.producers:
        _keep_out(model.get_submodule(p), idx)
        model.widths[p] = len(idx)
    for c in grp.consumers:
        _keep_in(model, c, idx)


def group_ranks(ranks: dict[str, np.ndarray], grp: PruneGroup) -> np.ndarray:
    """A group's per-filter rank: the sum over its producers (template + search maps for the neck)."""
    missing = [p for p in grp.producers if p not in ranks]
    if missing:
        raise WorkbenchError(f"no ranks stored for {', '.join(missing)}: compute the ranks of this model first")
    return np.sum([np.asarray(ranks[p], dtype=np.float64) for p in grp.producers], axis=0)


def plan(model: SiamFCpp, ranks: dict[str, np.ndarray], rho: float, scope: str = DEFAULT_SCOPE,
         align: int = DEFAULT_ALIGN) -> dict[str, np.ndarray]:
    """{group name: kept indices} for one global ratio rho over the scope."""
    if not 0.0 <= rho < 1.0:
        raise WorkbenchError(f"pruning ratio must be in [0, 1); got {rho}")
    problem = align_problem(model, scope, align)
    if problem:
        raise WorkbenchError(f"channel alignment {align}: {problem}")
    out = {}
    for grp in scope_groups(model, scope):
        r = group_ranks(ranks, grp)
        if len(r) != group_width(model, grp):
            raise WorkbenchError(f"{grp.name}: {len(r)} ranks stored for {group_width(model, grp)} filters "
                                 "(ranks of another model?)")
        out[grp.name] = select_kept(r, rho, align)
    return out


def prune(model: SiamFCpp, ranks: dict[str, np.ndarray], rho: float, scope: str = DEFAULT_SCOPE,
          align: int = DEFAULT_ALIGN) -> SiamFCpp:
    """A physically smaller copy of ``model`` (the original is left as it was)."""
    import copy

    kept = plan(model, ranks, rho, scope, align)
    new = copy.deepcopy(model)
    for grp in scope_groups(new, scope):
        prune_group(new, grp, kept[grp.name])
    return new


def pruned_widths(model: SiamFCpp, rho: float, scope: str = DEFAULT_SCOPE,
                  align: int = DEFAULT_ALIGN) -> dict[str, int]:
    """The widths after pruning at rho, without ranks (the count does not depend on which filters)."""
    w = dict(model.widths)
    for grp in scope_groups(model, scope):
        n = group_width(model, grp)
        for p in grp.producers:
            w[p] = n_kept(n, rho, align)
    return w
