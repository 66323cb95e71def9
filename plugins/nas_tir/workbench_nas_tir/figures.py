"""Matplotlib figures and table exports of a search (Qt-free: the inspector and scripts share them).

* ``alpha_figure``: the two alpha matrices (edges x operations, softmax weights) side by side, as
  the paper's Fig. 4;
* ``cell_figure``: a derived cell as a graph (inputs, four intermediate nodes, output), edges
  curved around the nodes (``route_cell``, which the dock's graph shares) and labelled with their
  operation's short name where the label covers no node and no other label (a key under the figure),
  normal and reduction side by side;
* ``history_rows`` / ``write_history_csv``: every epoch's softmax alpha as long-format rows.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

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


# what each short op name stands for: the key under the exported cell figure (the dock's tooltip)
SHORT_KEY = {"none": "zero", "max3": "3x3 max pool", "avg3": "3x3 avg pool", "sep3": "3x3 separable conv",
             "sep5": "5x5 separable conv", "skip": "identity", "dil3": "3x3 dilated conv",
             "dil5": "5x5 dilated conv"}

# the bends tried for an edge (the quadratic curve's control point off the chord's middle, in chord
# lengths), the straightest first; and where along it (curve parameter) a label is tried
BENDS = (0.0, 0.12, -0.12, 0.24, -0.24, 0.36, -0.36, 0.5, -0.5, 0.65, -0.65, 0.8, -0.8)
LABEL_TS = (0.5, 0.44, 0.56, 0.38, 0.62, 0.32, 0.68, 0.26, 0.74, 0.2, 0.8)


def op_key(genotype: dict) -> str:
    """``sep3 = 3x3 separable conv, ...`` for the short names the cell's edges carry (both cells)."""
    used = {SHORT.get(op, op) for part in ("normal", "reduce") for node in genotype.get(part) or [] for op, _s in node}
    return ", ".join(f"{s} = {SHORT_KEY[s]}" for s in SHORT_KEY if s in used)


