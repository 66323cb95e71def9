"""`workbench export-video --out` naming the --sequence video itself: with --force it replaced the user's video
with the boxes drawn over it (hsi-convert refuses its own input so); refused, the video untouched."""
from __future__ import annotations

import cv2
import numpy as np

from workbench.cli import main


def test_export_video_refuses_to_write_over_the_video_it_reads(tmp_path, capsys):
    src = tmp_path / "clip.mp4"
    w = cv2.VideoWriter(str(src), cv2.VideoWriter_fourcc(*"mp4v"), 10, (32, 24))
    for k in range(5):
        f = np.zeros((24, 32, 3), np.uint8)
        f[5:12, 3 + k:10 + k] = 255
        w.write(f)
    w.release()
    if not src.exists() or src.stat().st_size == 0:  # an OpenCV without mp4v: an MJPG AVI instead
        src = tmp_path / "clip.avi"
        w = cv2.VideoWriter(str(src), cv2.VideoWriter_fourcc(*"MJPG"), 10, (32, 24))
        for k in range(5):
            w.write(np.full((24, 32, 3), 40 * k, np.uint8))
        w.release()
    (tmp_path / "res" / "kcf").mkdir(parents=True)
    (tmp_path / "res" / "kcf" / f"{src.stem}.txt").write_text("3,5,7,7\n" * 5)
    before = src.read_bytes()
    for out in (src, src.with_suffix("")):
        assert main(["export-video", "--sequence", str(src), "--results", str(tmp_path / "res"), "--out", str(out),
                     "--force"]) == 2
        assert f"--out {out}: is the video of --sequence" in capsys.readouterr().err
    assert src.read_bytes() == before
