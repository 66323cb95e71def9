"""Exported frames and videos drew the legend top-left, over a target near that corner: it now goes to the
corner where it covers least of the boxes drawn (a video: of every frame's boxes, one corner for the whole
video so it does not jump)."""
from __future__ import annotations

import cv2
import numpy as np

from workbench.core.video import VideoRun, draw_frame, write_video

BOX = (8, 8, 40, 30)  # a target in the top-left corner, where the legend used to sit


def _shaded(img, box) -> float:
    """Mean brightness inside ``box``'s outline (the legend's shade darkens it to about a third)."""
    x, y, w, h = box
    return float(img[y + 4:y + h - 4, x + 4:x + w - 4].mean())


def test_frame_legend_leaves_a_top_left_box_uncovered():
    frame = np.full((120, 240, 3), 200, np.uint8)
    out = draw_frame(frame, {"kcf": (BOX, "#1f77b4")}, gt=BOX, caption="seq #1")
    assert _shaded(out, BOX) > 190, "the legend is drawn over the box in the top-left corner"
    # the legend is still drawn: a shaded block in the top-right corner (the next free one)
    assert out[10:40, 200:230].mean() < 120
    # nothing near the corners: it stays top-left as before
    plain = draw_frame(frame, {"kcf": ((100, 60, 30, 30), "#1f77b4")})
    assert plain[10:20, 10:20].mean() < 120


class _Seq:
    name = "corner"
    meta: dict = {}

    def __init__(self, n=6):
        rng = np.random.default_rng(0)
        self._frames = [rng.integers(150, 200, (60, 120), dtype=np.uint8) for _ in range(n)]
        self.groundtruth = np.array([[4 + i, 4, 30, 24] for i in range(n)], float)

    def __len__(self):
        return len(self._frames)

    def frame(self, i):
        return self._frames[i]


def test_video_legend_keeps_one_corner_away_from_the_boxes(tmp_path):
    seq = _Seq()
    run = VideoRun("t", seq.groundtruth.copy(), "#ff0000")
    vf = write_video(seq, [run], tmp_path / "v.avi", fps=5, scale=4)
    cap = cv2.VideoCapture(str(vf.path))
    frames = []
    while True:
        ok, f = cap.read()
        if not ok:
            break
        frames.append(f.astype(float))
    cap.release()
    assert len(frames) == len(seq)
    for i, f in enumerate(frames):
        x, y, w, h = (seq.groundtruth[i] * 4).astype(int)
        inside = f[y + 8:y + h - 8, x + 8:x + w - 8].mean()
        far = f[130:230, 300:460].mean()  # the frame's own pixels, away from every box and corner
        assert inside > 0.8 * far, f"frame {i}: the legend is drawn over the top-left box"
