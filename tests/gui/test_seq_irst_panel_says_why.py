"""The detector workflow's buttons (Build crop set, Train iteration, Rank labels, Mine new, Accept,
Re-class, Delete, Save edits, Retrain) were greyed with no word of what they waited for, Export plot…
was enabled with no iteration and did nothing when pressed, and the Iterations table's F1 column was
scrolled out of sight in the bottom dock at 1366x768 (the review queue's "decision" too at 1280x720)."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("workbench_seq_irst")


def test_disabled_buttons_say_why_and_export_plot_waits_for_an_iteration(qtbot, tmp_path):
    from workbench_seq_irst.panel import SeqIRSTPanel

    panel = SeqIRSTPanel(None)
    panel.quiet = True
    qtbot.addWidget(panel)
    for b in (panel.crops_button, panel.train_button, panel.retrain_button, panel.rank_button,
              panel.mine_button, panel.export_button):
        assert not b.isEnabled() and "Open a project first" in b.toolTip(), (b.text(), b.toolTip())
    for b in (panel.accept_button, panel.reclass_button, panel.delete_button, panel.save_button):
        assert not b.isEnabled() and "review queue" in b.toolTip(), (b.text(), b.toolTip())
    panel.make_demo_project(tmp_path / "proj", n_train=1, n_val=1, n_mined=1, size=(48, 32), frames=6)
    qtbot.waitUntil(lambda: not panel.busy, timeout=60000)
    assert panel.train_button.isEnabled() and "Open a project" not in panel.train_button.toolTip()
    assert not panel.rank_button.isEnabled() and "Train an iteration first" in panel.rank_button.toolTip()
    assert panel.rank_button.toolTip().startswith("every training label")  # its own tooltip kept
    assert not panel.export_button.isEnabled() and "No iteration" in panel.export_button.toolTip()


def test_iterations_table_columns_share_its_width(qtbot):
    from workbench_seq_irst.panel import SeqIRSTPanel

    panel = SeqIRSTPanel(None)
    qtbot.addWidget(panel)
    panel.resize(900, 240)  # the bottom dock at 1280x720
    panel.show()
    qtbot.waitExposed(panel)
    for tab, t in ((3, panel.iter_table), (2, panel.queue_table)):
        panel.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda t=t: t.isVisible())
        header = t.horizontalHeader()
        last = t.columnCount() - 1
        assert header.sectionViewportPosition(last) + header.sectionSize(last) <= t.viewport().width() + 1
        assert t.horizontalScrollBar().maximum() == 0
    fm, header = panel.iter_table.fontMetrics(), panel.iter_table.horizontalHeader()
    assert header.sectionSize(3) >= fm.horizontalAdvance("precision/%")  # its title whole
