"""Segment frame of lw_irstnet, one frame in 5.9 s, said "lw_irstnet: 0 fps" in the status bar (every speed of the
window was said whole): under 10 fps it is said with one decimal, as the CLI says speeds (``widgets.fps_text``).
And Segment frame's float16 copy of the saliency kept per frame was made on the GUI thread once the worker had
returned (56-190 ms under load for a 1280x1024 frame): the worker makes it."""
from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import cv2
import numpy as np
import pytest

from tests.gui.conftest import make_registry
from workbench.core.methods import SegOutput, targets_from_mask
from workbench.core.registry import Plugin
from workbench.gui.controllers import segmentation
from workbench.gui.controllers.tracking import TrackingController


class _Slow:
    """One bright blob; a frame takes 0.15 s (6.7 fps)."""

    name = "p_slowish"
    modalities = ("gray",)

    def predict(self, frame):
        time.sleep(0.15)
        mask = np.zeros(frame.shape[:2], bool)
        mask[4:7, 4:7] = True
        return SegOutput(mask.astype(np.float32), mask, targets_from_mask(mask))


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("p_slowish", "segmenter", lambda cfg, device: _Slow()))
    return reg


def test_segment_frame_says_a_slow_speed_with_a_decimal_and_copies_off_the_gui_thread(window, tmp_path,
                                                                                      monkeypatch):
    w = window
    w.quiet_errors = True
    cv2.imwrite(str(tmp_path / "a.png"), np.full((24, 32), 30, np.uint8))
    assert w.open_path(tmp_path / "a.png"), w.last_error
    w.methods.select("p_slowish")
    # a float16 conversion of a saliency of another type on the GUI thread is noted
    converted_on_gui = []
    real = segmentation.compact

    def spy(out, saliency16=None):
        if saliency16 is None and np.asarray(out.saliency).dtype != np.float16:
            converted_on_gui.append(threading.current_thread() is threading.main_thread())
        return real(out, saliency16)

    monkeypatch.setattr(segmentation, "compact", spy)
    out = w.segment_frame("p_slowish")
    assert out is not None, w.last_error
    text = w.fps_label.text()
    speed = float(text.split(": ")[1].split(" fps")[0])
    assert text.startswith("p_slowish: ") and "." in text.split(": ")[1], text  # "6.5 fps", not "7 fps"
    assert 0.5 < speed < 7.0, text
    assert not any(converted_on_gui), "the float16 copy was made on the GUI thread"
    kept = w.segmentation.seg.get(0)
    assert kept is not None and kept.saliency.dtype == np.float16 and kept.saliency.shape == (24, 32)
    assert np.array_equal(kept.saliency > 0.5, out.mask)


def _line(done, fps):
    run = SimpleNamespace(label="fake", fps=fps, frames_done=done, info=None, status="done", saved_to=None)
    return TrackingController._end_line(TrackingController, run)


def test_a_tracking_run_under_10_fps_is_not_said_at_0_fps():
    assert _line(3, 0.17) == "fake: 3 frames, 0.2 fps; saved to the workspace."
    assert _line(3, 9.4) == "fake: 3 frames, 9.4 fps; saved to the workspace."
    assert _line(5, 42.4) == "fake: 5 frames, 42 fps; saved to the workspace."
