"""The window's Segment frame said a segmenter's error on "'seq' frame N", N the frame's 0-based index, while the
window shows that frame as N + 1: it names the frame as shown."""
from __future__ import annotations

import pytest

from tests.gui.conftest import make_registry
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import WorkbenchError
from workbench.core.registry import Plugin


class _Refuses:
    name = "w55_refuses"
    modalities = ("gray", "rgb", "ir16")

    def predict(self, frame):
        raise WorkbenchError("w55_refuses: not this frame")


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("w55_refuses", "segmenter", lambda cfg, device: _Refuses()))
    return reg


def test_segment_frame_names_the_frame_as_the_window_shows_it(window, tmp_path, qtbot, messages):
    w = window
    assert w.open_path(write_demo(tmp_path, frames=4, width=48, height=40, name="seq"))
    w.set_frame(2)  # shown as frame 3
    w.segmentation.segment_frame("w55_refuses")
    qtbot.waitUntil(lambda: not w.busy and any(m[0] == "critical" for m in messages), timeout=5000)
    text = str([m for m in messages if m[0] == "critical"][-1])
    assert "w55_refuses: not this frame ('seq' frame 3)" in text, text  # was 'seq' frame 2
