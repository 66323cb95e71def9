"""Export › Numbers right after an open, while the sequence's saved runs are still scored on the worker and a
run tracked in the window already has its row: the export took that one row and left the saved runs out. It
waits for their scores (a fraction of a second) and writes every run."""
from __future__ import annotations

import threading

from tests.gui.test_h3_saved_runs_scored_on_a_worker import _blocked, saved  # noqa: F401 (fixture)


def test_numbers_exported_during_the_saved_scoring_hold_every_run(qtbot, window, saved, monkeypatch, tmp_path):  # noqa: F811
    w = window
    seq, other = saved
    assert w.open_path(other)
    go, calls = _blocked(monkeypatch)
    assert w.open_path(seq)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    assert w.scoring.scoring_saved and [r.tracker for r in w.scoring.reports] == ["fake"]
    threading.Timer(0.3, go.set).start()  # the worker finishes while the export waits
    reports = w.exporter._reports()
    assert sorted(r.tracker for r in reports) == ["fake", "old0", "old1", "old2"]
