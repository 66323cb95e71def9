"""A box drawn under a tracker's smallest (SiamFC++ / HA-Net: 2 px) was refused on the run's worker, after that
tracker was made (its weights loaded), and with another tracker ticked beside it (KCF) that one ran and saved first:
against "nothing runs until all can" (66c8ac8). The Plugin declares the smallest (``smallest_user_box``) and the
window refuses the drawn box before any tracker is made, naming the frame as it shows it and the others not run."""
from __future__ import annotations

import pytest

from tests.gui.conftest import make_registry
from workbench.core.boxes import Box
from workbench.core.data.synthetic import write_demo
from workbench.core.methods import TrackOutput
from workbench.core.registry import Plugin

MADE: list = []


class _Any:
    modalities = ("gray", "rgb", "ir16")

    def __init__(self, name):
        self.name = name
        MADE.append(name)

    def initialize(self, frame, box):
        self.box = Box(*box)

    def track(self, frame):
        return TrackOutput(self.box, 1.0)


@pytest.fixture
def registry():
    MADE.clear()
    reg = make_registry()
    reg.add(Plugin("w55_any", "tracker", lambda cfg, device: _Any("w55_any"), title="Any size"))
    reg.add(Plugin("w55_small", "tracker", lambda cfg, device: _Any("w55_small"), title="Smallest 2",
                   smallest_user_box=2.0, smallest_user_box_why="the reason"))
    return reg


def test_a_drawn_box_too_small_for_one_tracker_runs_none_and_one_large_enough_runs_both(qtbot, window, messages,
                                                                                       tmp_path):
    w = window
    assert w.open_path(write_demo(tmp_path, frames=4, width=48, height=40, name="seq"))
    w.sequences.set_frame(1)
    w.sequences.on_init_box((20.0, 20.0, 1.0, 1.0))  # as a box drawn (or resized) on frame index 1 arrives
    assert not w.run_selected(["w55_any", "w55_small"])
    qtbot.waitUntil(lambda: not w.busy, timeout=5000)
    assert MADE == [] and not w.runner.runs  # was: w55_any made, run and saved; w55_small made, then refused
    said = [m for m in messages if m[0] == "critical"]
    assert said, messages
    text = str(said[-1])
    assert "w55_small: the first box 20,20,1,1 (x,y,w,h) on 'seq' frame 2 is under 2 px" in text, text
    # the trackers by their titles, as the Run panel names them (66c8ac8); was "w55_any ... untick w55_small"
    assert "Nothing runs until it can: Any size does not run either (untick Smallest 2 to run it alone)" in text, text
    assert "Box too small for Smallest 2" in text, text
    # then a box drawn large enough on the same sequence, in this window (a window of its own cost more than the
    # check): both run
    before = len(messages)
    w.sequences.on_init_box((20.0, 20.0, 2.0, 2.0))
    assert w.run_selected(["w55_any", "w55_small"])
    qtbot.waitUntil(lambda: not w.busy, timeout=5000)
    assert MADE == ["w55_any", "w55_small"] and not [m for m in messages[before:] if m[0] == "critical"], messages


def test_the_shipped_plugins_alone_declare_their_trackers_smallest():
    pytest.importorskip("torch", reason="the trackers' modules import torch")
    from workbench_hanet import PLUGIN as HANET
    from workbench_hanet.tracker import HANetTracker
    from workbench_siamfcpp_prune import PLUGIN as SIAMFCPP
    from workbench_siamfcpp_prune.tracker import SiamFCppTracker

    for plugins, tracker in ((HANET, HANetTracker), (SIAMFCPP, SiamFCppTracker)):
        for p in plugins:
            if p.kind == "tracker":
                assert p.smallest_user_box == 2.0 and "under 2 px is often lost" in p.smallest_user_box_why, p.name
        # one declaration: the tracker class said it again (a second check after the tracker was made read it)
        assert not hasattr(tracker, "smallest_user_box") and not hasattr(tracker, "smallest_user_box_why"), tracker
