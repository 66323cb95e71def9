"""The video export of an image set whose frames differ in size: one video at the largest width and
height, each frame centred on black at its own scale with its boxes moved with it, and the export's
note says so (it failed before: 'every frame of a sequence must match')."""
from __future__ import annotations

import cv2
import numpy as np

from tests.core.test_mixed_sizes import BIG, SIZES, SMALL, plain_folder, yolo_set
from workbench.core.data import open_sequence
from workbench.core.video import VideoRun, write_video


def _frames(path):
    cap = cv2.VideoCapture(str(path))
    out = []
    while True:
        ok, f = cap.read()
        if not ok:
            break
        out.append(f)
    cap.release()
    return out


def test_video_of_a_mixed_size_set_pads_each_frame_to_the_largest(tmp_path):
    seq = open_sequence(yolo_set(tmp_path / "set"))
    n = len(seq)
    run = VideoRun("t", np.array([seq.gt_box(i) if seq.gt_box(i) is not None else [np.nan] * 4
                                  for i in range(n)], float), "#ff0000")
    vf = write_video(seq, [run], tmp_path / "v.mp4", fps=5, scale=4)
    assert vf.frames == n
    assert "differ in size" in vf.message and "64x48" in vf.message and "40x40" in vf.message
    assert "2 frames padded" in vf.message and "to 64x48" in vf.message
    frames = _frames(vf.path)
    assert len(frames) == n and {f.shape for f in frames} == {(48 * 4, 64 * 4, 3)}
    # a small frame sits centred: black columns left and right, its own grey level between
    small = frames[3].astype(int)
    ox = (BIG[0] - SMALL[0]) // 2 * 4
    assert small[100, :ox - 4].max() < 30 and small[100, -(ox - 4):].max() < 30
    assert abs(small[150, 128, 0] - (20 + 30 * 3)) < 12
    # its target (the bright centre) stays at the canvas's centre, and the box around it is drawn there
    assert small[96, 128].min() > 200
    red = (small[:, :, 2] > 180) & (small[:, :, 1] < 90)
    ys, xs = np.nonzero(red[68:])  # below the legend (caption, groundtruth, t)
    assert xs.size and abs((xs.min() + xs.max()) / 2 - 128) < 6 and abs((ys.min() + ys.max()) / 2 + 68 - 96) < 6


def test_plain_mixed_folder_exports_without_runs(tmp_path):
    seq = open_sequence(plain_folder(tmp_path / "set"))
    vf = write_video(seq, [], tmp_path / "plain.mp4", fps=5)
    assert vf.frames == len(SIZES) and "padded" in vf.message
    assert len(_frames(vf.path)) == len(SIZES)


def test_video_of_one_size_says_nothing_of_sizes(tmp_path):
    seq = open_sequence(plain_folder(tmp_path / "set", sizes=[BIG] * 3))
    vf = write_video(seq, [], tmp_path / "one.mp4", fps=5)
    assert "size" not in vf.message


def test_letterbox_moves_boxes_and_fits_a_larger_frame():
    from workbench.core.video import letterbox

    rgb = np.full((10, 20, 3), 200, np.uint8)
    out, move = letterbox(rgb, (40, 30))
    assert out.shape == (30, 40, 3) and out[10:20, 10:30].min() == 200 and out[:10].max() == 0
    assert np.allclose(move([1, 2, 3, 4]), [11, 12, 3, 4])
    out, move = letterbox(np.full((40, 80, 3), 9, np.uint8), (40, 30))  # too large: halved
    assert out.shape == (30, 40, 3) and move.scale == 0.5 and np.allclose(move([0, 0, 8, 8]), [0, 5, 4, 4])
