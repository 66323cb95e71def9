"""KCF translation filter (Henriques et al., TPAMI 2015) with an optional DSST scale filter
(Danelljan et al., BMVC 2014), in numpy + OpenCV.

Translation: the padded window around the target is resized to a fixed template (so the cost does
not depend on the target size), described by HOG cells plus a zero-mean intensity channel, weighted
by a cosine window, and correlated with the model through a Gaussian (or linear) kernel in the
Fourier domain; the dual ridge-regression coefficients and the model template are updated by linear
interpolation. The peak is refined to sub-cell precision by a parabola through its neighbours.
"""
from __future__ import annotations

import math
from collections import deque

import cv2
import numpy as np

from workbench.core.boxes import Box
from workbench.core.methods import MapLayer, TrackOutput
from workbench.baselines.dcf.config import KCFConfig, KCFDSSTConfig
from workbench.baselines.dcf.features import HOG, sample_patch, standardize
from workbench.baselines.dcf.scale import ScaleFilter

_rfft2 = np.fft.rfft2
MIN_WINDOW = 8.0  # the smallest search window side (frame px at scale 1); DSST's smallest target side, as scale.py
_irfft2 = np.fft.irfft2


def _gaussian_label(hc: int, wc: int, sigma: float, ox: float = 0.0, oy: float = 0.0) -> np.ndarray:
    """Gaussian of width ``sigma`` cells with its peak at shift (ox, oy) cells from [0, 0] (circularly wrapped)."""
    ys = np.arange(hc) - hc // 2 - oy
    xs = np.arange(wc) - wc // 2 - ox
    g = np.exp(-0.5 * (ys[:, None] ** 2 + xs[None, :] ** 2) / sigma ** 2)
    return np.roll(g, (-(hc // 2), -(wc // 2)), axis=(0, 1)).astype(np.float32)


def _subpixel(r_minus: float, r0: float, r_plus: float) -> float:
    """Offset of a parabola's vertex through three samples at -1, 0, +1."""
    den = r_minus - 2.0 * r0 + r_plus
    if den >= 0 or not np.isfinite(den):
        return 0.0
    return float(np.clip(0.5 * (r_minus - r_plus) / den, -0.5, 0.5))


class KCFTracker:
    """Single-target KCF; with ``config.scale_estimation`` also a DSST scale filter."""

    modalities = ("gray", "rgb", "ir16")

    def __init__(self, config: KCFConfig | None = None, name: str | None = None):
        self.cfg = cfg = config or KCFConfig()
        self.name = name or ("kcf_dsst" if cfg.scale_estimation else "kcf")
        self.hog = HOG(cfg.cell_size, cfg.orientations, cfg.signed_gradients)
        self.scale_filter = ScaleFilter(cfg, self.hog) if cfg.scale_estimation else None

    # --- geometry ------------------------------------------------------------------------------
    def _setup(self, box: Box) -> None:
        cfg = self.cfg
        c = cfg.cell_size
        self.target = np.array([box.w, box.h], dtype=np.float64)  # at scale 1
        win = self.target * (1.0 + cfg.padding)
        # very elongated targets: widen the short side so the window stays within 4:1 (a 1-cell-wide
        # feature map has nothing to correlate across)
        win = np.maximum(win, win.max() / 4.0)
        # a target of a few pixels: its padded window (2.5 x 2.5 px for 1 x 1) sampled 2 x 2 frame pixels, out of
        # which a target moving 1 px a frame left at once; the window is at least MIN_WINDOW px a side
        win = np.maximum(win, MIN_WINDOW)
        # template pixels per frame pixel (scale 1): sqrt(window area) -> template_size
        k = cfg.template_size / math.sqrt(win[0] * win[1])
        cells = np.maximum(np.round(win * k / c / 2.0) * 2, 4).astype(int)  # even cell counts
        self.cells = (int(cells[0]), int(cells[1]))  # (wc, hc)
        self.tmpl = (self.cells[0] * c, self.cells[1] * c)  # template (w, h) pixels
        self.window = np.array(self.tmpl, dtype=np.float64) / k  # frame pixels at scale 1
        self.k = k
        wc, hc = self.cells
        tgt_cells = self.target * k / c
        self.sigma = max(math.sqrt(tgt_cells[0] * tgt_cells[1]) * cfg.output_sigma_factor, 0.25)
        self.cos = (np.hanning(hc + 2)[1:-1, None] * np.hanning(wc + 2)[None, 1:-1]).astype(np.float32)

    # --- features ------------------------------------------------------------------------------
    def _features(self, frame: np.ndarray, cx: float, cy: float, scale: float):
        tw, th = self.tmpl
        ww, wh = self.window * scale
        patch, centre, (iw, ih) = sample_patch(frame, cx, cy, ww, wh, tw, th)
        patch = standardize(patch)
        hog = self.hog(patch)[0]  # (hc, wc, bins)
        feats = [hog.transpose(2, 0, 1)]
        if self.cfg.intensity_weight > 0:
            inten = cv2.resize(patch, self.cells, interpolation=cv2.INTER_AREA)
            inten -= float(inten.mean())
            # 0.2: the HOG cells are clipped at 0.2, so weight 1 puts both on a similar footing
            feats.append((inten * (0.2 * self.cfg.intensity_weight))[None])
        x = np.concatenate(feats, axis=0) if len(feats) > 1 else feats[0]
        x *= self.cos
        # the window actually sampled (snapped to whole pixels): its centre, and its frame pixels per cell
        return x, centre, (iw / self.cells[0], ih / self.cells[1])

    def _kernel(self, xf: np.ndarray, xx: float, zf: np.ndarray, zz: float) -> np.ndarray:
        """Kernel correlation k^{xz} in the Fourier domain (rfft layout)."""
        hc, wc = self.cells[1], self.cells[0]
        cross = np.sum(np.conj(xf) * zf, axis=0)
        if self.cfg.kernel == "linear":
            return cross / float(xf.shape[0] * hc * wc)
        xz = _irfft2(cross, s=(hc, wc))
        n = float(xf.shape[0] * hc * wc)
        d = np.maximum((xx + zz - 2.0 * xz) / n, 0.0)
        return _rfft2(np.exp(-d / (self.cfg.kernel_sigma ** 2)))

    def _train(self, frame: np.ndarray, lr: float) -> None:
        """Learn from the window around ``self.pos``: the window is snapped to whole pixels, so the label's
        peak sits where ``self.pos`` falls in it (up to half a pixel off its centre), not at its centre."""
        x, centre, cell_px = self._features(frame, self.pos[0], self.pos[1], self.scale)
        hc, wc = self.cells[1], self.cells[0]
        ox, oy = (self.pos[0] - centre[0]) / cell_px[0], (self.pos[1] - centre[1]) / cell_px[1]
        yf = _rfft2(_gaussian_label(hc, wc, self.sigma, ox, oy))
        xf = _rfft2(x)
        xx = float(np.vdot(x, x).real)
        kf = self._kernel(xf, xx, xf, xx)
        alphaf = yf / (kf + self.cfg.lambda_)
        if lr >= 1.0:
            self.model_x, self.model_xf, self.model_xx, self.alphaf = x, xf, xx, alphaf
        else:
            self.model_x = (1.0 - lr) * self.model_x + lr * x
            self.model_xf = _rfft2(self.model_x)
            self.model_xx = float(np.vdot(self.model_x, self.model_x).real)
            self.alphaf = (1.0 - lr) * self.alphaf + lr * alphaf

    # --- protocol ------------------------------------------------------------------------------
    def initialize(self, frame: np.ndarray, box) -> None:
        box = Box(*box)
        if not box.is_valid():
            raise ValueError(f"initial box {tuple(box)} must be finite with positive size")
        self._setup(box)
        self.pos = np.array(box.center, dtype=np.float64)
        self.scale = 1.0
        self.frame_size = frame.shape[1], frame.shape[0]
        self._train(frame, 1.0)
        self.peak_mean = None
        self.velocity = np.zeros(2)
        self.coasting = 0
        self.frame_no = 0
        self.history = deque([(0, self.pos.copy())], maxlen=16)  # confident positions
        if self.scale_filter is not None:
            self.scale_filter.init(frame, self.pos, self.target, self.frame_size)

    def track(self, frame: np.ndarray) -> TrackOutput:
        cfg = self.cfg
        z, centre, cell_px = self._features(frame, self.pos[0], self.pos[1], self.scale)
        zf = _rfft2(z)
        zz = float(np.vdot(z, z).real)
        kzf = self._kernel(self.model_xf, self.model_xx, zf, zz)
        resp = _irfft2(self.alphaf * kzf, s=(self.cells[1], self.cells[0]))
        hc, wc = resp.shape
        iy, ix = np.unravel_index(int(np.argmax(resp)), resp.shape)
        peak = float(resp[iy, ix])
        dy = _subpixel(resp[iy - 1, ix], peak, resp[(iy + 1) % hc, ix])
        dx = _subpixel(resp[iy, ix - 1], peak, resp[iy, (ix + 1) % wc])
        sy = iy if iy <= hc // 2 else iy - hc
        sx = ix if ix <= wc // 2 else ix - wc
        found = np.array([centre[0] + (sx + dx) * cell_px[0], centre[1] + (sy + dy) * cell_px[1]])

        if self.peak_mean is None:
            self.peak_mean = peak
        confident = peak >= cfg.update_ratio * self.peak_mean
        self.frame_no += 1
        if confident:
            self.coasting = 0
            self.pos = found
            self.history.append((self.frame_no, found.copy()))
            (f0, p0), (f1, p1) = self.history[0], self.history[-1]
            # velocity over the last ~15 confident frames: a few frames of a target sliding behind an
            # occluder (peak still high, position stalling) barely change it
            self.velocity = (p1 - p0) / (f1 - f0) if f1 > f0 else np.zeros(2)
        elif self.coasting < cfg.coast_frames:
            # probably occluded: coast at the last confident velocity instead of locking onto the occluder
            self.coasting += 1
            self.pos = self.pos + self.velocity
        else:
            self.pos = found
        # keep the centre inside the frame so a lost target can be re-acquired
        self.pos[0] = min(max(self.pos[0], 0.0), self.frame_size[0] - 1.0)
        self.pos[1] = min(max(self.pos[1], 0.0), self.frame_size[1] - 1.0)

        if confident:  # a low peak means occlusion or loss: keep the model clean
            self.peak_mean = 0.9 * self.peak_mean + 0.1 * peak
            if self.scale_filter is not None:
                self.scale = self.scale_filter.estimate(frame, self.pos, self.scale)
            self._train(frame, cfg.learning_rate)
            if self.scale_filter is not None:
                self.scale_filter.update(frame, self.pos, self.scale)

        w, h = self.target * self.scale
        # the map is drawn stretched over ``region``, one cell of the window sampled per map cell; after fftshift
        # "no shift" is cell (wc / 2, hc / 2) (even counts), whose middle must sit at the window's centre: the
        # region starts half a cell before the window (wc / 2 + 1 / 2 cells left of its centre), not at its edge
        cw, ch = cell_px
        region = Box(float(centre[0] - (wc / 2.0 + 0.5) * cw), float(centre[1] - (hc / 2.0 + 0.5) * ch),
                     float(wc * cw), float(hc * ch))
        shifted = np.fft.fftshift(resp).astype(np.float32)
        box = Box(float(self.pos[0] - w / 2.0), float(self.pos[1] - h / 2.0), float(w), float(h))
        return TrackOutput(box, peak,
                           {"response": MapLayer(shifted, region)})


def make_kcf(config: KCFConfig | None = None, device: str = "cpu") -> KCFTracker:
    return KCFTracker(config or KCFConfig())


def make_kcf_dsst(config: KCFConfig | None = None, device: str = "cpu") -> KCFTracker:
    return KCFTracker(config or KCFDSSTConfig())
