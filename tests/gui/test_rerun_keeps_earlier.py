"""A second run of a detector or a segmenter on a sequence keeps the first one, as a tracker's does
(``runner.keep_earlier``, ``RunInfo.beside_earlier``): a finished run is never overwritten by a later
one (nor by a later one cancelled part way), the new run goes to ``<variant>-run2`` (then -run3 ...),
a segmentation folder never holds masks of two runs, and a run is saved under the settings it started
with, not those the form holds when it ends."""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pytest

from workbench.core.boxes import Box
from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.methods import DetectOutput, SegOutput, Target
from workbench.core.registry import Plugin
from workbench.core.results import read_detections, read_manifest

from .conftest import make_registry, shown_window


class Pace:
    """How a stand-in method paces its frames, changed by a test between runs without touching its
    settings (so both runs have the same identity and would share one folder). ``hold_at``: the frame
    (counted from 1) at which the method waits until the test ``release``s it: the test acts (a cancel, a
    form edit) while the run is surely still going, however slow the machine (a fixed sleep per frame
    gave a cancel 0.45 s to land, else the run finished first)."""

    HOLD_TIMEOUT_S = 60.0  # a test that never releases fails on its own checks, not by hanging

    def __init__(self):
        self.frames = 0  # frames done in the current run
        self.hold_at: int | None = None
        self.held = threading.Event()  # set while a frame waits for the release
        self._release = threading.Event()
        self.lock = threading.Lock()

    def hold(self, at: int) -> None:
        self.frames, self.hold_at = 0, at
        self.held.clear()
        self._release.clear()

    def release(self) -> None:
        self.hold_at = None
        self._release.set()

    def step(self):
        with self.lock:
            self.frames += 1
            n = self.frames
        if self.hold_at is not None and n >= self.hold_at:
            self.held.set()
            self._release.wait(self.HOLD_TIMEOUT_S)


@dataclass
class PaceConfig:
    gain: float = field(default=1.0, metadata={"min": 0.0, "max": 10.0})


class PacedDetector:
    """One point per frame at the frame's brightest pixel."""

    modalities = ("gray", "ir16")

    def __init__(self, pace: Pace):
        self.pace = pace

    def window(self, index, n):
        return [index]

    def detect_frames(self, frames, index):
        self.pace.step()
        f = np.asarray(frames[0], np.float32)
        y, x = np.unravel_index(int(np.argmax(f)), f.shape[:2])
        return DetectOutput(np.array([[float(x), float(y)]]), np.array([0.9]))


class PacedSegmenter:
    """Pixels at the frame's maximum are the mask; one target there."""

    def __init__(self, pace: Pace, config):
        self.pace, self.config = pace, config

    def predict(self, frame):
        self.pace.step()
        f = np.asarray(frame, np.float32)
        if f.ndim == 3:
            f = f.mean(axis=2)
        mask = f >= f.max()
        y, x = np.argwhere(mask)[0]
        return SegOutput(f / max(float(f.max()), 1.0), mask,
                         [Target((float(x), float(y)), int(mask.sum()), 1.0, Box(float(x), float(y), 1.0, 1.0), 1.0)])


@pytest.fixture
def pace():
    return Pace()


def paced_registry(pace: Pace):
    """The test registry with the paced detector and segmenter (``pacedet``, ``paceseg``)."""
    reg = make_registry()
    reg.add(Plugin("pacedet", "detector", lambda cfg, device: PacedDetector(pace), title="Paced detector",
                   config=PaceConfig))
    reg.add(Plugin("paceseg", "segmenter", lambda cfg, device: PacedSegmenter(pace, cfg), title="Paced segmenter",
                   config=PaceConfig))
    return reg


@pytest.fixture
def paced_window(qtbot, messages, pace):
    yield from shown_window(qtbot, paced_registry(pace))


def results(tmp_path) -> Path:
    return tmp_path / "workspace" / "results"


