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
