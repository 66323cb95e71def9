"""DSST-style 1-D scale filter (Danelljan et al., BMVC 2014; fDSST, TPAMI 2017).

Around the current position, ``n_scales`` patches of the target size times ``scale_step ** k`` are
resized to one small model size and described by HOG; each becomes a column of a (scales x features)
matrix whose 1-D Fourier transform along the scale axis trains a multi-channel correlation filter
(numerator / denominator updated separately, as in MOSSE / DSST). The response peak over scales,
refined by a parabola, gives the scale change.
"""
from __future__ import annotations

import math

import numpy as np

from workbench.baselines.dcf.features import HOG, sample_patch


class ScaleFilter:
    def __init__(self, cfg, hog: HOG):
        self.cfg = cfg
        self.hog = hog
        n = int(cfg.n_scales)
        self.n = n if n % 2 else n + 1  # odd, so the current scale is the centre sample
        c = (self.n - 1) / 2.0
        self.exponents = np.arange(self.n) - c
        self.factors = cfg.scale_step ** self.exponents
        sigma = cfg.scale_sigma_factor * math.sqrt(self.n)
        g = np.exp(-0.5 * self.exponents ** 2 / sigma ** 2)
        self.gf_conj = np.conj(np.fft.fft(g))[:, None]
        self.window = np.hanning(self.n + 2)[1:-1, None].astype(np.float32)

    def init(self, frame: np.ndarray, pos, target, frame_size) -> None:
        cfg = self.cfg
        c = cfg.cell_size
        self.target = np.asarray(target, dtype=np.float64)
        k = math.sqrt(cfg.scale_model_area / float(self.target[0] * self.target[1]))
        size = np.maximum(np.round(self.target * k / c), 2).astype(int) * c
        self.model_size = (int(size[0]), int(size[1]))
        step = cfg.scale_step
        # no smaller than ~8 px on the short side, no larger than the frame
        self.min_scale = step ** math.ceil(math.log(max(8.0 / self.target.min(), 1e-6)) / math.log(step))
        self.max_scale = step ** math.floor(
            math.log(min(frame_size[0] / self.target[0], frame_size[1] / self.target[1])) / math.log(step))
        self.max_scale = max(self.max_scale, 1.0)
        self.min_scale = min(self.min_scale, 1.0)
        self.num = None
        self.update(frame, pos, 1.0, lr=1.0)

    def _samples(self, frame: np.ndarray, pos, scale: float) -> np.ndarray:
        mw, mh = self.model_size
        stack = np.empty((self.n, mh, mw), np.float32)
        tw, th = self.target * scale
        for i, f in enumerate(self.factors):
            stack[i] = sample_patch(frame, pos[0], pos[1], tw * f, th * f, mw, mh)[0]
        stack -= float(stack.mean())
        stack *= 1.0 / max(float(stack.std()), 1e-3)
        feats = self.hog(stack).reshape(self.n, -1)
        feats *= self.window
        return np.fft.fft(feats, axis=0)

    def update(self, frame: np.ndarray, pos, scale: float, lr: float | None = None) -> None:
        lr = self.cfg.scale_learning_rate if lr is None else lr
        F = self._samples(frame, pos, scale)
        num = self.gf_conj * F
        den = np.sum((F * np.conj(F)).real, axis=1)
        if self.num is None or lr >= 1.0:
            self.num, self.den = num, den
        else:
            self.num = (1.0 - lr) * self.num + lr * num
            self.den = (1.0 - lr) * self.den + lr * den

    def estimate(self, frame: np.ndarray, pos, scale: float) -> float:
        Z = self._samples(frame, pos, scale)
        resp = np.real(np.fft.ifft(np.sum(np.conj(self.num) * Z, axis=1) / (self.den + self.cfg.scale_lambda)))
        i = int(np.argmax(resp))
        off = 0.0
        if 0 < i < self.n - 1:
            a, b, c = resp[i - 1], resp[i], resp[i + 1]
            den = a - 2 * b + c
            if den < 0:
                off = float(np.clip(0.5 * (a - c) / den, -0.5, 0.5))
        new = scale * self.cfg.scale_step ** (self.exponents[i] + off)
        return float(min(max(new, self.min_scale), self.max_scale))
