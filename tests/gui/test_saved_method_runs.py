"""Saved detector and segmenter runs come back when their sequence is opened again, as trackers' runs
do (``TrackingController.load_saved_runs``): listed in the Dataset dock's Results column, their
detections / masks drawn, the Targets table and the Scores dock filled."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.results import read_detections, read_masks

from .conftest import relisted_results, shown_window, spin
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
    assert relisted_results(qtbot, w) == {"synth_a": ["pacedet"], "synth_b": ["paceseg"]}
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
    from workbench.gui.worker import Job

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

    # another sequence opened while the masks are read: that read-back is dropped, not said "cancelled"
    go.clear()
    reading.clear()
    w.dataset._open_row(names.index("synth_a"))
    w.dataset._open_row(names.index("synth_b"))
    qtbot.waitUntil(reading.is_set, timeout=10000)
    w.dataset._open_row(names.index("synth_a"))
    go.set()
    qtbot.waitUntil(lambda: Job.wait_all(0), timeout=10000)
    spin(lambda: False, 0.1)  # what the dropped read-back sent, had it been let through
    assert w.sequence.name == "synth_a" and not w.segmentation.loading
    assert "cancelled" not in w.methods.progress.format(), w.methods.progress.format()

    progress = []
    w.segmentation.load_job.progress.connect(lambda f, m: progress.append(f))
    w.dataset._open_row(names.index("synth_a"))
    w.dataset._open_row(names.index("synth_b"))
    qtbot.waitUntil(lambda: w.seg is not None, timeout=20000)
    assert sorted(w.seg.frames) == list(range(8)) and w.scores.runs["segmentation"]["frames"] == "8 / 8"
    assert progress and progress[-1] == 1.0 and "loaded" in w.methods.progress.format()


def _save_detections(results, variant: str, points, frames: int, finished: str) -> None:
    """A detector run of synth_a saved as the window saves one: ``points`` in each of its ``frames``."""
    from workbench.core.methods import DetectOutput
    from workbench.core.results import RunInfo, update_manifest, write_detections

    folder = RunInfo("pacedet", kind="detector", variant=variant, dataset="irdata").folder(results)
    out = DetectOutput(np.array(points, float), np.full(len(points), 0.9))
    write_detections(folder / "synth_a.csv", [(i, out) for i in range(frames)])
    update_manifest(folder, {"method": "pacedet", "kind": "detector", "variant": variant}, "synth_a", {
        "frames": 8, "start_frame": 0, "frames_done": frames, "completed": frames == 8, "finished": finished})


def _save_masks(results, variant: str, size: int, finished: str) -> None:
    """A segmenter run of synth_a saved as the window saves one: a ``size`` x ``size`` mask a frame."""
    from workbench.core.boxes import Box
    from workbench.core.methods import SegOutput, Target
    from workbench.core.results import RunInfo, update_manifest
    from workbench.gui.controllers.export import write_segmentation

    folder = RunInfo("paceseg", kind="segmenter", variant=variant, dataset="irdata").folder(results)
    mask = np.zeros((48, 64), bool)
    mask[10:10 + size, 20:20 + size] = True
    target = Target((20.0, 10.0), size * size, 1.0, Box(20.0, 10.0, size, size), 1.0)
    write_segmentation(folder, "synth_a", {i: SegOutput(mask.astype(np.float32), mask, [target]) for i in range(8)})
    update_manifest(folder, {"method": "paceseg", "kind": "segmenter", "variant": variant}, "synth_a", {
        "frames_done": 8, "completed": True, "finished": finished, "masks": "synth_a/masks",
        "targets": "synth_a_targets.csv"})


def test_every_saved_run_of_a_method_comes_back(qtbot, method_window, tmp_path, messages):
    """A sequence with two saved runs of one detector and two of one segmenter: every run is listed in
    the Layers dock, named by method and run folder as trackers' runs are, the latest shown; the earlier
    one shows when picked (its masks read back then, not when the sequence opens)."""
    w = method_window
    path = save_irseq(make_sequence(seed=3, frames=8, width=64, height=48), tmp_path / "irdata" / "synth_a")
    results = tmp_path / "workspace" / "results"
    _save_detections(results, "default", [(10.0, 12.0)], 8, "2026-01-01T10:00:00")
    _save_detections(results, "default-run2", [(30.0, 20.0), (40.0, 9.0)], 5, "2026-01-02T10:00:00")
    _save_masks(results, "default", 1, "2026-01-01T11:00:00")
    _save_masks(results, "default-run2", 3, "2026-01-02T11:00:00")
    assert w.open_path(path)

    det, seg = w.layers.method_runs["detection"], w.layers.method_runs["segmentation"]
    for combo in (det, seg):
        assert combo.isVisible() and combo.isEnabled()
    assert [det.itemText(k) for k in range(det.count())] == ["pacedet", "pacedet/default-run2"]
    assert [seg.itemText(k) for k in range(seg.count())] == ["paceseg", "paceseg/default-run2"]
    assert det.currentText() == "pacedet/default-run2" and "cancelled" in det.itemData(1, Qt.ItemDataRole.ToolTipRole)
    r = w.detections  # the latest run is shown, named so in the Scores dock
    assert r.label == "pacedet/default-run2" and r.status == "cancelled" and sorted(r.outputs) == list(range(5))
    assert w.scores.runs["detection"]["method"] == "pacedet/default-run2"
    qtbot.waitUntil(lambda: w.seg is not None, timeout=20000)
    assert w.seg.label == "paceseg/default-run2" and int(w.seg.frames[0].mask.sum()) == 9
    assert seg.currentText() == "paceseg/default-run2"
    assert w.scores.runs["segmentation"]["method"] == "paceseg/default-run2"
    w.set_frame(2)
    assert w.targets.table.rowCount() == 2  # run2's detections
    w.grab().save(str(tmp_path / "two_runs.png"))

    # the earlier detector run, picked in the Layers dock
    det.setCurrentIndex(0)
    det.activated.emit(0)
    r = w.detections
    assert r.label == "pacedet" and r.status == "done" and sorted(r.outputs) == list(range(8))
    np.testing.assert_allclose(r.outputs[2].points, [[10.0, 12.0]], atol=1e-3)
    assert w.scores.runs["detection"]["method"] == "pacedet" and w.targets.table.rowCount() == 1
    assert det.currentText() == "pacedet"
    # and the earlier segmenter run: its masks are read back now
    seg.setCurrentIndex(0)
    seg.activated.emit(0)
    qtbot.waitUntil(lambda: w.seg is not None, timeout=20000)
    assert w.seg.label == "paceseg" and all(int(o.mask.sum()) == 1 for o in w.seg.frames.values())
    assert w.scores.runs["segmentation"]["method"] == "paceseg" and seg.currentText() == "paceseg"
    assert not [m for m in messages if m[0] == "critical"], messages


def test_a_new_run_is_listed_beside_the_saved_ones(qtbot, method_window, tmp_path):
    """A run made in the window joins the saved runs' list once saved, named by its folder."""
    w = method_window
    path = save_irseq(make_sequence(seed=3, frames=8, width=64, height=48), tmp_path / "irdata" / "synth_a")
    _save_detections(tmp_path / "workspace" / "results", "default", [(10.0, 12.0)], 8, "2026-01-01T10:00:00")
    assert w.open_path(path)
    det = w.layers.method_runs["detection"]
    assert [det.itemText(k) for k in range(det.count())] == ["pacedet"]
    assert w.methods.select("pacedet")
    assert w.run_selected()
    assert not det.isEnabled()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert det.isEnabled() and [det.itemText(k) for k in range(det.count())] == ["pacedet", "pacedet/default-run2"]
    assert det.currentText() == w.detections.label == "pacedet/default-run2"
    # a segmenter's first run on it: listed once saved (its masks are written on a worker)
    seg = w.layers.method_runs["segmentation"]
    assert seg.count() == 0 and not seg.isVisible()
    w.segmentation.saved_to = None
    assert w.segment_sequence("paceseg")
    qtbot.waitUntil(lambda: not w.busy and w.segmentation.saved_to is not None, timeout=20000)
    assert seg.isVisible() and [seg.itemText(k) for k in range(seg.count())] == ["paceseg"]
    assert seg.currentText() == w.seg.label == "paceseg"


