"""Real sizes for point labels, estimated from the frame (a training-time option, ``--label-size``).

DAUB-style labels are points; the reader gives each the default 3x3 px (``DAUB_DEFAULT_SIZE``), so an
extended target (TensorISTD easy4's aircraft, ~8x11 px) is taught as a 3x3 point. ``estimate_size``
measures a label's extent on its own frame: in a window around the point, the background is the
window's median and the noise its MAD; the target's polarity is the sign of the strongest residual
within ``near`` px of the point, its peak the largest residual of that sign there. Nothing standing
``k`` noise sigmas above the background: no estimate (the caller keeps 3x3). Otherwise the target is
the 8-connected component of pixels at least ``frac`` x the peak (and 2 sigma) that holds the peak
pixel; its bounding box is the size (clamped to ``min_px`` ... ``max_px``), its residual-weighted
centroid the optional new centre. ``frac = 0.5``: the full width at half maximum (a Gaussian spot of
sigma s measures about 2.35 s).

``with_estimated_sizes(seq, centre=False)``: a copy of the sequence whose point labels (target labels of
the default size) carry the estimate; labels with a real size and interference labels are kept.
"""
from __future__ import annotations

import numpy as np

from workbench.core.data.irseq import DAUB_DEFAULT_SIZE, TARGET, IRSequence

LABEL_SIZE_MODES = ("point", "estimate", "centroid")  # centroid: estimated size and the estimate's centre


def estimate_size(frame: np.ndarray, cx: float, cy: float, radius: int = 16, frac: float = 0.5, k: float = 4.0,
                  near: float = 3.0, min_px: float = 1.0, max_px: float = 24.0):
    """(w, h, cx, cy) of the target at the point (cx, cy) of a 2-D frame, or None when nothing stands
    out there (see the module doc)."""
    import cv2

    f = np.asarray(frame, np.float32)
    if f.ndim == 3:
        f = f[..., 0]
    H, W = f.shape
    ix, iy = int(round(cx)), int(round(cy))
    x0, x1 = max(0, ix - radius), min(W, ix + radius + 1)
    y0, y1 = max(0, iy - radius), min(H, iy + radius + 1)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return None
    p = f[y0:y1, x0:x1]
    bg = float(np.median(p))
    sigma = 1.4826 * float(np.median(np.abs(p - bg)))
    sigma = max(sigma, 1e-3 * max(1.0, float(np.abs(p).max())))
    d = p - bg
    yy, xx = np.mgrid[0:p.shape[0], 0:p.shape[1]]
    close = (xx - (cx - x0)) ** 2 + (yy - (cy - y0)) ** 2 <= near ** 2
    if not close.any():
        return None
    sign = 1.0 if d[close].max() >= -d[close].min() else -1.0
    d = sign * d
    j = int(np.argmax(np.where(close, d, -np.inf)))
    peak = float(d.flat[j])
    if peak < k * sigma:
        return None
    mask = (d >= max(frac * peak, 2.0 * sigma)).astype(np.uint8)
    _, comp = cv2.connectedComponents(mask, connectivity=8)
    ys, xs = np.nonzero(comp == comp.flat[j])
    w = float(np.clip(xs.max() - xs.min() + 1, min_px, max_px))
    h = float(np.clip(ys.max() - ys.min() + 1, min_px, max_px))
    wt = d[ys, xs]
    return w, h, float((xs * wt).sum() / wt.sum()) + x0, float((ys * wt).sum() / wt.sum()) + y0


def is_point_label(lab) -> bool:
    return lab.cls == TARGET and lab.w == DAUB_DEFAULT_SIZE and lab.h == DAUB_DEFAULT_SIZE


def with_estimated_sizes(seq: IRSequence, centre: bool = False, **kw) -> tuple[IRSequence, dict]:
    """A copy of ``seq`` whose point labels carry their estimated size (and, with ``centre``, the
    estimate's centroid); returns (sequence, stats: labels, estimated, fallback, median w / h)."""
    labels, n, est, sizes = [], 0, 0, []
    for i, labs in enumerate(seq.labels):
        points = [lab for lab in labs if is_point_label(lab)]
        frame = seq.frame(i) if points else None
        out = []
        for lab in labs:
            if not is_point_label(lab):
                out.append(lab)
                continue
            n += 1
            e = estimate_size(frame, lab.cx, lab.cy, **kw)
            if e is None:
                out.append(lab)
                continue
            est += 1
            w, h, ex, ey = e
            sizes.append((w, h))
            out.append(lab.moved(w=w, h=h, **({"cx": ex, "cy": ey} if centre else {})))
        labels.append(out)
    s = IRSequence(seq.name, seq.frames, labels, seq.labelled, seq.path, seq.label_file,
                   dict(seq.meta, label_size="centroid" if centre else "estimate"))
    a = np.array(sizes, float).reshape(-1, 2)
    stats = {"labels": n, "estimated": est, "fallback": n - est,
             "median_w": float(np.median(a[:, 0])) if len(a) else None,
             "median_h": float(np.median(a[:, 1])) if len(a) else None}
    return s, stats
