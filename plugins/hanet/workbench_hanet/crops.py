"""Crops and input normalisation shared by the HA-Net tracker and its training (numpy + OpenCV)."""
from __future__ import annotations

import numpy as np

from workbench.core import preprocess
from workbench_hanet.model import CONTEXT, STRIDE, X_SIZE, out_size


def context_side(w: float, h: float, context: float = CONTEXT) -> float:
    """Template side in frame pixels: sqrt((w + c(w+h)) (h + c(w+h))) (SiamFC / SiamBAN)."""
    p = context * (w + h)
    return float(np.sqrt(max(w + p, 1.0) * max(h + p, 1.0)))


def crop(frame: np.ndarray, cx: float, cy: float, side: float, out: int) -> np.ndarray:
    """(out, out, C) float32 square crop of ``side`` frame pixels centred on (cx, cy); borders replicate."""
    f = frame if frame.ndim == 3 else frame[:, :, None]
    c = preprocess.crop(f, cx, cy, side, out, fill=preprocess.REPLICATE, grid="edge")
    if c.ndim == 2:
        c = c[:, :, None]
    return c.astype(np.float32, copy=False)


def frame_scale(frame: np.ndarray) -> float:
    """Normalising constant of a video: the 99th percentile of its first frame (all bands)."""
    a = np.asarray(frame)
    v = float(preprocess.percentile(a, 99, step=4)) if a[::4, ::4].size else 1.0
    return v if v > 0 else 1.0


def match_bands(c: np.ndarray, bands: int) -> np.ndarray:
    """Resample the band axis (by index) to ``bands`` when a cube has another band count."""
    b = c.shape[2]
    if b == bands:
        return c
    pos = np.linspace(0, b - 1, bands)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, b - 1)
    w = (pos - lo).astype(np.float32)
    return c[:, :, lo] * (1 - w) + c[:, :, hi] * w


def to_inputs(c: np.ndarray, scale: float, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(3, S, S) false colour and (B, S, S) cube, both scaled to about -0.5..0.5, float32."""
    import torch

    h, w, b = c.shape
    # torch on the caller's thread count: numpy's BLAS spins up threads for this small product
    n = torch.from_numpy(np.ascontiguousarray(c)).permute(2, 0, 1).contiguous()  # (B, S, S)
    n.mul_(1.0 / scale)
    rgb = (torch.from_numpy(weights.T.astype(np.float32)) @ n.reshape(b, -1)).reshape(3, h, w)
    return (rgb - 0.5).numpy(), (n - 0.5).numpy()


def grid_points(x_size: int = X_SIZE) -> np.ndarray:
    """(N, N, 2) search-crop pixel (x, y) each response position looks at."""
    n = out_size(x_size)
    off = (np.arange(n) - (n - 1) / 2) * STRIDE + x_size / 2
    xx, yy = np.meshgrid(off, off)
    return np.stack([xx, yy], axis=2)


def labels(box_xyxy, x_size: int = X_SIZE, pos_frac: float = 0.3, neg_frac: float = 0.5):
    """SiamBAN-style ellipse labels and ltrb targets for one search crop.

    cls: 1 inside the ellipse of half-axes pos_frac*(w, h), 0 outside neg_frac*(w, h), -1 (ignored)
    between; reg: (4, N, N) distances l, t, r, b to the box edges in crop pixels.
    """
    x0, y0, x1, y1 = box_xyxy
    g = grid_points(x_size)
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    d2 = lambda f: ((g[..., 0] - cx) / (f * w)) ** 2 + ((g[..., 1] - cy) / (f * h)) ** 2  # noqa: E731
    cls = np.full(g.shape[:2], -1.0, np.float32)
    cls[d2(neg_frac) > 1] = 0.0
    cls[d2(pos_frac) <= 1] = 1.0
    if not (cls == 1).any():  # tiny target: the nearest point is positive
        i = np.unravel_index(np.argmin(d2(1.0)), cls.shape)
        cls[i] = 1.0
    reg = np.stack([g[..., 0] - x0, g[..., 1] - y0, x1 - g[..., 0], y1 - g[..., 1]]).astype(np.float32)
    return cls, reg