def run_and_cancel(qtbot, w, start, pace: Pace, after: int = 3) -> None:
    """Start a run that waits at frame ``after`` until the cancel is given, then let it go on: it stops
    there, ``after`` or so frames done."""
    pace.hold(after)
    try:
        assert start()
        qtbot.waitUntil(pace.held.is_set, timeout=20000)
        w.methods.cancel_button.click()
    finally:
        pace.release()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)


# --- detectors ------------------------------------------------------------------------------------

def test_detector_rerun_cancelled_keeps_the_finished_run(qtbot, paced_window, pace, tmp_path, messages):
    w = paced_window
    seq = make_sequence(seed=3, frames=12, width=64, height=48)
    assert w.open_path(save_irseq(seq, tmp_path / "irdata" / "synth_a"))
    assert w.methods.select("pacedet")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    first = results(tmp_path) / "irdata" / "pacedet" / "default"
    assert w.detections.saved_to == first / "synth_a.csv"
    assert len(read_detections(first / "synth_a.csv", 12)) == 12

    # the same detector and settings again, cancelled after a few frames: the first run stays whole
    run_and_cancel(qtbot, w, w.run_selected, pace)
    r = w.detections
    assert r.status == "cancelled" and 3 <= len(r.outputs) < 12
    assert len(read_detections(first / "synth_a.csv", 12)) == 12
    m = read_manifest(first)["sequences"]["synth_a"]
    assert m["completed"] is True and m["frames_done"] == 12
    second = results(tmp_path) / "irdata" / "pacedet" / "default-run2"
    assert r.saved_to == second / "synth_a.csv"
    assert sorted(read_detections(second / "synth_a.csv")) == sorted(r.outputs)
    m2 = read_manifest(second)
    assert m2["variant"] == "default-run2" and m2["method"] == "pacedet" and m2["changed"] == {}
    assert m2["sequences"]["synth_a"]["completed"] is False
    assert m2["sequences"]["synth_a"]["frames_done"] == len(r.outputs)
    # the window shows the newest run: its status line names its folder, the Scores dock its frames
    assert str(second) in w.methods.run_status.text()
    assert w.scores.runs["detection"]["frames"].startswith(f"{len(r.outputs)} / 12")

    # a third run goes to -run3; both earlier ones are untouched
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    third = results(tmp_path) / "irdata" / "pacedet" / "default-run3"
    assert w.detections.saved_to == third / "synth_a.csv"
    assert len(read_detections(first / "synth_a.csv", 12)) == 12
    assert sorted(read_detections(second / "synth_a.csv")) == sorted(r.outputs)
    assert not [m for m in messages if m[0] == "critical"], messages


def test_detector_runs_of_other_sequences_share_the_folder(qtbot, paced_window, tmp_path):
    """The new folder is for a sequence the folder already holds: another sequence of the same dataset
    joins the first run's folder (one run folder per method and settings over a dataset)."""
    w = paced_window
    a = save_irseq(make_sequence(seed=3, frames=6, width=64, height=48), tmp_path / "irdata" / "synth_a")
    b = save_irseq(make_sequence(seed=4, frames=6, width=64, height=48), tmp_path / "irdata" / "synth_b")
    folder = results(tmp_path) / "irdata" / "pacedet" / "default"
    for path in (a, b):
        assert w.open_path(path)
        assert w.methods.select("pacedet")
        assert w.run_selected()
        qtbot.waitUntil(lambda: not w.busy, timeout=20000)
        assert w.detections.saved_to.parent == folder
    assert set(read_manifest(folder)["sequences"]) == {"synth_a", "synth_b"}
    assert not (folder.parent / "default-run2").exists()


# --- segmenters -----------------------------------------------------------------------------------

def image_folder(root: Path, n: int = 12) -> Path:
    root.mkdir(parents=True)
    for i in range(n):
        img = np.full((24, 32), 40, np.uint8)
        img[5 + i % 10, 4 + 2 * i] = 250
        cv2.imwrite(str(root / f"{i:04d}.png"), img)
    return root


