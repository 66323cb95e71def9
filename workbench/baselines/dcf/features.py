"""Patch sampling and fast HOG features for the correlation filters (numpy + OpenCV, no Python loops
over pixels or cells).

Frames come in their native dtype (uint8 / uint16 gray, uint8 RGB); only the sampled patch is
converted to float, and it is standardised by its own mean and spread, so the slow offset drift of
uncooled thermal cores and 8- versus 16-bit ranges do not change the features.
"""
from __future__ import annotations

import cv2
import numpy as np


def sample_patch(frame: np.ndarray, cx: float, cy: float, w: float, h: float, out_w: int, out_h: int):
    """The frame rectangle of size (w, h) centred near (cx, cy), resized to (out_w, out_h) float32 gray.

    The rectangle is snapped to whole pixels; returns ``(patch, (rcx, rcy), (iw, ih))``: the centre and the
    size (whole pixels) of the rectangle actually sampled, so callers measure displacements from its true
    origin in its true pixels per template pixel. Outside the frame, edges are replicated.
    """
    H, W = frame.shape[:2]
    iw, ih = max(1, int(round(w))), max(1, int(round(h)))
    x0, y0 = int(np.floor(cx - iw / 2.0 + 0.5)), int(np.floor(cy - ih / 2.0 + 0.5))
    x1, y1 = x0 + iw, y0 + ih
    ax0, ay0 = min(max(x0, 0), W - 1), min(max(y0, 0), H - 1)
    ax1, ay1 = max(min(x1, W), ax0 + 1), max(min(y1, H), ay0 + 1)
    sub = frame[ay0:ay1, ax0:ax1]
    top, bottom, left, right = ay0 - y0, y1 - ay1, ax0 - x0, x1 - ax1
    if top or bottom or left or right:
        sub = cv2.copyMakeBorder(sub, max(top, 0), max(bottom, 0), max(left, 0), max(right, 0),
                                 cv2.BORDER_REPLICATE)
        # a window wholly off-frame on one side gives negative margins: crop them away
        sub = sub[max(-top, 0):sub.shape[0] - max(-bottom, 0), max(-left, 0):sub.shape[1] - max(-right, 0)]
    interp = cv2.INTER_AREA if (iw > out_w or ih > out_h) else cv2.INTER_LINEAR
    if sub.dtype not in (np.uint8, np.uint16, np.float32):
        sub = sub.astype(np.float32)
    patch = cv2.resize(sub, (out_w, out_h), interpolation=interp)
    if patch.ndim == 3:
        patch = cv2.cvtColor(patch, cv2.COLOR_RGB2GRAY if patch.shape[2] == 3 else cv2.COLOR_RGBA2GRAY)
    return patch.astype(np.float32, copy=False), (x0 + iw / 2.0, y0 + ih / 2.0), (iw, ih)


def standardize(patch: np.ndarray) -> np.ndarray:
    """Zero mean, unit spread (in place where possible); flat patches stay near zero."""
    m, s = cv2.meanStdDev(patch)
    s = float(s.ravel()[0])
    patch -= float(m.ravel()[0])
    patch *= 1.0 / max(s, 1e-3)
    return patch


class HOG:
    """Histograms of oriented gradients per ``cell x cell`` block, soft-binned over orientation and
    normalised by the gradient energy of the 3x3 cell neighbourhood (clipped at 0.2, as Dalal-Triggs).

    Works on a stack ``(N, H, W)`` at once (gradients never cross from one image to the next), which
    the scale filter uses to describe all its scale samples in one call.
    """

    def __init__(self, cell: int = 4, bins: int = 9, signed: bool = False):
        self.cell, self.bins, self.signed = int(cell), int(bins), bool(signed)
        self._index: dict[tuple[int, int, int], np.ndarray] = {}

    def _cell_index(self, n: int, h: int, w: int) -> np.ndarray:
        key = (n, h, w)
        idx = self._index.get(key)
        if idx is None:
            c = self.cell
            hc, wc = h // c, w // c
            ys = np.minimum(np.arange(h) // c, hc - 1)
            xs = np.minimum(np.arange(w) // c, wc - 1)
            per = (ys[:, None] * wc + xs[None, :]).ravel()
            idx = ((np.arange(n)[:, None] * (hc * wc) + per[None, :]).ravel() * self.bins).astype(np.int64)
            self._index[key] = idx
        return idx

    def __call__(self, imgs: np.ndarray) -> np.ndarray:
        """(N, H, W) float32 -> (N, H // cell, W // cell, bins) float32."""
        if imgs.ndim == 2:
            imgs = imgs[None]
        n, h, w = imgs.shape
        gx = np.empty_like(imgs)
        gy = np.empty_like(imgs)
        gx[:, :, 1:-1] = imgs[:, :, 2:] - imgs[:, :, :-2]
        gx[:, :, 0] = imgs[:, :, 1] - imgs[:, :, 0]
        gx[:, :, -1] = imgs[:, :, -1] - imgs[:, :, -2]
        gy[:, 1:-1, :] = imgs[:, 2:, :] - imgs[:, :-2, :]
        gy[:, 0, :] = imgs[:, 1, :] - imgs[:, 0, :]
        gy[:, -1, :] = imgs[:, -1, :] - imgs[:, -2, :]
        mag, ang = cv2.cartToPolar(gx.reshape(n * h, w), gy.reshape(n * h, w))
        nb = self.bins
        b = ang.ravel() * (nb / (2 * np.pi if self.signed else np.pi)) - 0.5
        b0f = np.floor(b)
        frac = (b - b0f).astype(np.float32)
        b0 = b0f.astype(np.int64) % nb
        b1 = b0 + 1
        b1[b1 == nb] = 0
        m = mag.ravel()
        w1 = m * frac
        w0 = m - w1
        base = self._cell_index(n, h, w)
        hc, wc = h // self.cell, w // self.cell
        size = n * hc * wc * nb
        hist = np.bincount(base + b0, w0, minlength=size)
        hist += np.bincount(base + b1, w1, minlength=size)
        hist = hist.astype(np.float32).reshape(n, hc, wc, nb)
        # block normalisation over each cell's 3x3 neighbourhood (one multi-channel blur for the stack)
        energy = np.einsum("nyxb,nyxb->yxn", hist, hist)
        block = cv2.blur(np.ascontiguousarray(energy), (3, 3), borderType=cv2.BORDER_REFLECT)
        if block.ndim == 2:
            block = block[:, :, None]
        eps = 1e-4 * float(block.mean()) + 1e-8
        norm = 1.0 / np.sqrt(block * 9.0 + eps)
        hist *= norm.transpose(2, 0, 1)[..., None]
        np.minimum(hist, 0.2, out=hist)
        return hist
