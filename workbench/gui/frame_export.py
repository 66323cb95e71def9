"""The current frame with its overlays drawn at native resolution, for the PNG export."""
from __future__ import annotations

import cv2
import numpy as np

from workbench.gui import display, style


def _bgr(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return tuple(int(c[i:i + 2], 16) for i in (0, 2, 4))  # RGB order: we draw on an RGB image


def _rect(img, box, color, thickness=1, dashed=False) -> None:
    x, y, w, h = (float(v) for v in box)
    p0, p1 = (int(round(x)), int(round(y))), (int(round(x + w)), int(round(y + h)))
    if not dashed:
        cv2.rectangle(img, p0, p1, color, thickness, cv2.LINE_AA)
        return
    pts = [p0, (p1[0], p0[1]), p1, (p0[0], p1[1]), p0]
    for a, b in zip(pts, pts[1:]):
        length = max(1, int(np.hypot(b[0] - a[0], b[1] - a[1])))
        for s in range(0, length, 8):
            t0, t1 = s / length, min(1.0, (s + 4) / length)
            q0 = (int(a[0] + (b[0] - a[0]) * t0), int(a[1] + (b[1] - a[1]) * t0))
            q1 = (int(a[0] + (b[0] - a[0]) * t1), int(a[1] + (b[1] - a[1]) * t1))
            cv2.line(img, q0, q1, color, thickness, cv2.LINE_AA)


def compose(rgb: np.ndarray, boxes: dict, gt, layer, opacity: float, init=None, caption: str = "",
            scale: int | None = None) -> np.ndarray:
    """``boxes``: {label: (box, colour)}. Small frames are upscaled (nearest) so lines and text stay
    legible; the result is RGB uint8."""
    h, w = rgb.shape[:2]
    k = scale or max(1, int(np.ceil(640 / max(w, h))))
    img = np.ascontiguousarray(rgb, dtype=np.uint8)
    if layer is not None:
        d = display.normalize_map(np.asarray(layer.data, np.float32))
        x, y, rw, rh = layer.region if layer.region is not None else (0, 0, w, h)
        x0, y0 = int(round(x)), int(round(y))
        rw, rh = max(1, int(round(rw))), max(1, int(round(rh)))
        heat = cv2.resize(d, (rw, rh), interpolation=cv2.INTER_LINEAR)
        xa, ya, xb, yb = max(0, x0), max(0, y0), min(w, x0 + rw), min(h, y0 + rh)
        if xa < xb and ya < yb:
            img = img.copy()
            img[ya:yb, xa:xb] = display.blend_heat(img[ya:yb, xa:xb], heat[ya - y0:yb - y0, xa - x0:xb - x0],
                                                   opacity)
    if k > 1:
        img = cv2.resize(img, (w * k, h * k), interpolation=cv2.INTER_NEAREST)
    img = np.ascontiguousarray(img)
    sc = lambda b: [float(v) * k for v in b]
    if gt is not None:
        _rect(img, sc(gt), _bgr(style.GT_COLOR), 1, dashed=True)
    for label, (box, color) in boxes.items():
        if box is not None and np.all(np.isfinite(box)):
            _rect(img, sc(box), _bgr(color), 2)
    if init is not None:
        _rect(img, sc(init), _bgr(style.INIT_COLOR), 2)
    # legend, top-left, on a dark translucent panel
    lines = [(caption, (230, 230, 230))] if caption else []
    if gt is not None:
        lines.append(("groundtruth", _bgr(style.GT_COLOR)))
    lines += [(label, _bgr(color)) for label, (_b, color) in boxes.items()]
    if lines:
        font, fs = cv2.FONT_HERSHEY_SIMPLEX, 0.45
        lh = 18
        width = max(cv2.getTextSize(t, font, fs, 1)[0][0] for t, _ in lines) + 34
        panel = img[6:10 + lh * len(lines), 6:6 + width].astype(np.float32)
        img[6:10 + lh * len(lines), 6:6 + width] = (panel * 0.35 + 20 * 0.65).astype(np.uint8)
        for n, (text, color) in enumerate(lines):
            yy = 6 + lh * (n + 1)
            if n > 0 or not caption:
                cv2.line(img, (12, yy - 5), (30, yy - 5), color, 2, cv2.LINE_AA)
                cv2.putText(img, text, (36, yy - 1), font, fs, (225, 225, 225), 1, cv2.LINE_AA)
            else:
                cv2.putText(img, text, (12, yy - 1), font, fs, color, 1, cv2.LINE_AA)
    return img
