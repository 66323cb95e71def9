"""Export plot… to a place it cannot be written (under a file, or a folder's name): said at once, the figure
not drawn (the worker drew it whole and then failed, the GUI thread waiting on its drawing 0.1-0.47 s)."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_export_plot_to_an_unwritable_place_is_said_without_drawing(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    import workbench_seq_irst.mining as mining
    from workbench_seq_irst.panel import SeqIRSTPanel
    from workbench_seq_irst.project import Project

    pr = Project.create(tmp_path / "proj")
    pr.record_iteration({"iteration": 1, "epochs": 1, "images": 10, "precision": 0.5, "recall": 0.5, "f1": 0.5})
    panel = SeqIRSTPanel(None)
    panel.quiet = True
    qtbot.addWidget(panel)
    panel.open_project(pr.root)
    qtbot.waitUntil(lambda: not panel.plotting, timeout=30000)
    drawn = []
    monkeypatch.setattr(mining, "plot_table", lambda *a, **k: drawn.append(a))
    (tmp_path / "a_file").write_text("mine")
    for bad, said in ((tmp_path / "a_file" / "sub" / "it.png", f"{tmp_path / 'a_file'} is a file, not a folder"),
                      (tmp_path, "is a folder; give the plot a file name")):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, b=bad, **k: (str(b), ""))
        panel._export_plot()
        assert not panel.plotting and said in panel.last_error and str(bad) in panel.last_error, panel.last_error
        assert panel.status.text() == panel.last_error
    assert drawn == [] and (tmp_path / "a_file").read_text() == "mine"
