"""A first box under a tracker's smallest (SiamFC++ / HA-Net: 2 px) is refused only where the user gave it: in the
window, a box drawn or resized on the frame, before any tracker is made (the smallest its Plugin declares: the
tracker class says it no more, and the run's worker no longer checks again once the tracker is made); the
groundtruth's box there (the user drew none) is tracked as it is, as ``workbench run`` tracks a groundtruth start and
refuses an --init."""
from __future__ import annotations

import numpy as np
import pytest

from tests.gui.conftest import make_registry
from workbench.core.boxes import Box
from workbench.core.methods import TrackOutput
from workbench.core.registry import Plugin

MADE: list = []


class _Tracks:
    """Tracks any first box it is given (its Plugin declares the smallest a user may give)."""
    name = "q55_small"
    modalities = ("gray", "rgb", "ir16")

    def __init__(self):
        MADE.append(self)

    def initialize(self, frame, box):
        self.box = Box(*box)

    def track(self, frame):
        return TrackOutput(self.box, 1.0)


@pytest.fixture
def registry():
    MADE.clear()
    reg = make_registry()
    reg.add(Plugin("q55_small", "tracker", lambda cfg, device: _Tracks(), title="Smallest 2",
                   smallest_user_box=2.0, smallest_user_box_why="the reason"))
    return reg


def _tiny_target(root):
    """An OTB sequence whose groundtruth is a 1 x 1 px target."""
    from workbench.core.data.images import write_image

    rows = []
    for i in range(4):
        f = np.full((48, 64), 40, np.uint8)
        f[20, 12 + i] = 220
        write_image(root / "img" / f"{i + 1:04d}.png", f)
        rows.append(f"{13 + i},21,1,1")
    (root / "groundtruth_rect.txt").write_text("\n".join(rows) + "\n")
    return root


def test_the_window_refuses_a_drawn_box_but_tracks_the_groundtruths(qtbot, window, tmp_path, messages):
    w = window
    assert w.open_path(_tiny_target(tmp_path / "dot"))
    assert w.run_selected(["q55_small"])  # the groundtruth's 1 x 1 px box: tracked (the user drew none)
    qtbot.waitUntil(lambda: not w.busy, timeout=5000)
    assert not [m for m in messages if m[0] == "critical"], messages
    run = next(iter(w.runner.runs.values()))
    assert len(w.runner.runs) == 1 and np.isfinite(run.boxes).all(axis=1).sum() == 4
    w.sequences.set_frame(1)
    w.sequences.on_init_box((20.0, 20.0, 1.0, 1.0))  # as a box drawn (or resized) on frame index 1 arrives
    made = len(MADE)
    assert not w.run_selected(["q55_small"])  # refused at the press: no tracker made, no run
    assert len(MADE) == made and not w.busy
    said = [m for m in messages if m[0] == "critical"]
    assert said and "the first box 20,20,1,1 (x,y,w,h) on 'dot' frame 2 is under 2 px" in str(said[-1]), messages  # as shown (was 1)
