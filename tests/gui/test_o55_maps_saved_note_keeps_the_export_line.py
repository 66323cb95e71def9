"""A run's maps are written on a worker after the run's end: their line ("kcf: maps response: 9 frames … saved
to …") came a moment after an export the user had made meanwhile and replaced its "Exported 1 file(s) to …" in
the status bar within 0.1 s. The later, lesser line goes after whatever the status bar says (the run's end line
as before, an export's line now), never in place of it; one saying the maps were not saved too."""
from __future__ import annotations

from pathlib import Path

MAPS = Path("/results/o55_no_such_folder/seq_maps.npz")  # (never written: a name in a message)


def test_maps_line_after_an_export_keeps_the_export_line(window):
    w = window
    bar = w.statusBar()
    w.show_run_ended("done", "kcf: 10 frames, 56 fps on CPU; saved to /r/kcf/default.")
    # the run's end line: the maps' line goes beside it (as before)
    w.runner.sigMapsSaved.emit("kcf", MAPS, f"kcf: maps response: 9 frames saved to {MAPS}")
    assert bar.currentMessage().startswith("Run finished: kcf: 10 frames"), bar.currentMessage()
    assert bar.currentMessage().endswith(f"kcf: maps response: 9 frames saved to {MAPS}")
    # an export said since; a second run's maps written after it
    bar.showMessage("Exported 1 file(s) to /tmp/exp", 8000)
    w.runner.sigMapsSaved.emit("kcf_b", MAPS, f"kcf_b: maps response: 9 frames saved to {MAPS}")
    shown = bar.currentMessage()
    assert shown.startswith("Exported 1 file(s) to /tmp/exp"), shown
    assert shown.endswith(f"kcf_b: maps response: 9 frames saved to {MAPS}"), shown  # said after it
    # maps that could not be written: said too, after what is shown
    bar.showMessage("Exported 2 file(s) to /tmp/exp2", 8000)
    w.runner.sigMapsSaved.emit("kcf_c", MAPS, f"maps not saved (the boxes are): {MAPS}: disk full")
    shown = bar.currentMessage()
    assert shown.startswith("Exported 2 file(s) to /tmp/exp2") and shown.endswith("disk full"), shown
