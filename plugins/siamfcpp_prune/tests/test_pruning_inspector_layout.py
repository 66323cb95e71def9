"""The pruning inspector in a 1366x768 window: the two columns of histograms share the width (the right
one had 142 px against 447 px, its titles clipped), and Export... leaves the FLOPs pass off the GUI
thread (it ran ``summary()`` there: a ~0.2 s stall) by writing the table's rows."""
from __future__ import annotations

import csv
import os
import threading
from pathlib import Path

import pytest

pytest.importorskip("torch")


@pytest.fixture
def window(qtbot, registry, messages):
    from tests.gui.conftest import shown_window

    yield from shown_window(qtbot, registry, size=(1366, 768))


def test_histogram_columns_share_the_width_at_1366x768(window, registry, qtbot, small_model, monkeypatch):
    from workbench_siamfcpp_prune import figures

    # the dock's own path: "the shipped model" loaded on a worker, its plots made one per event-loop turn
    monkeypatch.setattr(figures, "default_model_and_ranks", lambda: (*small_model, "test model"))
    dock = window.open_inspector(registry.get("ps_siamfcpp"), "Pruning inspector")
    qtbot.waitUntil(lambda: dock.model is not None and not dock.loading and not dock._pending_plots
                    and len(dock.plots) == 7, timeout=20000)
    # laid out: the grid as tall as its rows of plots (the scroll area scrolls it)
    qtbot.waitUntil(lambda: dock.grid_host.height() >= dock.grid_host.minimumSizeHint().height(), timeout=5000)
    qtbot.waitUntil(lambda: abs(dock.plots[0].width() - dock.plots[1].width()) <= 4, timeout=3000)
    for p in dock.plots:
        if p.isVisible():  # the whole title is in view ("conv2: 160 kept / 96…" was cut off)
            title = p.getPlotItem().titleLabel
            assert title.item.boundingRect().width() <= p.width() - 8, (title.text, p.width())
            assert "kept" in p.toolTip() and "pruned" in p.toolTip()
    if os.environ.get("WORKBENCH_TEST_SHOTS"):  # a folder: the dock's picture to look at
        dock.grab().save(str(Path(os.environ["WORKBENCH_TEST_SHOTS"]) / "pruning_dock_1366x768.png"))


def test_export_button_counts_no_flops_on_the_gui_thread(window, registry, qtbot, small_model, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from workbench_siamfcpp_prune import figures

    counted = []  # (GUI thread?) for every before / after table counted
    real = figures.summary_rows

    def spy(*a, **k):
        counted.append(threading.current_thread() is threading.main_thread())
        return real(*a, **k)

    monkeypatch.setattr(figures, "summary_rows", spy)
    dock = window.open_inspector(registry.get("ps_siamfcpp"), "Pruning inspector")
    dock.set_model(*small_model, "test model")
    dock.x_size = 199  # short FLOPs passes
    dock.set_rho(0.5)  # the table for it comes from a worker
    qtbot.waitUntil(lambda: not dock._timer.isActive() and not dock.table_job.running, timeout=20000)
    out = tmp_path / "export"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(out)))
    counted.clear()
    dock.export_button.click()
    qtbot.waitUntil(lambda: not dock.export_job.running and dock.export_button.isEnabled(), timeout=60000)
    assert counted == []  # the rows in view were written: no FLOPs pass at all
    assert "exported 5 files" in dock.info.text()
    with open(out / "pruning_summary_rho0.50.csv") as fh:
        rows = list(csv.reader(fh))
    shown = [[dock.table.item(r, c).text() for c in range(4)] for r in range(dock.table.rowCount())]
    assert [r[0] for r in rows[1:4]] == [s[0] for s in shown]
    for r, s in zip(rows[1:3], shown[:2]):  # the numbers the table shows
        assert [f"{float(v):.3f}" for v in r[1:]] == s[1:]

    # settings moved and Export at once: it waits for the worker's table, then writes it
    counted.clear()
    dock.set_rho(0.3)
    dock.export_button.click()
    assert not dock.export_button.isEnabled()
    qtbot.waitUntil(lambda: (out / "pruning_summary_rho0.30.csv").is_file() and not dock.export_job.running
                    and dock.export_button.isEnabled(), timeout=60000)
    assert counted and not any(counted), counted  # counted, but on a worker
    assert "exported 5 files" in dock.info.text()
