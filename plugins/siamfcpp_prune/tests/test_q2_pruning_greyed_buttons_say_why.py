"""The pruning inspector's "Tracker's" button, greyed because the preview shows the tracker's cut already, said only
what a click would do ("back to the ratio ..."), its Cancel, greyed with no job running, only what it would stop, and
its rho slider and scope / align / FPS-on lists, greyed while the model loads, nothing or what they set: a greyed
control says why it is greyed (seen at 1366x768 and 1280x720 with siamfcpp's inspector opened after a run). The
shipped model's load, which says no fraction, left the bar at "0%" for its seconds: the bar shows busy meanwhile."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_greyed_follow_and_cancel_say_why(qtbot, small_model, monkeypatch):
    from workbench.gui.config_form import ConfigForm
    from workbench_siamfcpp_prune import PSSiamFCppConfig, SiamFCppConfig, figures
    from workbench_siamfcpp_prune.inspector import PruningInspector

    forms = {"siamfcpp": ConfigForm(SiamFCppConfig), "ps_siamfcpp": ConfigForm(PSSiamFCppConfig)}
    host = type("Host", (), {"sequence": None, "frame_index": 0,
                             "methods": type("Methods", (), {"form": lambda self, n: forms[n]})()})()
    monkeypatch.setattr(figures, "default_model_and_ranks", lambda: (*small_model, "shipped test ranks"))
    dock = PruningInspector(host)
    qtbot.addWidget(dock)
    dock.show()
    dock.load_model()  # (as the dock shown does on the next event-loop turn)
    assert dock.loading and dock.progress.maximum() == 0  # the load says no fraction: a busy bar, not "0%"
    assert not dock.follow_button.isEnabled()
    assert "nothing to go back to" in dock.follow_button.toolTip(), dock.follow_button.toolTip()
    assert not dock.cancel_button.isEnabled()
    assert dock.cancel_button.toolTip().startswith("nothing to cancel"), dock.cancel_button.toolTip()
    assert "stop the ranks" in dock.cancel_button.toolTip()  # its own words kept after the reason
    dock.set_rho(0.3)
    assert dock.follow_button.isEnabled() and dock.follow_button.toolTip().startswith("back to")
    dock._set_cancel(True)
    assert dock.cancel_button.toolTip().startswith("stop the ranks")
    qtbot.waitUntil(lambda: not dock.loading and not dock.running, timeout=10000)  # a real load: ~4 s under load
    assert dock.progress.maximum() == 1000 and dock.progress.format() == "%p%"  # counting again once loaded
    dock._busy(True, "loading the model…")
    for c in (dock.slider, dock.scope, dock.align, dock.backend):
        assert not c.isEnabled() and c.toolTip().startswith("wait: loading the model"), c.toolTip()
    dock._busy(False)
    assert dock.scope.isEnabled() and dock.scope.toolTip().startswith("the parts of the model pruned")
    assert dock.slider.isEnabled() and not dock.slider.toolTip()
    # ps_siamfcpp running weights of its own: no cut of this model, no red mark, and the greyed button names none
    forms["ps_siamfcpp"].set_values({"weights": "/nowhere/own_ps.pt"})
    dock.apply_settings()
    dock.follow_settings()
    assert not dock.tracker_prunes_this() and dock.slider.mark is None
    assert not dock.follow_button.isEnabled()
    tip = dock.follow_button.toolTip()
    assert "nothing to go back to" in tip and "red mark" not in tip, tip
