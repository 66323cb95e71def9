"""A video refused on Windows for a folder whose path is not ASCII (OpenCV's writer takes no such name, and the disk
keeps no 8.3 alias to write through) told the user to "give --out in a folder with an ASCII path": in the window's
File > Export > Video, which shows the same message, there is no --out; nor did it say which folder of a long path
was not ASCII. It names the file and that folder, and says what to do in words both take. Windows is emulated as
OpenCV behaves there (its writer opens no name that is not ASCII). Task E (s56)."""
from __future__ import annotations

import cv2

from workbench.core import video


def _as_on_windows_without_short_names(monkeypatch):
    real = cv2.VideoWriter
    monkeypatch.setattr(video, "opens_by_name", lambda p: str(p).isascii())
    monkeypatch.setattr(video, "short_path", lambda folder: None)
    monkeypatch.setattr(cv2, "VideoWriter", lambda name, *a: real() if not str(name).isascii() else real(name, *a))


def test_export_video_into_a_non_ascii_folder_says_what_to_do(tmp_path, monkeypatch, capsys):
    from workbench import cli
    from workbench.core.data.synthetic import write_demo

    seq = write_demo(tmp_path / "data", frames=3, width=48, height=40, name="s")
    (tmp_path / "results" / "kcf").mkdir(parents=True)
    (tmp_path / "results" / "kcf" / "s.txt").write_text("10,10,8,8\n11,10,8,8\n12,10,8,8\n")
    folder = tmp_path / "张三" / "clips"
    folder.mkdir(parents=True)
    _as_on_windows_without_short_names(monkeypatch)
    out = folder / "片段.mp4"
    code = cli.main(["export-video", "--sequence", str(seq), "--results", str(tmp_path / "results"),
                     "--out", str(out), "--results-convention", "0-based"])
    err = capsys.readouterr().err
    assert code == 2 and list(folder.iterdir()) == []
    (line,) = [x for x in err.splitlines() if "error:" in x]
    assert line.startswith(f"workbench: error: {out}: not written: OpenCV on Windows writes no video into a folder "
                           "whose path is not ASCII (its folder '张三' is not)"), line
    assert "write the video into a folder whose path is all ASCII" in line and "then move it" in line
    assert "--out" not in line  # the window's Export video says it too
