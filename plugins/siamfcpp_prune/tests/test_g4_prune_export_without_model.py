"""Export… of the pruning inspector with no model loaded: greyed, its tooltip saying why (it asked for a
folder and then wrote nothing without a word); a call that comes anyway says so."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_export_greyed_and_said_without_a_model(window, registry, qtbot, small_model, monkeypatch):
    from workbench_siamfcpp_prune import inspector

    def broken(*_a):
        raise OSError("weights/siamfcpp.pt: no such file")

    monkeypatch.setattr(inspector, "_load_and_summarise", broken)
    asked = []
    monkeypatch.setattr(inspector.QFileDialog, "getExistingDirectory", lambda *a, **k: asked.append(a) or "/tmp")
    dock = window.open_inspector(registry.get("ps_siamfcpp"), "Pruning inspector")
    assert dock.model is None and not dock.export_button.isEnabled()
    assert "no model to export" in dock.export_button.toolTip()
    qtbot.waitUntil(lambda: dock._load_failed != "", timeout=10000)
    assert not dock.export_button.isEnabled()
    assert "loading the shipped one failed" in dock.export_button.toolTip()
    assert "no such file" in dock.export_button.toolTip()
    assert dock.export() == [] and not asked  # no folder asked for a model that is not there
    assert "nothing exported: no model to export" in dock.info.text()
    dock.set_model(*small_model, "test model")
    assert dock.export_button.isEnabled() and "to a folder" in dock.export_button.toolTip()
