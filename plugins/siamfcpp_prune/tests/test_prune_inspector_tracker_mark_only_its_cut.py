"""The pruning inspector marks the ps_siamfcpp tracker's rho only where the tracker runs a cut of the model shown
(the shipped SiamFC++, no ps_siamfcpp weights of its own). With a ps_siamfcpp file of its own set, the tracker runs
that file as it is, and the mark, the "ps_siamfcpp runs 0.60" label and the export's tracker-rho row said it ran a
cut of this model (R2)."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_no_tracker_mark_when_the_tracker_runs_its_own_file(qtbot, small_model, monkeypatch):
    from workbench.gui.config_form import ConfigForm
    from workbench_siamfcpp_prune import PSSiamFCppConfig, SiamFCppConfig, figures
    from workbench_siamfcpp_prune.inspector import PruningInspector

    forms = {"siamfcpp": ConfigForm(SiamFCppConfig), "ps_siamfcpp": ConfigForm(PSSiamFCppConfig)}
    host = type("Host", (), {"sequence": None, "frame_index": 0,
                             "methods": type("Methods", (), {"form": lambda self, n: forms[n]})()})()
    monkeypatch.setattr(figures, "default_model_and_ranks", lambda: (*small_model, "shipped test ranks"))
    forms["ps_siamfcpp"].editor("ratio").setValue(0.6)
    dock = PruningInspector(host)
    qtbot.addWidget(dock)
    assert dock.tracker_prunes_this() and dock.slider.mark == 60 and dock._export_tracker_rho() == pytest.approx(0.6)
    forms["ps_siamfcpp"].set_values({"weights": "/somewhere/my_pruned.pt"})
    qtbot.waitUntil(lambda: dock.slider.mark is None, timeout=3000)  # the settings settle after 300 ms
    assert not dock.tracker_prunes_this() and dock._export_tracker_rho() is None
    assert "does not run a cut of this model" in dock.tracker_label.text()
    assert "my_pruned.pt" in dock.tracker_label.toolTip()
    forms["ps_siamfcpp"].set_values({"weights": ""})
    qtbot.waitUntil(lambda: dock.slider.mark == 60, timeout=3000)
    assert "ps_siamfcpp runs 0.60" in dock.tracker_label.text()
