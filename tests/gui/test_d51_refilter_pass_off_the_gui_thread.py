"""A live-filter slider moved on a frame whose logits the segmenter does not hold (a frame segmented, then a
step to the next) ran the network pass for the new frame on the GUI thread: LW-IRSTNet froze the window
0.5 s for a 250x180 SIRST image on two busy cores, seconds for a 1024x1024 one. The pass runs on a worker
while the window handles events, and the slider's latest move is the one filtered when it ends."""
from __future__ import annotations

import threading
import time

import cv2
import numpy as np
import pytest

from tests.gui.conftest import make_registry
from workbench.core.methods import SegOutput
from workbench.core.registry import Plugin


class _Slow:
    """Its 'logits' are the frame's pixel values; a pass takes 0.3 s and notes whether it ran on the GUI thread."""

    name = "p_slow"
    modalities = ("gray",)

    def __init__(self):
        self.logits = None
        self.on_gui_thread: list[bool] = []

    def predict(self, frame):
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        time.sleep(0.3)
        self.logits = np.asarray(frame, np.float32)
        return self.refilter(0.5)

    def refilter(self, threshold=None, **bounds):
        return SegOutput(self.logits, self.logits > (0.5 if threshold is None else threshold))


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("p_slow", "segmenter", lambda cfg, device: _Slow(), capabilities=("refilter",)))
    return reg


def test_a_slider_move_on_another_frame_runs_its_pass_on_a_worker(window, tmp_path):
    from PySide6.QtCore import QTimer

    w = window
    w.quiet_errors = True
    folder = tmp_path / "frames"
    folder.mkdir()
    cv2.imwrite(str(folder / "0001.png"), np.full((24, 32), 10, np.uint8))
    second = np.full((24, 32), 10, np.uint8)
    second[2:6, 2:6] = 200  # 16 bright pixels
    second[10:20, 10:20] = 100  # 100 dimmer ones
    cv2.imwrite(str(folder / "0002.png"), second)
    assert w.open_path(folder), w.last_error
    w.methods.select("p_slow")
    assert w.segment_frame("p_slow") is not None
    seg = w.segmentation.segmenter
    w.set_frame(1)
    later = []  # a second move while the pass runs: a threshold that keeps the bright pixels only
    QTimer.singleShot(100, lambda: later.append(w.refilter_segmentation(150.0)))
    out = w.refilter_segmentation(50.0)
    assert seg.on_gui_thread == [False, False], "the new frame's network pass ran on the GUI thread"
    assert later, "the window handled no events during the pass"
    assert out is not None and int(out.mask.sum()) == 16  # the latest move's threshold, on frame 2's logits
    assert int(w.seg.get(1).mask.sum()) == 16
    assert w.refilter_segmentation(50.0).mask.sum() == 116  # the logits held now: no pass
    assert len(seg.on_gui_thread) == 2
