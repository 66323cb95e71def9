"""A run that ended before its first frame (a segmenter or detector refusing the sequence) moved the view to
the frame where the run before it had ended, on this sequence or on another one opened before: the live
view followed a stale 'latest frame'. Each run is followed from its own frames only."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.gui.conftest import make_registry
from workbench.core.boxes import Box
from workbench.core.registry import Plugin


class _Refuses:
    name = "p_refuses"
    modalities = ("gray",)

    def predict(self, frame):
        raise RuntimeError("refused on purpose")


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("p_refuses", "segmenter", lambda cfg, device: _Refuses()))
    return reg


def test_a_run_failing_before_its_first_frame_leaves_the_view_where_it_was(window, tmp_path, qtbot):
    w = window
    w.quiet_errors = True
    folder = tmp_path / "frames"
    folder.mkdir()
    for i in range(6):
        cv2.imwrite(str(folder / f"{i + 1:04d}.png"), np.full((24, 32), 20 + 10 * i, np.uint8))
    assert w.open_path(folder), w.last_error
    w.sequences.on_init_box(Box(4, 4, 8, 8))
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.runner.running, timeout=10000)
    assert w.sequences.frame_index == 5  # followed to its end
    w.set_frame(1)
    assert w.segmentation.segment_sequence("p_refuses")
    qtbot.waitUntil(lambda: not w.busy, timeout=10000)
    assert w.sequences.frame_index == 1, "the view jumped to the last run's last frame"
