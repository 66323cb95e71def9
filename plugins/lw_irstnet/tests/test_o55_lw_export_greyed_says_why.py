"""The LW-IRSTNet panel's Evaluate tab had its Export… greyed with no tooltip at all, as no other greyed button
of the window is: greyed, it says why (no evaluation yet, or an export being written); enabled, what it
writes."""
from __future__ import annotations

import types

import pytest

pytest.importorskip("torch")


def test_evaluate_export_greyed_says_why(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_SETTINGS", str(tmp_path / "settings.ini"))
    from PySide6.QtWidgets import QFileDialog

    import workbench_lw_irstnet.panel as panel_module
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import METRICS, Panel

    p = Panel(PLUGIN, None)
    qtbot.addWidget(p)
    p.setCurrentIndex(2)  # the Evaluate tab
    button = p.ev_export
    assert not button.isEnabled()
    assert button.toolTip().startswith("nothing to export yet: Evaluate first"), button.toolTip()
    # an evaluation there (as a finished one leaves it): enabled, saying what it writes
    p.metrics = {k: 0.5 for k in METRICS + ("fa_e6",)}
    p.eval_result = types.SimpleNamespace(report=object(), images=[])
    p._export_ready()
    assert button.isEnabled() and button.toolTip().startswith("write the last evaluation's metrics")
    # an export being written: greyed, saying so, until it ends
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(out)))
    monkeypatch.setattr(panel_module, "export_evaluation", lambda *a, **k: [])
    button.click()
    assert p.export_job.running and not button.isEnabled()
    assert button.toolTip().startswith("an export is being written"), button.toolTip()
    qtbot.waitUntil(lambda: not p.export_job.running and button.isEnabled(), timeout=5000)
    assert button.toolTip().startswith("write the last evaluation's metrics")
