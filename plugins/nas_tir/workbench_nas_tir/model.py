"""Networks stacked from cells: the search network (mixed ops + two alpha matrices) and the derived
network a genotype describes.

Layout (both): a 3x3 stem (``stem_mult`` x width channels), ``cells`` cells of which
``reductions`` are reduction cells spread evenly (the paper: 16 cells = 12 normal + 4 reduction),
then a 1x1 conv + BN to ``dims`` channels: that spatial map is the tracking feature map; its global
average is the embedding the triplet and centre losses see, and a linear layer on it classifies
identities.

``neck = "pooled"`` moves that BN after the global average (BN over the batch per embedding dimension,
as the "BNNeck" of re-identification practice): with the BN on the map, the average of a map that is
zero-mean per channel is tiny (measured: embedding norm 0.18 against a map std of 0.79, spread across
samples 0.013), the triplet loss sits at its margin and the identity classifier stays at chance; with
the BN on the pooled vector every embedding dimension has unit spread over the batch. Same parameters
either way (the BN's tensors are the same shape), so both load the same state dict layout.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn

from workbench.core.folding import folded
from workbench_nas_tir.cells import DerivedCell, SearchCell, n_edges
from workbench_nas_tir.ops import PRIMITIVES


def reduction_positions(cells: int, reductions: int) -> list[int]:
    """Evenly spread reduction cells: 16 cells / 4 reductions -> [3, 6, 9, 12]; 8 / 2 -> [2, 5]."""
    if reductions < 0 or reductions >= cells:
        raise ValueError(f"reductions must be in [0, cells), got {reductions} for {cells} cells")
    return sorted({int(cells * (k + 1) / (reductions + 1)) for k in range(reductions)})


@dataclass
class ArchSpec:
    """Everything needed to rebuild a network (stored beside its weights)."""

    cell: str = "dual"  # single | dual
    cells: int = 8
    width: int = 16  # channels per node in the first cells (doubled at each reduction)
    dims: int = 512  # channels of the output feature map / embedding size
    reductions: int = -1  # -1: cells // 4
    in_channels: int = 1
    n_classes: int = 0  # identity classes (0: no classifier)
    stem_mult: int = 3
    stem_stride: int = 1
    partial: bool = True  # search only
    k: int = 4  # search only: 1/k of the channels go through the candidates
    neck: str = "map"  # map: BN on the head's map, then the average; pooled: BN on the averaged embedding

    def __post_init__(self):
        if self.neck not in ("map", "pooled"):
            raise ValueError(f"neck must be 'map' or 'pooled', got {self.neck!r}")
        if self.reductions < 0:
            self.reductions = max(1, self.cells // 4) if self.cells > 1 else 0

    @property
    def positions(self) -> list[int]:
        return reduction_positions(self.cells, self.reductions)

    @property
    def stride(self) -> int:
        return self.stem_stride * 2 ** len(self.positions)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ArchSpec":
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in known})


class _Backbone(nn.Module):
    def _build(self, spec: ArchSpec, make_cell):
        self.spec = spec
        self.ni = 1 if spec.cell == "single" else 2
        c = spec.width
        c_stem = spec.stem_mult * c
        self.stem = nn.Sequential(nn.Conv2d(spec.in_channels, c_stem, 3, stride=spec.stem_stride, padding=1,
                                            bias=False), nn.BatchNorm2d(c_stem))
        c_pp, c_p, c_cur = c_stem, c_stem, c
        red_prev = False
        self.cells = nn.ModuleList()
        positions = set(spec.positions)
        for i in range(spec.cells):
            red = i in positions
            if red:
                c_cur *= 2
            cell = make_cell(c_pp, c_p, c_cur, red, red_prev)
            self.cells.append(cell)
            red_prev = red
            c_pp, c_p = c_p, cell.c_out
        self.head = nn.Sequential(nn.ReLU(inplace=False), nn.Conv2d(c_p, spec.dims, 1, bias=False),
                                  nn.BatchNorm2d(spec.dims))
        self.classifier = nn.Linear(spec.dims, spec.n_classes) if spec.n_classes > 0 else None

    def _run_cells(self, x, weights=None, upto: int | None = None):
        """The head's feature map; with ``upto`` = k the output of cell k instead (no head)."""
        s0 = s1 = self.stem(x)
        for i, cell in enumerate(self.cells):
            if weights is None:
                out = cell(s0, s1)
            else:
                out = cell(s0, s1, weights[1] if cell.reduction else weights[0])
            s0, s1 = s1, out
            if upto is not None and i == upto:
                return out
        return self.head[:2](s1) if self.spec.neck == "pooled" else self.head(s1)

    def cell_stride(self, k: int) -> int:
        """Stride of cell k's output relative to the input."""
        return self.spec.stem_stride * 2 ** sum(1 for p in self.spec.positions if p <= k)

    def embed(self, fmap):
        if self.spec.neck == "pooled":
            return self.head[2](fmap.mean(dim=(2, 3), keepdim=True)).flatten(1)
        return fmap.mean(dim=(2, 3))

    def forward(self, x):
        """(logits or None, embedding (B, dims))."""
        e = self.embed(self.features(x))
        return (self.classifier(e) if self.classifier is not None else None), e


