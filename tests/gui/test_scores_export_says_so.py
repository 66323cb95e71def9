"""The Scores dock's Export CSV… wrote its file without a word (every other export says where it wrote
in the status bar); now it says so."""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog


def test_scores_export_names_the_file_in_the_status_bar(window, monkeypatch, tmp_path):
    window.open_demo()
    window.scores.set_run("detection", {"method": "seq_irst", "status": "done", "frames": "3 / 3",
                                        "precision": 1.0, "recall": 0.5, "f1": 0.667})
    out = tmp_path / "out" / "scores.csv"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert window.scores.export_button.isEnabled()
    window.scores.export_button.click()
    assert out.is_file() and "seq_irst" in out.read_text()
    assert window.statusBar().currentMessage() == f"Exported the scores to {out}"
