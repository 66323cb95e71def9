"""The pruning inspector's "Prune + measure FPS" was greyed while the dock loaded its model and ranks (or pruned,
or computed ranks) with no tooltip at all, as no other greyed button of the window is: greyed, it says what it
waits for; enabled again, what it does."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_prune_button_greyed_says_why(window, registry, qtbot, small_model):
    dock = window.open_inspector(registry.get("ps_siamfcpp"), "Pruning inspector")
    dock.set_model(*small_model, "test model")
    qtbot.waitUntil(lambda: not dock.running and not dock.loading, timeout=20000)
    assert dock.prune_button.isEnabled()
    idle_tip = dock.prune_button.toolTip()
    assert "time it against the unpruned one" in idle_tip, idle_tip
    dock.x_size = 199  # keep the timing short
    dock.prune_and_measure(n_frames=3)  # its job started: greyed, saying why, in the same turn
    assert not dock.prune_button.isEnabled()
    tip = dock.prune_button.toolTip()
    assert tip.startswith("wait: pruning at rho = ") and "timing both trackers" in tip, tip
    assert not dock.rank_button.isEnabled() and dock.rank_button.toolTip().startswith("wait: pruning"), \
        dock.rank_button.toolTip()
    dock.cancel()  # (the timing takes seconds: its end is not what is tested)
    qtbot.waitUntil(lambda: not dock.running and dock.prune_button.isEnabled(), timeout=20000)
    assert dock.prune_button.toolTip() == idle_tip
    assert not dock.rank_button.toolTip().startswith("wait")
