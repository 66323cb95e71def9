"""A run made in the window on one dataset of an HDF5 file (``FILE.h5:/name``, 3aef8e8 / a86ed14) recorded the
file alone as its ``sequence_path``, which reopens the file's default dataset, not the one tracked: the tracker's
(runner), the detector's (run_entry) and the segmenter's manifest record ``FILE.h5:/name`` (``runs.reopen_path``),
as ``workbench run`` does. (R7's finding and test.)"""
from __future__ import annotations

import json

import numpy as np
import pytest

from tests.gui.conftest import FakeConfig, make_registry, shown_window
from tests.gui.test_rerun_keeps_earlier import Pace, PaceConfig, PacedDetector, PacedSegmenter
from workbench.core.boxes import Box
from workbench.core.registry import Plugin

h5py = pytest.importorskip("h5py", reason="h5py (the HDF5 reader's library) is not installed")
ALL = ("gray", "rgb", "ir16", "hsi")


class Still:
    name = "still"

    def initialize(self, frame, box):
        self.box = Box(*box)

    def track(self, frame):
        from workbench.core.methods import TrackOutput

        return TrackOutput(self.box, 1.0, {})


class AnyDetector(PacedDetector):
    modalities = ALL


@pytest.fixture
def h5_window(qtbot, messages):
    pace = Pace()
    reg = make_registry()
    reg.add(Plugin("still", "tracker", lambda cfg, device: Still(), title="Still", config=FakeConfig, modalities=ALL))
    reg.add(Plugin("anydet", "detector", lambda cfg, device: AnyDetector(pace), title="Any detector",
                   config=PaceConfig, modalities=ALL))
    reg.add(Plugin("anyseg", "segmenter", lambda cfg, device: PacedSegmenter(pace, cfg), title="Any segmenter",
                   config=PaceConfig, modalities=ALL))
    yield from shown_window(qtbot, reg)


def _recorded(folder, name="two_g_small"):
    return json.loads((folder / "manifest.json").read_text())["sequences"][name]["sequence_path"]


def test_window_runs_of_one_dataset_record_it(qtbot, h5_window, tmp_path):
    w = h5_window
    p = tmp_path / "two.h5"
    with h5py.File(p, "w") as f:
        f["big"] = np.zeros((3, 24, 24, 4), np.uint16)
        f["g/small"] = np.ones((3, 16, 16, 4), np.uint16)
        f["groundtruth"] = np.tile([2.0, 3.0, 5.0, 6.0], (3, 1))
    chosen = f"{p}:/g/small"
    assert w.open_path(chosen), w.last_error
    assert w.methods.select("still")
    assert w.run_selected(["still"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert _recorded(w.live["still"].saved_to.parent) == chosen  # the old code: str(p), the file alone

    assert w.methods.select("anydet")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert w.detections is not None and w.detections.saved_to is not None, w.last_error
    assert _recorded(w.detections.saved_to.parent) == chosen

    w.segmentation.saved_to = None
    assert w.segment_sequence("anyseg")
    qtbot.waitUntil(lambda: not w.busy and w.segmentation.saved_to is not None, timeout=20000)
    assert _recorded(w.segmentation.saved_to) == chosen
