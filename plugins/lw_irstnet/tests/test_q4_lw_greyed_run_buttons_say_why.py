"""The LW-IRSTNet panel's Train tab greyed Start training and Cross-validate while a training ran, and its Cancel
while none did, with no word why (Cancel had no tooltip at all); the Evaluate tab's Evaluate and Cancel the same.
Greyed, each says why; enabled, what it does."""
from __future__ import annotations

import threading
import types

import pytest
from tiny_sirst import tiny_sirst

pytest.importorskip("torch")
import workbench.core.data.sirst as sirst  # noqa: E402 - after the skip
import workbench_lw_irstnet.train as train  # noqa: E402
from workbench_lw_irstnet import PLUGIN  # noqa: E402
from workbench_lw_irstnet.panel import Panel  # noqa: E402


def _panel(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_SETTINGS", str(tmp_path / "settings.ini"))
    p = Panel(PLUGIN, None)
    qtbot.addWidget(p)
    return p


def test_train_tab_buttons_say_why_they_are_greyed(qtbot, tmp_path, monkeypatch):
    p = _panel(qtbot, tmp_path, monkeypatch)
    p.setCurrentIndex(1)  # the Train tab
    assert not p.tr_cancel.isEnabled()
    assert p.tr_cancel.toolTip().startswith("nothing to cancel: no training"), p.tr_cancel.toolTip()
    assert p.tr_start.isEnabled() and p.tr_start.toolTip().startswith("train the settings above")

    release = threading.Event()

    def held_training(ctx, args, log, command="", ready=None):  # the worker waits for the test
        release.wait(4)
        return types.SimpleNamespace(cancelled=True, history=[])

    monkeypatch.setattr(train, "run_training", held_training)
    p.tr_root.setText(str(tiny_sirst(tmp_path / "data")))
    p.tr_out.setText(str(tmp_path / "run"))
    p.tr_split.setText("")
    p.tr_val.setText("")
    try:
        assert p.start_training(), p.tr_status.text()
        for button in (p.tr_start, p.cv_start):
            assert not button.isEnabled()
            assert button.toolTip().startswith("a training is running into "), button.toolTip()
        assert p.tr_cancel.isEnabled() and p.tr_cancel.toolTip().startswith("stop the training")
    finally:
        release.set()
    qtbot.waitUntil(lambda: not p.train_job.running, timeout=4000)
    assert p.tr_start.isEnabled() and p.tr_start.toolTip().startswith("train the settings above")
    assert p.cv_start.isEnabled() and p.cv_start.toolTip().startswith("train the settings above on K-1 folds")
    assert not p.tr_cancel.isEnabled() and p.tr_cancel.toolTip().startswith("nothing to cancel")


def test_evaluate_tab_buttons_say_why_they_are_greyed(qtbot, tmp_path, monkeypatch):
    p = _panel(qtbot, tmp_path, monkeypatch)
    p.setCurrentIndex(2)  # the Evaluate tab
    assert not p.ev_cancel.isEnabled()
    assert p.ev_cancel.toolTip().startswith("nothing to cancel: no evaluation"), p.ev_cancel.toolTip()

    release = threading.Event()

    def held_open(*a, **k):  # the evaluation's worker waits for the test, then cannot open the set
        release.wait(4)
        raise OSError("held by the test")

    monkeypatch.setattr(sirst, "open_sirst", held_open)
    p.ev_root.setText(str(tiny_sirst(tmp_path / "data")))
    p.ev_split.setCurrentText("")
    try:
        assert p.start_eval(), p.ev_status.text()
        assert not p.ev_start.isEnabled()
        assert p.ev_start.toolTip().startswith("an evaluation is running"), p.ev_start.toolTip()
        assert p.ev_cancel.isEnabled() and p.ev_cancel.toolTip().startswith("stop the evaluation")
    finally:
        release.set()
    qtbot.waitUntil(lambda: not p.eval_job.running, timeout=4000)
    assert "held by the test" in p.ev_status.text()
    assert p.ev_start.isEnabled() and p.ev_start.toolTip().startswith("score the Methods dock's")
    assert not p.ev_cancel.isEnabled() and p.ev_cancel.toolTip().startswith("nothing to cancel")
