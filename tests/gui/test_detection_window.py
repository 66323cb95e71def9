"""Runs with identity from the window and detectors from the Methods dock.

A tracker run of a sequence of a dataset folder lands in ``<dataset>/<method>/<variant>/`` with a
manifest, as ``workbench run`` writes it; older flat folders still load. A detector (a plugin of kind
"detector") runs from the Methods dock without an initial box through ``iter_detect`` on the worker:
points overlay the frame, the Targets table lists them, the CSV goes into the run layout and a
labelled sequence gets precision / recall / F1."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import numpy as np
import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.methods import DetectOutput
from workbench.core.registry import Plugin
from workbench.core.results import read_detections, read_manifest, read_result_boxes, write_boxes

from .conftest import dataset_scored, make_registry, relisted_results, shown_window


@dataclass
class FakeDetConfig:
    delay: float = field(default=0.0, metadata={"min": 0.0, "max": 1.0, "step": 0.001})
    match_px: float = field(default=3.0, metadata={"min": 0.5, "max": 50.0})


class FakeDetector:
    """Finds the labelled target on even frames and a point far from it on odd frames (so precision
    and recall are both exactly 1/2); the previous frame is part of its window, as a differential
    detector's is."""

    name = "fakedet"
    modalities = ("gray", "ir16")

    def __init__(self, cfg, centres):
        self.cfg, self.centres = cfg, centres

    def window(self, index, n):
        return [index, max(index - 1, 0)]

    def detect_frames(self, frames, index):
        assert len(frames) == 2 and frames[0].ndim == 2
        if self.cfg.delay:
            time.sleep(self.cfg.delay)
        cx, cy = self.centres[index]
        if index % 2:
            cx, cy = cx + 30.0, cy + 20.0
        return DetectOutput(np.array([[cx, cy]]), np.array([0.9]), np.array([[cx - 1.5, cy - 1.5, 3.0, 3.0]]),
                            np.array([0]), ("target", "interference"))


@pytest.fixture
def labelled_dir(tmp_path):
    seq = make_sequence(seed=3, frames=12, width=96, height=80)
    return save_irseq(seq, tmp_path / "irdata" / "synth_a"), seq


@pytest.fixture
def det_window(qtbot, messages, labelled_dir):
    seq = labelled_dir[1]
    centres = seq.centres()
    reg = make_registry()
    reg.add(Plugin("fakedet", "detector", lambda cfg, device: FakeDetector(cfg, centres), title="Fake detector",
                   description="Test detector. Finds the target on even frames.", config=FakeDetConfig))
    yield from shown_window(qtbot, reg)


def test_window_run_saved_with_manifest_in_variant_layout(qtbot, window, tmp_path):
    from workbench.core.data.synthetic import write_demo

    root = tmp_path / "ds"
    write_demo(root, frames=8, name="seq_a")
    results = tmp_path / "workspace" / "results"
    write_boxes(results / "old_flat" / "seq_a.txt", np.tile([5.0, 5.0, 10.0, 10.0], (8, 1)))  # an older run
    assert window.open_path(root / "seq_a")
    assert "old_flat" in window.live and window.live["old_flat"].status == "saved"  # flat runs still load
    assert window.run_selected(["fake"])
    qtbot.waitUntil(lambda: not window.runner.running, timeout=20000)
    folder = results / "ds" / "fake" / "default"
    saved = folder / "seq_a.txt"
    assert saved.is_file() and len(read_result_boxes(saved)) == 8
    m = read_manifest(folder)
    assert m["method"] == "fake" and m["variant"] == "default" and m["dataset"] == "ds"
    assert m["device"] == "cpu" and m["settings"]["step"] == 1.0 and m["changed"] == {}
    entry = m["sequences"]["seq_a"]
    assert entry["completed"] and entry["frames"] == 8 and entry["start_frame"] == 0
    assert entry["sequence_path"].endswith("seq_a") and entry["init_box"] is not None
    assert str(folder) in window.methods.run_status.text()

    # other settings: another variant folder, the default run is not overwritten
    window.methods.form("fake").editor("step").setValue(2.0)
    assert window.run_selected(["fake"])
    qtbot.waitUntil(lambda: not window.runner.running, timeout=20000)
    other = results / "ds" / "fake" / "step=2"
    assert (other / "seq_a.txt").is_file() and read_manifest(other)["changed"] == {"step": 2.0}
    assert saved.is_file()

    # reopening finds both variants and the flat run; the dataset table and its scores find them too
    window.open_path(root / "seq_a")
    assert {"fake", "fake/step=2", "old_flat"} <= set(window.live)
    assert window.open_path(root, as_dataset=True)
    assert {"fake", "fake/step=2"} <= set(relisted_results(qtbot, window)["seq_a"])
    window.dataset._open_row(0)
    window.plots.scope.setCurrentIndex(1)
    dataset_scored(qtbot, window)
    assert {"fake", "fake/step=2"} <= {r.tracker for r in window.reports}


