"""The Scores dock (detectors' and segmenters' runs) sends a tracker's analyst elsewhere: it said
"Trackers: see Plots.", but no dock, tab or menu of the window is called Plots: the trackers' scores are in
the "Success / precision" tab beside it."""
from __future__ import annotations

from PySide6.QtWidgets import QDockWidget


def test_scores_note_names_the_tab_that_holds_the_trackers_scores(window):
    titles = {d.windowTitle() for d in window.findChildren(QDockWidget)}
    assert window.plots.windowTitle() in titles
    for note in (window.scores.note.text(),):
        assert window.plots.windowTitle() in note
    window.scores.set_run("detection", None)  # emptied again: the same note
    assert window.plots.windowTitle() in window.scores.note.text()
    assert "Plots" not in titles and "see Plots" not in window.scores.note.text()
