"""The detector workflow's job refused (Run LOSO over one recording group) or failed: the bar read "0%" as if it
were still starting, and the same words came twice, in a message box over the status line that said them too.
Said once now, on the status line where the panel's other errors are (a plot's, a save's); the bar says
"refused" or "failed"."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from workbench_seq_irst.workflow import setup_synthetic_project


@pytest.fixture
def panel(qtbot, monkeypatch):
    from workbench_seq_irst.panel import SeqIRSTPanel

    boxes = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(lambda *a, kind=kind, **k: boxes.append((kind, a))))
    p = SeqIRSTPanel(None)  # not quiet: a message box would be counted
    qtbot.addWidget(p)
    p.show()  # in view: an out-of-sight panel says a failure in a message box too (test_f15_56_…)
    qtbot.waitExposed(p)
    p.boxes = boxes
    return p


def test_loso_over_one_recording_group_refused_on_the_status_line(panel, qtbot, tmp_path):
    setup_synthetic_project(tmp_path / "demo", 1, 1, 1, width=48, height=40, frames=3)
    panel.run_loso([tmp_path / "demo" / "data"], out=tmp_path / "loso")  # one group: 'data'
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert "two recording groups" in panel.last_error, panel.last_error
    assert panel.status.text() == panel.last_error
    assert panel.progress.format() == "refused", panel.progress.format()
    assert panel.boxes == [], "said again in a message box"


def test_a_job_failing_part_way_says_failed(panel, qtbot, tmp_path):
    def job(ctx):
        ctx.progress(0.4, "writing")
        raise OSError(28, "No space left on device", str(tmp_path / "x.png"))

    panel._run(job, lambda _r: None, "a job")
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert "No space left on device" in panel.status.text()
    assert panel.progress.format() == "failed" and panel.progress.value() == 400
    assert panel.boxes == [], "said again in a message box"
