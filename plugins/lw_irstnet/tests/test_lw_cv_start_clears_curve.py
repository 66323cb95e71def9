"""Starting a cross-validation from the Train tab clears the curve: it kept the previous training's epochs,
drawn above the cross-validation's figures as if they were its own; a refused start leaves it as it was."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_cv_start_clears_the_last_trainings_curve(qtbot, monkeypatch):
    from workbench.core.registry import Registry
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    reg = Registry()
    reg.add(PLUGIN)
    panel = Panel(reg.get("lw_irstnet"))
    qtbot.addWidget(panel)
    panel.setCurrentIndex(1)  # the Train tab, built when opened
    qtbot.waitUntil(lambda: hasattr(panel, "cv_result_label") and not panel.__dict__.get("_lazy", {}).get(1))
    panel.history = [{"epoch": 1, "loss": 0.9, "miou": 0.2}, {"epoch": 2, "loss": 0.7, "miou": 0.3}]
    panel._draw_history()
    assert len(panel.loss_curve.getData()[0]) == 2
    monkeypatch.setattr(panel, "_start", lambda *a, **k: False)  # refused (an empty form)
    assert not panel.start_cv() and len(panel.loss_curve.getData()[0]) == 2
    monkeypatch.setattr(panel, "_start", lambda *a, **k: True)  # the folds' job started
    assert panel.start_cv()
    xs = panel.loss_curve.getData()[0]
    assert xs is None or len(xs) == 0
