"""The window before anything is opened: no nonsense figures (the status bar read "zoom 35400 %" and the
empty Timeline's axis "frame (x0.001)" with no y label)."""
from __future__ import annotations

import numpy as np


def test_empty_window_shows_no_zoom_and_a_sane_timeline_and_run_names_what_runs(window, qtbot):
    # the Run button's check first, in this window (a window of its own cost more than the check): it opens
    # nothing, and what follows needs the window empty
    _run_button_names_what_the_readme_says_runs(window)
    assert window.sequence is None
    assert "%" not in window.zoom_label.text()
    window.view.vb.setRange(xRange=(0, 3), yRange=(0, 3))  # a range change with no frame: still no figure
    assert "%" not in window.zoom_label.text()
    plot = window.timeline.plot.getPlotItem()
    bottom = plot.getAxis("bottom")
    assert not bottom.autoSIPrefix and bottom.labelText == "frame" and "x0." not in bottom.labelString()
    assert plot.getAxis("left").labelText == "IoU"
    window.view.set_image(np.zeros((40, 60), np.uint8), levels=(0, 255))
    qtbot.waitUntil(lambda: "%" in window.zoom_label.text(), timeout=3000)


def _run_button_names_what_the_readme_says_runs(window):
    """README step 3: select KCF (or tick several), press Run; the button names what runs: the ticked
    trackers, or the selected one when none is ticked (a ticked set wins over the selection)."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "select *KCF*" in readme and "the ticked trackers, or the selected one when none is ticked" in readme
    m = window.methods
    assert m.select("fake")
    m.set_checked([])
    m._update_run_label()
    assert m.trackers_to_run() == ["fake"] and m.run_button.text() == "Run Fake"
    m.set_checked(["fake_b"])
    m._update_run_label()
    assert m.trackers_to_run() == ["fake_b"] and m.run_button.text() == "Run Fake B"
