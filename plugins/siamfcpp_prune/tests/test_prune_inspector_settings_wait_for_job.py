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


def test_tracker_button_off_for_a_cut_the_preview_cannot_show(qtbot, small_model, monkeypatch):
    """ps_siamfcpp's align takes 1-64; the preview offers 1, 8, 16, 32: at align 4 the "Tracker's" button stayed
    enabled and a click did nothing (R2)."""
    from workbench.gui.config_form import ConfigForm
    from workbench_siamfcpp_prune import PSSiamFCppConfig, SiamFCppConfig, figures
    from workbench_siamfcpp_prune.inspector import PruningInspector

    forms = {"siamfcpp": ConfigForm(SiamFCppConfig), "ps_siamfcpp": ConfigForm(PSSiamFCppConfig)}
    host = type("Host", (), {"sequence": None, "frame_index": 0,
                             "methods": type("Methods", (), {"form": lambda self, n: forms[n]})()})()
    monkeypatch.setattr(figures, "default_model_and_ranks", lambda: (*small_model, "shipped test ranks"))
    forms["ps_siamfcpp"].editor("align").setValue(4)
    dock = PruningInspector(host)
    qtbot.addWidget(dock)
    assert dock.channel_align != 4 and not dock.follow_button.isEnabled()
    assert "align 4" in dock.follow_button.toolTip()
    forms["ps_siamfcpp"].editor("align").setValue(8)
    dock.apply_settings()
    dock.set_rho(0.2)
    assert dock.follow_button.isEnabled() and "back to" in dock.follow_button.toolTip()
