"""A ps_siamfcpp settings edit while the pruning inspector's job runs (Prune + measure FPS at the cut on show) moved
rho under it, and the job's FPS were said and kept as the new cut's (R2); the dock follows the settings once the
job is done."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_settings_followed_after_the_running_job(qtbot, small_model, monkeypatch):
    from workbench.gui.config_form import ConfigForm
    from workbench_siamfcpp_prune import PSSiamFCppConfig, SiamFCppConfig, figures
    from workbench_siamfcpp_prune.inspector import PruningInspector

    forms = {"siamfcpp": ConfigForm(SiamFCppConfig), "ps_siamfcpp": ConfigForm(PSSiamFCppConfig)}
    host = type("Host", (), {"sequence": None, "frame_index": 0,
                             "methods": type("Methods", (), {"form": lambda self, n: forms[n]})()})()
    monkeypatch.setattr(figures, "default_model_and_ranks", lambda: (*small_model, "shipped test ranks"))
    dock = PruningInspector(host)
    qtbot.addWidget(dock)
    assert dock.rho == pytest.approx(0.4)
    monkeypatch.setattr(type(dock.job), "running", property(lambda self: True))  # a job on the cut on show
    forms["ps_siamfcpp"].editor("ratio").setValue(0.6)
    dock.apply_settings()
    assert dock.rho == pytest.approx(0.4)  # not moved under the job
    monkeypatch.undo()
    dock._on_done()
    assert dock.rho == pytest.approx(0.6) and dock.slider.mark == 60
