"""A detector run to the end, then Run again cancelled before its first frame: the finished run's
detections vanished (the Targets table and the Scores dock empty) and the Methods dock said
"seq_irst: cancelled after 0 frames;". The run shown before stays and the status says nothing was done."""
from __future__ import annotations

import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.registry import Plugin

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, PaceConfig, PacedDetector, paced_registry


@pytest.fixture
def pace():
    return Pace()


@pytest.fixture
def slow_start_window(qtbot, messages, pace):
    """``pacedet`` whose creation waits on the pace (a network being built) before any frame."""
    reg = paced_registry(pace)

    def create(cfg, device):
        pace.step()
        return PacedDetector(pace)

    reg.add(Plugin("pacedet", "detector", create, title="Paced detector", config=PaceConfig))
    yield from shown_window(qtbot, reg)


def test_detector_cancelled_before_its_first_frame_keeps_the_run_shown(qtbot, slow_start_window, pace,
                                                                       tmp_path, messages):
    w = slow_start_window
    save_irseq(make_sequence(seed=3, frames=6, width=64, height=48), tmp_path / "seq")
    assert w.open_path(tmp_path / "seq")
    assert w.methods.select("pacedet")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    first = w.detections
    assert first.status == "done" and len(first.outputs) == 6
    pace.hold(1)  # the next run waits while its detector is made
    try:
        assert w.run_selected()
        qtbot.waitUntil(pace.held.is_set, timeout=20000)
        w.methods.cancel_button.click()
    finally:
        pace.release()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    status = w.methods.run_status.text()
    assert "0 frames" not in status, status
    assert "before the first frame" in status and "nothing saved" in status, status
    assert w.detections is first and len(first.outputs) == 6
    w.set_frame(2)
    assert w.targets.table.rowCount() == 1
    assert w.scores.runs["detection"]["frames"].startswith("6 / 6")
    assert w.methods.progress.format() == "cancelled before the first frame"
    assert not messages
