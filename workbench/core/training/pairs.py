"""(template, search) training pairs with box targets from any ``Sequence`` the core reads.

The Siamese trackers (SiamFC / SiamFC++ / SiamCAR / NAS trackers) all train on the same kind of
sample: two frames of one sequence a few frames apart; the template is the first frame's target
with context, resized to ``z_size``; the search crop is cut from the second frame around its target
at the same context scale times ``x_size / z_size``, jittered in position and scale so the target is
not always centred nor always the same size; the target's box in search-crop pixels is the label.

    sampler = PairSampler([seq1, seq2, ...], PairConfig(z_size=127, x_size=303))
    pair = sampler.sample(rng)            # Pair(z, x, box_xyxy, ...)
    z, x, boxes = sampler.batch(8, rng)   # (8, z, z, 3), (8, x, x, 3) float32 0..255, (8, 4)

Frames of any modality become 3-channel float32 in 0..255 (``preprocess.frame_to_rgb``): 8-bit as they are,
16-bit and float frames with a per-frame percentile stretch, hyperspectral cubes through three bands.
Crops outside the frame are filled with the crop's mean colour (SiamFC's convention).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from workbench.core.boxes import absent_mask
from workbench.core.errors import WorkbenchError
from workbench.core.preprocess import box_to_crop, crop, frame_to_rgb


def context_size(w: float, h: float, context: float = 0.5) -> float:
    """SiamFC's template side in frame pixels: sqrt((w + p)(h + p)), p = context * (w + h)."""
    p = context * (w + h)
    return math.sqrt((w + p) * (h + p))


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
    min_size: float = 4.0  # groundtruth boxes smaller than this (pixels) are not used (``usable_frames``)
    negative_prob: float = 0.0  # template and search from different sequences (box = none)


def usable_frames(gt: np.ndarray, min_size: float = PairConfig.min_size) -> np.ndarray:
    """The frames whose groundtruth box (``gt``, one row a frame) a training pair may use: a target there
    (``boxes.absent_mask``) at least ``min_size`` px a side. The one rule of ``PairSampler`` and the training corpus's
    sources (``corpus.source_of``)."""
    return np.flatnonzero(~absent_mask(gt) & (gt[:, 2] >= min_size) & (gt[:, 3] >= min_size))


def temporal_frames(rng: np.random.Generator, valid: np.ndarray, max_gap: int) -> tuple[int, int]:
    """A temporal pair's two frames, drawn in this order: the template's, one of ``valid``, and the search image's,
    one of ``valid`` at most ``max_gap`` frames from it (the template's own among them). The one rule of
    ``PairSampler``, ``corpus.CorpusSampler`` and ``device_pairs.DevicePairSampler``."""
    fa = int(valid[int(rng.integers(len(valid)))])
    near = valid[(valid >= fa - max_gap) & (valid <= fa + max_gap)]
    return fa, int(near[int(rng.integers(len(near)))])


@dataclass
class Pair:
    z: np.ndarray  # (z, z, 3) float32 0..255
    x: np.ndarray  # (x, x, 3) float32 0..255
    box: np.ndarray  # (4,) x0, y0, x1, y1 in search-crop pixels; NaN for a negative pair
    sequence: str
    frames: tuple[int, int]
    kind: str = "temporal"  # "temporal" (two frames of a labelled sequence) or "self" (one image, transformed)
    source_box: np.ndarray | None = None  # the target (x, y, w, h) in the search's source frame
    transform: np.ndarray | None = None  # 2x3 source-frame pixels -> search-crop pixels


class PairSampler:
    """Samples pairs from a list of sequences (sequences weighted by their number of usable frames)."""

    def __init__(self, sequences, config: PairConfig | None = None):
        self.cfg = config or PairConfig()
        self.sequences = []
        self.valid = []
        for s in sequences:
            if s.groundtruth is None:
                continue
            idx = usable_frames(s.groundtruth, self.cfg.min_size)
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
        return temporal_frames(rng, self.valid[si], self.cfg.max_gap)

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