class SearchNetwork(_Backbone):
    def __init__(self, spec: ArchSpec, seed: int | None = None):
        super().__init__()
        self._build(spec, lambda cpp, cp, c, red, rp: SearchCell(spec.cell, cpp, cp, c, red, rp, spec.partial,
                                                                   spec.k))
        e = n_edges(spec.cell)
        g = torch.Generator().manual_seed(seed) if seed is not None else None
        self.alpha_normal = nn.Parameter(1e-3 * torch.randn(e, len(PRIMITIVES), generator=g))
        self.alpha_reduce = nn.Parameter(1e-3 * torch.randn(e, len(PRIMITIVES), generator=g))

    def arch_parameters(self) -> list[nn.Parameter]:
        return [self.alpha_normal, self.alpha_reduce]

    def weight_parameters(self) -> list[nn.Parameter]:
        ids = {id(p) for p in self.arch_parameters()}
        return [p for p in self.parameters() if id(p) not in ids]

    def alpha_softmax(self) -> tuple[torch.Tensor, torch.Tensor]:
        return torch.softmax(self.alpha_normal, dim=-1), torch.softmax(self.alpha_reduce, dim=-1)

    def features(self, x):
        return self._run_cells(x, self.alpha_softmax())


class DerivedNetwork(_Backbone):
    def __init__(self, spec: ArchSpec, genotype: dict):
        super().__init__()
        if genotype.get("cell", spec.cell) != spec.cell:
            raise ValueError(f"genotype is for {genotype.get('cell')}-bottom cells, the spec asks for {spec.cell}")
        self.genotype = genotype
        self._build(spec, lambda cpp, cp, c, red, rp: DerivedCell(
            spec.cell, genotype["reduce"] if red else genotype["normal"], cpp, cp, c, red, rp))

    def features(self, x, layer: int = -1):
        """The head's map (``layer`` = -1) or the output of cell ``layer``."""
        return self._run_cells(x, upto=None if layer < 0 else layer)


def trainable_params(model: nn.Module, with_classifier: bool = False) -> int:
    """Parameters of the network without (by default) the identity classifier, which the tracker drops."""
    n = sum(p.numel() for p in model.parameters())
    if not with_classifier and getattr(model, "classifier", None) is not None:
        n -= sum(p.numel() for p in model.classifier.parameters())
    if isinstance(model, SearchNetwork):
        n -= sum(p.numel() for p in model.arch_parameters())
    return int(n)


