"""Deriving the discrete cell from alpha, and genotype JSON files.

Rule (Section 4.3.1): for every intermediate node keep the strongest incoming edge (single-bottom)
or the two strongest (dual-bottom); an edge's strength is its largest softmax weight over the
operations other than ``none``, and the kept edge carries that operation.

A genotype is plain JSON::

    {"format": "nas_tir-genotype/1", "cell": "dual",
     "normal": [[["sep_conv_3x3", 0], ["skip_connect", 1]], ... 4 nodes],
     "reduce": [...], "concat": [2, 3, 4, 5], "primitives": [...],
     "alpha_normal": [[...8 softmax weights] x edges], "alpha_reduce": [...], "meta": {...}}

Sources are state indices: 0 (.. n_inputs - 1) are the cell inputs, n_inputs + j is node j.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from workbench.core.errors import DataError
from workbench.core.results import write_json
from workbench_nas_tir.cells import STEPS, edge_list, n_edges, n_inputs
from workbench_nas_tir.ops import PRIMITIVES

FORMAT = "nas_tir-genotype/1"


def _softmax(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def derive_cell(weights, kind: str) -> list[list[tuple[str, int]]]:
    """``weights``: (edges, ops) softmax weights of one cell type -> per node its kept (op, source)."""
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n_edges(kind), len(PRIMITIVES)):
        raise ValueError(f"alpha for {kind}-bottom cells must be {n_edges(kind)} x {len(PRIMITIVES)}, got {w.shape}")
    keep = 1 if kind == "single" else 2
    none = PRIMITIVES.index("none")
    edges = edge_list(kind)
    nodes = []
    for j in range(STEPS):
        rows = [(e, src) for e, (node, src) in enumerate(edges) if node == j]
        scored = []
        for e, src in rows:
            cand = [(w[e, o], o) for o in range(len(PRIMITIVES)) if o != none]
            best_w, best_o = max(cand)
            scored.append((best_w, src, PRIMITIVES[best_o]))
        scored.sort(key=lambda t: (-t[0], t[1]))
        nodes.append([(op, src) for _w, src, op in sorted(scored[:keep], key=lambda t: t[1])])
    return nodes


def derive(alpha_normal, alpha_reduce, kind: str, softmax: bool = True, meta: dict | None = None) -> dict:
    """Genotype dict from raw alpha (``softmax=True``) or from softmax weights."""
    wn = _softmax(alpha_normal) if softmax else np.asarray(alpha_normal, dtype=np.float64)
    wr = _softmax(alpha_reduce) if softmax else np.asarray(alpha_reduce, dtype=np.float64)
    ni = n_inputs(kind)
    return {"format": FORMAT, "cell": kind,
            "normal": [[list(e) for e in node] for node in derive_cell(wn, kind)],
            "reduce": [[list(e) for e in node] for node in derive_cell(wr, kind)],
            "concat": list(range(ni, ni + STEPS)), "primitives": list(PRIMITIVES),
            "alpha_normal": wn.round(6).tolist(), "alpha_reduce": wr.round(6).tolist(), "meta": dict(meta or {})}


def validate(g: dict, source: str = "genotype") -> dict:
    if not isinstance(g, dict) or g.get("cell") not in ("single", "dual"):
        raise DataError(source, "not a nas_tir genotype (needs 'cell': 'single' | 'dual')")
    kind = g["cell"]
    ni = n_inputs(kind)
    keep = 1 if kind == "single" else 2
    for part in ("normal", "reduce"):
        nodes = g.get(part)
        if not isinstance(nodes, list) or len(nodes) != STEPS:
            raise DataError(source, f"'{part}' must list {STEPS} nodes")
        for j, node in enumerate(nodes):
            if not isinstance(node, list):  # a number or a text was len()'s TypeError traceback
                raise DataError(source, f"'{part}' node {j}: a list of {keep} [op, source] edge(s) is needed, "
                                        f"got {node!r}")
            if len(node) != keep:
                raise DataError(source, f"'{part}' node {j} must keep {keep} edge(s), has {len(node)}")
            for edge in node:
                if not isinstance(edge, list) or len(edge) != 2:
                    raise DataError(source, f"'{part}' node {j}: an edge is [op, source], got {edge!r}")
                op, src = edge
                if not isinstance(op, str) or op not in PRIMITIVES or op == "none":
                    raise DataError(source, f"'{part}' node {j}: unknown or unusable op {op!r}")
                # a source "0" (text) or 1.5 passed int() here and was describe()'s TypeError traceback, or built
                # on the node int() rounded it to
                if isinstance(src, bool) or not isinstance(src, int) or not 0 <= src < ni + j:
                    raise DataError(source, f"'{part}' node {j}: source {src!r} must be a whole number from 0 to "
                                            f"{ni + j - 1} (the cell's inputs, then the nodes before it)")
    concat = g.get("concat")
    if concat is not None and concat != list(range(ni, ni + STEPS)):  # was taken and never used: the network
        #                                                             concatenates every intermediate node
        raise DataError(source, f"'concat' {concat!r}: this cell concatenates all its {STEPS} intermediate nodes, "
                                f"{list(range(ni, ni + STEPS))}; give that (or leave 'concat' out)")
    return g


def save(path: str | Path, genotype: dict) -> Path:
    return write_json(path, genotype)


def load(path: str | Path) -> dict:
    p = Path(path)
    if p.is_dir():  # was "genotype file is missing", of a folder that is there
        hint = " (genotype.json is in it: give that)" if (p / "genotype.json").is_file() else ""
        raise DataError(p, f"is a folder; a genotype .json file is needed{hint}")
    if not p.is_file():
        raise DataError(p, "genotype file is missing")
    try:
        g = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(p, f"not JSON: {exc}") from None
    except UnicodeDecodeError:  # a weights file or an ONNX graph given as --genotype: was a traceback
        raise DataError(p, "not a genotype JSON (a binary file; `workbench search nas_tir` writes genotype.json)") \
            from None
    if isinstance(g, dict) and "epochs" in g and "normal" not in g:  # was "'normal' must list 4 nodes"
        raise DataError(p, "a search's alpha history, not a genotype: give the genotype.json the search wrote beside it")
    return validate(g, str(p))


def describe(g: dict) -> str:
    ni = n_inputs(g["cell"])
    names = ["s"] if ni == 1 else ["s0", "s1"]

    def src(i):
        return names[i] if i < ni else f"n{i - ni}"

    lines = []
    for part in ("normal", "reduce"):
        lines.append(f"{part}: " + "; ".join(
            f"n{j} <- " + " + ".join(f"{op}({src(s)})" for op, s in node) for j, node in enumerate(g[part])))
    return "\n".join(lines)
