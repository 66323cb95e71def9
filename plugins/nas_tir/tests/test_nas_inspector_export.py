"""The NAS alphas dock's Export… button: the six figures (alpha and derived cell, PNG / SVG / PDF) are
drawn and written on a worker, not the GUI thread (1.97 s frozen on the shipped replay, 2 busy cores),
and a failed write is a line in the dock's status, not a traceback from the button's slot."""
from __future__ import annotations

import threading

import pytest

pytest.importorskip("torch")


@pytest.fixture
def dock(window, registry, qtbot, shipped_copy, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    d = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    qtbot.waitUntil(lambda: not d.loading and d.search_dir is not None and not d.cost_pending, timeout=30000)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "out"))
    return d


def test_export_button_draws_on_a_worker(dock, qtbot, tmp_path, monkeypatch):
    from workbench.core.evaluation import plots

    threads = []
    real = plots.save_figure

    def save(fig, path):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(fig, path)

    monkeypatch.setattr(plots, "save_figure", save)
    dock.export_btn.click()
    qtbot.waitUntil(lambda: dock.export_btn.isEnabled() and "exported" in dock.status.text(), timeout=60000)
    assert threads and not any(threads), "figures were drawn on the GUI thread"
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"alpha_epoch8.png", "alpha_epoch8.svg", "alpha_epoch8.pdf", "alpha_history.csv", "alpha_history.json",
            "derived_cell.png", "derived_cell.svg", "derived_cell.pdf", "genotype.json", "derived_cost.json"} <= names
    assert dock.status.text() == f"exported {len(names)} files to {tmp_path / 'out'}"


def test_export_failure_is_a_message(dock, qtbot, tmp_path, monkeypatch):
    from workbench.core.evaluation import plots

    def refuse(fig, path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(plots, "save_figure", refuse)
    dock.export_btn.click()  # an exception out of the slot fails the test (pytest-qt captures it)
    qtbot.waitUntil(lambda: dock.export_btn.isEnabled() and "export failed" in dock.status.text(), timeout=60000)
    assert "Permission denied" in dock.status.toolTip() or "Permission denied" in dock.status.text()


def test_exported_alpha_figure_uses_the_docks_colour_scale():
    """The exported alpha figure scaled each matrix to its own max: epoch 0's near-uniform alpha (all
    about 1/8) came out all saturated, while the dock shows it dim (scale at least twice uniform)."""
    import numpy as np

    from workbench_nas_tir.cells import edge_list
    from workbench_nas_tir.figures import SCALE_FLOOR, alpha_figure
    from workbench_nas_tir.ops import PRIMITIVES

    rng = np.random.default_rng(0)
    uniform = 1 / len(PRIMITIVES) + rng.normal(0, 1e-4, (len(edge_list("dual")), len(PRIMITIVES)))
    peaked = np.full_like(uniform, 0.05)
    peaked[:, 3] = 0.65
    fig = alpha_figure(uniform, peaked, "dual")
    (lo_u, hi_u), (lo_p, hi_p) = (fig.axes[i].images[0].get_clim() for i in (0, 1))
    assert (lo_u, hi_u) == (0.0, SCALE_FLOOR) and SCALE_FLOOR >= 2 * uniform.max() - 1e-3
    assert (lo_p, hi_p) == (0.0, 0.65)  # a clear winner: the scale is the matrix's own max
    assert fig.axes[0].images[0].get_cmap().name == "inferno"  # the dock's colour map
