"""A segmenter's All frames run ended with the Methods dock's status line "thr: 2 frames, 0.0 fps." for a run slower
than 0.05 fps (and "42.4 fps" where the status bar said "42 fps"): it says the speed as the status bar does
(``widgets.fps_text``, b0dd316)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.gui.conftest import make_registry
from workbench.core.methods import SegOutput
from workbench.core.registry import Plugin
from workbench.gui.controllers import segmentation


class _Thr:
    modalities = ("gray", "rgb")

    def predict(self, frame):
        g = frame if frame.ndim == 2 else frame[..., 0]
        sal = (g > 150).astype(np.float32)
        return SegOutput(sal, sal > 0.5)


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("f10_thr", "segmenter", lambda cfg, device: _Thr()))
    return reg


def test_a_slow_segmentation_run_is_not_said_at_0_fps(qtbot, window, tmp_path, monkeypatch):
    w = window
    w.quiet_errors = True
    for i in range(2):
        cv2.imwrite(str(tmp_path / f"{i + 1:04d}.png"), np.full((24, 32), 30 + 100 * i, np.uint8))
    assert w.open_path(tmp_path), w.last_error
    qtbot.waitUntil(lambda: w.sequences.sequence is not None and not w.busy, timeout=10000)
    # a segmenter taking a minute a frame, without waiting for it: its frames' seconds as measured
    monkeypatch.setattr(segmentation.SegResults, "fps", property(lambda self: 1 / 60))
    assert w.segment_sequence("f10_thr"), w.last_error
    qtbot.waitUntil(lambda: not w.busy and w.segmentation.saved_to is not None, timeout=10000)
    text = w.methods.run_status.text()
    assert text.startswith("f10_thr: 2 frames, 0.017 fps."), text  # the old line: "0.0 fps"
    assert w.fps_label.text() == "f10_thr: 0.017 fps", w.fps_label.text()