def segment_all(qtbot, w) -> Path:
    w.segmentation.saved_to = None
    assert w.segment_sequence("paceseg")
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    qtbot.waitUntil(lambda: w.segmentation.saved_to is not None, timeout=20000)
    return Path(w.segmentation.saved_to)


def masks_of(folder: Path, seq: str) -> list[str]:
    return sorted(p.name for p in (folder / seq / "masks").glob("*.png"))


def test_segmenter_rerun_cancelled_keeps_the_finished_run(qtbot, paced_window, pace, tmp_path, messages):
    w = paced_window
    assert w.open_path(image_folder(tmp_path / "sirstlike" / "seq"))
    assert w.methods.select("paceseg")
    first = segment_all(qtbot, w)
    assert first.name == "default" and len(masks_of(first, "seq")) == 12

    w.segmentation.saved_to = None
    run_and_cancel(qtbot, w, lambda: w.segment_sequence("paceseg"), pace)
    qtbot.waitUntil(lambda: w.segmentation.saved_to is not None, timeout=20000)
    second = Path(w.segmentation.saved_to)
    n = len(w.seg.frames)
    assert 3 <= n < 12
    # the new run has a folder of its own: only its masks there, its manifest says what it did
    assert second == first.with_name("default-run2")
    assert len(masks_of(second, "seq")) == n
    entry = read_manifest(second)["sequences"]["seq"]
    assert entry["frames_done"] == n and entry["completed"] is False
    assert (second / "seq_targets.csv").read_text().count("\n") == n + 1
    # the finished first run is whole
    assert len(masks_of(first, "seq")) == 12
    entry = read_manifest(first)["sequences"]["seq"]
    assert entry["frames_done"] == 12 and entry["completed"] is True
    assert (first / "seq_targets.csv").read_text().count("\n") == 13
    # the window shows the newest run
    assert w.scores.runs["segmentation"]["frames"] == f"{n} / 12"
    assert str(second) in w.methods.run_status.text()

    third = segment_all(qtbot, w)
    assert third == first.with_name("default-run3") and len(masks_of(third, "seq")) == 12
    assert len(masks_of(second, "seq")) == n and len(masks_of(first, "seq")) == 12
    assert not [m for m in messages if m[0] == "critical"], messages


def test_segmenter_run_saved_with_the_settings_it_started_with(qtbot, paced_window, pace, tmp_path, messages):
    """Settings edited in the form while a run goes do not rename it: it is saved under (and its
    manifest records) the settings it ran with."""
    w = paced_window
    assert w.open_path(image_folder(tmp_path / "sirstlike" / "seq"))
    assert w.methods.select("paceseg")
    w.segmentation.saved_to = None
    pace.hold(2)
    try:
        assert w.segment_sequence("paceseg")
        qtbot.waitUntil(pace.held.is_set, timeout=20000)
        w.methods.form("paceseg").set_values({"gain": 4.0})  # while the run goes
    finally:
        pace.release()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    qtbot.waitUntil(lambda: w.segmentation.saved_to is not None, timeout=20000)
    folder = Path(w.segmentation.saved_to)
    assert folder.name == "default", folder
    m = read_manifest(folder)
    assert m["settings"]["gain"] == 1.0 and m["changed"] == {}
    assert not (folder.with_name("gain=4") / "seq").exists()
    # the next run takes the form's settings: a variant of its own
    assert segment_all(qtbot, w).name == "gain=4"
    assert not [m for m in messages if m[0] == "critical"], messages


