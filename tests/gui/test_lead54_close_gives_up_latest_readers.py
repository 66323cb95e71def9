"""Review R8: closing the window dropped (gave up) only the dataset dock's describer and the saved scores' job; the
other controllers' latest-request readers (the sequence's saved results listing, tracking's maps, detection's and
segmentation's saved runs and names) were only cancelled, so a listing on a hung network workspace, deaf to
Cancel, was a job nobody gave up and quitting waited for it up to the quit limit. Every one is given up now."""
from __future__ import annotations

import threading

from workbench.gui import worker as wk
from workbench.gui.worker import Job, LatestJob


def test_closing_gives_up_every_latest_reader(qtbot, window):
    w = window
    hung = threading.Event()
    started = threading.Event()

    def listing(ctx):  # a read on a hung disk: never looks at Cancel
        started.set()
        hung.wait(10)

    try:
        latest = w.sequences._results
        assert isinstance(latest, LatestJob)
        job = latest.start(listing, pass_context=True)
        qtbot.waitUntil(started.is_set, timeout=5000)
        w.close()
        assert job.worker is not None and job.worker in wk._ABANDONED, "the results listing was not given up"
    finally:
        hung.set()
        Job.wait_all(5000)
