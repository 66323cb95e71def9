"""A run's end line ("Run cancelled: ...") leaves the status bar when the next run starts (drop_run_ended). Its maps,
written on the save worker after the end, add their words to that line (show_after_run_end): the combined line was no
longer the end line, so it stayed over the next run, said as that run's (test_qa_f2's race under load)."""
from __future__ import annotations


def test_the_end_line_with_its_maps_words_is_dropped_when_a_run_starts_and_a_later_message_stays(window):
    w = window
    w.show_run_ended("cancelled", "kcf: cancelled after 3 frames")
    assert w.statusBar().currentMessage().startswith("Run cancelled: ")
    w.show_after_run_end("kcf: maps 2 KiB saved to /x/seq_maps.npz", 10000)
    assert "seq_maps.npz" in w.statusBar().currentMessage()
    w.drop_run_ended()  # what show_run_started does for the next run
    assert w.statusBar().currentMessage() == ""
    # a message said since the end stays (asked in this window: a window of its own cost more than the check)
    w.show_run_ended("finished", "kcf: 10 frames")
    w.statusBar().showMessage("Exported 1 file(s) to /x", 10000)
    w.show_after_run_end("kcf: maps saved", 10000)
    w.drop_run_ended()
    assert w.statusBar().currentMessage().startswith("Exported 1 file(s) to /x")
