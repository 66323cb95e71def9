"""Generated sequential IR frames with dim small targets, for tests, the demo and benchmarks.

A sky scene seen from a moving platform: a multi-scale cloud field (two layers, the far one drifting
slowly, the near one faster) shifted by the platform's motion, temporal sensor noise, one dim target
of 1-9 px (a Gaussian spot, 2-5 px and SNR = peak over noise sigma 3-5 by default) flying a smooth path faster
than the background moves, and flicker pixels: single pixels that flash for one frame at
target-like amplitude (labelled ``interference``). Deterministic by seed; frames are rendered on
demand from the index, 8-bit or 16-bit.

``implant(seq, seed, snr, sigma)`` adds a moving Gaussian target to a *real* sequence (real
backgrounds, real noise, real platform motion) and labels it.

``noisy_labels(seq, seed, ...)`` imitates a non-expert annotator (shifted centres, wrong classes,
missed targets, a label on background): what label refinement is meant to clean up.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from workbench.core.data.irseq import INTERFERENCE, TARGET, IRSequence, Label
from workbench.core.data.sequence import ArrayFrames


@dataclass
class SynthSpec:
    width: int = 160
    height: int = 128
    frames: int = 40
    seed: int = 0
    depth: int = 8  # 8 or 16
    target_size: tuple[float, float] = (2.0, 5.0)  # px, drawn per sequence (1-9 allowed)
    snr: tuple[float, float] = (3.0, 5.0)  # target peak / noise sigma, drawn per sequence
    noise: float = 2.0  # temporal noise sigma in 8-bit counts (x64 for 16-bit)
    target_speed: tuple[float, float] = (0.8, 2.0)  # px / frame relative to the scene
    platform_speed: float = 0.4  # px / frame, random walk of the line of sight
    cloud_drift: float = 0.15  # px / frame of the near cloud layer relative to the far one
    cloud_contrast: float = 60.0  # 8-bit counts
    flicker_rate: float = 1.5  # flicker pixels per frame (Poisson mean)
    target_present: float = 1.0  # fraction of frames the target is in view (it enters late otherwise)


def _cloud_field(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """Multi-scale smooth noise in [0, 1] with some sharp-ish edges (cloud boundaries)."""
    f = np.zeros((h, w), np.float32)
    for sigma, amp in ((24, 1.0), (10, 0.5), (4, 0.25), (1.5, 0.1)):
        n = rng.normal(0, 1, (h, w)).astype(np.float32)
        n = cv2.GaussianBlur(n, (0, 0), sigma)
        f += amp * n / (n.std() + 1e-6)
    f = (f - f.min()) / (f.max() - f.min() + 1e-6)
    # soft threshold: clouds with edges over a clear-sky gradient
    return 1.0 / (1.0 + np.exp(-(f - 0.55) * 12.0))


class SynthScene:
    """Renders frame i of one generated sequence; ``sequence()`` wraps it as an ``IRSequence``."""

    def __init__(self, spec: SynthSpec | None = None):
        self.spec = s = spec or SynthSpec()
        if s.depth not in (8, 16):
            raise ValueError("depth must be 8 or 16")
        rng = np.random.default_rng(s.seed)
        self.rng_seed = s.seed
        H, W, N = s.height, s.width, s.frames
        pad = int(np.ceil(s.platform_speed * N + s.cloud_drift * N)) + 16
        self.pad = pad
        self.far = _cloud_field(rng, H + 2 * pad, W + 2 * pad)
        self.near = _cloud_field(rng, H + 2 * pad, W + 2 * pad)
        yy = np.linspace(0, 1, H + 2 * pad, dtype=np.float32)[:, None]
        self.sky = (0.35 + 0.3 * yy) * np.ones((1, W + 2 * pad), np.float32)  # brighter toward the horizon
        # platform motion: a smooth random walk of the line of sight
        steps = rng.normal(0, s.platform_speed, (N, 2))
        steps = cv2.GaussianBlur(steps.astype(np.float32), (1, 0), 3).reshape(N, 2) if N > 1 else steps
        self.platform = np.cumsum(steps, axis=0)
        self.platform -= self.platform.mean(axis=0)
        ang = rng.uniform(0, 2 * np.pi)
        self.drift = s.cloud_drift * np.array([np.cos(ang), np.sin(ang)])
        # target path in scene coordinates: a gentle curve across the view
        self.size = float(np.clip(rng.uniform(*s.target_size), 1.0, 9.0))
        self.snr = float(rng.uniform(*s.snr))
        speed = rng.uniform(*s.target_speed)
        heading = rng.uniform(0, 2 * np.pi)
        turn = rng.normal(0, 0.01)
        p0 = np.array([rng.uniform(0.25, 0.75) * W, rng.uniform(0.25, 0.75) * H])
        p0 -= 0.5 * speed * N * np.array([np.cos(heading), np.sin(heading)])
        pos, path = p0.copy(), []
        for i in range(N):
            path.append(pos.copy())
            pos = pos + speed * np.array([np.cos(heading + turn * i), np.sin(heading + turn * i)])
        self.path = np.array(path)  # scene coordinates
        self.enter = int(round((1.0 - s.target_present) * N))
        # flicker pixels: (frame, x, y, amplitude in noise sigmas)
        self.flicker = []
        for i in range(N):
            for _ in range(rng.poisson(s.flicker_rate)):
                self.flicker.append((i, int(rng.integers(2, W - 2)), int(rng.integers(2, H - 2)),
                                     float(rng.uniform(3.0, 6.0))))
        self.noise_seed = int(rng.integers(0, 2**31 - 1))
        self.scale = 1.0 if s.depth == 8 else 64.0  # 16-bit: 14-bit-like range, 64 counts per 8-bit count
        self.offset = 0.0 if s.depth == 8 else 6000.0

    # --- geometry ---------------------------------------------------------------------------------
    def target_centre(self, i: int) -> tuple[float, float] | None:
        """Target centre in frame i's pixel coordinates (None when not in view)."""
        s = self.spec
        if i < self.enter:
            return None
        x, y = self.path[i] - self.platform[i]
        m = self.size / 2 + 1
        if not (m <= x < s.width - m and m <= y < s.height - m):
            return None
        return float(x), float(y)

    def labels(self, i: int) -> list[Label]:
        out = []
        c = self.target_centre(i)
        if c is not None:
            out.append(Label(i, c[0], c[1], self.size, self.size, TARGET))
        for (fi, x, y, _a) in self.flicker:
            if fi == i:
                out.append(Label(i, float(x), float(y), 1.0, 1.0, INTERFERENCE))
        return out

    # --- rendering --------------------------------------------------------------------------------
    def _shifted(self, img: np.ndarray, dx: float, dy: float) -> np.ndarray:
        s, p = self.spec, self.pad
        M = np.float32([[1, 0, -(p + dx)], [0, 1, -(p + dy)]])
        return cv2.warpAffine(img, M, (s.width, s.height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)

    def render(self, i: int) -> np.ndarray:
        s = self.spec
        px, py = self.platform[i]
        dx, dy = self.drift * i
        far = self._shifted(self.far, px * 0.97, py * 0.97)
        near = self._shifted(self.near, px + dx, py + dy)
        sky = self._shifted(self.sky, px, py)
        img = 60.0 + 80.0 * sky + s.cloud_contrast * (0.5 * far + 0.8 * near)
        rng = np.random.default_rng((self.noise_seed, i))
        img = img + rng.normal(0, s.noise, img.shape)
        c = self.target_centre(i)
        if c is not None:
            sigma = max(0.45, self.size / 3.0)
            r = int(np.ceil(3 * sigma)) + 1
            x0, y0 = int(round(c[0])), int(round(c[1]))
            ys, xs = np.mgrid[y0 - r:y0 + r + 1, x0 - r:x0 + r + 1]
            spot = np.exp(-((xs - c[0]) ** 2 + (ys - c[1]) ** 2) / (2 * sigma**2))
            ok = (ys >= 0) & (ys < s.height) & (xs >= 0) & (xs < s.width)
            img[ys[ok], xs[ok]] += self.snr * s.noise * spot[ok] / max(spot.max(), 1e-6)
        for (fi, x, y, a) in self.flicker:
            if fi == i:
                img[y, x] += a * s.noise
        img = img * self.scale + self.offset
        top = 255 if s.depth == 8 else 65535
        return np.clip(np.round(img), 0, top).astype(np.uint8 if s.depth == 8 else np.uint16)

    def sequence(self, name: str | None = None) -> IRSequence:
        s = self.spec
        labels = [self.labels(i) for i in range(s.frames)]
        return IRSequence(name or f"synth_{s.seed:04d}", ArrayFrames(s.frames, self.render), labels,
                          meta={"layout": "synthetic", "spec": s.__dict__, "target_size": self.size,
                                "snr": self.snr, "warnings": []})


def make_sequence(seed: int = 0, **kw) -> IRSequence:
    return SynthScene(SynthSpec(seed=seed, **kw)).sequence()


def make_sequences(n: int, seed: int = 0, **kw) -> list[IRSequence]:
    return [make_sequence(seed * 1000 + k, **kw) for k in range(n)]


def noisy_labels(seq: IRSequence, seed: int = 0, shift: float = 0.15, shift_px: float = 5.0,
                 wrong_class: float = 0.1, missed: float = 0.1, spurious: float = 0.05) -> list[list[Label]]:
    """A non-expert annotator's labels: the four kinds of error the paper names (mispositioned,
    wrong class, unlabelled target, labelled background), each at the given per-label rate."""
    rng = np.random.default_rng(seed)
    W, H = seq.frame_size
    out: list[list[Label]] = []
    for i, labs in enumerate(seq.labels):
        new = []
        for lab in labs:
            r = rng.random()
            if r < missed:
                continue
            if r < missed + shift:
                ang = rng.uniform(0, 2 * np.pi)
                lab = lab.moved(cx=float(np.clip(lab.cx + shift_px * np.cos(ang), 0, W - 1)),
                                cy=float(np.clip(lab.cy + shift_px * np.sin(ang), 0, H - 1)))
            elif r < missed + shift + wrong_class:
                lab = lab.moved(cls=1 - lab.cls)
            new.append(lab)
        if rng.random() < spurious:
            new.append(Label(i, float(rng.uniform(4, W - 4)), float(rng.uniform(4, H - 4)), 3.0, 3.0, TARGET))
        out.append(new)
    return out


def temporal_noise(seq: IRSequence, pairs: int = 8) -> float:
    """Robust temporal noise sigma of a sequence in its native counts: the median over up to ``pairs``
    evenly spread frame pairs of 1.4826 x MAD(F[t+1] - F[t]) / sqrt(2) (the difference of two frames
    holds the noise twice), at least 0.5 count."""
    n = len(seq)
    if n < 2:
        return 0.5
    ts = np.unique(np.linspace(0, n - 2, min(pairs, n - 1)).round().astype(int))
    vals = []
    for t in ts:
        d = seq.frame(int(t) + 1).astype(np.float32) - seq.frame(int(t)).astype(np.float32)
        vals.append(1.4826 * float(np.median(np.abs(d - np.median(d)))) / np.sqrt(2.0))
    return max(float(np.median(vals)), 0.5)


def smooth_path(rng: np.random.Generator, n: int, width: int, height: int, speed: tuple[float, float] = (0.8, 2.0),
                margin: float = 8.0, avoid=None, avoid_px: float = 12.0, tries: int = 50) -> np.ndarray:
    """(n, 2) centres of a target moving along a gentle curve (constant speed, slowly turning heading)
    that stays ``margin`` px inside a width x height frame; ``avoid``: per-frame lists of (x, y) the
    path keeps ``avoid_px`` away from (the real targets of a background sequence)."""
    best = None
    for _ in range(tries):
        sp = rng.uniform(*speed)
        heading, turn = rng.uniform(0, 2 * np.pi), rng.normal(0, 0.01)
        steps = sp * np.stack([np.cos(heading + turn * np.arange(n)), np.sin(heading + turn * np.arange(n))], 1)
        rel = np.concatenate([[[0.0, 0.0]], np.cumsum(steps[:-1], 0)])
        lo, hi = margin - rel.min(0), np.array([width, height]) - margin - 1 - rel.max(0)
        if np.any(hi < lo):  # too fast for this frame: slow down and retry
            speed = (speed[0] * 0.7, speed[1] * 0.7)
            continue
        path = rel + rng.uniform(lo, hi)
        best = path
        if avoid is None or all(np.hypot(path[i, 0] - x, path[i, 1] - y) >= avoid_px
                                for i in range(n) for (x, y) in (avoid[i] if i < len(avoid) else ())):
            return path
    if best is None:
        raise ValueError(f"no path of {n} frames fits a {width}x{height} frame")
    return best


def implant(seq: IRSequence, seed: int = 0, snr: tuple[float, float] | float = (2.0, 6.0),
            sigma: tuple[float, float] | float = (1.5, 3.0), speed: tuple[float, float] = (0.8, 2.0),
            positions=None, noise_sigma: float | None = None, name: str | None = None) -> IRSequence:
    """A real sequence with one more target: a Gaussian point-spread of ``sigma`` px (drawn per sequence
    from a range, or fixed) whose peak is ``snr`` x the background's temporal noise sigma
    (``temporal_noise``, or ``noise_sigma``), added to every frame along ``positions`` ((n, 2) centres) or
    a ``smooth_path`` that keeps clear of the sequence's own targets, so the differential input sees
    real motion over a real background. The original labels are kept; the implant is labelled
    ``target`` with a size of its FWHM (2.355 sigma). ``meta["implant"]`` holds what was drawn."""
    rng = np.random.default_rng(seed)
    n = len(seq)
    W, H = seq.frame_size
    sg = float(sigma) if np.isscalar(sigma) else float(rng.uniform(*sigma))
    k = float(snr) if np.isscalar(snr) else float(rng.uniform(*snr))
    ns = temporal_noise(seq) if noise_sigma is None else float(noise_sigma)
    amp = k * ns
    if positions is None:
        avoid = [[(lab.cx, lab.cy) for lab in labs if lab.cls == TARGET] for labs in seq.labels]
        positions = smooth_path(rng, n, W, H, speed, margin=max(8.0, 3 * sg), avoid=avoid)
    positions = np.asarray(positions, np.float64).reshape(n, 2)
    r = int(np.ceil(4 * sg))
    fwhm = 2.355 * sg
    dtype = seq.dtype
    top = float(np.iinfo(dtype).max) if np.issubdtype(dtype, np.integer) else np.inf
    bottom = float(np.iinfo(dtype).min) if np.issubdtype(dtype, np.integer) else -np.inf

    def render(i: int) -> np.ndarray:
        f = seq.frame(i).astype(np.float32)
        cx, cy = positions[i]
        x0, y0 = int(round(cx)), int(round(cy))
        ys, xs = np.mgrid[max(0, y0 - r):min(H, y0 + r + 1), max(0, x0 - r):min(W, x0 + r + 1)]
        if xs.size:
            f[ys, xs] += amp * np.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * sg**2))
        if np.issubdtype(dtype, np.integer):
            f = np.clip(np.round(f), bottom, top)
        return f.astype(dtype)

    labels = []
    for i in range(n):
        cx, cy = positions[i]
        inside = 0 <= cx < W and 0 <= cy < H
        labels.append(list(seq.labels[i]) + ([Label(i, float(cx), float(cy), fwhm, fwhm, TARGET)] if inside else []))
    meta = dict(seq.meta)
    meta["implant"] = {"seed": seed, "sigma": sg, "snr": k, "noise_sigma": ns, "amplitude": amp,
                       "source": seq.name, "positions": positions.tolist()}
    return IRSequence(name or f"{seq.name}+implant{seed}", ArrayFrames(n, render), labels, True, seq.path, None, meta)


__all__ = ["SynthScene", "SynthSpec", "implant", "make_sequence", "make_sequences", "noisy_labels", "smooth_path",
           "temporal_noise"]
