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


def _control(p0, p1, bend: float) -> np.ndarray:
    p0, p1 = np.asarray(p0, dtype=float), np.asarray(p1, dtype=float)
    d = p1 - p0
    return (p0 + p1) / 2 + bend * np.array([-d[1], d[0]])


def _near(a: np.ndarray, b: np.ndarray, dist: float) -> np.ndarray:
    """Which points of ``a`` lie within ``dist`` of some point of ``b``."""
    if not len(a) or not len(b):
        return np.zeros(len(a), dtype=bool)
    return (np.linalg.norm(a[:, None, :] - b[None, :, :], axis=2) < dist).any(axis=1)


def _box_overlap(a, b) -> float:
    """Area shared by boxes (x0, y0, x1, y1)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _box_circle(box, centre, r: float) -> float:
    """How far a circle of radius ``r`` reaches into a box (0: apart)."""
    x = min(max(centre[0], box[0]), box[2])
    y = min(max(centre[1], box[1]), box[3])
    return max(0.0, r - float(np.hypot(centre[0] - x, centre[1] - y)))


def route_cell(pos: dict, edges: list, radius: float, label_sizes: list, bounds) -> tuple[list, list]:
    """Curves and label places for a cell graph drawn in an isotropic plane (pixels, or a figure's
    equal-aspect data units) where nodes are circles of ``radius`` at ``pos``.

    Every edge is a quadratic curve bent (the least that does) to pass no node but its own two ends and
    to keep off the curves routed before it; every edge with a label size ((w, h); None: no label) gets
    a place along its curve where the label covers no node and no other label and crosses as few other
    curves as it can, inside ``bounds`` (x0, y0, x1, y1).
    Returns ([(p0, control, p1)] per edge, [label centre or None] per edge)."""
    P = {k: np.asarray(v, dtype=float) for k, v in pos.items()}
    x0, y0, x1, y1 = bounds
    clear = 1.6 * radius
    order = sorted(range(len(edges)), key=lambda i: (edges[i][2] == "concat",
                                                      float(np.linalg.norm(P[edges[i][1]] - P[edges[i][0]]))))
    curves: list = [None] * len(edges)
    samples: list = [None] * len(edges)
    for i in order:
        a, b, _op = edges[i]
        best = None
        for bend in BENDS:
            c = _control(P[a], P[b], bend)
            pts = curve_points(P[a], c, P[b])
            cost = abs(bend)
            for name, q in P.items():
                if name not in (a, b):
                    d = float(np.min(np.linalg.norm(pts - q, axis=1)))
                    cost += 100.0 * max(0.0, clear - d) / radius
            out = ((pts[:, 0] < x0) | (pts[:, 0] > x1) | (pts[:, 1] < y0) | (pts[:, 1] > y1)).mean()
            cost += 100.0 * float(out)
            # keep off the curves already routed (a run alongside one, not a crossing), away from the
            # ends (where edges into one node meet anyway)
            for j, other in enumerate(samples):
                if other is None:
                    continue
                keep = np.ones(len(pts), dtype=bool)
                for end in (a, b):
                    near_end = 4.0 if end in edges[j][:2] else 2.5
                    keep &= np.linalg.norm(pts - P[end], axis=1) > near_end * radius
                if keep.any():
                    cost += 4.0 * max(0.0, float(_near(pts[keep], other, 0.7 * radius).mean()) - 0.2)
            if best is None or cost < best[0] - 1e-9:
                best = (cost, c, pts)
        curves[i] = (P[a], best[1], P[b])
        samples[i] = best[2]
    places: list = [None] * len(edges)
    boxes: dict = {}
    for _round in range(2):  # a second pass moves each label again, knowing all the others
        for i, size in enumerate(label_sizes):
            if size is None:
                continue
            w, h = size
            pts = samples[i]
            best = None
            for t in LABEL_TS:
                k = int(round(t * (len(pts) - 1)))
                tangent = pts[min(k + 1, len(pts) - 1)] - pts[max(k - 1, 0)]
                normal = np.array([-tangent[1], tangent[0]]) / max(float(np.linalg.norm(tangent)), 1e-9)
                for shift in (0.0, 0.6, -0.6):
                    cx, cy = pts[k] + shift * h * normal
                    box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                    cost = 2.0 * abs(t - 0.5) + 4.0 * abs(shift)  # on its curve if it can
                    inside = _box_overlap(box, (x0, y0, x1, y1))
                    cost += 1000.0 * (1 - inside / (w * h))
                    gap = 0.25 * h  # a little space between two names
                    cost += sum(1000.0 * _box_overlap(box, (o[0] - gap, o[1] - gap, o[2] + gap, o[3] + gap)) / (w * h)
                                for j, o in boxes.items() if j != i)
                    cost += sum(500.0 * _box_circle(box, q, 1.1 * radius) / radius for q in P.values())
                    for j, other in enumerate(samples):
                        if j != i:
                            cost += 1.0 * int(((other[:, 0] > box[0]) & (other[:, 0] < box[2])
                                               & (other[:, 1] > box[1]) & (other[:, 1] < box[3])).sum())
                    if best is None or cost < best[0] - 1e-9:
                        best = (cost, (float(cx), float(cy)), box)
            places[i], boxes[i] = best[1], best[2]
    return curves, places


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


def write_history_csv(path: str | Path, history: list[dict], kind: str) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["epoch", "cell_type", "edge", "edge_label", "op", "softmax_alpha"])
    w.writerows(history_rows(history, kind))
    return atomic_write_text(path, buf.getvalue())
