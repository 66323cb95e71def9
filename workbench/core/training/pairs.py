"""(template, search) training pairs with box targets from any ``Sequence`` the core reads.

The Siamese trackers (SiamFC / SiamFC++ / SiamCAR / NAS trackers) all train on the same kind of
sample: two frames of one sequence a few frames apart; the template is the first frame's target
with context, resized to ``z_size``; the search crop is cut from the second frame around its target
at the same context scale times ``x_size / z_size``, jittered in position and scale so the target is
not always centred nor always the same size; the target's box in search-crop pixels is the label.

    sampler = PairSampler([seq1, seq2, ...], PairConfig(z_size=127, x_size=303))
    pair = sampler.sample(rng)            # Pair(z, x, box_xyxy, ...)
    z, x, boxes = sampler.batch(8, rng)   # (8, z, z, 3), (8, x, x, 3) float32 0..255, (8, 4)

Frames of any modality become 3-channel float32 in 0..255 (``frame_to_rgb``): 8-bit as they are,
16-bit and float frames with a per-frame percentile stretch, hyperspectral cubes through three bands.
Crops outside the frame are filled with the crop's mean colour (SiamFC's convention).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from workbench.core.boxes import absent_mask
from workbench.core.errors import WorkbenchError


def frame_to_rgb(frame: np.ndarray, lo_pct: float = 0.5, hi_pct: float = 99.5) -> np.ndarray:
    """Any frame -> (H, W, 3) float32 in 0..255."""
    out = frame_to_float(frame, lo_pct, hi_pct)
    if out.ndim == 2:
        out = np.repeat(out[:, :, None], 3, axis=2)
    return np.ascontiguousarray(out, dtype=np.float32)


def frame_to_float(frame: np.ndarray, lo_pct: float = 0.5, hi_pct: float = 99.5,
                   region: tuple[int, int, int, int] | None = None) -> np.ndarray:
    """Any frame -> float32 in 0..255, (H, W) for single-channel frames, else (H, W, 3): the values of
    ``frame_to_rgb`` without copying a grey frame three times (crop first, replicate the crop).

    ``region`` (x0, y0, x1, y1), inside the frame: convert only those pixels, with the same values
    as converting the whole frame and slicing (the grey-level range still comes from the whole frame);
    trackers that crop one window per frame pass the window's bounds."""
    f = np.asarray(frame)
    if f.ndim == 3 and f.shape[2] > 4:  # hyperspectral cube: three bands spread over the range
        k = f.shape[2]
        bands = [k // 6, k // 2, (5 * k) // 6]
    elif f.ndim == 3 and f.shape[2] == 4:
        bands = [0, 1, 2]
    else:
        bands = None

    def pick(a):
        return a if bands is None else a[:, :, bands]

    part = pick(f if region is None else f[region[1]:region[3], region[0]:region[2]])
    if part.dtype == np.uint8:
        out = part.astype(np.float32)
    else:
        sub = pick(f[::4, ::4]).astype(np.float32)
        lo, hi = np.percentile(sub, [lo_pct, hi_pct])
        out = (part.astype(np.float32) - lo) * (255.0 / max(float(hi - lo), 1e-6))
        np.clip(out, 0, 255, out=out)
    if out.ndim == 3 and out.shape[2] == 1:
        out = out[:, :, 0]
    return np.ascontiguousarray(out, dtype=np.float32)


def context_size(w: float, h: float, context: float = 0.5) -> float:
    """SiamFC's template side in frame pixels: sqrt((w + p)(h + p)), p = context * (w + h)."""
    p = context * (w + h)
    return math.sqrt((w + p) * (h + p))


def crop(image: np.ndarray, cx: float, cy: float, side: float, out: int, fill=None) -> np.ndarray:
    """Square crop of ``side`` frame pixels centred at (cx, cy), resized to ``out`` x ``out``.

    Crop pixel u maps to frame x = cx + (u - (out - 1) / 2) * side / out.
    """
    k = out / side
    m = np.array([[k, 0, (out - 1) / 2.0 - cx * k], [0, k, (out - 1) / 2.0 - cy * k]], dtype=np.float64)
    if fill is None:
        fill = image.reshape(-1, image.shape[-1]).mean(0) if image.ndim == 3 else float(image.mean())
    border = tuple(float(v) for v in np.atleast_1d(fill))
    return cv2.warpAffine(image, m, (out, out), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=border)


def crop_frame(frame: np.ndarray, cx: float, cy: float, side: float, out: int, fill) -> np.ndarray:
    """``crop(frame_to_float(frame), cx, cy, side, out, fill)`` converting only the frame pixels the
    crop samples (its square plus a 2-pixel margin for the bilinear neighbours), so the per-frame cost
    does not grow with the frame: a tracker's search window on a 640x512 16-bit or a hyperspectral
    frame converts a few hundred pixels square, not the whole frame."""
    H, W = np.shape(frame)[:2]
    r = side / 2.0 + 2.0
    x0, y0 = max(int(math.floor(cx - r)), 0), max(int(math.floor(cy - r)), 0)
    x1, y1 = min(int(math.ceil(cx + r)) + 1, W), min(int(math.ceil(cy + r)) + 1, H)
    if x1 <= x0 or y1 <= y0:  # the window lies wholly outside the frame: every crop pixel is fill
        x0, y0, x1, y1 = 0, 0, 1, 1
    img = frame_to_float(frame, region=(x0, y0, x1, y1))
    return crop(img, cx - x0, cy - y0, side, out, fill)


def box_to_crop(box_xywh, cx: float, cy: float, side: float, out: int) -> np.ndarray:
    """A frame box (x, y, w, h) -> (x0, y0, x1, y1) in the pixels of ``crop(..., cx, cy, side, out)``."""
    k = out / side
    x, y, w, h = box_xywh
    x0 = (x - cx) * k + (out - 1) / 2.0
    y0 = (y - cy) * k + (out - 1) / 2.0
    return np.array([x0, y0, x0 + w * k, y0 + h * k], dtype=np.float32)


@dataclass
class PairConfig:
    z_size: int = 127
    x_size: int = 303
    context: float = 0.5
    max_gap: int = 50  # frames between template and search
    shift: float = 0.25  # max centre shift of the search crop, fraction of x_size
    scale: float = 0.3  # log-uniform scale jitter of the search crop: exp(U(-s, s))
    template_shift: float = 0.03  # small jitter of the template crop too (fraction of z_size)
    gray_prob: float = 0.2  # convert an RGB pair to gray sometimes (IR-like appearance)
    min_size: float = 4.0  # groundtruth boxes smaller than this (pixels) are not used
    negative_prob: float = 0.0  # template and search from different sequences (box = none)


@dataclass
class Pair:
    z: np.ndarray  # (z, z, 3) float32 0..255
    x: np.ndarray  # (x, x, 3) float32 0..255
    box: np.ndarray  # (4,) x0, y0, x1, y1 in search-crop pixels; NaN for a negative pair
    sequence: str
    frames: tuple[int, int]


class PairSampler:
    """Samples pairs from a list of sequences (sequences weighted by their number of usable frames)."""

    def __init__(self, sequences, config: PairConfig | None = None):
        self.cfg = config or PairConfig()
        self.sequences = []
        self.valid = []
        for s in sequences:
            if s.groundtruth is None:
                continue
            gt = s.groundtruth
            ok = ~absent_mask(gt) & (gt[:, 2] >= self.cfg.min_size) & (gt[:, 3] >= self.cfg.min_size)
            idx = np.flatnonzero(ok)
            if len(idx) >= 2:
                self.sequences.append(s)
                self.valid.append(idx)
        if not self.sequences:
            raise WorkbenchError("no sequence with at least two annotated frames to sample training pairs from")
        w = np.array([len(v) for v in self.valid], dtype=np.float64)
        self.weights = w / w.sum()

    def __len__(self) -> int:
        return int(sum(len(v) for v in self.valid))

    def _frames(self, rng, si: int) -> tuple[int, int]:
        idx = self.valid[si]
        a = int(rng.integers(len(idx)))
        fa = idx[a]
        near = idx[(idx >= fa - self.cfg.max_gap) & (idx <= fa + self.cfg.max_gap)]
        fb = int(near[int(rng.integers(len(near)))])
        return int(fa), fb

    def sample(self, rng: np.random.Generator) -> Pair:
        c = self.cfg
        si = int(rng.choice(len(self.sequences), p=self.weights))
        seq = self.sequences[si]
        fa, fb = self._frames(rng, si)
        negative = c.negative_prob > 0 and len(self.sequences) > 1 and rng.random() < c.negative_prob
        gray = rng.random() < c.gray_prob
        # template
        za = frame_to_rgb(seq.frame(fa))
        x, y, w, h = seq.groundtruth[fa]
        sz = context_size(w, h, c.context)
        j = c.template_shift * sz
        z = crop(za, x + w / 2 + rng.uniform(-j, j), y + h / 2 + rng.uniform(-j, j), sz, c.z_size)
        # search
        if negative:
            sj = int(rng.choice([k for k in range(len(self.sequences)) if k != si]))
            seq_b, fb = self.sequences[sj], int(self.valid[sj][int(rng.integers(len(self.valid[sj])))])
        else:
            seq_b = seq
        xb = frame_to_rgb(seq_b.frame(fb))
        bx, by, bw, bh = seq_b.groundtruth[fb]
        side = context_size(bw, bh, c.context) * c.x_size / c.z_size * math.exp(rng.uniform(-c.scale, c.scale))
        dx, dy = rng.uniform(-c.shift, c.shift, 2) * side
        cx, cy = bx + bw / 2 + dx, by + bh / 2 + dy
        xs = crop(xb, cx, cy, side, c.x_size)
        box = np.full(4, np.nan, np.float32) if negative else box_to_crop((bx, by, bw, bh), cx, cy, side, c.x_size)
        if gray:
            z = np.repeat(z.mean(2, keepdims=True), 3, axis=2)
            xs = np.repeat(xs.mean(2, keepdims=True), 3, axis=2)
        return Pair(z, xs, box, seq.name, (fa, fb))

    def batch(self, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pairs = [self.sample(rng) for _ in range(n)]
        return (np.stack([p.z for p in pairs]), np.stack([p.x for p in pairs]), np.stack([p.box for p in pairs]))