# Tracking runs the derived network's ``features`` on every frame (three scales at once) and the network as
# trained is built for training: a BatchNorm after every convolution, a ReLU at the start of every operation
# (so one state feeding three operations is rectified three times), module dispatch per layer.
# ``TrackingNet`` computes what ``DerivedNetwork.features`` in eval mode computes, to float rounding: each
# BatchNorm folded into the convolution before it (its running statistics: eval semantics only; the two halves
# of a FactorizedReduce's BatchNorm into its two convolutions), each state rectified once however many
# operations read it (within a cell and into the next cell's preprocessing), channels-last on the CPU, no
# module dispatch. It holds plain tensors (a snapshot: the network it came from is neither changed nor
# trained through it).
# Measured per operation on this CPU (oneDNN / MKL, one thread, the shipped network's 3 x 80 x 80 search crops):
# depth-wise convolutions run 2-7x faster channels-last than NCHW, but a channels-last 1x1 convolution to 8
# channels runs 4x slower than NCHW (0.45 vs 0.1 ms at 80 x 80); as a matrix product over pairs of pixels
# (one row = two pixels' channels, a block-diagonal weight) it takes 0.1 ms, so 1x1 convolutions are matrix
# products channels-last (``_Conv``). A FactorizedReduce's two strided 1x1 convolutions and their
# concatenation are one matrix product over both grids' pixels side by side (a strided 1x1 convolution
# channels-last: 2.9 ms at 32 x 80 x 80); the 3 x 3 average pool (count_include_pad=False: 3.7 ms
# channels-last, 6 ms NCHW at 8 x 80 x 80) is a depth-wise convolution of ones divided by the count (0.2 ms).

