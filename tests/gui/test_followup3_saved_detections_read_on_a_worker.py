"""Opening a saved detector run read its CSV (``read_detections``) and scored it on the GUI thread, when
the sequence opened (its latest run) and when a run was picked in the Layers dock. It is read on a worker
now, as segmentation's saved runs are: the latest with the sequence on the opener's worker (shown as it
opens), a picked one on a Job while the window handles events, a script's sequence's on a Job whose read
is dropped when another sequence (or run) is shown by the time it comes; a read that fails says why in
the status bar and the run shown stays."""
from __future__ import annotations

import threading

import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence

from .conftest import shown_window, spin
from .test_rerun_keeps_earlier import Pace, paced_registry
from .test_saved_method_runs import _save_detections


@pytest.fixture
def method_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def test_saved_detections_are_read_on_a_worker(qtbot, method_window, tmp_path, monkeypatch, messages):
    from workbench.core import results as results_mod
    from workbench.gui.controllers.sequence import read_path

    w = method_window
    path = save_irseq(make_sequence(seed=3, frames=8, width=64, height=48), tmp_path / "irdata" / "synth_a")
    other = save_irseq(make_sequence(seed=4, frames=8, width=64, height=48), tmp_path / "irdata" / "synth_b")
    results = tmp_path / "workspace" / "results"
    _save_detections(results, "default", [(10.0, 12.0)], 8, "2026-01-01T10:00:00")
    _save_detections(results, "default-run2", [(30.0, 20.0), (40.0, 9.0)], 5, "2026-01-02T10:00:00")

    reads, done, real = [], [], results_mod.read_detections
    hold = threading.Event()
    hold.set()

    def recorded(*a, **k):
        reads.append(threading.current_thread() is threading.main_thread())
        hold.wait(10)
        try:
            return real(*a, **k)
        finally:
            done.append(True)

    monkeypatch.setattr(results_mod, "read_detections", recorded)
    assert w.open_path(path)  # the latest run, shown as the sequence opens
    det = w.layers.method_runs["detection"]
    assert w.detections.label == "pacedet/default-run2" and sorted(w.detections.outputs) == list(range(5))
    assert det.currentText() == "pacedet/default-run2"
    det.setCurrentIndex(0)  # the earlier one picked: shown once read
    det.activated.emit(0)
    assert w.detections.label == "pacedet" and sorted(w.detections.outputs) == list(range(8))
    assert det.currentText() == "pacedet" and w.scores.runs["detection"]["method"] == "pacedet"
    assert reads == [False, False], reads

    # a script's sequence (no runs read with it): read on a Job; another sequence shown by the time the read
    # comes: dropped
    reads.clear()
    done.clear()
    hold.clear()
    seq_a, seq_b = read_path(path)[1][0], read_path(other)[1][0]
    assert w.sequences.set_sequence(seq_a, path)
    assert w.detections is None and det.currentText() == "pacedet/default-run2"  # being read
    qtbot.waitUntil(lambda: bool(reads), timeout=5000)
    assert w.sequences.set_sequence(seq_b, other)
    hold.set()
    qtbot.waitUntil(lambda: len(done) == len(reads), timeout=5000)  # the read came, for synth_a
    spin(lambda: False, 0.1)  # what it returned, had it been let through
    assert w.sequence.name == "synth_b" and w.detections is None and det.count() == 0
    assert reads == [False], reads
    assert w.sequences.set_sequence(seq_a, path)  # not dropped: shown once read
    qtbot.waitUntil(lambda: w.detections is not None, timeout=5000)
    assert w.detections.label == "pacedet/default-run2" and det.currentText() == "pacedet/default-run2"
    assert w.scores.runs["detection"]["method"] == "pacedet/default-run2"

    # a read that fails (the file damaged since it was listed): said, the run shown stays
    (results / "irdata" / "pacedet" / "default" / "synth_a.csv").write_text("not,a,detections,file\n")
    det.setCurrentIndex(0)
    det.activated.emit(0)
    assert "could not load the saved detections of synth_a" in w.statusBar().currentMessage()
    assert w.detections.label == "pacedet/default-run2" and det.currentText() == "pacedet/default-run2"
    assert not any(reads), reads
    assert not [m for m in messages if m[0] == "critical"], messages