def curve_points(p0, c, p1, n: int = 48) -> np.ndarray:
    """``n`` points of the quadratic Bezier curve p0 -> p1 with control point ``c``."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    p0, c, p1 = (np.asarray(v, dtype=float) for v in (p0, c, p1))
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * c + t ** 2 * p1


def route_cell(pos: dict, edges: list, radius: float, label_sizes: list, bounds) -> tuple[list, list]:
    """Curves and label places for a cell graph drawn in an isotropic plane (pixels, or a figure's
    equal-aspect data units) where nodes are circles of ``radius`` at ``pos``.

    Every edge is a quadratic curve bent (the least that does) to pass no node but its own two ends and
    to keep off the curves routed before it; every edge with a label size ((w, h); None: no label) gets
    a place along its curve where the label covers no node and no other label and crosses as few other
    curves as it can, inside ``bounds`` (x0, y0, x1, y1).
    Returns ([(p0, control, p1)] per edge, [label centre or None] per edge).

    The candidates (bends of a curve, places of a label) are costed together as arrays: one at a time
    this took 0.09 s a cell, on the GUI thread when the NAS inspector's graph was drawn or resized; then
    0.04 s (0.11-0.17 s on a busy 2-core machine: the stall of each epoch of a search, of Resume), with the
    bends' curves made one by one, every point measured against every routed curve's and Python loops over
    the labels' neighbours: about 0.016 s now, the same curves and places."""
    P = {k: np.asarray(v, dtype=float) for k, v in pos.items()}
    names = list(P)
    Q = np.array([P[n] for n in names], dtype=float).reshape(-1, 2)
    x0, y0, x1, y1 = bounds
    clear = 1.6 * radius
    order = sorted(range(len(edges)), key=lambda i: (edges[i][2] == "concat",
                                                      float(np.linalg.norm(P[edges[i][1]] - P[edges[i][0]]))))
    bends = np.asarray(BENDS, dtype=float)
    t = np.linspace(0.0, 1.0, 48)[None, :, None]  # curve_points' parameter, for every bend at once
    curves: list = [None] * len(edges)
    samples: list = [None] * len(edges)
    routed: list[int] = []
    for i in order:
        a, b, _op = edges[i]
        d_ab = P[b] - P[a]
        # each bend's control point (off the chord's middle, across it) and its curve's points (curve_points)
        ctrl = (P[a] + P[b]) / 2 + bends[:, None] * np.array([-d_ab[1], d_ab[0]])  # (B, 2)
        pts = (1 - t) ** 2 * P[a] + 2 * (1 - t) * t * ctrl[:, None, :] + t ** 2 * P[b]  # (B, n, 2)
        cost = np.abs(bends)
        others = [k for k, n in enumerate(names) if n not in (a, b)]
        if others:
            d = np.hypot(pts[:, :, None, 0] - Q[None, None, others, 0],
                         pts[:, :, None, 1] - Q[None, None, others, 1]).min(axis=1)  # (B, nodes)
            cost = cost + (100.0 * np.maximum(0.0, clear - d) / radius).sum(axis=1)
        out = ((pts[..., 0] < x0) | (pts[..., 0] > x1) | (pts[..., 1] < y0) | (pts[..., 1] > y1)).mean(axis=1)
        cost = cost + 100.0 * out
        # keep off the curves already routed (a run alongside one, not a crossing), away from the
        # ends (where edges into one node meet anyway)
        if routed:
            to_a = np.hypot(pts[..., 0] - P[a][0], pts[..., 1] - P[a][1])  # (B, n)
            to_b = np.hypot(pts[..., 0] - P[b][0], pts[..., 1] - P[b][1])
            near = _near_routed(pts, [samples[j] for j in routed], 0.7 * radius)  # (B, n, J)
            for col, j in enumerate(routed):
                ends = edges[j][:2]
                keep = ((to_a > (4.0 if a in ends else 2.5) * radius)
                        & (to_b > (4.0 if b in ends else 2.5) * radius))  # (B, n)
                kept = keep.sum(axis=1)
                hit = (near[:, :, col] & keep).sum(axis=1)
                frac = np.where(kept > 0, hit / np.maximum(kept, 1), 0.2)
                cost = cost + np.where(kept > 0, 4.0 * np.maximum(0.0, frac - 0.2), 0.0)
        k = _first_least(cost)
        curves[i] = (P[a], ctrl[k], P[b])
        samples[i] = pts[k]
        routed.append(i)
    places: list = [None] * len(edges)
    boxes: dict = {}
    # the label candidates along a curve: (t, shift) in the order tried, the first of equal cost kept
    ts = np.repeat(np.asarray(LABEL_TS, dtype=float), 3)
    shifts = np.tile(np.array([0.0, 0.6, -0.6]), len(LABEL_TS))
    # every curve's points and every node at once (a Python loop over each, for each label candidate set, took
    # about as long as the routing itself)
    all_pts = np.stack(samples)  # (E, m, 2)
    qx, qy = Q[:, 0][None, :], Q[:, 1][None, :]  # (1, nodes)
    for _round in range(2):  # a second pass moves each label again, knowing all the others
        for i, size in enumerate(label_sizes):
            if size is None:
                continue
            w, h = size
            pts = samples[i]
            n = len(pts)
            k = np.rint(ts * (n - 1)).astype(int)
            tangent = pts[np.minimum(k + 1, n - 1)] - pts[np.maximum(k - 1, 0)]
            norm = np.maximum(np.linalg.norm(tangent, axis=1), 1e-9)
            normal = np.stack([-tangent[:, 1], tangent[:, 0]], axis=1) / norm[:, None]
            centre = pts[k] + (shifts * h)[:, None] * normal
            bx = np.stack([centre[:, 0] - w / 2, centre[:, 1] - h / 2, centre[:, 0] + w / 2, centre[:, 1] + h / 2],
                          axis=1)
            cost = 2.0 * np.abs(ts - 0.5) + 4.0 * np.abs(shifts)  # on its curve if it can
            cost = cost + 1000.0 * (1 - _overlaps(bx, np.array([x0, y0, x1, y1])) / (w * h))
            gap = 0.25 * h  # a little space between two names
            placed = [o for j, o in boxes.items() if j != i]
            if placed:
                g = np.asarray(placed) + np.array([-gap, -gap, gap, gap])  # (K, 4)
                ow = np.minimum(bx[:, None, 2], g[None, :, 2]) - np.maximum(bx[:, None, 0], g[None, :, 0])
                oh = np.minimum(bx[:, None, 3], g[None, :, 3]) - np.maximum(bx[:, None, 1], g[None, :, 1])
                cost = cost + (1000.0 * np.where((ow > 0) & (oh > 0), ow * oh, 0.0) / (w * h)).sum(axis=1)
            cx = np.clip(qx, bx[:, 0:1], bx[:, 2:3])  # (C, nodes): each node's nearest point of each box
            cy = np.clip(qy, bx[:, 1:2], bx[:, 3:4])
            reach = np.maximum(0.0, 1.1 * radius - np.hypot(qx - cx, qy - cy))
            cost = cost + (500.0 * reach / radius).sum(axis=1)
            other = np.delete(all_pts, i, axis=0).reshape(-1, 2)  # the other curves' points
            if len(other):
                inside = ((other[None, :, 0] > bx[:, 0:1]) & (other[None, :, 0] < bx[:, 2:3])
                          & (other[None, :, 1] > bx[:, 1:2]) & (other[None, :, 1] < bx[:, 3:4]))
                cost = cost + 1.0 * inside.sum(axis=1)
            c = _first_least(cost)
            places[i], boxes[i] = (float(centre[c, 0]), float(centre[c, 1])), tuple(float(v) for v in bx[c])
    return curves, places


