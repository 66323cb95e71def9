"""The Train tab said "Cancelled; resume from OUT/last.pt" for a training cancelled in its first epoch, which
writes no checkpoint (its log: "no epoch was complete, no checkpoint written"): there was nothing to resume."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_a_cancel_before_the_first_checkpoint_says_there_is_nothing_to_resume(qtbot, tmp_path):
    from workbench.core.training.loop import FitResult
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    panel = Panel(PLUGIN, None)
    qtbot.addWidget(panel)
    panel._train_out = tmp_path
    panel._on_train_done(FitResult(cancelled=True))
    text = panel.tr_status.text()
    assert "last.pt" not in text and "no checkpoint" in text, text
    panel._on_train_done(FitResult(history=[{"epoch": 1, "loss": 0.5}], cancelled=True))
    assert panel.tr_status.text() == f"Cancelled; resume from {tmp_path / 'last.pt'}"
