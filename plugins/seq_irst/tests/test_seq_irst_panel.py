"""The seq_irst workflow panel driven offscreen: demo project -> train -> rank labels -> review ->
save -> mine -> retrain, with the iteration table filling in."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def _wait(qtbot, panel, timeout=120000):
    qtbot.waitUntil(lambda: not panel.busy, timeout=timeout)
    assert panel.last_error == "", panel.last_error


def test_panel_workflow(qtbot, tmp_path):
    from workbench_seq_irst.panel import SeqIRSTPanel

    panel = SeqIRSTPanel(None)
    panel.quiet = True
    qtbot.addWidget(panel)
    assert not panel.train_button.isEnabled()
    panel.make_demo_project(tmp_path / "proj", n_train=1, n_val=1, n_mined=1, size=(48, 32), frames=6)
    _wait(qtbot, panel)
    assert panel.project is not None and panel.seq_list.count() == 3
    panel.crop_box.setCurrentIndex(3)  # 16 px
    panel.epochs.setValue(1)
    panel.settings.threshold = 0.05  # an untrained-for-long net: low threshold so there is something to mine
    panel.build_crops()
    _wait(qtbot, panel)
    assert "samples (16 px)" in panel.crop_info.text()
    panel.train()
    _wait(qtbot, panel)
    assert panel.iter_table.rowCount() == 1 and not panel.plot_view.pixmap().isNull()
    assert panel.rank_button.isEnabled()
    panel.refine()
    _wait(qtbot, panel)
    q = panel.queue
    assert q is not None and len(q) > 0 and panel.queue_table.rowCount() == len(q)
    assert all(q.items[k].loss >= q.items[k + 1].loss for k in range(len(q) - 1))  # worst first
    assert not panel.frame_view.pixmap().isNull()
    first = q.items[0]
    panel.decide("delete", 0)
    assert q.items[0].status == "delete" and panel.queue_table.item(0, 5).text() == "delete"
    panel._clicked(10.0, 10.0)  # the second item is current now: move it by clicking
    assert q.items[1].status == "move"
    panel.save_review()
    labels_file = panel.project.root / "labels" / f"{first.seq}.csv"
    assert labels_file.is_file() and (panel.project.root / "labels" / f"{first.seq}.original.csv").is_file()
    panel.mine()
    _wait(qtbot, panel)
    assert panel.queue is not None and panel.queue_name.endswith("_mine")
    for k in range(len(panel.queue)):
        panel.decide("accept", k)
    panel.save_review()
    panel.train()  # retrain: the next iteration
    _wait(qtbot, panel)
    assert panel.iter_table.rowCount() == 2
    assert panel.project.iterations[1]["iteration"] == 2


def test_panel_cancel_keeps_the_project_usable(qtbot, tmp_path):
    from workbench_seq_irst.panel import SeqIRSTPanel

    panel = SeqIRSTPanel(None)
    panel.quiet = True
    qtbot.addWidget(panel)
    panel.make_demo_project(tmp_path / "p2", n_train=1, n_val=1, n_mined=0, size=(48, 32), frames=6)
    _wait(qtbot, panel)
    panel.crop_box.setCurrentIndex(3)
    panel.epochs.setValue(50)
    panel.train()
    qtbot.waitUntil(lambda: panel.progress.value() > 0, timeout=60000)
    panel.cancel()
    _wait(qtbot, panel)
    assert panel.project.iterations == []  # a cancelled iteration is not recorded
    assert panel.train_button.isEnabled()
