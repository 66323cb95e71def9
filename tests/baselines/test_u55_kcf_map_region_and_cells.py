"""KCF / KCF+DSST's response map is drawn where it was measured, in cells of the window actually sampled.

The map (a MapLayer) is drawn stretched over its region, one map cell per region cell: the viewer (setRect),
the video export and the saved maps all place it so. After fftshift the map's "no shift" cell is (wc / 2, hc / 2)
(even cell counts), so for a still target the hottest cell's middle must sit under the box centre; the region
used to start at the window's edge, drawing that cell half a cell right of and below the target (40 x 40: at
(121.56, 111.56) for a centre (120, 110)). Box convention (workbench.core.boxes): pixel i spans [i, i + 1), a
box's centre is x + w / 2.
"""
from __future__ import annotations

import numpy as np
import pytest

from workbench.baselines.dcf.config import KCFConfig, KCFDSSTConfig
from workbench.baselines.dcf.kcf import KCFTracker

H, W = 240, 320


def _frame(x0: float, y0: float, w: int, h: int, seed: int = 1) -> np.ndarray:
    """A bright w x h block covering [x0, x0 + w) x [y0, y0 + h) on a smooth textured background, a little noise."""
    rng = np.random.default_rng(seed)
    xs, ys = np.arange(W), np.arange(H)
    cx = np.clip(np.minimum(xs + 1, x0 + w) - np.maximum(xs, x0), 0, 1)
    cy = np.clip(np.minimum(ys + 1, y0 + h) - np.maximum(ys, y0), 0, 1)
    bg = 60 + 8 * np.sin(xs[None, :] / 7.0) * np.cos(ys[:, None] / 9.0)
    img = bg + 150 * cy[:, None] * cx[None, :] + rng.normal(0, 1.0, (H, W))
    return np.clip(img, 0, 255).astype(np.uint8)


def _still_target_map(cfg, w: int, h: int, x0: float = 100.0, y0: float = 90.0):
    f = _frame(x0, y0, w, h)
    t = KCFTracker(cfg)
    t.initialize(f, (x0, y0, w, h))
    out = t.track(_frame(x0, y0, w, h, seed=2))  # the same target, fresh noise
    return out.maps["response"], (x0 + w / 2.0, y0 + h / 2.0)


@pytest.mark.parametrize("cfg_type", [KCFConfig, KCFDSSTConfig])
@pytest.mark.parametrize("w, h, tol", [
    # windows sampled 100 x 100 / 8 x 8 px, centred on the target (1 x 1: a whole number of cells off it): the
    # hottest cell's middle on the box centre (before: half a cell right and down, 1.56 px at 40 x 40)
    (40, 40, 0.25), (1, 1, 0.25),
    # windows of an odd number of pixels (61 x 24, 29 x 51): their centre half a pixel (0.4 cell) from the
    # target's, which must still lie within the hottest cell as drawn (before: 0.9 cell off, the next cell)
    (24, 10, 0.5), (12, 20, 0.5),
])
def test_still_targets_hottest_cell_drawn_under_its_centre(cfg_type, w, h, tol):
    layer, (tx, ty) = _still_target_map(cfg_type(), w, h)
    data = np.asarray(layer.data)
    rx, ry, rw, rh = layer.region
    cw, ch = rw / data.shape[1], rh / data.shape[0]
    iy, ix = np.unravel_index(int(np.argmax(data)), data.shape)
    px, py = rx + (ix + 0.5) * cw, ry + (iy + 0.5) * ch  # the middle of map cell (ix, iy) as drawn
    assert abs(px - tx) < tol * cw and abs(py - ty) < tol * ch, (
        f"{cfg_type.__name__} {w}x{h}: hottest cell ({ix}, {iy}) drawn at ({px:.2f}, {py:.2f}), "
        f"box centre ({tx:.2f}, {ty:.2f}), cell {cw:.3f} x {ch:.3f} px, region {tuple(layer.region)}")


def test_cells_measured_on_the_window_sampled():
    """A 5 px target's padded window is 12.5 px, sampled as 12 whole pixels: the map's cells span those 12 px
    (cell size x cells = 12), not the unsnapped 12.5 (4 % too wide: every displacement read 4 % long). That part
    guards 0790cfa (which measured cells so); this file's change is checked by where the region sits: its "no
    shift" cell (wc / 2, hc / 2) drawn with its middle at the centre of the window sampled (103, 93 for a box
    centre 102.5, 92.5), the region starting half a cell before that window's edge, not at it (96.8125, not 97)."""
    layer, _ = _still_target_map(KCFConfig(), 5, 5)
    data = np.asarray(layer.data)
    t = KCFTracker(KCFConfig())
    t.initialize(_frame(100.0, 90.0, 5, 5), (100.0, 90.0, 5, 5))
    assert t.window[0] == pytest.approx(12.5)  # the unsnapped window: what the old cell size was measured on
    _, centre, cell_px = t._features(_frame(100.0, 90.0, 5, 5), t.pos[0], t.pos[1], t.scale)
    assert cell_px[0] * t.cells[0] == pytest.approx(12.0) and cell_px[1] * t.cells[1] == pytest.approx(12.0)
    assert data.shape == (t.cells[1], t.cells[0])
    rx, ry, rw, rh = layer.region
    assert rw == pytest.approx(12.0) and rh == pytest.approx(12.0)
    assert tuple(centre) == pytest.approx((103.0, 93.0))  # the window sampled: pixels 97 ... 108, 87 ... 98
    middle = (rx + (t.cells[0] / 2 + 0.5) * cell_px[0], ry + (t.cells[1] / 2 + 0.5) * cell_px[1])
    assert middle == pytest.approx(tuple(centre)), (tuple(layer.region), t.cells, cell_px)
