"""The detector workflow's Iterations plot was shown at its figure's size (about 650 x 400 px) in a place a
third of that in the bottom dock at 1280x800: the picture was cropped to its middle, the axes and the
legend cut away. It is scaled into its place, whole."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_the_iteration_plot_is_scaled_into_its_place(qtbot, tmp_path):
    from workbench_seq_irst.panel import SeqIRSTPanel
    from workbench_seq_irst.project import Project

    pr = Project.create(tmp_path / "p")
    pr.record_iteration({"iteration": 1, "epochs": 6, "images": 100, "precision": 0.46, "recall": 0.81,
                         "f1": 0.59})
    panel = SeqIRSTPanel(None)
    panel.quiet = True
    qtbot.addWidget(panel)
    panel.resize(900, 260)
    panel.show()
    panel.tabs.setCurrentIndex(3)
    panel.open_project(pr.root)
    qtbot.waitUntil(lambda: not panel.plotting, timeout=30000)
    view = panel.plot_view
    shown = view.pixmap()
    assert not shown.isNull()
    size = shown.deviceIndependentSize()
    assert size.width() <= view.width() and size.height() <= view.height(), (size, view.size())
    view.clear()  # (another project opened): a resize does not bring the old picture back
    view.resize(view.width() + 10, view.height())
    assert view.pixmap().isNull()
