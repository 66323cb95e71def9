"""Found by pressing Cancel just after a run started (G3): a run stopped after its first frame said
"cancelled after 1 frames" (segmenter, detector, tracker). One frame is "1 frame"."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.gui.runner import LiveRun

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@pytest.fixture
def pace():
    return Pace()


@pytest.fixture
def paced_window(qtbot, messages, pace):
    yield from shown_window(qtbot, paced_registry(pace))


def _cancel_at_second_frame(qtbot, w, pace, start) -> str:
    pace.hold(1)  # the first frame waits for the cancel, and is done
    try:
        assert start()
        qtbot.waitUntil(pace.held.is_set, timeout=20000)
        w.methods.cancel_button.click()
    finally:
        pace.release()
    qtbot.waitUntil(lambda: not w.busy and not w.segmentation.saving, timeout=20000)
    return w.methods.run_status.text()


def test_one_frame_is_said_so(qtbot, paced_window, pace, tmp_path):
    w = paced_window
    save_irseq(make_sequence(seed=3, frames=4, width=48, height=40), tmp_path / "seq")
    assert w.open_path(tmp_path / "seq")
    text = _cancel_at_second_frame(qtbot, w, pace, lambda: w.segment_sequence("paceseg"))
    assert "cancelled after 1 frame;" in text, text
    assert w.methods.select("pacedet")
    text = _cancel_at_second_frame(qtbot, w, pace, w.run_selected)
    assert "cancelled after 1 frame;" in text, text
    run = LiveRun("fake", "seq", 4, 0, status="cancelled")
    run.times[0] = 0.01
    assert "cancelled after 1 frame;" in w.tracking._end_line(run)
    run.times[1] = 0.01
    assert "cancelled after 2 frames;" in w.tracking._end_line(run)
    assert np.isfinite(run.times).sum() == 2
