"""The nas_tir panel describes the weights the settings name: it read the shipped file whatever the
``weights`` setting said (an analyst's own retraining, or a path with nothing at it)."""
import shutil

import pytest

pytest.importorskip("torch")


def test_panel_describes_the_weights_in_the_settings(window, qtbot, tmp_path):
    from workbench_nas_tir import default_weights
    from workbench_nas_tir.panel import NASTIRPanel

    assert window.methods.select("nas_tir")
    panel = window.methods.panel("nas_tir")
    assert isinstance(panel, NASTIRPanel)
    qtbot.waitUntil(lambda: not panel.loading, timeout=30000)
    assert "parameters" in panel.label.text() and "No weights" not in panel.label.text(), panel.label.text()
    form = window.methods.form("nas_tir")
    missing = tmp_path / "my_retrain" / "best.pt"
    form.editor("weights").setText(str(missing))
    qtbot.waitUntil(lambda: not panel.loading, timeout=30000)
    assert panel.label.text().startswith(f"No weights at {missing}"), panel.label.text()
    damaged = tmp_path / "damaged.pt"
    damaged.write_bytes(b"not a checkpoint")
    form.editor("weights").setText(str(damaged))
    qtbot.waitUntil(lambda: not panel.loading, timeout=30000)
    assert panel.label.text().startswith(f"{damaged}:"), panel.label.text()
    own = tmp_path / "my_retrain" / "best_weights.pt"  # an analyst's file (a copy of the shipped one here)
    own.parent.mkdir()
    shutil.copy2(default_weights(), own)
    form.editor("weights").setText(str(own))
    qtbot.waitUntil(lambda: not panel.loading, timeout=30000)
    assert panel.label.text().startswith("best_weights.pt: ") and "parameters" in panel.label.text(), panel.label.text()
    form.reset()  # back to the shipped weights
    qtbot.waitUntil(lambda: not panel.loading, timeout=30000)
    text = panel.label.text()
    assert "parameters" in text and "damaged" not in text and not text.startswith("best_weights"), text
