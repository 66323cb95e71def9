"""The NAS inspector dock in the real window (offscreen): a tiny search runs in its worker with the
heatmaps following it, the epochs replay with the slider, the derived cell and its cost show, and
everything exports."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")


def test_search_live_replay_and_export(window, registry, qtbot, tmp_path):
    from workbench_nas_tir.data import build_bank
    from workbench_nas_tir.inspector import NASInspector
    from workbench_nas_tir.search import SearchConfig

    n = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
        assert isinstance(dock, NASInspector)
        bank = build_bank([], synthetic=2, frames_per_id=6, crop=16, synth_frames=30)
        cfg = SearchConfig(cell="dual", cells=2, width=4, dims=8, reductions=1, crop=16, epochs=3, steps_per_epoch=2,
                           m=2, n=2, real=False, synthetic=2, live_every=1)
        seen = []
        dock.heat_normal.image.sigImageChanged.connect(lambda: seen.append(dock.heat_normal.data.copy()))
        dock.start_search(out_dir=tmp_path / "search", config=cfg, bank=bank)
        assert dock.running and not dock.search_btn.isEnabled()
        qtbot.waitUntil(lambda: not dock.running, timeout=120000)
        assert dock.search_btn.isEnabled()
        assert dock.progress.value() == dock.progress.maximum() and dock.progress.format() == "%p%"
        assert [h["epoch"] for h in dock.history] == [0, 1, 2, 3]
        assert len(seen) >= 6  # redrawn live at every step, not only at the end
        assert dock.heat_normal.data.shape == (14, 8)
        assert not np.allclose(seen[0], seen[-1])  # the alphas moved
        # replay: epoch 0 is the initial, nearly uniform alpha
        dock.slider.setValue(0)
        assert np.allclose(dock.heat_normal.data, 1 / 8, atol=0.01)
        assert "epoch 0" in dock.epoch_label.text()
        dock.slider.setValue(3)
        assert not np.allclose(dock.heat_normal.data, 1 / 8, atol=0.01)
        assert dock.genotype is not None
        qtbot.waitUntil(lambda: not dock.cost_pending, timeout=30000)  # counted on a worker
        assert "params" in dock.cost.text()
        assert dock.graph.scene().items()
        files = dock.export(tmp_path / "export")
        names = {p.name for p in files}
        assert {"alpha_epoch3.png", "alpha_epoch3.svg", "alpha_epoch3.pdf", "alpha_history.csv", "alpha_history.json",
                "derived_cell.png", "derived_cell.svg", "derived_cell.pdf", "genotype.json"} <= names
        assert all(p.stat().st_size > 0 for p in files)
        # a fresh dock replays the saved folder
        other = NASInspector(window, registry.get("nas_tir"))
        other.load_folder(tmp_path / "search")
        assert other.slider.maximum() == 3
    finally:
        torch.set_num_threads(n)


def test_cancel_keeps_completed_epochs(window, registry, qtbot, tmp_path):
    from workbench_nas_tir.data import build_bank
    from workbench_nas_tir.search import SearchConfig

    n = torch.get_num_threads()
    torch.set_num_threads(1)
    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    bank = build_bank([], synthetic=2, frames_per_id=6, crop=16, synth_frames=30)
    cfg = SearchConfig(cell="single", cells=2, width=4, dims=8, reductions=1, crop=16, epochs=50, steps_per_epoch=2,
                       m=2, n=2, real=False, synthetic=2, live_every=1)
    dock.start_search(out_dir=tmp_path / "s", config=cfg, bank=bank)
    qtbot.waitUntil(lambda: len(dock.history) >= 2, timeout=60000)
    dock.cancel_search()
    qtbot.waitUntil(lambda: not dock.running, timeout=60000)
    assert "cancelled" in dock.status.text()
    # the bar says so: it stood at the fraction done as if the search still went
    assert dock.progress.value() == 0 and dock.progress.format() == "cancelled"
    assert dock.heat_normal.data.shape == (10, 8)
    assert (tmp_path / "s" / "last.pt").is_file()
    torch.set_num_threads(n)


def test_panel_describes_weights(qtbot, tmp_path):
    from workbench_nas_tir import PLUGIN
    from workbench_nas_tir.panel import NASTIRPanel

    p = NASTIRPanel(PLUGIN)
    qtbot.addWidget(p)
    assert p.label.text()
    assert "workbench train nas_tir" in NASTIRPanel.describe(str(tmp_path / "missing.pt"))


def test_alpha_heatmap_hover_names_edge_and_operation(qtbot):
    import pyqtgraph as pg

    from workbench_nas_tir.figures import edge_labels
    from workbench_nas_tir.inspector import AlphaHeatmap
    from workbench_nas_tir.ops import PRIMITIVES

    heat = AlphaHeatmap("normal cell α (softmax)")
    qtbot.addWidget(heat)
    heat.resize(260, 260)
    heat.show()
    qtbot.waitExposed(heat)
    a = np.full((14, 8), 1 / 8, dtype=np.float32)
    a[5, 3] = 0.5
    heat.set_alpha(a, "dual")
    qtbot.wait(20)
    vb = heat.getPlotItem().vb
    heat._hover(vb.mapViewToScene(pg.Point(3.5, 5.5)))
    assert heat.toolTip() == f"{edge_labels('dual')[5]}  {PRIMITIVES[3]}: 0.500"
    heat._hover(vb.mapViewToScene(pg.Point(-3.0, 5.5)))  # left of the matrix
    assert heat.toolTip() == ""


def test_form_with_two_cells_searches_with_one_reduction(window, registry, qtbot, tmp_path, monkeypatch):
    """The form allows 2 cells; the default 2 reduction cells made the model raise
    "reductions must be in [0, cells)". The form's config now fits the cells and says so."""
    from workbench_nas_tir import search
    from workbench_nas_tir.model import reduction_positions

    seen = []

    def fake_search(cfg, out_dir, ctx=None, resume=False, bank=None):
        seen.append(reduction_positions(cfg.cells, cfg.reductions))  # what the real search builds first
        yield {"kind": "done"}

    monkeypatch.setattr(search, "search_events", fake_search)
    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    dock.search_in_process = False  # the patched search is a local function: it does not pickle
    dock.cells.setValue(2)
    dock.start_search(out_dir=tmp_path / "s")
    assert "2 cells hold at most 1 reduction cell" in dock.status.text()
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert seen == [[1]] and "failed" not in dock.status.text()
    dock.cells.setValue(5)  # the default still gets the default reductions, without a note
    assert dock.search_config().reductions == 2 and dock.reductions_note == ""


