"""The detector workflow's Cancel was greyed with no tooltip at all while no job ran, and its Open project…, Demo,
Add…, Run LOSO… and networks controls were greyed during a job with only their own tooltips: none said why. Each
greyed control now says what it waits for, as the panel's other buttons do (``_enable``)."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_greyed_controls_say_why_idle_and_busy(qtbot, monkeypatch):
    from workbench_seq_irst.panel import SeqIRSTPanel

    panel = SeqIRSTPanel(None)
    qtbot.addWidget(panel)
    assert not panel.cancel_button.isEnabled()
    assert "Nothing to cancel" in panel.cancel_button.toolTip()

    monkeypatch.setattr(SeqIRSTPanel, "busy", property(lambda self: True))
    panel._update_buttons()
    assert panel.cancel_button.isEnabled() and "Nothing to cancel" not in panel.cancel_button.toolTip()
    waiting = (panel.open_button, panel.demo_button, *panel.add_buttons, panel.loso_button, panel.loso_members)
    for b in waiting:
        assert not b.isEnabled()
        assert "Wait for the job running" in b.toolTip(), b.toolTip()
    assert "new project" in panel.open_button.toolTip()  # its own tooltip kept beside the reason

    monkeypatch.setattr(SeqIRSTPanel, "busy", property(lambda self: False))
    panel._update_buttons()
    for b in waiting:
        assert b.isEnabled() and "Wait for the job" not in b.toolTip()
    assert not panel.cancel_button.isEnabled() and "Nothing to cancel" in panel.cancel_button.toolTip()