def _near_routed(pts: np.ndarray, others: list, reach: float) -> np.ndarray:
    """(B, n, J): whether each candidate curve point of ``pts`` (B, n, 2) lies within ``reach`` of a point of
    routed curve j. Only the points inside curve j's box grown by ``reach`` are measured against it: every
    pair measured (B x n x J x m distances for each edge) took most of a cell's 0.04-0.15 s routing, on the GUI
    thread at each epoch of a search in the NAS inspector."""
    flat = pts.reshape(-1, 2)
    near = np.zeros((len(flat), len(others)), dtype=bool)
    reach2 = reach * reach
    for col, other in enumerate(others):
        lo, hi = other.min(axis=0) - reach, other.max(axis=0) + reach
        idx = np.flatnonzero((flat[:, 0] > lo[0]) & (flat[:, 0] < hi[0]) & (flat[:, 1] > lo[1]) & (flat[:, 1] < hi[1]))
        if idx.size:
            d = flat[idx, None, :] - other[None, :, :]
            near[idx, col] = ((d[..., 0] * d[..., 0] + d[..., 1] * d[..., 1]) < reach2).any(axis=1)
    return near.reshape(pts.shape[0], pts.shape[1], len(others))


def _first_least(cost: np.ndarray) -> int:
    """The candidate a one-by-one search keeps: the first whose cost beats every earlier one's by 1e-9."""
    best = 0
    for k in range(1, len(cost)):
        if cost[k] < cost[best] - 1e-9:
            best = k
    return best


def _overlaps(boxes: np.ndarray, other) -> np.ndarray:
    """Area each box (x0, y0, x1, y1) shares with ``other`` ."""
    w = np.minimum(boxes[:, 2], other[2]) - np.maximum(boxes[:, 0], other[0])
    h = np.minimum(boxes[:, 3], other[3]) - np.maximum(boxes[:, 1], other[1])
    return np.where((w > 0) & (h > 0), w * h, 0.0)


def trimmed(curve, radius: float, n: int = 48) -> np.ndarray:
    """A routed curve's points outside its two end nodes' circles (where an arrow starts and ends)."""
    p0, c, p1 = curve
    pts = curve_points(p0, c, p1, n)
    keep = (np.linalg.norm(pts - p0, axis=1) >= radius) & (np.linalg.norm(pts - p1, axis=1) >= radius)
    return pts[keep] if keep.sum() >= 2 else pts


