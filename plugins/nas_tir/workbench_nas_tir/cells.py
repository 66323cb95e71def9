"""Mixed operations and cells of the search space.

* ``MixedOp``: the softmax(alpha)-weighted sum of the eight candidate operations on one edge (eq. 1);
  with ``partial=True`` only a random 1/k of the channels (k = 4 in the paper) goes through the
  candidates and the rest is passed on and concatenated, followed by a channel shuffle so the next
  edge sees a different mixture (eq. 2, PC-DARTS). ``partial=False`` is full DARTS.
* Single-bottom cells: one input ``s``, four intermediate nodes, node j fed by ``s`` and nodes < j,
  10 edges; dual-bottom cells: two inputs (the two previous cells' outputs), four nodes, 14 edges.
  The cell output is the depth-wise concatenation of the four intermediate nodes.
* Normal cells keep the size; reduction cells halve H and W on the edges leaving the cell inputs and
  the network doubles the channel count there. Alpha is shared by every cell of one type, so the
  search network holds exactly two alpha matrices.
* ``DerivedCell``: the discrete cell a genotype describes (the strongest edge(s) per node only).
"""
from __future__ import annotations

import torch
from torch import nn

from workbench_nas_tir.ops import PRIMITIVES, FactorizedReduce, ReLUConvBN, make_op

STEPS = 4  # intermediate nodes per cell
CELL_KINDS = ("single", "dual")


def n_inputs(kind: str) -> int:
    if kind not in CELL_KINDS:
        raise ValueError(f"cell kind must be one of {CELL_KINDS}, got {kind!r}")
    return 1 if kind == "single" else 2


def edge_list(kind: str, steps: int = STEPS) -> list[tuple[int, int]]:
    """(node, source state) for every edge, in alpha-row order. States 0..n_inputs-1 are the cell
    inputs, state n_inputs + j is intermediate node j."""
    ni = n_inputs(kind)
    return [(j, i) for j in range(steps) for i in range(ni + j)]


def n_edges(kind: str, steps: int = STEPS) -> int:
    return len(edge_list(kind, steps))


def channel_shuffle(x: torch.Tensor, groups: int) -> torch.Tensor:
    b, c, h, w = x.shape
    return x.view(b, groups, c // groups, h, w).transpose(1, 2).reshape(b, c, h, w)


class MixedOp(nn.Module):
    def __init__(self, c: int, stride: int, partial: bool = True, k: int = 4):
        super().__init__()
        self.stride = stride
        self.partial = partial
        self.k = k if partial else 1
        if partial and c % k:
            raise ValueError(f"partial channels need the channel count ({c}) divisible by k={k}")
        cp = c // self.k
        self.ops = nn.ModuleList()
        for name in PRIMITIVES:
            op = make_op(name, cp, stride, affine=False)
            if "pool" in name:  # pooling has no BN of its own; DARTS adds one so scales compare
                op = nn.Sequential(op, nn.BatchNorm2d(cp, affine=False))
            self.ops.append(op)
        self.pool_rest = nn.MaxPool2d(2, 2) if stride == 2 else None

    def _mix(self, x, weights):
        return sum(w * op(x) for w, op in zip(weights, self.ops))

    def forward(self, x, weights):
        if not self.partial:
            return self._mix(x, weights)
        c = x.shape[1]
        cp = c // self.k
        if self.training:  # a random subset each step (the paper's "random channel selection")
            perm = torch.randperm(c, device=x.device)
            sel, rest = perm[:cp], perm[cp:]
            xa, xb = x.index_select(1, sel), x.index_select(1, rest)
        else:
            xa, xb = x[:, :cp], x[:, cp:]
        ya = self._mix(xa, weights)
        if self.pool_rest is not None:
            xb = self.pool_rest(xb)
        if xb.shape[-2:] != ya.shape[-2:]:  # odd sizes: pooling and stride-2 convs round differently
            xb = nn.functional.interpolate(xb, size=ya.shape[-2:], mode="nearest")
        return channel_shuffle(torch.cat([ya, xb], dim=1), self.k)


class _CellBase(nn.Module):
    """Input preprocessing shared by the search and derived cells."""

    def __init__(self, kind: str, c_prev_prev: int, c_prev: int, c: int, reduction: bool, reduction_prev: bool,
                 affine: bool):
        super().__init__()
        self.kind = kind
        self.reduction = reduction
        self.ni = n_inputs(kind)
        if self.ni == 2:
            self.pre0 = (FactorizedReduce(c_prev_prev, c, affine) if reduction_prev
                         else ReLUConvBN(c_prev_prev, c, 1, 1, 0, affine))
        self.pre1 = ReLUConvBN(c_prev, c, 1, 1, 0, affine)
        self.multiplier = STEPS
        self.c_out = STEPS * c

    def _inputs(self, s0, s1):
        if self.ni == 1:
            return [self.pre1(s1)]
        return [self.pre0(s0), self.pre1(s1)]


class SearchCell(_CellBase):
    def __init__(self, kind: str, c_prev_prev: int, c_prev: int, c: int, reduction: bool, reduction_prev: bool,
                 partial: bool = True, k: int = 4):
        super().__init__(kind, c_prev_prev, c_prev, c, reduction, reduction_prev, affine=False)
        self.edges = edge_list(kind)
        self.ops = nn.ModuleList(
            MixedOp(c, 2 if reduction and src < self.ni else 1, partial, k) for _node, src in self.edges)

    def forward(self, s0, s1, weights):
        """``weights``: (edges, ops) softmax of this cell type's alpha."""
        states = self._inputs(s0, s1)
        e = 0
        for j in range(STEPS):
            acc = 0
            for i in range(self.ni + j):
                acc = acc + self.ops[e](states[i], weights[e])
                e += 1
            states.append(acc)
        return torch.cat(states[self.ni:], dim=1)


class DerivedCell(_CellBase):
    """A discrete cell: ``nodes`` lists, per intermediate node, its kept edges ``[(op, source), ...]``."""

    def __init__(self, kind: str, nodes, c_prev_prev: int, c_prev: int, c: int, reduction: bool,
                 reduction_prev: bool):
        super().__init__(kind, c_prev_prev, c_prev, c, reduction, reduction_prev, affine=True)
        if len(nodes) != STEPS:
            raise ValueError(f"a cell has {STEPS} intermediate nodes, the genotype gives {len(nodes)}")
        self.nodes = [[(str(op), int(src)) for op, src in node] for node in nodes]
        self.ops = nn.ModuleList()
        for j, node in enumerate(self.nodes):
            for op, src in node:
                if not 0 <= src < self.ni + j:
                    raise ValueError(f"node {j} cannot take input from state {src}")
                if op not in PRIMITIVES or op == "none":
                    raise ValueError(f"genotype op {op!r} is not a usable candidate")
                self.ops.append(make_op(op, c, 2 if reduction and src < self.ni else 1, affine=True))

    def forward(self, s0, s1):
        states = self._inputs(s0, s1)
        e = 0
        for node in self.nodes:
            acc = 0
            for _op, src in node:
                acc = acc + self.ops[e](states[src])
                e += 1
            states.append(acc)
        return torch.cat(states[self.ni:], dim=1)
