"""Matplotlib figures and table exports of a search (Qt-free: the inspector and scripts share them).

* ``alpha_figure``: the two alpha matrices (edges x operations, softmax weights) side by side, as
  the paper's Fig. 4;
* ``cell_figure``: a derived cell as a graph (inputs, four intermediate nodes, output), edges
  labelled with their operation, normal and reduction side by side;
* ``history_rows`` / ``write_history_csv``: every epoch's softmax alpha as long-format rows.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from workbench.core.results import atomic_write_text
from workbench_nas_tir.cells import edge_list, n_inputs
from workbench_nas_tir.ops import PRIMITIVES

# the colour scale's top is at least twice uniform alpha (1/8): a near-uniform alpha shows dim, not saturated
SCALE_FLOOR = 2.0 / len(PRIMITIVES)

SHORT = {"none": "none", "max_pool_3x3": "max3", "avg_pool_3x3": "avg3", "sep_conv_3x3": "sep3",
         "sep_conv_5x5": "sep5", "skip_connect": "skip", "dil_conv_3x3": "dil3", "dil_conv_5x5": "dil5"}


def state_name(i: int, kind: str) -> str:
    ni = n_inputs(kind)
    if i < ni:
        return "s" if ni == 1 else f"s{i}"
    return f"n{i - ni}"


def edge_labels(kind: str) -> list[str]:
    return [f"{state_name(src, kind)}\u2192n{node}" for node, src in edge_list(kind)]


def alpha_figure(alpha_normal, alpha_reduce, kind: str, title: str = ""):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 0.32 * len(edge_list(kind)) + 1.8), constrained_layout=True)
    axes = fig.subplots(1, 2)
    labels = edge_labels(kind)
    for ax, a, name in zip(axes, (alpha_normal, alpha_reduce), ("normal cell", "reduction cell")):
        a = np.asarray(a, dtype=float)
        # the dock's scale (inspector.AlphaHeatmap): 0 to the largest alpha, at least SCALE_FLOOR, so that a
        # near-uniform alpha (epoch 0: all 1/8) is dim here too; scaled to its own max it was all saturated
        top = max(float(a.max()), SCALE_FLOOR)
        im = ax.imshow(a, cmap="inferno", vmin=0.0, vmax=top, aspect="auto")
        ax.set_xticks(range(len(PRIMITIVES)), [SHORT[p] for p in PRIMITIVES], rotation=45, ha="right")
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        ax.set_title(f"{name}: softmax(alpha)")
        for (r, c), v in np.ndenumerate(a):
            ax.text(c, r, f"{v:.2f}", ha="center", va="center", fontsize=6,
                    color="white" if v < 0.6 * top else "black")
        fig.colorbar(im, ax=ax, shrink=0.8)
    if title:
        fig.suptitle(title)
    return fig


def cell_layout(genotype: dict, part: str):
    """Node positions and edges of a derived cell: ({name: (x, y)}, [(src, dst, op)])."""
    kind = genotype["cell"]
    ni = n_inputs(kind)
    pos = {}
    for i in range(ni):
        pos[state_name(i, kind)] = (0.0, 1.0 + 2.0 * i if ni == 2 else 2.0)
    for j in range(4):
        pos[f"n{j}"] = (1.5 + 1.2 * j, 3.2 if j % 2 == 0 else 0.8)
    pos["out"] = (1.5 + 1.2 * 4 + 0.4, 2.0)
    edges = [(state_name(int(src), kind), f"n{j}", op) for j, node in enumerate(genotype[part]) for op, src in node]
    edges += [(f"n{j}", "out", "concat") for j in range(4)]
    return pos, edges


def draw_cell(ax, genotype: dict, part: str) -> None:
    pos, edges = cell_layout(genotype, part)
    for a, b, op in edges:
        (x0, y0), (x1, y1) = pos[a], pos[b]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops=dict(arrowstyle="-|>", color="#888" if op == "concat" else "#3b6ea8",
                                    shrinkA=14, shrinkB=14, lw=1.0 if op == "concat" else 1.6,
                                    connectionstyle="arc3,rad=0.08"))
        if op != "concat":
            ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.12, op, fontsize=7, ha="center", color="#1d3d66",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
    for name, (x, y) in pos.items():
        color = "#f3c969" if name.startswith("s") else ("#b8d8a8" if name == "out" else "#a8c8e8")
        ax.scatter([x], [y], s=650, c=color, edgecolors="#333", zorder=3)
        ax.text(x, y, name, ha="center", va="center", fontsize=9, zorder=4)
    ax.set_xlim(-0.6, 7.2)
    ax.set_ylim(-0.2, 4.2)
    ax.axis("off")


def cell_figure(genotype: dict, title: str = ""):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 3.6), constrained_layout=True)
    axes = fig.subplots(1, 2)
    for ax, part in zip(axes, ("normal", "reduce")):
        draw_cell(ax, genotype, part)
        ax.set_title(f"derived {genotype['cell']}-bottom {'normal' if part == 'normal' else 'reduction'} cell")
    if title:
        fig.suptitle(title)
    return fig


def history_rows(history: list[dict], kind: str) -> list[list]:
    labels = edge_labels(kind)
    rows = []
    for h in history:
        for part, key in (("normal", "alpha_normal"), ("reduce", "alpha_reduce")):
            for e, row in enumerate(h[key]):
                for o, v in enumerate(row):
                    rows.append([h["epoch"], part, e, labels[e], PRIMITIVES[o], float(v)])
    return rows


def write_history_csv(path: str | Path, history: list[dict], kind: str) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["epoch", "cell_type", "edge", "edge_label", "op", "softmax_alpha"])
    w.writerows(history_rows(history, kind))
    return atomic_write_text(path, buf.getvalue())
