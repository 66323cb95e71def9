"""Segment frame's line under the Run button said "frame 1 in 158 ms, 1 targets": one target is said as
one, more as many."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.gui.conftest import make_registry
from workbench.core.methods import SegOutput, targets_from_mask
from workbench.core.registry import Plugin


class _Blobs:
    """A mask with ``n`` separate 3x3 blobs."""

    name = "p_blobs"
    modalities = ("gray",)
    n = 1

    def predict(self, frame):
        mask = np.zeros(frame.shape[:2], bool)
        for k in range(type(self).n):
            mask[4:7, 4 + 6 * k:7 + 6 * k] = True
        return SegOutput(mask.astype(np.float32), mask, targets_from_mask(mask))


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("p_blobs", "segmenter", lambda cfg, device: _Blobs()))
    return reg


def test_one_target_said_as_one(window, tmp_path, monkeypatch):
    w = window
    w.quiet_errors = True
    cv2.imwrite(str(tmp_path / "a.png"), np.full((24, 32), 30, np.uint8))
    assert w.open_path(tmp_path / "a.png"), w.last_error
    w.methods.select("p_blobs")
    out = w.segment_frame("p_blobs")
    assert out is not None and len(out.targets) == 1
    assert w.methods.run_status.text().endswith(", 1 target"), w.methods.run_status.text()
    monkeypatch.setattr(_Blobs, "n", 3)
    out = w.segment_frame("p_blobs")
    assert out is not None and len(out.targets) == 3
    assert w.methods.run_status.text().endswith(", 3 targets"), w.methods.run_status.text()
