"""Found in the G pass (every action pressed): Start from this frame on the last frame, then Run, tracked the
start frame alone and its end line said "kcf: 1 frames, nan fps on CPU". It says "1 frame" and that no frame
was tracked after the first box (no speed to give)."""
from __future__ import annotations

from workbench.core.data.synthetic import write_demo


def test_run_of_the_start_frame_alone(qtbot, window, tmp_path):
    w = window
    assert w.open_path(write_demo(tmp_path, frames=4, width=48, height=40, name="four"))
    w.act_end.trigger()
    qtbot.waitUntil(lambda: w.frame_index == 3)
    w.act_start_here.trigger()
    w.methods.select("fake")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy and w.statusBar().currentMessage().startswith("Run finished"), timeout=5000)
    line = w.statusBar().currentMessage()
    assert "nan" not in line and "1 frames" not in line, line
    assert "fake: 1 frame, no frame tracked after the first box" in line, line