class _Conv:
    """A convolution with the BatchNorm channels ``bn[lo:hi]`` after it (if any) folded in."""

    def __init__(self, conv: nn.Conv2d, bn: nn.BatchNorm2d | None, channels_last: bool, lo: int = 0):
        w, b = folded(conv, bn, lo)  # in float64 on the CPU, then back to the conv's dtype / device
        w = w.to(conv.weight.device, conv.weight.dtype)
        self.weight = w.contiguous(memory_format=torch.channels_last) if channels_last else w.contiguous()
        self.bias = b.to(conv.weight.device, conv.weight.dtype) if b is not None else None
        self.stride, self.padding, self.dilation, self.groups = conv.stride, conv.padding, conv.dilation, conv.groups
        # channels-last 1x1 (stride 1): a matrix product (pixels, C_in) x (C_in, C_out); below 16 outputs over
        # pairs of pixels, (pixels / 2, 2 C_in) x the block-diagonal (2 C_in, 2 C_out) (see above)
        self.mm = None
        if (channels_last and w.shape[-2:] == (1, 1) and self.groups == 1 and tuple(self.stride) == (1, 1)
                and tuple(self.padding) == (0, 0)):
            wt = self.weight[:, :, 0, 0].T
            self.pairs = 2 if wt.shape[1] < 16 else 1
            self.mm = torch.block_diag(*[wt] * self.pairs).contiguous()
            self.mm_bias = self.bias.repeat(self.pairs) if self.bias is not None else None

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        if self.mm is not None and x.is_contiguous(memory_format=torch.channels_last):
            n, c, h, w = x.shape
            pairs = self.pairs if (n * h * w) % self.pairs == 0 else 1
            mm = self.mm if pairs == self.pairs else self.mm[:c, :self.mm.shape[1] // self.pairs]
            rows = x.permute(0, 2, 3, 1).reshape(-1, c * pairs)
            y = rows @ mm if self.bias is None else torch.addmm(
                self.mm_bias if pairs == self.pairs else self.bias, rows, mm)
            return y.view(n, h, w, -1).permute(0, 3, 1, 2)
        return torch.nn.functional.conv2d(x, self.weight, self.bias, self.stride, self.padding, self.dilation,
                                          self.groups)


class _AvgPool:
    """``nn.AvgPool2d`` with ``count_include_pad=False``: a depth-wise convolution of ones divided by the
    number of pixels inside the frame under each window (made once per input size)."""

    def __init__(self, pool: nn.AvgPool2d, channels_last: bool):
        k, st, pad = (pool.kernel_size, pool.stride, pool.padding)
        self.k = k if isinstance(k, int) else k[0]
        self.stride = st if isinstance(st, int) else st[0]
        self.padding = pad if isinstance(pad, int) else pad[0]
        self.channels_last = channels_last
        self.counts: dict[tuple, torch.Tensor] = {}
        self.ones: dict[tuple, torch.Tensor] = {}

    @staticmethod
    def handles(pool: nn.AvgPool2d) -> bool:
        k, st, pad = (pool.kernel_size, pool.stride, pool.padding)
        square = all(isinstance(v, int) or v[0] == v[1] for v in (k, st, pad))
        return square and not pool.count_include_pad and not pool.ceil_mode and pool.divisor_override is None

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        F_ = torch.nn.functional
        c, h, w = x.shape[1:]
        key = (c, x.dtype, x.device)
        if key not in self.ones:
            ones = torch.ones(c, 1, self.k, self.k, dtype=x.dtype, device=x.device)
            self.ones[key] = ones.contiguous(memory_format=torch.channels_last) if self.channels_last else ones
        ck = (h, w, x.dtype, x.device)
        if ck not in self.counts:
            self.counts[ck] = F_.conv2d(torch.ones(1, 1, h, w, dtype=x.dtype, device=x.device),
                                        torch.ones(1, 1, self.k, self.k, dtype=x.dtype, device=x.device),
                                        None, self.stride, self.padding)
        return F_.conv2d(x, self.ones[key], None, self.stride, self.padding, 1, c).div_(self.counts[ck])


def _factorized_reduce(op, cl: bool):
    """ReLU (done by the caller), two stride-2 1x1 convolutions on the grids offset by (0, 0) and (1, 1),
    concatenated, BN: channels-last one matrix product over both grids' pixels side by side (see above)."""
    F_ = torch.nn.functional
    c1 = _Conv(op.conv1, op.bn, cl)
    c2 = _Conv(op.conv2, op.bn, cl, lo=op.conv1.out_channels)

    def offset(x, h, w):  # the (1, 1) grid, zero-padded where an odd size leaves it one short
        b = x[:, :, 1::2, 1::2]
        return b if b.shape[-2:] == (h, w) else F_.pad(b, (0, w - b.shape[-1], 0, h - b.shape[-2]))

    if not cl:
        def fr(x):
            a = c1(x)
            return torch.cat([a, F_.conv2d(offset(x, *a.shape[-2:]), c2.weight, c2.bias)], dim=1)
        return fr
    w1, w2 = c1.weight[:, :, 0, 0].T, c2.weight[:, :, 0, 0].T
    mm = torch.block_diag(w1, w2).contiguous()
    bias = torch.cat([c1.bias, c2.bias])

    def fr_cl(x):
        n, c = x.shape[:2]
        a = x[:, :, ::2, ::2]
        h, w = a.shape[-2:]
        both = torch.cat([a, offset(x, h, w)], dim=1)  # channels-last: one row per pixel, both grids' channels
        y = torch.addmm(bias, both.permute(0, 2, 3, 1).reshape(-1, 2 * c), mm)
        return y.view(n, h, w, -1).permute(0, 3, 1, 2)
    return fr_cl


def _fold_op(op: nn.Module, cl: bool):
    """A cell operation as (reads the rectified state?, function of that state)."""
    from workbench_nas_tir.ops import DilConv, FactorizedReduce, ReLUConvBN, SepConv

    F_ = torch.nn.functional
    if isinstance(op, nn.Identity):
        return False, lambda x: x
    if isinstance(op, nn.MaxPool2d):
        return False, lambda x: F_.max_pool2d(x, op.kernel_size, op.stride, op.padding)
    if isinstance(op, nn.AvgPool2d) and _AvgPool.handles(op):
        return False, _AvgPool(op, cl)
    if isinstance(op, nn.AvgPool2d):
        return False, lambda x: F_.avg_pool2d(x, op.kernel_size, op.stride, op.padding, op.ceil_mode,
                                              op.count_include_pad, op.divisor_override)
    if isinstance(op, ReLUConvBN):  # ReLU, conv, BN
        conv = _Conv(op.op[1], op.op[2], cl)
        return True, conv
    if isinstance(op, DilConv):  # ReLU, depth-wise conv, point-wise conv, BN
        dw, pw = _Conv(op.op[1], None, cl), _Conv(op.op[2], op.op[3], cl)
        return True, lambda x: pw(dw(x))
    if isinstance(op, SepConv):  # two DilConvs: the second one's ReLU on the first one's fresh output
        _, a = _fold_op(op.op[0], cl)
        _, b = _fold_op(op.op[1], cl)
        return True, lambda x: b(F_.relu_(a(x)))
    if isinstance(op, FactorizedReduce):
        return True, _factorized_reduce(op, cl)
    raise TypeError(f"TrackingNet cannot fold a {type(op).__name__} operation; track with fast=False")


class _FoldedCell:
    def __init__(self, cell: DerivedCell, cl: bool):
        self.ni = cell.ni
        self.pre0 = _fold_op(cell.pre0, cl)[1] if cell.ni == 2 else None
        self.pre1 = _fold_op(cell.pre1, cl)[1]
        ops = iter(cell.ops)
        self.nodes = [[(src, *_fold_op(next(ops), cl)) for _op, src in node] for node in cell.nodes]

    def __call__(self, r0: torch.Tensor, r1: torch.Tensor) -> torch.Tensor:
        """The cell's output from its inputs already rectified (every input is read through a ReLU)."""
        states = [self.pre1(r1)] if self.ni == 1 else [self.pre0(r0), self.pre1(r1)]
        rect: dict[int, torch.Tensor] = {}
        for node in self.nodes:
            acc = None
            for src, wants_relu, fn in node:
                x = states[src]
                if wants_relu:
                    if src not in rect:
                        rect[src] = torch.relu(x)
                    x = rect[src]
                y = fn(x)
                acc = y if acc is None else acc + y
            states.append(acc)
        return torch.cat(states[self.ni:], dim=1)


class TrackingNet:
    """``DerivedNetwork.features`` of a network in eval mode, folded (see above)."""

    def __init__(self, net: DerivedNetwork, channels_last: bool | None = None):
        if net.training:
            raise ValueError("TrackingNet folds the batch-norm running statistics: put the network in eval mode "
                             "(net.eval()) first; training uses DerivedNetwork itself")
        p = next(net.parameters())
        self.channels_last = (p.device.type == "cpu" and p.dtype == torch.float32) if channels_last is None \
            else bool(channels_last)
        cl = self.channels_last
        self.spec = net.spec
        self.stem = _Conv(net.stem[0], net.stem[1], cl)
        self.cells = [_FoldedCell(c, cl) for c in net.cells]
        self.head = _Conv(net.head[1], net.head[2] if net.spec.neck == "map" else None, cl)

    def features(self, x: torch.Tensor, layer: int = -1) -> torch.Tensor:
        """As ``DerivedNetwork.features``: the head's map (``layer`` = -1) or the output of cell ``layer``."""
        s = self.stem(x)
        if self.channels_last:  # a one-channel input is NCHW and channels-last alike: the stem's output says NCHW
            s = s.contiguous(memory_format=torch.channels_last)
        r = torch.relu(s)
        r0 = r1 = r
        for i, cell in enumerate(self.cells):
            out = cell(r0, r1)
            if i == layer:
                return out
            r0, r1 = r1, torch.relu(out)
        return self.head(r1)
