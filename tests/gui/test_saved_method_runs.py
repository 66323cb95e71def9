"""Saved detector and segmenter runs come back when their sequence is opened again, as trackers' runs
do (``TrackingController.load_saved_runs``): listed in the Dataset dock's Results column, their
detections / masks drawn, the Targets table and the Scores dock filled."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.results import read_detections, read_masks

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@pytest.fixture
def method_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def _open_two_sequences(w, tmp_path, name: str) -> list[str]:
    """A folder of two generated IR sequences opened as a dataset, ``name`` shown; the entries' names."""
    root = tmp_path / "irdata"
    for k, seq in enumerate(("synth_a", "synth_b")):
        save_irseq(make_sequence(seed=3 + k, frames=8, width=64, height=48), root / seq)
    assert w.open_path(root)
    names = [e.name for e in w.dataset_entries]
    w.dataset._open_row(names.index(name))
    return names


def test_saved_detector_and_segmenter_runs_come_back(qtbot, method_window, tmp_path, messages):
    w = method_window
    names = _open_two_sequences(w, tmp_path, "synth_a")
    assert w.methods.select("pacedet")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    detected = dict(w.detections.outputs)
    w.dataset._open_row(names.index("synth_b"))
    w.segmentation.saved_to = None
    assert w.segment_sequence("paceseg")
    qtbot.waitUntil(lambda: not w.busy and w.segmentation.saved_to is not None, timeout=20000)
    results = tmp_path / "workspace" / "results" / "irdata"
    assert w.sequences.results_by_sequence() == {"synth_a": ["pacedet"], "synth_b": ["paceseg"]}
    assert w.dataset.table.item(names.index("synth_a"), 4).text() == "pacedet"

    w.dataset._open_row(names.index("synth_a"))  # the detector's run is back
    r = w.detections
    assert r is not None and r.label == "pacedet" and r.status == "done"
    assert r.saved_to == results / "pacedet" / "default" / "synth_a.csv"
    assert sorted(r.outputs) == list(range(8)) == sorted(read_detections(r.saved_to))
    for i, out in detected.items():
        np.testing.assert_allclose(r.outputs[i].points, out.points, atol=1e-3)
    assert w.seg is None
    assert w.scores.runs["detection"]["frames"].startswith("8 / 8")
    w.set_frame(2)
    assert w.targets.table.rowCount() == 1

    w.dataset._open_row(names.index("synth_b"))  # and the segmenter's (read back on a worker)
    assert w.detections is None
    qtbot.waitUntil(lambda: w.seg is not None, timeout=20000)
    seg = w.seg
    assert seg is not None and seg.label == "paceseg" and sorted(seg.frames) == list(range(8))
    saved = read_masks(results / "paceseg" / "default" / "synth_b" / "masks")
    assert all(np.array_equal(seg.frames[i].mask, saved[f"{i:06d}"]) for i in range(8))
    assert all(len(seg.frames[i].targets) == 1 for i in range(8))
    assert w.scores.runs["segmentation"]["frames"] == "8 / 8"
    w.set_frame(3)
    assert w.targets.table.rowCount() == 1
    assert not [m for m in messages if m[0] == "critical"], messages


def test_a_saved_segmentation_is_read_back_on_a_worker_with_progress_and_cancel(qtbot, method_window, tmp_path,
                                                                                monkeypatch):
    """Reopening a sequence with a saved segmenter run read its masks and scored them against the label
    masks on the GUI thread (a long sequence stalled the window): a worker does it now, with progress in
    the Methods dock, cancelled by Cancel (or by opening another sequence); the window is not busy."""
    import threading

    import workbench.core.results as results

    w = method_window
    names = _open_two_sequences(w, tmp_path, "synth_b")
    w.segmentation.saved_to = None
    assert w.segment_sequence("paceseg")
    qtbot.waitUntil(lambda: not w.busy and w.segmentation.saved_to is not None, timeout=20000)

    go, reading = threading.Event(), threading.Event()
    real = results.read_mask

    def held(path):  # the worker's reads wait for the test (the GUI thread's would hang the window)
        reading.set()
        go.wait(10)
        return real(path)

    monkeypatch.setattr(results, "read_mask", held)
    w.dataset._open_row(names.index("synth_a"))
    w.dataset._open_row(names.index("synth_b"))  # returns while the masks are read
    assert w.seg is None and w.segmentation.loading and not w.busy
    assert w.act_cancel.isEnabled() and w.methods.cancel_button.isEnabled()
    qtbot.waitUntil(reading.is_set, timeout=10000)
    w.cancel_run()
    go.set()
    qtbot.waitUntil(lambda: not w.segmentation.loading, timeout=20000)
    assert w.seg is None and "cancelled" in w.methods.progress.format()
    assert not w.act_cancel.isEnabled()

    progress = []
    w.segmentation.load_job.progress.connect(lambda f, m: progress.append(f))
    w.dataset._open_row(names.index("synth_a"))
    w.dataset._open_row(names.index("synth_b"))
    qtbot.waitUntil(lambda: w.seg is not None, timeout=20000)
    assert sorted(w.seg.frames) == list(range(8)) and w.scores.runs["segmentation"]["frames"] == "8 / 8"
    assert progress and progress[-1] == 1.0 and "loaded" in w.methods.progress.format()