def test_alpha_heatmap_has_a_colour_bar_and_readable_row_labels(qtbot):
    """The heatmap's values can be read: a colour bar shows the scale (0 to the largest alpha, at least
    0.25, as its tooltip says); rows too thin for a label each are labelled once per node; the cell
    graph's op names keep their size on screen however far the scene is scaled down."""
    from PySide6.QtWidgets import QGraphicsTextItem

    from workbench_nas_tir.inspector import SCALE_FLOOR, AlphaHeatmap, CellGraph

    heat = AlphaHeatmap("normal cell α (softmax)")
    qtbot.addWidget(heat)
    heat.resize(260, 600)
    heat.show()
    qtbot.waitExposed(heat)
    a = np.full((14, 8), 1 / 8, dtype=np.float32)
    heat.set_alpha(a, "dual")
    assert heat.bar.levels() == (0.0, SCALE_FLOOR) and "0.25" in heat.bar.toolTip()
    a[5, 3] = 0.5
    heat.set_alpha(a, "dual")
    assert heat.bar.levels() == (0.0, 0.5)
    left = heat.getPlotItem().getAxis("left")
    assert not heat.grouped and len(left._tickLevels[0]) == 14
    heat.resize(260, 150)  # a 1366x768 window's dock: rows of about 6 px
    qtbot.waitUntil(lambda: heat.grouped, timeout=2000)
    assert [t for _, t in left._tickLevels[0]] == ["\u2192n0", "\u2192n1", "\u2192n2", "\u2192n3"]
    graph = CellGraph()
    qtbot.addWidget(graph)
    graph.resize(260, 100)
    graph.show()
    graph.show_cell({"cell": "dual", "normal": [[["sep_conv_3x3", 0], ["skip_connect", 1]]] * 4}, "normal")
    names = [t for t in graph.scene().items() if isinstance(t, QGraphicsTextItem) and t.toPlainText() == "sep3"]
    assert names and all(t.flags() & t.GraphicsItemFlag.ItemIgnoresTransformations for t in names)