def test_cancelled_window_run_keeps_identity(qtbot, window, tmp_path):
    window.open_demo()
    assert window.run_selected(["fake_slow"])
    qtbot.waitUntil(lambda: "fake_slow" in window.live and window.live["fake_slow"].last >= 4, timeout=10000)
    window.cancel_run()
    qtbot.waitUntil(lambda: not window.runner.running, timeout=10000)
    folder = tmp_path / "workspace" / "results" / "fake_slow" / "default"  # the demo has no dataset
    m = json.loads((folder / "manifest.json").read_text())
    assert m["method"] == "fake_slow" and m["sequences"]["demo_thermal"]["completed"] is False


def test_detector_selected_runs_without_a_box(qtbot, det_window, tmp_path):
    w = det_window
    frames = tmp_path / "plain"
    seq = make_sequence(seed=1, frames=6, width=64, height=48)
    for i in range(len(seq)):
        from workbench.core.data.images import write_image

        write_image(frames / f"{i + 1:04d}.png", seq.frame(i))
    assert w.open_path(frames)
    assert not w.sequence.has_groundtruth and w.init_box is None
    w.methods.select("fake")  # a tracker without a box asks for one
    assert "Drag on the frame" in (w.view.hint.text() if w.view.hint.isVisible() else "") or \
        "Drag on the frame" in w.methods.init_label.text()
    assert w.methods.select("fakedet")
    assert w.methods.current_detector() == "fakedet"
    assert w.methods.run_button.isEnabled() and w.act_run.isEnabled()
    assert w.methods.run_button.text() == "Run Fake detector"
    assert "Drag" not in w.methods.run_button.text() and "Drag" not in w.methods.run_button.toolTip()
    assert not w.methods.init_label.isVisible()
    assert not w.view.hint.isVisible()
    w.methods.run_button.click()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert w.detections.status == "done" and len(w.detections.outputs) == 6
    assert w.detections.scores is None  # no labels: nothing to score against
    assert not w.last_error


def test_detector_run_overlays_points_and_writes_csv(qtbot, det_window, labelled_dir, tmp_path, messages):
    w = det_window
    path, seq = labelled_dir
    assert w.open_path(path)
    assert w.sequence.name == "synth_a" and w.sequence.meta["point_labels"] is not None
    assert w.methods.select("fakedet")
    assert w.run_selected()
    assert w.methods.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    r = w.detections
    assert r.status == "done" and sorted(r.outputs) == list(range(12))
    # live overlay and the table of the frame on screen
    w.set_frame(4)
    assert w.view.detection_count() == 1
    assert w.targets.table.rowCount() == 1 and "detection" in w.targets.summary.text()
    x = float(w.targets.table.item(0, 1).text())
    assert x == pytest.approx(seq.centres()[4][0], abs=0.06)
    assert w.methods.progress.value() == 1000
    # saved in the run layout with a manifest, as workbench detect writes it
    folder = tmp_path / "workspace" / "results" / "irdata" / "fakedet" / "default"
    csv = folder / "synth_a.csv"
    assert r.saved_to == csv and csv.is_file()
    dets = read_detections(csv, 12)
    assert len(dets) == 12 and all(len(d) == 1 for d in dets.values())
    assert np.allclose(dets[4].points, r.outputs[4].points, atol=1e-3)
    m = read_manifest(folder)
    assert m["method"] == "fakedet" and m["kind"] == "detector" and m["dataset"] == "irdata"
    assert m["sequences"]["synth_a"]["frames_done"] == 12 and m["sequences"]["synth_a"]["completed"]
    # scored against the point labels: targets found on even frames only
    s = r.scores
    labelled = sum(1 for labs in seq.labels for lab in labs if lab.cls == 0)
    assert s["tp"] + s["fn"] == labelled and s["tp"] + s["fp"] == 12
    assert s["precision"] == pytest.approx(s["tp"] / 12) and 0.3 < s["precision"] < 0.7
    assert f"F1 {s['f1']:.3f}" in w.methods.run_status.text()
    assert not [m for m in messages if m[0] == "critical"], messages


