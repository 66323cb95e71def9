"""An inspector dock built after runs (opened from the menu, or while its plugin's run goes on) got none of
them: the window's ``on_sequence`` right after building it was all it had. It now gets the runs the window
holds once, after that ``on_sequence`` (``InspectorDock.catch_up``). And a segmenter's or a detector's outputs
reached no inspector hook: ``on_segment_frame`` / ``on_segment_result`` and ``on_detect_frame`` /
``on_detect_result`` carry them, the plugin's inspectors opened when it runs as a tracker's are."""
from __future__ import annotations

import dataclasses

import cv2
import numpy as np
import pytest

from tests.gui.conftest import make_registry
from workbench.core.methods import DetectOutput
from workbench.core.registry import Plugin
from workbench.gui.inspector import InspectorDock

ME = __name__ + ":Recorder"


class Recorder(InspectorDock):
    """Every hook call, in order: (hook, label or None, what it carried)."""

    def __init__(self, host, plugin=None, title: str = "Recorder"):
        super().__init__(host, plugin, title)
        self.calls: list[tuple] = []

    def on_sequence(self, seq):
        self.calls.clear()  # as an inspector does: a sequence opened starts it afresh
        self.calls.append(("on_sequence", None, seq))

    def on_frame_result(self, tracker, fr):
        self.calls.append(("on_frame_result", tracker, fr.index))

    def on_result(self, tracker, run):
        self.calls.append(("on_result", tracker, run.completed, int(np.isfinite(run.times).sum())))

    def on_segment_frame(self, segmenter, index, output):
        self.calls.append(("on_segment_frame", segmenter, index, int(output.mask.sum())))

    def on_segment_result(self, segmenter, run):
        self.calls.append(("on_segment_result", segmenter, sorted(run.frames)))

    def on_detect_frame(self, detector, index, output):
        self.calls.append(("on_detect_frame", detector, index, len(output.points)))

    def on_detect_result(self, detector, run):
        self.calls.append(("on_detect_result", detector, run.status, sorted(run.outputs)))

    def hooks(self, name):
        return [c for c in self.calls if c[0] == name]


class SpotDetector:
    name = "spotdet"
    modalities = ("gray",)

    def window(self, index, n):
        return [index]

    def detect_frames(self, frames, index):
        y, x = np.unravel_index(int(np.argmax(frames[0])), frames[0].shape)
        return DetectOutput(np.array([[float(x), float(y)]]), np.array([0.9]))


class FillsItself(Recorder):
    """Fills itself from what is open in ``__init__``, then sets more up (a common inspector pattern)."""

    def __init__(self, host, plugin=None, title: str = "FillsItself"):
        super().__init__(host, plugin, title)
        self.on_sequence(host.sequence)
        self.calls = []


@pytest.fixture
def registry():
    from workbench.core.registry import default_registry

    reg = make_registry()
    reg.plugins["fake"] = dataclasses.replace(reg.plugins["fake"], inspectors={"Recorder": ME})
    reg.add(dataclasses.replace(default_registry().plugins["tophat"], inspectors={"Recorder": ME}))
    reg.add(Plugin("spotdet", "detector", lambda cfg, device: SpotDetector(), title="Spot detector",
                   inspectors={"Recorder": ME}))
    return reg


