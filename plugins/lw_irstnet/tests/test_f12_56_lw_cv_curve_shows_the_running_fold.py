"""During a cross-validation the Train tab's curve stayed empty: it read the output folder's history.json, where a
--cv run writes each fold's training to ``fold_<k>/history.json``; and it kept the previous training's epoch range.
The running fold's curve is drawn, the plot naming the fold, and a new run starts from its own epochs' range."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("torch")


def _history(folder, losses):
    folder.mkdir(parents=True)
    rows = [{"epoch": i + 1, "loss": v} for i, v in enumerate(losses)]
    (folder / "history.json").write_text(json.dumps({"history": rows}), encoding="utf-8")


@pytest.fixture
def panel(qtbot):
    from workbench.core.registry import Registry
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    reg = Registry()
    reg.add(PLUGIN)
    p = Panel(reg.get("lw_irstnet"))
    qtbot.addWidget(p)
    p.setCurrentIndex(1)  # the Train tab, built when opened
    qtbot.waitUntil(lambda: hasattr(p, "cv_result_label") and not p.__dict__.get("_lazy", {}).get(1))
    return p


def _fold_says(k, n, msg):
    """What ``cv.run_cv`` gives the window for fold ``k``'s ``msg`` (its ``_fold_context``)."""
    from workbench.core.jobs import JobContext
    from workbench_lw_irstnet import cv

    said = []
    cv._fold_context(JobContext(lambda f, m: said.append((f, m))), k, n).progress(0.5, msg)
    return said[0]


def test_the_running_folds_curve_drawn_and_named(panel, tmp_path, monkeypatch):
    out = tmp_path / "cv"
    _history(out / "fold_0", [0.9, 0.8, 0.7, 0.6])
    _history(out / "fold_1", [0.95, 0.85])
    monkeypatch.setattr(panel, "_start", lambda *a, **k: True)  # the folds' job started
    panel.tr_epochs.setValue(4)
    assert panel.start_cv()
    panel._train_out = out
    panel._on_train_progress(*_fold_says(1, 2, "epoch 2/4 done"))
    xs, ys = panel.loss_curve.getData()
    assert xs is not None and list(xs) == [1, 2] and list(ys) == [0.95, 0.85], (xs, ys)
    title = panel.tr_plot.getPlotItem().titleLabel
    assert title.isVisible() and "fold 2 of 2" in title.text, title.text
    # a training started next has no fold named
    monkeypatch.setattr(panel, "_start", lambda *a, **k: False)
    panel.start_training()
    assert not title.isVisible()


def test_a_new_run_does_not_keep_the_last_trainings_epoch_range(panel, monkeypatch):
    panel.history = [{"epoch": e, "loss": 1.0 / e} for e in range(1, 51)]
    panel._draw_history()
    assert panel.tr_plot.getPlotItem().viewRange()[0][1] > 50
    monkeypatch.setattr(panel, "_start", lambda *a, **k: True)
    panel.tr_epochs.setValue(4)
    assert panel.start_cv()
    lo, hi = panel.tr_plot.getPlotItem().viewRange()[0]
    assert lo < 1 and 4 < hi < 6, (lo, hi)
