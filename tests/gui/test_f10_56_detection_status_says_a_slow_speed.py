"""A detector's run ended with the Methods dock's status line "pacedet: 6 frames, 0.0 fps;" for a run slower than
0.05 fps (and "42.4 fps" where the status bar said "42 fps"): it says the speed as the status bar does
(``widgets.fps_text``, b0dd316)."""
from __future__ import annotations

import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.gui.controllers import detection

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@pytest.fixture
def method_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def test_a_slow_detection_run_is_not_said_at_0_fps(qtbot, method_window, tmp_path, monkeypatch):
    w = method_window
    save_irseq(make_sequence(seed=3, frames=3, width=48, height=32), tmp_path / "irdata" / "synth_a")
    assert w.open_path(tmp_path / "irdata" / "synth_a"), w.last_error
    assert w.methods.select("pacedet")
    # a detector taking a minute a frame, without waiting for it: its frames' seconds as measured
    monkeypatch.setattr(detection.DetResults, "fps", property(lambda self: 1 / 60))
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy and w.detections is not None and w.detections.status == "done",
                    timeout=20000)
    text = w.methods.run_status.text()
    assert text.startswith("pacedet: 3 frames, 0.017 fps;"), text  # the old line: "0.0 fps"
    assert w.fps_label.text() == "pacedet: 0.017 fps", w.fps_label.text()
