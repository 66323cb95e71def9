"""A detector with a whole-sequence step (``finish``: trajectory confirmation) cancelled while a frame's call does not
return: the call is let go after ``Job.LET_GO_MS``, and with it the finishing step, which would need the detector
still in that call. The frames done still stand: shown, scored against the sequence's point labels and saved
(CSV and manifest); the finishing step is not run on them later behind the user's back."""
from __future__ import annotations

import csv
import json
import threading

import numpy as np
import pytest

from tests.gui.conftest import make_registry
from tests.helpers import SHARED_DATA
from workbench.core.methods import DetectOutput
from workbench.core.registry import Plugin
from workbench.gui.worker import Job


pytestmark = pytest.mark.usefixtures("short_let_go")  # let go after 0.2 s, the gated call lasts seconds

DAUB = SHARED_DATA / "irst" / "daub" / "sequence1"
GATE: dict = {}


class _SlowFinishing:
    """Frames 0-2 at once (a point at the labelled target), frame 3's call waits for the test's gate (8 s at most);
    ``finish`` keeps no output at all (the test sees whether it ran)."""

    modalities = ("gray", "rgb", "ir16")

    def __init__(self, points):
        self.points = points

    def window(self, index, n):
        return [index]

    def detect_frames(self, frames, index):
        if index >= 3:
            GATE["in_call"].set()
            GATE["release"].wait(8)
        x, y = self.points[index]
        return DetectOutput(np.array([[x, y]], float), np.array([0.9]))

    def finish(self, outputs):
        GATE["finished"] = True
        return []


@pytest.fixture
def registry():
    if not (DAUB / "anno_xy.txt").is_file():
        pytest.skip(f"real data not present: {DAUB} (a DAUB sequence with its point labels)")
    rows = [line.split() for line in (DAUB / "anno_xy.txt").read_text().splitlines() if line.strip()]
    points = [(float(r[0]), float(r[1])) for r in rows]
    reg = make_registry()
    reg.add(Plugin("b54_finishing", "detector", lambda cfg, device: _SlowFinishing(points), title="Finishing"))
    return reg


def test_frames_done_saved_and_scored_when_the_call_is_let_go(qtbot, window, messages):
    w = window
    GATE.update(in_call=threading.Event(), release=threading.Event(), finished=False)
    try:
        assert w.open_path(DAUB), w.last_error
        assert w.detection.run("b54_finishing")
        qtbot.waitUntil(GATE["in_call"].is_set, timeout=5000)
        w.cancel_run()
        qtbot.waitUntil(lambda: not w.busy, timeout=4000)  # let go, then saved
        assert not GATE["release"].is_set()
        r = w.detection.result
        assert r.status == "cancelled" and r.left_call and sorted(r.outputs) == [0, 1, 2]
        assert not GATE["finished"]  # the finishing step was not run (its detector is still in its call)
        s = r.scores  # the frames done, scored against DAUB's point labels
        assert s is not None and s["tp"] == 3 and s["fp"] == 0, s
        assert "cancelled after 3 frames" in w.methods.run_status.text() and "P 1.000" in w.methods.run_status.text()
        with open(r.saved_to, newline="") as f:
            frames = {int(row["frame"]) for row in csv.DictReader(f)}
        assert frames == {0, 1, 2}
        entry = json.loads((r.saved_to.parent / "manifest.json").read_text())["sequences"][r.sequence]
        assert entry["frames_done"] == 3 and entry["completed"] is False
        GATE["release"].set()  # the call returns on its own: nothing more runs (no finish), nothing said
        qtbot.waitUntil(lambda: not Job.any_abandoned(), timeout=3000)
        assert not GATE["finished"] and messages == [] and sorted(w.detection.result.outputs) == [0, 1, 2]
    finally:
        GATE["release"].set()
