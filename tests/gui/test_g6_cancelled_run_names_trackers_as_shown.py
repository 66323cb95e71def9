"""Found cancelling a two-tracker run (G6): a tracker that already had a run on screen was planned as
"fake_b #2" (the window's placeholder until the run's folder names it), and when the run was cancelled before
it started the summary said "fake_b #2 not run", a name shown nowhere else. It says the tracker's name."""
from __future__ import annotations

from workbench.core.data.synthetic import write_demo


def test_tracker_not_run_is_named_as_the_methods_dock_names_it(qtbot, window, tmp_path):
    w = window
    seq = write_demo(tmp_path, frames=24, width=64, height=48, name="short")
    assert w.open_path(seq)
    assert w.run_selected(["fake_b"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    assert w.run_selected(["fake_slow", "fake_b"])
    assert w.runner.planned[1] == "fake_b #2"  # a run of fake_b is on screen: the placeholder until it starts
    qtbot.waitUntil(lambda: any(r.last >= 1 for r in w.runner.runs.values()), timeout=20000)
    w.cancel_run()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    text, tip = w.methods.run_status.text(), w.methods.run_status.toolTip()
    assert text.endswith(" · fake_b not run"), text
    assert "#2" not in text and "#2" not in tip, (text, tip)
    assert "fake_b: not run" in tip, tip
