"""Found dropping a path on the window while a run went (G6): the open was refused with a critical "Run in
progress" box, though nothing had failed; the Open actions, greyed then, say in their tooltip to wait or
Cancel (Esc). The refusal (a dropped path, a dataset row, a recent item) is a notice now, in those words."""
from __future__ import annotations

from workbench.core.data.synthetic import write_demo


def test_open_during_a_run_is_refused_with_a_notice_saying_what_to_do(qtbot, window, tmp_path, messages):
    w = window
    first = write_demo(tmp_path, frames=60, width=64, height=48, name="first")
    other = write_demo(tmp_path, frames=4, width=64, height=48, name="other")
    assert w.open_path(first)
    assert w.run_selected(["fake_slow"])
    assert w.busy
    messages.clear()
    assert w.open_path(other) is False  # what a drop and a recent item call
    assert [m[0] for m in messages] == ["information"], messages
    _kind, title, text = messages[0]
    assert title == "Run in progress" and text.startswith(w.RUN_GOING), text
    assert w.act_open_folder.toolTip().startswith(w.RUN_GOING)  # the greyed Open actions say the same
    assert w.statusBar().currentMessage().startswith("Run in progress")
    w.cancel_run()
    qtbot.waitUntil(lambda: not w.busy, timeout=10000)
    assert w.sequence.name == "first" and not (w.last_error or "").startswith("Run in progress")
    messages.clear()
    assert w.close() and messages == []  # nothing runs: closing asks nothing (test_g6_close_asks_for_every_job)
