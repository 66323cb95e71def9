"""Found by opening a sequence whose saved result file is another sequence's (G1): a file with fewer rows
than the sequence has frames was left out of the runs shown without a word; now the status bar names it,
after the "Opened …" line (which hid the notes of files skipped, shown before it)."""
from __future__ import annotations

from tests.gui.conftest import near_the_end


def test_a_saved_result_shorter_than_the_sequence_is_said(qtbot, window):
    from workbench.gui import settings as wsettings

    w = window
    assert w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    saved = w.live["fake"].saved_to
    saved.write_text("1,2,3,4\n" * 20)  # another sequence's 20 boxes in place of the demo's
    seen = []
    w.statusBar().messageChanged.connect(seen.append)
    assert w.open_demo()
    assert "fake" not in w.live
    qtbot.waitUntil(lambda: str(saved) in w.statusBar().currentMessage(), timeout=3000)  # not hidden at once
    said = w.statusBar().currentMessage()
    assert "has 20 boxes" in said and "demo_thermal" in said, seen
    assert wsettings.results_dir() in saved.parents
