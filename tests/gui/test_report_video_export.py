"""File › Export › Report (HTML + LaTeX)… and File › Export › Video of this sequence… in the real window: both are
written on a worker through the export queue."""
from __future__ import annotations

import cv2

from tests.gui.conftest import near_the_end


def test_report_and_video_actions_write_files(qtbot, window, monkeypatch, tmp_path, messages):
    from PySide6.QtWidgets import QFileDialog

    from workbench.core.evaluation.ope import CONVENTION

    window.open_demo()
    near_the_end(window)  # the exports are asked about, not how many frames the runs tracked
    window.methods.set_checked(["fake", "fake_b"])
    assert window.run_selected(None)
    qtbot.waitUntil(lambda: not window.runner.running, timeout=20000)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "rep"))
    window.exporter.act_report.trigger()
    qtbot.waitUntil(lambda: not window.exporter.running, timeout=30000)
    page = (tmp_path / "rep" / "report.html").read_text()
    assert CONVENTION in page and "fake_b" in page
    assert (tmp_path / "rep" / "report.tex").is_file()

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "v.mp4"), ""))
    window.exporter.act_video.trigger()
    qtbot.waitUntil(lambda: not window.exporter.running, timeout=60000)
    path = tmp_path / "v.mp4" if (tmp_path / "v.mp4").exists() else tmp_path / "v.avi"
    cap = cv2.VideoCapture(str(path))
    n = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
    cap.release()
    assert n == window.n_frames
    assert not [m for m in messages if m[0] == "critical"], messages
