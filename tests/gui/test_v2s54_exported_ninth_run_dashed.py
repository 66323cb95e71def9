"""The viewer, plots and figures draw a run past the eighth colour dashed (its colour came round), but the window's
Export frame and Export video took ``tracking.colors()`` (the colour alone) and drew the ninth run's box and legend
line solid, the first run's look: they take each run's (colour, line style) as the viewer does."""
from __future__ import annotations

import cv2
import numpy as np


def _blue(rgb: np.ndarray) -> np.ndarray:
    """Whether each pixel is of the first / ninth run's blue (#0072B2), not the grey frame or an antialiased edge."""
    rgb = np.asarray(rgb, int)
    return rgb[..., 2] - rgb[..., 0] > 120


def _edge_cover(img: np.ndarray, y: int, x0: int, x1: int) -> float:
    return float(_blue(img[y - 3:y + 4, x0:x1]).any(axis=0).mean())


def test_frame_and_video_exports_draw_the_ninth_run_dashed(window, qtbot, tmp_path):
    from workbench.gui.runner import LiveRun

    w = window
    folder = tmp_path / "grey"
    folder.mkdir()
    for i in range(3):
        cv2.imwrite(str(folder / f"{i:04d}.png"), np.full((48, 64), 128, np.uint8))
    assert w.open_path(folder)
    qtbot.waitUntil(lambda: w.n_frames == 3, timeout=4000)
    names = [f"r{k}" for k in range(9)]
    for k, name in enumerate(names):
        run = LiveRun(name, w.sequence.name, w.n_frames, 0)
        run.boxes[:] = {0: [6, 26, 20, 14], 8: [36, 26, 20, 14]}.get(k, [40, 4, 6, 6])
        w.tracking.live[name] = run
    w.sequences.set_frame(0)
    w.tracking.draw(0)  # on the viewer, in this order: r0 the first colour, r8 the ninth
    assert w.tracking.style("r8") == (w.tracking.style("r0")[0], "--")

    img = w.exporter.frame_scene().draw()  # what Export frame writes (RGB)
    k = img.shape[1] // 64  # small frames are drawn larger
    assert k >= 2
    y = 40 * k  # both boxes' bottom edge
    first, ninth = _edge_cover(img, y, 8 * k, 24 * k), _edge_cover(img, y, 38 * k, 54 * k)
    assert first > 0.95, first  # solid
    assert 0.3 < ninth < 0.85, ninth  # dashed, not the first run's solid line

    runs = {r.label: r for r in w.exporter.video_runs()}  # what Export video draws
    assert runs["r8"].color == runs["r0"].color and runs["r0"].line == "-" and runs["r8"].line == "--"
