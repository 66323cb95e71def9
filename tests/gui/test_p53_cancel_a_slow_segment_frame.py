"""Cancel during Segment frame did nothing: the segmenter's predict() (a plugin taking seconds a frame) ran to its end
and its result was put on screen as if Cancel had not been pressed. A call cannot be stopped midway, so Cancel now
drops what it returns, says so in the Run panel, and leaves the frame as it was; the next Segment frame works."""
from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QTimer

from tests.gui.conftest import make_registry
from workbench.core.methods import SegOutput
from workbench.core.registry import Plugin

GATE = {"event": None}


class _Slow:
    """predict waits for the test's gate (a slow network), then finds a target."""

    name = "p53_slow"
    modalities = ("gray",)

    def predict(self, frame):
        gate = GATE["event"]
        if gate is not None:
            gate.wait(5)
        m = np.zeros(frame.shape[:2], bool)
        m[4:8, 4:8] = True
        return SegOutput(m.astype(np.float32), m)


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("p53_slow", "segmenter", lambda cfg, device: _Slow()))
    return reg


def test_cancel_during_segment_frame_drops_its_result(window, tmp_path):
    w = window
    w.quiet_errors = True
    cv2.imwrite(str(tmp_path / "a.png"), np.full((24, 32), 30, np.uint8))
    assert w.open_path(tmp_path / "a.png"), w.last_error
    w.methods.select("p53_slow")
    GATE["event"] = gate = threading.Event()

    def press_cancel():
        assert w.busy and w.act_cancel.isEnabled()
        w.cancel_run()
        gate.set()  # the call returns after Cancel was pressed

    QTimer.singleShot(300, press_cancel)
    try:
        assert w.segment_frame("p53_slow") is None
    finally:
        GATE["event"] = None
    assert "Segment frame cancelled" in w.methods.run_status.text()
    assert w.segmentation.seg is None or w.segmentation.seg.get(w.sequences.frame_index) is None
    out = w.segment_frame("p53_slow")  # not cancelled: shown
    assert out is not None and out.mask.sum() == 16 and not w.busy
