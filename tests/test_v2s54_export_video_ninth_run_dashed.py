"""Past the eighth run the colours come round, and the plots, viewer and figures draw the ninth run dashed; the
CLI's ``export-video`` (``runs_from_folders`` kept the colour of ``tracker_styles`` alone) and ``draw_frame`` (every
box solid) drew the ninth run's box and legend line as the first run's. A run's line style goes with its colour
(``VideoRun.line``; a box's colour may be (colour, line style)) and its box and legend line are drawn dashed."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from tests.helpers import video_frames
from workbench.core.evaluation.plots import color_for

BLUE = color_for(0)  # the first run's colour, and the ninth's


def _blue(bgr: np.ndarray) -> np.ndarray:
    """Whether each pixel is of the runs' blue (#0072B2: blue 178 above red), not the grey frame or a line's
    antialiased edge."""
    bgr = np.asarray(bgr, int)
    return bgr[..., 0] - bgr[..., 2] > 120


def _edge_cover(img: np.ndarray, y: int, x0: int, x1: int) -> float:
    """The share of columns x0..x1 with the blue line in rows y-3..y+3 (a solid edge ~1, a dashed one well under)."""
    return float(_blue(img[y - 3:y + 4, x0:x1]).any(axis=0).mean())


def test_export_video_draws_the_ninth_run_dashed(tmp_path, capsys):
    from workbench.cli import main

    seq = tmp_path / "data" / "s"
    seq.mkdir(parents=True)
    for i in range(3):
        cv2.imwrite(str(seq / f"{i + 1:08d}.png"), np.full((48, 64), 128, np.uint8))
    (seq / "groundtruth.txt").write_text("4,4,10,10\n" * 3)
    for k in range(9):  # t0 .. t8: t8 the ninth, its colour t0's
        folder = tmp_path / "res" / f"t{k}"
        folder.mkdir(parents=True)
        box = {0: "6,6,20,14", 8: "36,26,20,14"}.get(k, "40,4,6,6")
        (folder / "s.txt").write_text(f"{box}\n" * 3)
    out = tmp_path / "v.avi"
    assert main(["export-video", "--sequence", str(seq), "--results", str(tmp_path / "res"), "--out", str(out)]) == 0
    assert "t8" in capsys.readouterr().out
    frame = video_frames(Path(out))[0]
    assert frame.shape[:2] == (480, 640)  # drawn 10x: t0's bottom edge at y 200, t8's at y 400
    first, ninth = _edge_cover(frame, 200, 70, 250), _edge_cover(frame, 400, 370, 550)
    assert first > 0.95, first  # solid
    assert 0.3 < ninth < 0.85, ninth  # dashed: the first run's look no more


def test_draw_frame_dashes_a_box_and_its_legend_line_by_its_line_style():
    from workbench.core.video import draw_frame

    rgb = np.full((120, 200, 3), 128, np.uint8)
    boxes = {"r0": ((60, 20, 50, 30), BLUE), "r8": ((60, 70, 50, 30), (BLUE, "--")),
             "r16": ((130, 70, 50, 30), (BLUE, ":"))}
    img = cv2.cvtColor(draw_frame(rgb, boxes, caption="c", corner="tl"), cv2.COLOR_RGB2BGR)
    assert _edge_cover(img, 50, 62, 108) > 0.95
    assert 0.3 < _edge_cover(img, 100, 62, 108) < 0.85
    assert _edge_cover(img, 100, 132, 178) < 0.6  # dotted: less of the line drawn still
    # the legend's rows (caption first; at the top-left corner: swatches at x 12..30, rows 18 px apart)
    assert _blue(img[36:39, 12:31]).any(axis=0).mean() > 0.95  # r0: a solid line
    assert 0.3 < _blue(img[54:57, 12:31]).any(axis=0).mean() < 0.9  # r8: dashed