def test_a_saved_run_that_cannot_be_read_is_not_named_as_shown(qtbot, method_window, tmp_path, monkeypatch):
    """A saved segmenter run whose folder was deleted between the listing and the pick was read back as a
    run of no masks ("saved run loaded", 0 / 8 frames); its read failing, or cancelled, left the Targets
    dock saying "loading the saved masks…" and the Layers dock naming it as the run shown. A detector run
    that cannot be read named the first run as shown."""
    import shutil
    import threading

    import workbench.core.results as results_mod

    w = method_window
    path = save_irseq(make_sequence(seed=3, frames=8, width=64, height=48), tmp_path / "irdata" / "synth_a")
    results = tmp_path / "workspace" / "results"
    _save_detections(results, "default", [(10.0, 12.0)], 8, "2026-01-01T10:00:00")
    _save_detections(results, "default-run2", [(30.0, 20.0)], 8, "2026-01-02T10:00:00")
    _save_masks(results, "default", 1, "2026-01-01T11:00:00")
    _save_masks(results, "default-run2", 3, "2026-01-02T11:00:00")
    _save_masks(results, "default-run3", 2, "2026-01-03T11:00:00")
    (results / "irdata" / "pacedet" / "default-run2" / "synth_a.csv").write_text("not,a,detections,file\n")
    assert w.open_path(path)
    det, seg = w.layers.method_runs["detection"], w.layers.method_runs["segmentation"]
    assert w.detections is None and det.count() == 2 and det.currentIndex() == -1 and det.currentText() == ""
    det.setCurrentIndex(0)
    det.activated.emit(0)
    assert w.detections.label == "pacedet" and det.currentText() == "pacedet"

    qtbot.waitUntil(lambda: w.seg is not None, timeout=20000)
    assert seg.currentText() == "paceseg/default-run3"
    gone = next(f for label, f, _m, _e in w.segmentation.saved if label == "paceseg")
    shutil.rmtree(gone)
    seg.setCurrentIndex(0)
    seg.activated.emit(0)
    qtbot.waitUntil(lambda: not w.segmentation.loading, timeout=20000)
    assert w.seg is None  # not an empty run shown as read back
    assert "masks folder is gone" in w.statusBar().currentMessage()
    assert "failed" in w.methods.progress.format()
    assert "could not be read" in w.targets.summary.text() and "loading" not in w.targets.summary.text()
    assert [seg.itemText(k) for k in range(seg.count())] == ["paceseg/default-run2", "paceseg/default-run3"]
    assert seg.currentIndex() == -1

    # a pick cancelled while its masks are read
    go, reading = threading.Event(), threading.Event()
    real = results_mod.read_mask

    def held(p):
        reading.set()
        go.wait(10)
        return real(p)

    monkeypatch.setattr(results_mod, "read_mask", held)
    seg.setCurrentIndex(0)
    seg.activated.emit(0)
    assert seg.currentText() == "paceseg/default-run2"
    qtbot.waitUntil(reading.is_set, timeout=10000)
    w.cancel_run()
    go.set()
    qtbot.waitUntil(lambda: not w.segmentation.loading, timeout=20000)
    assert w.seg is None and "cancelled" in w.methods.progress.format()
    assert "cancelled" in w.targets.summary.text() and seg.currentIndex() == -1 and seg.count() == 2
    monkeypatch.undo()
    seg.setCurrentIndex(0)  # picked again, it is read
    seg.activated.emit(0)
    qtbot.waitUntil(lambda: w.seg is not None, timeout=20000)
    assert w.seg.label == "paceseg/default-run2" and seg.currentText() == "paceseg/default-run2"
    assert all(int(o.mask.sum()) == 9 for o in w.seg.frames.values())
