"""A detector workflow job failing while its panel is out of sight (its dock closed with the x, or tabbed behind
another dock through a minutes-long training) was said only on the panel's status line and bar, which nobody sees:
said in a message box as well then; in view it stays said once, on the status line."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox


def _failing(path):
    def job(ctx):
        ctx.progress(0.4, "training")
        raise OSError(28, "No space left on device", str(path))

    return job


@pytest.fixture
def docked(qtbot, monkeypatch):
    from workbench_seq_irst.panel import SeqIRSTPanel

    boxes = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(lambda *a, kind=kind, **k: boxes.append((kind, a))))
    w = QMainWindow()
    qtbot.addWidget(w)
    plots = QDockWidget("Plots", w)
    plots.setWidget(QLabel("plots"))
    w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, plots)
    p = SeqIRSTPanel(None)  # not quiet
    dock = QDockWidget("Detector workflow", w)
    dock.setWidget(p)
    w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    w.tabifyDockWidget(plots, dock)
    w.show()
    qtbot.waitExposed(w)
    return w, plots, dock, p, boxes


def _fail(p, qtbot, tmp_path):
    p._run(_failing(tmp_path / "x.png"), lambda _r: None, "a job")
    qtbot.waitUntil(lambda: not p.busy, timeout=3000)
    assert "No space left on device" in p.status.text()
    assert p.progress.format() == "failed"


def test_dock_closed_failure_in_a_message_box(docked, qtbot, tmp_path):
    w, plots, dock, p, boxes = docked
    dock.close()
    qtbot.waitUntil(lambda: not p.isVisible(), timeout=3000)
    _fail(p, qtbot, tmp_path)
    assert [k for k, _a in boxes] == ["warning"], boxes
    assert "No space left on device" in boxes[0][1][2]


def test_dock_tabbed_behind_failure_in_a_message_box(docked, qtbot, tmp_path):
    w, plots, dock, p, boxes = docked
    plots.raise_()
    qtbot.waitUntil(lambda: p.visibleRegion().isEmpty(), timeout=3000)
    _fail(p, qtbot, tmp_path)
    assert [k for k, _a in boxes] == ["warning"], boxes


def test_dock_in_view_said_once_on_the_status_line(docked, qtbot, tmp_path):
    w, plots, dock, p, boxes = docked
    dock.raise_()
    qtbot.waitUntil(lambda: p.isVisible() and not p.visibleRegion().isEmpty(), timeout=3000)
    _fail(p, qtbot, tmp_path)
    assert boxes == []


def test_quiet_panel_out_of_sight_no_box(docked, qtbot, tmp_path):
    w, plots, dock, p, boxes = docked
    p.quiet = True
    dock.close()
    qtbot.waitUntil(lambda: not p.isVisible(), timeout=3000)
    _fail(p, qtbot, tmp_path)
    assert boxes == []