NODE_COLORS = {"s": "#f3c969", "n": "#a8c8e8", "o": "#b8d8a8"}


def draw_cell(ax, genotype: dict, part: str) -> None:
    """The derived cell on ``ax``: nodes as circles, edges as curves routed around the other nodes,
    each labelled with its short op name (see ``op_key``) where it covers no node and no other label."""
    from matplotlib.patches import Circle, FancyArrowPatch
    from matplotlib.path import Path as MPath

    pos, edges = cell_layout(genotype, part)
    R = 0.27
    xs = [x for x, _y in pos.values()]
    ys = [y for _x, y in pos.values()]
    bounds = (min(xs) - 0.45, min(ys) - 0.5, max(xs) + 0.4, max(ys) + 0.5)
    ax.set_xlim(bounds[0], bounds[2])
    ax.set_ylim(bounds[1], bounds[3])
    ax.set_aspect("equal")
    ax.axis("off")
    labels = []
    for a, b, op in edges:
        if op == "concat":
            labels.append(None)
            continue
        t = ax.text(0, 0, SHORT.get(op, op), fontsize=8, ha="center", va="center", color="#1d3d66", zorder=5,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="#c8d4e4", lw=0.5, alpha=0.92))
        t.set_in_layout(False)
        t.set_gid(f"op:{a}->{b}")
        labels.append(t)
    # the label sizes in data units need the axes' final place (layout and aspect) on the page
    ax.figure.draw_without_rendering()
    inv = ax.transData.inverted()
    sizes = []
    for t in labels:
        if t is None:
            sizes.append(None)
            continue
        bb = t.get_window_extent()
        (u0, v0), (u1, v1) = inv.transform([(bb.x0, bb.y0), (bb.x1, bb.y1)])
        sizes.append((abs(u1 - u0) * 1.1, abs(v1 - v0) * 1.15))
    curves, places = route_cell(pos, edges, R, sizes, bounds)
    for (a, b, op), curve, t, place in zip(edges, curves, labels, places):
        concat = op == "concat"
        arrow = FancyArrowPatch(path=MPath(trimmed(curve, R)), arrowstyle="-|>", mutation_scale=9,
                                color="#888" if concat else "#3b6ea8", lw=1.0 if concat else 1.6, zorder=2)
        arrow.set_gid(f"edge:{a}->{b}")
        ax.add_patch(arrow)
        if t is not None:
            t.set_position(place)
    for name, (x, y) in pos.items():
        circle = Circle((x, y), R, fc=NODE_COLORS[name[0]], ec="#333", lw=1.0, zorder=3)
        circle.set_gid(f"node:{name}")
        ax.add_patch(circle)
        ax.text(x, y, name, ha="center", va="center", fontsize=9, zorder=4)


def cell_figure(genotype: dict, title: str = ""):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 3.4), constrained_layout=True)
    axes = fig.subplots(1, 2)
    for ax, part in zip(axes, ("normal", "reduce")):
        ax.set_title(f"derived {genotype['cell']}-bottom {'normal' if part == 'normal' else 'reduction'} cell")
    fig.supxlabel(op_key(genotype), fontsize=8, color="0.3")
    if title:
        fig.suptitle(title)
    for ax, part in zip(axes, ("normal", "reduce")):
        draw_cell(ax, genotype, part)
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


def write_history_csv(path: str | Path, history: list[dict], kind: str, bom: bool = False) -> Path:
    """``history_rows`` as CSV (``csvtable.csv_text`` written by ``write_csv``: ``\\n`` line ends as every CSV of
    the workbench, where ``csv.writer``'s own were ``\\r\\n``; ``bom``: a UTF-8 byte-order mark first, for Excel)."""
    from workbench.core.csvtable import csv_text, write_csv

    header = ["epoch", "cell_type", "edge", "edge_label", "op", "softmax_alpha"]
    return write_csv(path, csv_text(history_rows(history, kind), header), bom)
