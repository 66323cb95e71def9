"""File › Export › Video…: a name typed with another extension than .mp4 / .avi had it replaced by .mp4 without a
word (``x.txt`` written as ``x.mp4``, ``run.v2`` as ``run.mp4``), while ``workbench export-video --out x.txt``
refuses it. The window takes the name as the command does (``video.video_path``): another extension is refused
with the command's message and nothing is written; no extension gets .mp4, said with the export as the command's
note says it; .mp4 / .avi (any case) are written as typed."""
from __future__ import annotations

import pytest


@pytest.fixture
def video_dialog(window, monkeypatch, tmp_path):
    """The Export video action with the name ``answer[0]`` typed; ``asked`` records what it exports."""
    from PySide6.QtWidgets import QFileDialog

    answer, asked = [""], []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(answer[0]), ""))
    monkeypatch.setattr(window.exporter, "export_video", lambda path, note="": asked.append((path, note)) or True)
    window.open_demo()
    return answer, asked


def test_a_video_name_is_taken_as_export_video_takes_it(qtbot, window, video_dialog, tmp_path, messages):
    from workbench.core.errors import WorkbenchError
    from workbench.core.video import video_path

    answer, asked = video_dialog
    for typed in (tmp_path / "x.txt", tmp_path / "run.v2"):
        answer[0] = typed
        messages.clear()
        window.exporter.act_video.trigger()
        assert asked == [], asked  # nothing exported
        with pytest.raises(WorkbenchError) as refused:
            video_path(typed)
        assert [(m[1], m[2]) for m in messages] == [("Export video", str(refused.value))], messages

    messages.clear()
    answer[0] = tmp_path / "y"
    window.exporter.act_video.trigger()
    assert [p for p, _n in asked] == [tmp_path / "y.mp4"]
    assert "no file extension given: writing" in asked[0][1] and str(tmp_path / "y.mp4") in asked[0][1]
    for typed in ("z.AVI", "w.MP4"):
        asked.clear()
        answer[0] = tmp_path / typed
        window.exporter.act_video.trigger()
        assert asked == [(tmp_path / typed, "")]
    assert messages == []