def test_segmenter_run_ending_while_the_last_is_written_is_saved_too(qtbot, paced_window, tmp_path, monkeypatch,
                                                                     messages):
    """A run that ends while the previous run's masks are still being written waits its turn to be
    saved (it was dropped)."""
    from workbench.gui.controllers import export

    real = export.save_segmentation_run
    gate = threading.Event()
    calls = []

    def slow_first(*a, **k):
        calls.append(a[5])
        if len(calls) == 1:
            gate.wait(10)
        return real(*a, **k)

    monkeypatch.setattr(export, "save_segmentation_run", slow_first)
    w = paced_window
    assert w.open_path(image_folder(tmp_path / "sirstlike" / "seq", n=4))
    assert w.methods.select("paceseg")
    try:
        assert w.segment_sequence("paceseg")
        qtbot.waitUntil(lambda: not w.busy and bool(calls), timeout=20000)
        assert w.segmentation.save_job.running  # the first run's save is held
        assert w.segment_sequence("paceseg")
        qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: len(calls) == 2 and not w.segmentation.save_job.running, timeout=20000)
    root = Path(w.segmentation.saved_to).parent
    assert Path(w.segmentation.saved_to).name == "default-run2"
    assert len(masks_of(root / "default", "seq")) == 4 and len(masks_of(root / "default-run2", "seq")) == 4
    assert not [m for m in messages if m[0] == "critical"], messages


def test_segmentation_save_without_identity_keeps_the_flat_run(tmp_path, monkeypatch):
    """``save_segmentation_run`` when the run has no identity (the flat ``<method>/`` folder): a second
    save of the sequence goes beside it, not over it: to the sibling ``<method>-run2/`` (it went into the
    first one's folder, ``<method>/default-run2/``, where no reader looks)."""
    from workbench.core import runs
    from workbench.gui.controllers.export import save_segmentation_run

    def no_identity(*a, **k):
        raise RuntimeError("no identity")

    monkeypatch.setattr(runs, "run_info", no_identity)
    plugin = Plugin("flatseg", "segmenter", lambda cfg, device: None)
    mask = np.zeros((4, 5), bool)
    mask[1, 2] = True
    out = SegOutput(mask.astype(np.float32), mask, [])
    a = save_segmentation_run(tmp_path, plugin, None, "cpu", "s", None, None, {0: out, 1: out, 2: out}, True, 10.0)
    b = save_segmentation_run(tmp_path, plugin, None, "cpu", "s", None, None, {0: out}, False, 10.0)
    assert a == tmp_path / "flatseg" and b == tmp_path / "flatseg-run2"
    assert len(masks_of(a, "s")) == 3 and len(masks_of(b, "s")) == 1
    assert json.loads((a / "manifest.json").read_text())["sequences"]["s"]["completed"] is True


def test_detection_save_without_identity_keeps_the_flat_run(qtbot, tmp_path):
    """A detector's run without an identity saves to the flat ``<method>/`` folder; a second run of the
    sequence goes to the sibling ``<method>-run2/`` (it went into ``<method>/default-run2/``). Written as a
    run's end in the window writes it: on a worker (``_save_later``), taken back by ``took_save``."""
    from workbench.gui import settings as wsettings
    from workbench.gui.controllers.detection import DetResults, run_entry, save_detection_run, took_save
    from workbench.gui.worker import Job

    out = DetectOutput(np.array([[3.0, 4.0]]), np.array([0.9]))
    saved = []
    for frames in (3, 1):
        r = DetResults("flatdet", "s", 3, {i: out for i in range(frames)}, status="done")
        job, got = Job(), []
        job.returned.connect(lambda value: got.append(("ok", value)))
        job.errored.connect(lambda exc: got.append(("error", str(exc))))
        job.start(save_detection_run, wsettings.results_dir(), r.info, r.label, r.sequence,
                  sorted(r.outputs.items()), run_entry(r, None))
        qtbot.waitUntil(lambda: bool(got), timeout=10000)
        took_save(r, got[0])
        assert r.status == "done", r.error
        saved.append(r.saved_to)
    root = results(tmp_path)
    assert saved == [root / "flatdet" / "s.csv", root / "flatdet-run2" / "s.csv"]
    assert len(read_detections(saved[0])) == 3 and len(read_detections(saved[1])) == 1
    assert read_manifest(saved[1].parent)["method"] == "flatdet"