def test_detector_cancel_keeps_done_frames(qtbot, det_window, labelled_dir, tmp_path):
    w = det_window
    assert w.open_path(labelled_dir[0])
    w.methods.select("fakedet")
    w.methods.form("fakedet").editor("delay").setValue(0.15)
    assert w.run_selected()
    qtbot.waitUntil(lambda: w.detections is not None and len(w.detections.outputs) >= 2, timeout=10000)
    w.methods.cancel_button.click()
    qtbot.waitUntil(lambda: not w.busy, timeout=10000)
    r = w.detections
    assert r.status == "cancelled" and 2 <= len(r.outputs) < 12
    folder = tmp_path / "workspace" / "results" / "irdata" / "fakedet" / "delay=0.15"
    assert sorted(read_detections(folder / "synth_a.csv")) == sorted(r.outputs)
    assert read_manifest(folder)["sequences"]["synth_a"]["completed"] is False
    assert "cancelled" in w.methods.progress.format()
    assert w.statusBar().currentMessage().startswith("Run cancelled: fakedet")  # the run's last word
    assert r.scores is not None and r.scores["frames"] == len(r.outputs)


class FinishingDetector(FakeDetector):
    """The fake detector with a whole-sequence step (``Detector.finish``): it drops the detections of odd
    frames, as a trajectory confirmation drops false alarms that no trajectory carries."""

    name = "finishdet"

    def finish(self, outputs):
        return [(i, out if i % 2 == 0 else DetectOutput.empty()) for i, out in outputs]


@pytest.fixture
def finish_window(qtbot, messages, labelled_dir):
    centres = labelled_dir[1].centres()
    reg = make_registry()
    reg.add(Plugin("finishdet", "detector", lambda cfg, device: FinishingDetector(cfg, centres),
                   title="Finishing detector", description="Test detector with a whole-sequence step.",
                   config=FakeDetConfig))
    yield from shown_window(qtbot, reg)


def test_detector_whole_sequence_step_replaces_the_per_frame_outputs(qtbot, finish_window, labelled_dir, tmp_path):
    """A detector's ``finish`` (trajectory confirmation in seq_irst) runs when the run ends: the window keeps,
    draws, scores and saves its outputs, not the per-frame ones shown while the run went."""
    w = finish_window
    path, seq = labelled_dir
    assert w.open_path(path)
    assert w.methods.select("finishdet")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    r = w.detections
    assert r.status == "done" and sorted(r.outputs) == list(range(12))
    assert [len(r.outputs[i]) for i in range(12)] == [1, 0] * 6
    s = r.scores  # the finished outputs are scored: no false alarm left on the odd frames
    assert s["fp"] == 0 and s["precision"] == 1.0 and s["tp"] == 6
    dets = read_detections(tmp_path / "workspace" / "results" / "irdata" / "finishdet" / "default" / "synth_a.csv", 12)
    assert sorted(i for i, d in dets.items() if len(d)) == [0, 2, 4, 6, 8, 10]
    w.set_frame(3)
    assert w.view.detection_count() == 0 and w.targets.table.rowCount() == 0
    # cancelled: the frames done are finished too
    w.methods.form("finishdet").editor("delay").setValue(0.15)
    assert w.run_selected()
    qtbot.waitUntil(lambda: w.detections is not r and len(w.detections.outputs) >= 3, timeout=10000)
    w.methods.cancel_button.click()
    qtbot.waitUntil(lambda: not w.busy, timeout=10000)
    c = w.detections
    assert c.status == "cancelled" and all(len(c.outputs[i]) == 0 for i in c.outputs if i % 2)


