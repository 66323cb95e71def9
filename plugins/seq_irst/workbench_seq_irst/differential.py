"""Differential input (the paper's Eq. 1): from four consecutive frames F1..F4,
G = [F1 - F2, F1 - F3, F1 - F4], signed, in the frames' native counts (8-bit or 16-bit).

F1 is the frame being scored. ``direction="past"`` (default, causal: usable live) takes F2..F4 as the
three frames before it; the first three frames of a sequence, which have no three predecessors, take
the following frames instead (and ``"future"`` does that everywhere). Sequences shorter than four
frames repeat the nearest frame (its difference is then zero).

The network sees ``normalize(G)``: G divided by a robust noise estimate of the whole frame's G
(1.4826 x median absolute deviation), clipped to +-16 sigma and scaled by 1/4, so 8-bit and 16-bit
sensors (and crops cut from a frame, which carry the frame's scale) feed the same numbers.
``mode="channel"`` divides each of the three channels by its own noise estimate instead: the lag-3
difference carries more background-motion residue than the lag-1 one, so one shared sigma leaves the
channels on different scales from scene to scene (the per-frame, per-channel normalisation of the
leave-one-sequence-out ablation, ``loso``).
"""
from __future__ import annotations

import numpy as np

OFFSETS = (1, 2, 3)
CLIP_SIGMA = 16.0
INPUT_SCALE = 0.25


def frame_indices(t: int, n: int, direction: str = "past") -> list[int]:
    """Indices of F1..F4 for frame ``t`` of an ``n``-frame sequence (see module doc)."""
    if not 0 <= t < n:
        raise IndexError(f"frame {t} out of range for {n} frames")
    if direction not in ("past", "future"):
        raise ValueError(f"direction must be 'past' or 'future', got {direction!r}")
    sign = -1 if direction == "past" and t - OFFSETS[-1] >= 0 else 1
    if sign == 1 and t + OFFSETS[-1] >= n and t - OFFSETS[-1] >= 0:
        sign = -1
    return [t] + [int(np.clip(t + sign * k, 0, n - 1)) for k in OFFSETS]


def differential(frames: list[np.ndarray] | np.ndarray) -> np.ndarray:
    """[F1, F2, F3, F4] (each (H, W), any integer or float dtype) -> G (3, H, W) float32, signed counts.

    float32 holds every difference of 16-bit frames exactly (|d| < 2**24)."""
    if len(frames) != 4:
        raise ValueError(f"differential input needs 4 frames, got {len(frames)}")
    f = [np.asarray(x) for x in frames]
    shape = f[0].shape
    for x in f:
        if x.shape != shape or x.ndim != 2:
            raise ValueError(f"frames must be 2-D and of one size, got {[y.shape for y in f]}")
    f1 = f[0].astype(np.float32)
    return np.stack([f1 - x.astype(np.float32) for x in f[1:]])


# Past this fraction of a frame's pixels in a constant canvas (a letterbox or canvas border, a sensor mask, a
# saturated region: unchanged in all three differences), those pixels are left out of the noise estimate: their
# exact zeros drove the MAD to 0 (the 0.5 floor then blew the moving part's noise up to the clip, and a DAUB frame
# set in a 641x479 canvas lost every detection). Below it nothing changes. Only unchanged pixels whose whole
# CANVAS_BLOCK x CANVAS_BLOCK neighbourhood is unchanged count (a morphological opening of the unchanged mask):
# a low-noise 8-bit frame (sensor sigma 0.3-0.5) leaves 20-70 % of its pixels unchanged by rounding alone, but
# scattered, and those zeros are its noise, not a canvas (counting them tripled its noise estimate).
STATIC_FRACTION = 0.2
CANVAS_BLOCK = 9


def moving_pixels(G: np.ndarray) -> np.ndarray | None:
    """Pixels (H, W) of G outside a constant canvas (see ``CANVAS_BLOCK``), when the canvas covers more than
    ``STATIC_FRACTION`` of the frame (else None: every pixel is used, as always)."""
    static = ~(G != 0).any(axis=0)
    if float(static.mean()) <= STATIC_FRACTION:
        return None
    import cv2

    kernel = np.ones((CANVAS_BLOCK, CANVAS_BLOCK), np.uint8)
    canvas = cv2.morphologyEx(static.astype(np.uint8), cv2.MORPH_OPEN, kernel).astype(bool)
    return ~canvas if float(canvas.mean()) > STATIC_FRACTION else None


def noise_sigma(G: np.ndarray, keep: np.ndarray | None = None) -> float:
    """Robust noise level of G (1.4826 x MAD over a subsample), at least 0.5 count; ``keep`` (H, W): the pixels
    it is estimated on (``moving_pixels``; None: all)."""
    step = 2 if G.shape[1] > 64 else 1
    sub = G[:, ::step, ::step]
    if keep is not None and keep[::step, ::step].any():
        sub = sub[:, keep[::step, ::step]]
    sub = sub.ravel()
    med = float(np.median(sub))
    return max(1.4826 * float(np.median(np.abs(sub - med))), 0.5)


NORM_MODES = ("frame", "channel")


def normalize(G: np.ndarray, sigma: float | None = None, mode: str = "frame") -> np.ndarray:
    """G / sigma, clipped to +-CLIP_SIGMA, times INPUT_SCALE. ``mode="frame"``: one sigma for the frame's
    three channels; ``"channel"``: each channel by its own ``noise_sigma`` (``sigma`` overrides both)."""
    if mode not in NORM_MODES:
        raise ValueError(f"normalisation mode must be one of {NORM_MODES}, got {mode!r}")
    if sigma is not None:
        s = sigma
    elif mode == "channel":
        keep = moving_pixels(G)
        s = np.array([noise_sigma(G[k:k + 1], keep) for k in range(G.shape[0])], np.float32).reshape(-1, 1, 1)
    else:
        s = noise_sigma(G, moving_pixels(G))
    return (np.clip(G / s, -CLIP_SIGMA, CLIP_SIGMA) * INPUT_SCALE).astype(np.float32)


def differential_at(seq, t: int, direction: str = "past") -> np.ndarray:
    """G of frame ``t`` of an ``IRSequence`` (anything with ``frame(i)`` and ``len``)."""
    return differential([seq.frame(i) for i in frame_indices(t, len(seq), direction)])


class FrameCache:
    """The last few frames read from a sequence, so scoring frame t+1 after t reads one new frame."""

    def __init__(self, seq, size: int = 8):
        self.seq, self.size = seq, size
        self._d: dict[int, np.ndarray] = {}

    def frame(self, i: int) -> np.ndarray:
        if i not in self._d:
            if len(self._d) >= self.size:
                self._d.pop(next(iter(self._d)))
            self._d[i] = self.seq.frame(i)
        return self._d[i]

    def __len__(self):
        return len(self.seq)

    def input(self, t: int, direction: str = "past", norm: str = "frame") -> np.ndarray:
        """normalize(G) of frame t, (3, H, W) float32."""
        return normalize(differential([self.frame(i) for i in frame_indices(t, len(self.seq), direction)]),
                         mode=norm)


def resize_input(G: np.ndarray, scale: float) -> np.ndarray:
    """The differential input (3, H, W) resized by ``scale`` (area averaging below 1, bilinear above): the
    training crops at other scales (``crops.scaled_input``) and the detector's test-time pyramid."""
    if scale == 1.0:
        return G
    import cv2

    H, W = G.shape[-2:]
    size = (max(1, int(round(W * scale))), max(1, int(round(H * scale))))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return np.stack([cv2.resize(np.ascontiguousarray(ch), size, interpolation=interp) for ch in G])
