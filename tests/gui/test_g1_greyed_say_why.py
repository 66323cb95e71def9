"""Found by driving every action and dock button of the window (G1): greyed controls whose tooltip did
not say why: the Open actions while a run goes, the Scores dock's Export CSV… before any run."""
from __future__ import annotations


def test_greyed_open_actions_and_scores_export_say_why(qtbot, window):
    w = window
    export = w.scores.export_button
    assert not export.isEnabled()
    assert export.toolTip().startswith("Nothing to export yet: run a segmenter or detector"), export.toolTip()
    w.open_demo()
    assert w.run_selected(["fake_slow"])
    try:
        assert not w.act_open_folder.isEnabled()
        for a in (w.act_open_folder, w.act_open_file, w.act_open_dataset, w.act_demo, w.open_btn):
            assert a.toolTip().startswith("A run is going: wait for it to end or Cancel it"), a.toolTip()
    finally:
        w.cancel_run()
        qtbot.waitUntil(lambda: not w.busy, timeout=10000)
    assert w.act_open_folder.isEnabled()
    assert not w.act_open_folder.toolTip().startswith("A run is going"), w.act_open_folder.toolTip()
    assert "Open a folder of frames" in w.act_open_folder.toolTip()
