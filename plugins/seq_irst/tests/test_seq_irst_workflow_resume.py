"""The project workflow's "Train again resumes" of a cancelled iteration: resumed when the settings are those it
was trained with; with another recipe (the window's crop changed since, or any --lr-like setting) the iteration
starts afresh with the settings shown, the cancelled run kept aside, not trained half with one recipe and half
with another."""
from __future__ import annotations

from dataclasses import replace

import pytest

pytest.importorskip("torch")


def _cancelled_iteration(tmp_path):
    """A project whose iteration 1 was cancelled after its first epoch: its run folder holds that epoch's
    checkpoint (with its recipe) and the project records no iteration."""
    from workbench_seq_irst.train import TrainSettings, train
    from workbench_seq_irst.workflow import setup_synthetic_project

    pr, _ = setup_synthetic_project(tmp_path / "p", n_train=1, n_val=1, n_mined=0, width=48, height=32,
                                    frames=6)
    s = TrainSettings(crop=16, epochs=1, batch_size=8, lr=2e-3, threads=1, val_every=2)
    train(None, pr.train_set(), pr.sequences("val"), s, pr.run_dir(1), log=lambda m: None)
    assert (pr.run_dir(1) / "last.pt").is_file() and pr.iterations == []
    return pr, s


def _recipe(path):
    from workbench.core.training.checkpoints import load_checkpoint

    ck = load_checkpoint(path)
    return ck["epoch"], ck["extra"]["recipe"]


def test_a_cancelled_iteration_resumes_with_the_same_settings(tmp_path):
    from workbench_seq_irst.workflow import train_iteration

    pr, s = _cancelled_iteration(tmp_path)
    logs = []
    row = train_iteration(None, pr, replace(s, epochs=2), log=logs.append)
    assert "resuming after epoch 1" in logs
    assert not row.get("restarted") and not row["cancelled"] and len(pr.iterations) == 1
    epoch, recipe = _recipe(pr.run_dir(1) / "last.pt")
    assert epoch == 2 and recipe["lr"] == 2e-3  # continued from its checkpoint's epoch 1
    assert not (pr.root / "runs" / "iter_1.cancelled").exists()


def test_a_cancelled_iteration_with_another_recipe_starts_afresh_keeping_the_cancelled_run(tmp_path):
    """Was resumed from epoch 1 with the new learning rate: one history, two recipes."""
    from workbench_seq_irst.workflow import train_iteration

    pr, s = _cancelled_iteration(tmp_path)
    kept = (pr.run_dir(1) / "last.pt").read_bytes()
    logs = []
    row = train_iteration(None, pr, replace(s, epochs=2, lr=1e-2), log=logs.append)
    assert not any(m.startswith("resuming") for m in logs)  # not mixed: trained from its start with 0.01
    epoch, recipe = _recipe(pr.run_dir(1) / "last.pt")
    assert epoch == 2 and recipe["lr"] == 1e-2
    # said, old -> new, and nothing lost: the cancelled run is kept whole beside
    assert row["restarted"] == ["lr 0.002 -> 0.01"] and row["set_aside"] == "runs/iter_1.cancelled"
    assert any("lr 0.002 -> 0.01" in m and "started afresh" in m and "runs/iter_1.cancelled" in m for m in logs)
    assert (pr.root / "runs" / "iter_1.cancelled" / "last.pt").read_bytes() == kept
    assert pr.iterations[0]["restarted"] == ["lr 0.002 -> 0.01"] and not row["cancelled"]
    # the window's own settings: another crop (and a second cancelled run) is set aside the same way
    pr.iterations.clear()
    row = train_iteration(None, pr, replace(s, epochs=1, lr=1e-2, crop=32), log=logs.append)
    assert row["restarted"] == ["crop 16 -> 32"] and row["set_aside"] == "runs/iter_1.cancelled-2"


def test_the_panel_says_an_iteration_started_afresh(qtbot, tmp_path):
    """Cancel, another crop on the Train tab, Train again: the status line names the change and the folder."""
    from workbench_seq_irst.panel import SeqIRSTPanel

    panel = SeqIRSTPanel(None)
    panel.quiet = True
    qtbot.addWidget(panel)
    panel.make_demo_project(tmp_path / "p", n_train=1, n_val=1, n_mined=0, size=(48, 32), frames=6)
    qtbot.waitUntil(lambda: not panel.busy, timeout=120000)
    panel.crop_box.setCurrentIndex(3)
    panel.epochs.setValue(500)  # cancelled after its first epoch's checkpoint
    panel.train()
    qtbot.waitUntil(lambda: (panel.project.run_dir(1) / "last.pt").is_file(), timeout=120000)
    panel.cancel()
    qtbot.waitUntil(lambda: not panel.busy, timeout=120000)
    assert panel.project.iterations == [] and panel.last_error == ""
    before = panel.crop_box.currentData()
    panel.crop_box.setCurrentIndex(2)
    panel.epochs.setValue(1)
    panel.train()
    qtbot.waitUntil(lambda: not panel.busy, timeout=120000)
    assert panel.last_error == "", panel.last_error
    words = f"started afresh: the cancelled run had other settings, crop {before} -> {panel.crop_box.currentData()}"
    assert words in panel.status.text() and "runs/iter_1.cancelled" in panel.status.text()
    assert len(panel.project.iterations) == 1
    qtbot.waitUntil(lambda: not panel.plotting, timeout=30000)  # the plot is drawn on a worker