@pytest.mark.parametrize("cls", [FakeDetector, FinishingDetector])
def test_detect_events_count_the_frames_done_when_cancelled(labelled_dir, cls):
    """The worker's events: a run cancelled after 3 frames says 3, whether or not the detector has a
    whole-sequence step (which then finishes those 3 frames)."""
    from workbench.core.jobs import JobContext
    from workbench.gui.controllers.detection import detect_events

    seq = labelled_dir[1]
    plugin = Plugin(cls.name, "detector", lambda cfg, device: cls(cfg, seq.centres()), config=FakeDetConfig)
    ctx = JobContext()
    events = []
    for ev in detect_events(plugin, FakeDetConfig(), "cpu", seq, ctx):
        events.append(ev)
        if ev[0] == "frame" and ev[1] == 2:
            ctx.cancel()
    kinds = [e[0] for e in events]
    assert kinds.count("frame") == 3 and events[-1] == ("cancelled", 3)
    assert ("final" in kinds) == (cls is FinishingDetector)


def test_frames_the_labels_do_not_cover_are_not_counted_as_scored(qtbot, det_window, labelled_dir, tmp_path):
    """A DAUB anno_xy.txt shorter than its frames folder: the run's frame count (the Scores dock's row,
    beside the timeline's curves) is of the scored frames and says how many are unlabelled (was
    "12 / 12"), and the timeline shows no precision / recall / F1 at a frame the labels do not cover."""
    import shutil

    path, seq = labelled_dir
    daub = tmp_path / "daub" / "short"
    shutil.copytree(path / "frames", daub / "frames")
    (daub / "anno_xy.txt").write_text("".join(f"{cx:.2f}\t{cy:.2f}\n" for cx, cy in seq.centres()[:8]))
    w = det_window
    assert w.open_path(daub)
    assert w.sequence.meta["unlabelled_frames"] == [8, 9, 10, 11]
    assert w.methods.select("fakedet")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert w.detections.status == "done" and len(w.detections.outputs) == 12
    assert w.detections.scores["frames"] == 8
    assert w.scores.runs["detection"]["frames"] == "8 / 8, 4 unlabelled"
    assert w.timeline.show_metric("detection", "f1")
    w.set_frame(5)
    assert w.timeline.readout.text().startswith("frame 6: fakedet 0.")  # a scored frame: its F1 so far
    w.set_frame(10)
    assert w.timeline.readout.text() == ""  # frame 11 is not scored: no F1 "so far" shown there
    assert w.timeline.show_metric("detection", "count")
    assert w.timeline.readout.text() == "frame 11: fakedet 1"  # its detections still are counted


def test_run_selected_by_name_runs_a_detector_as_a_detector(qtbot, det_window, labelled_dir):
    """``run_selected(["fakedet"])`` (a script naming the detector) ran it as a tracker, which failed on the
    worker with "'FakeDetector' object has no attribute 'initialize'"; now it is the detector's run. A
    detector named among trackers is refused up front, saying what it is."""
    w = det_window
    assert w.open_path(labelled_dir[0])
    w.methods.select("fake")  # a tracker selected: the name alone decides
    assert w.run_selected(["fakedet"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert w.detections is not None and w.detections.status == "done" and len(w.detections.outputs) == 12
    assert not w.last_error
    assert not w.run_selected(["fake", "fakedet"])
    assert "'fakedet' is a detector, not a tracker" in w.last_error


def test_run_selected_by_name_runs_a_segmenter_on_the_frame(qtbot, det_window, labelled_dir):
    """``run_selected(["oneseg"])`` (a script naming a segmenter) went to the tracking run, which refused it
    with "run it alone", though it was named alone; now it segments the frame on screen, as the Run button
    does with the segmenter selected."""
    from workbench.core.methods import SegOutput

    w = det_window
    w.registry.add(Plugin("oneseg", "segmenter", lambda cfg, device: type("S", (), {
        "predict": lambda self, f: SegOutput(np.zeros(f.shape[:2], np.float32), np.zeros(f.shape[:2], bool),
                                             [])})(), title="One seg"))
    assert w.open_path(labelled_dir[0])
    w.methods.select("fake")  # a tracker selected: the name alone decides
    assert w.run_selected(["oneseg"])
    assert not w.last_error
    assert w.segmentation.seg is not None and w.segmentation.seg.method == "oneseg"
    assert w.segmentation.seg.get(w.frame_index) is not None
    assert not w.run_selected(["fake", "oneseg"])  # among trackers it is still refused up front
    assert "'oneseg' is a segmenter, not a tracker" in w.last_error
