"""The pruning inspector's "Ranks on this sequence" is greyed while no sequence with groundtruth is open, its
tooltip saying why, and enabled once one is: it stayed enabled, and a click only wrote "open a sequence with
groundtruth to compute ranks on it" into the info line."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_ranks_button_greyed_until_a_sequence_with_groundtruth_is_open(window, registry, qtbot, small_model):
    dock = window.open_inspector(registry.get("ps_siamfcpp"), "Pruning inspector")
    dock.set_model(*small_model, "test model")
    assert window.sequence is None
    assert not dock.rank_button.isEnabled()
    assert "open a sequence with groundtruth" in dock.rank_button.toolTip()
    window.open_demo()
    qtbot.waitUntil(lambda: window.sequence is not None and dock.rank_button.isEnabled(), timeout=10000)
    assert "recompute HRank ranks" in dock.rank_button.toolTip()
    # a job running greys it; when it ends it is back, the sequence still open
    dock._busy(True, "busy")
    assert not dock.rank_button.isEnabled()
    dock._busy(False)
    assert dock.rank_button.isEnabled()
