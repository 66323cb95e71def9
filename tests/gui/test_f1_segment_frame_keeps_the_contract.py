"""The window's Segment-frame and re-filter called the segmenter outside the contract the loops keep: a tuple or a
wrong-shape return went on into the overlays (a traceback from a slot). They are checked as the loops check them:
one error line naming the call."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.gui.conftest import make_registry
from workbench.core.methods import SegOutput
from workbench.core.registry import Plugin


class _Odd:
    """predict returns a tuple when ``tuple``; refilter returns a mask of the wrong shape."""

    name = "p_odd"
    modalities = ("gray",)
    tuple = False

    def predict(self, frame):
        z = np.zeros(frame.shape[:2], np.float32)
        return (z, z > 0) if type(self).tuple else SegOutput(z, z > 0)

    def refilter(self, threshold=None, **bounds):
        return SegOutput(np.zeros((3, 3), np.float32), np.zeros((3, 3), bool))


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("p_odd", "segmenter", lambda cfg, device: _Odd(), capabilities=("refilter",)))
    return reg


def test_a_wrong_return_from_segment_frame_or_refilter_is_one_error_line(window, tmp_path, monkeypatch):
    w = window
    w.quiet_errors = True
    cv2.imwrite(str(tmp_path / "a.png"), np.full((24, 32), 30, np.uint8))
    assert w.open_path(tmp_path / "a.png"), w.last_error
    w.methods.select("p_odd")
    monkeypatch.setattr(_Odd, "tuple", True)
    assert w.segment_frame("p_odd") is None
    assert "predict() returned a tuple, not a workbench.core.methods.SegOutput" in w.last_error
    monkeypatch.setattr(_Odd, "tuple", False)
    assert w.segment_frame("p_odd") is not None
    assert w.refilter_segmentation(0.5) is None
    assert "refilter() returned a saliency of shape (3, 3), not the frame's 24 x 32" in w.last_error
