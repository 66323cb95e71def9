"""The NAS inspector's cell graph routed its edges again (0.04 s alone, 0.11-0.17 s on a busy 2-core machine,
on the GUI thread) at each epoch of a search and Resume, though the genotype shown was mostly the one before:
a routing is made once per cell and size now, and the routing itself is cheaper with the same result (the
curves and label places of the former one-point-at-a-time measure, checked here on a few cells)."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")

GENOTYPE = {"cell": "dual", "normal": [[["sep_conv_3x3", 0], ["skip_connect", 1]], [["dil_conv_3x3", 2], ["max_pool_3x3", 0]],
                                       [["sep_conv_5x5", 3], ["skip_connect", 1]], [["avg_pool_3x3", 4], ["dil_conv_5x5", 2]]],
            "reduce": [[["max_pool_3x3", 0], ["max_pool_3x3", 1]]] * 4}


def test_cell_graph_routes_a_shown_cell_once(qtbot, monkeypatch):
    from workbench_nas_tir import inspector

    calls = []
    real = inspector.route_cell
    monkeypatch.setattr(inspector, "route_cell", lambda *a, **k: calls.append(1) or real(*a, **k))
    graph = inspector.CellGraph()
    qtbot.addWidget(graph)
    graph.resize(300, 110)
    graph.show()
    qtbot.waitExposed(graph)
    calls.clear()
    graph.show_cell(GENOTYPE, "normal")
    rects = [r.getRect() for r in graph.label_rects]
    graph.show_cell(dict(GENOTYPE), "normal")  # the next epoch, same cell
    graph.show_cell(GENOTYPE, "reduce")
    graph.show_cell(GENOTYPE, "normal")  # the part combo back
    assert len(calls) == 2, calls
    assert [r.getRect() for r in graph.label_rects] == rects and len(rects) == 8


def _reference_near(pts, others, reach):
    import numpy as np

    other = np.stack(others)
    dx = pts[:, :, None, None, 0] - other[None, None, :, :, 0]
    dy = pts[:, :, None, None, 1] - other[None, None, :, :, 1]
    return (np.sqrt(dx * dx + dy * dy) < reach).any(axis=3)


def test_near_routed_matches_every_pair_measured():
    import numpy as np

    from workbench_nas_tir.figures import _near_routed

    rng = np.random.default_rng(3)
    for _ in range(20):
        pts = rng.uniform(0, 200, (13, 48, 2))
        others = [rng.uniform(0, 200, (2, 2)).mean(axis=0) + rng.normal(0, 30, (48, 2)) for _ in range(5)]
        assert np.array_equal(_near_routed(pts, others, 7.7), _reference_near(pts, others, 7.7))


def test_a_search_epochs_cell_is_routed_on_a_worker(qtbot, monkeypatch):
    """A search's epoch (and the part combo) shows its cell with the routing made on a worker: the cell shown
    stays until it is done, then the newest cell asked for is drawn."""
    import threading

    from workbench_nas_tir import inspector

    threads = []
    real = inspector.route_cell
    monkeypatch.setattr(inspector, "route_cell",
                        lambda *a, **k: threads.append(threading.current_thread() is threading.main_thread())
                        or real(*a, **k))
    graph = inspector.CellGraph()
    qtbot.addWidget(graph)
    graph.resize(300, 110)
    graph.show()
    qtbot.waitExposed(graph)
    graph.show_cell(GENOTYPE, "reduce")
    before = [r.getRect() for r in graph.label_rects]
    threads.clear()
    graph.show_cell_soon(GENOTYPE, "normal")
    graph.show_cell_soon(GENOTYPE, "reduce")  # routed already: drawn now
    graph.show_cell_soon(GENOTYPE, "normal")
    assert [r.getRect() for r in graph.label_rects] == before  # the reduction cell is still on show
    qtbot.waitUntil(lambda: not graph._route_job.running and [r.getRect() for r in graph.label_rects] != before,
                    timeout=10000)
    assert threads == [False], threads  # one routing, on a worker
    graph.show_cell(GENOTYPE, "normal")
    assert threads == [False]  # the worker's routing is the one drawn