@pytest.fixture
def tiny(tmp_path):
    """An OTB-style sequence of 40 small frames with its groundtruth (the first box)."""
    d = tmp_path / "tiny"
    (d / "img").mkdir(parents=True)
    for k in range(40):
        img = np.full((40, 48), 20, np.uint8)
        img[18:24, 10 + k // 2:16 + k // 2] = 250
        cv2.imwrite(str(d / "img" / f"{k + 1:04d}.png"), img)
    (d / "groundtruth_rect.txt").write_text("".join(f"{11 + k // 2},19,6,6\n" for k in range(40)))
    return d


@pytest.fixture
def spots(tmp_path):
    folder = tmp_path / "spots"
    folder.mkdir()
    for k in range(3):
        img = np.full((40, 48), 20, np.uint8)
        img[20:23, 10 + 8 * k:13 + 8 * k] = 250
        cv2.imwrite(str(folder / f"{k:04d}.png"), img)
    return folder


def test_dock_built_after_or_during_tracker_runs_gets_them_once(window, qtbot, tiny):
    w = window
    assert w.open_path(tiny), w.last_error
    assert w.run_selected(["fake_b"])  # a tracker without this inspector: no dock is built by the run
    assert w.wait_for_run(30)
    assert w.run_selected(["fake_slow"])
    qtbot.waitUntil(lambda: "fake_slow" in w.live and np.isfinite(w.live["fake_slow"].times).sum() >= 3,
                    timeout=10000)
    dock = w.open_inspector(w.registry.plugins["fake"], "Recorder")  # View > Inspectors, mid-run
    # the runs right after the window's on_sequence (which clears), before any live hook
    assert [c[0] for c in dock.calls[:3]] == ["on_sequence", "on_result", "on_result"], dock.calls[:4]
    done = int(np.isfinite(w.live["fake_b"].times).sum())
    first, going = dock.hooks("on_result")
    assert done > 0 and first == ("on_result", "fake_b", True, done)  # the finished run
    assert going[1:3] == ("fake_slow", False) and going[3] >= 3  # the run going, as it stood
    qtbot.waitUntil(lambda: len(dock.hooks("on_frame_result")) >= 2, timeout=10000)  # then live, as usual
    w.runner.cancel()
    assert w.wait_for_run(10)
    assert [c[1:3] for c in dock.hooks("on_result")][2:] == [("fake_slow", False)]  # its end; none twice

    class Broken(InspectorDock):
        def on_result(self, tracker, run):
            raise ValueError("inspector bug")

    broken = Broken(w, w.registry.plugins["fake"], "Broken")  # a hook that raises: said, the rest goes on
    qtbot.waitUntil(lambda: "inspector bug" in w.statusBar().currentMessage(), timeout=5000)  # (built apart)
    broken.deleteLater()

    # built by the window: its on_sequence, then the runs, in that pass (a wrapper of on_sequence caught up
    # inside __init__'s call before, and the window's call right after building cleared them: no run at all)
    w.registry.plugins["fake"] = dataclasses.replace(w.registry.plugins["fake"],
                                                     inspectors={"Fills": __name__ + ":FillsItself"})
    fills = w.open_inspector(w.registry.plugins["fake"], "Fills")
    assert [c[0] for c in fills.calls] == ["on_sequence", "on_result", "on_result"], fills.calls
    apart = Recorder(w, w.registry.plugins["fake"], "Apart")  # built otherwise: the runs a pass later
    apart.on_sequence(w.sequence)
    assert [c[0] for c in apart.calls] == ["on_sequence"]
    qtbot.waitUntil(lambda: len(apart.hooks("on_result")) == 2, timeout=5000)
    apart.deleteLater()


def test_segmenter_and_detector_runs_reach_their_inspector(window, qtbot, spots):
    w = window
    assert w.open_path(spots), w.last_error
    w.methods.select("tophat")
    assert w.segment_sequence()
    qtbot.waitUntil(lambda: not w.busy and not w.segmentation.saving, timeout=20000)
    dock = next(d for d in w.inspectors.values() if isinstance(d, Recorder))  # opened by the run
    qtbot.waitUntil(lambda: bool(dock.hooks("on_segment_result")), timeout=5000)
    frames = dock.hooks("on_segment_frame")
    # (a dock built as the run starts has the frames before it through catch_up's on_segment_result)
    assert {c[2] for c in frames} <= {0, 1, 2} and all(c[1] == "tophat" and c[3] > 0 for c in frames)
    assert dock.hooks("on_segment_result")[-1] == ("on_segment_result", "tophat", [0, 1, 2])
    n = len(dock.calls)
    w.methods.run_button.click()  # Segment frame: the frame on screen
    qtbot.waitUntil(lambda: len(dock.calls) > n, timeout=5000)
    assert dock.calls[n][:3] == ("on_segment_frame", "tophat", w.frame_index)

    dock.calls.clear()
    assert w.methods.select("spotdet")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    qtbot.waitUntil(lambda: bool(dock.hooks("on_detect_result")), timeout=5000)
    assert [c[2] for c in dock.hooks("on_detect_frame")] == [0, 1, 2]  # the dock was there: every frame live
    assert all(c[1] == "spotdet" and c[3] == 1 for c in dock.hooks("on_detect_frame"))
    assert dock.hooks("on_detect_result")[-1][2:] == ("done", [0, 1, 2])
