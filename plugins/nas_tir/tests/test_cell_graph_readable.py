"""The derived cell's graph, in the dock (1366x768: a pane of about 339x80 px) and in the exported figure:
node names keep a readable size, no op name covers another or a node, and no edge runs through a node
it does not join (the export's s0 -> n3 ran behind n1; the dock scaled the node names to about 5 px and
its op names overlapped).

Both checks read what was drawn (text, ellipses and paths on screen; texts and arrows on the page), not
the routing's own numbers."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

NODE_NAMES = {"s", "s0", "s1", "n0", "n1", "n2", "n3", "out"}


def _genotypes() -> list[dict]:
    import workbench_nas_tir

    weights = Path(workbench_nas_tir.__file__).parent / "weights"
    shipped = [json.loads((weights / f"genotype_{k}.json").read_text()) for k in ("dual", "single")]
    rng = np.random.default_rng(3)
    ops = ["max_pool_3x3", "avg_pool_3x3", "sep_conv_3x3", "sep_conv_5x5", "skip_connect", "dil_conv_3x3",
           "dil_conv_5x5"]
    made = []
    for _ in range(4):  # random cells: any two earlier states into each node
        g = {"cell": "dual"}
        for part in ("normal", "reduce"):
            g[part] = [[[str(rng.choice(ops)), int(s)] for s in rng.choice(2 + j, 2, replace=False)] for j in range(4)]
        made.append(g)
    return shipped + made


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _box_circle(box, c, r) -> bool:
    x = min(max(c[0], box[0]), box[2])
    y = min(max(c[1], box[1]), box[3])
    return np.hypot(c[0] - x, c[1] - y) < r


def _check(labels: list, nodes: dict, radius: float, edges: list, where: str) -> None:
    """labels: op name boxes (x0, y0, x1, y1); nodes: name -> centre; edges: arrays of points along each
    edge; all in one pixel plane."""
    for a, b in itertools.combinations(labels, 2):
        assert not _overlap(a, b), f"{where}: op names overlap {a} {b}"
    for box in labels:
        for name, c in nodes.items():
            assert not _box_circle(box, c, 0.9 * radius), f"{where}: an op name covers node {name}"
    for pts in edges:
        d = {n: np.linalg.norm(pts - c, axis=1) for n, c in nodes.items()}
        ends = {min(d, key=lambda n: d[n][0]), min(d, key=lambda n: d[n][-1])}
        for n in set(nodes) - ends:
            assert d[n].min() > radius, f"{where}: the edge {sorted(ends)} runs through node {n}"


@pytest.mark.parametrize("index", range(6))
def test_exported_cell_figure_is_readable(index):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.patches import FancyArrowPatch

    from workbench_nas_tir.figures import cell_figure

    g = _genotypes()[index]
    fig = cell_figure(g)
    FigureCanvasAgg(fig).draw()
    r = 12 * fig.dpi / 72  # a node's circle is at least this wide (a 9 pt name inside it)
    for ax in fig.axes:
        texts = [t for t in ax.texts if t.get_text()]
        nodes = {t.get_text(): np.asarray(ax.transData.transform(t.get_position())) for t in texts
                 if t.get_text() in NODE_NAMES}
        labels = [tuple(t.get_window_extent().extents) for t in texts if t.get_text() not in NODE_NAMES]
        arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
        arrows += [t.arrow_patch for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
        edges = []
        for arrow in arrows:
            paths = arrow._get_path_in_displaycoord()[0]
            path = paths[0] if isinstance(paths, list) else paths
            edges.append(np.vstack([p for p in path.to_polygons(closed_only=False)]))
        n_ops = sum(len(node) for node in g["reduce" if "reduction" in ax.get_title() else "normal"])
        assert len(labels) == n_ops and len(edges) == n_ops + 4
        _check(labels, nodes, r, edges, f"{ax.get_title()}")


@pytest.mark.parametrize("index", range(6))
def test_dock_cell_graph_is_readable_at_1366x768(qtbot, index):
    from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsPathItem, QGraphicsTextItem

    from workbench_nas_tir.inspector import CellGraph

    graph = CellGraph()
    qtbot.addWidget(graph)
    graph.resize(339, 80)  # the pane a 1366x768 window gives it
    graph.show()
    qtbot.waitExposed(graph)
    g = _genotypes()[index]
    for part in ("normal", "reduce"):
        graph.show_cell(g, part)
        vt = graph.viewportTransform()

        def on_screen(item):
            return item.deviceTransform(vt).mapRect(item.boundingRect())

        items = graph.scene().items()
        texts = [t for t in items if isinstance(t, QGraphicsTextItem)]
        names = [t for t in texts if t.toPlainText() in NODE_NAMES]
        assert len(names) == len(g[part]) + (1 if g["cell"] == "single" else 2) + 1
        for t in names:  # the node names as large as the op names, not scaled down to fit
            assert on_screen(t).height() >= 10, (t.toPlainText(), on_screen(t))
        circles = [on_screen(e) for e in items if isinstance(e, QGraphicsEllipseItem)]
        radius = min(c.width() for c in circles) / 2
        nodes = {t.toPlainText(): np.array([on_screen(t).center().x(), on_screen(t).center().y()]) for t in names}
        labels = [(q.left(), q.top(), q.right(), q.bottom())
                  for q in (on_screen(t) for t in texts if t.toPlainText() not in NODE_NAMES)]
        edges = []
        for p in items:
            if isinstance(p, QGraphicsPathItem):
                path = p.deviceTransform(vt).map(p.path())
                edges.append(np.array([(path.pointAtPercent(s).x(), path.pointAtPercent(s).y())
                                       for s in np.linspace(0, 1, 60)]))
        n_ops = sum(len(node) for node in g[part])
        assert len(labels) == n_ops and len(edges) == n_ops + 4
        _check(labels, nodes, radius, edges, f"dock {part}")
