"""The VOT toolkit's region overlap (vot-toolkit-python 0.9, ``vot/region/raster.py``), in numpy: both regions
rounded to whole pixels (``np.round`` of the float32 coordinates), rasterized to masks over the union of their
pixel bounds cut to the image, and compared pixel by pixel (intersection / union of the masks).

Regions: a rectangle ``x,y,w,h`` (pixel columns ``x .. x + w - 1``), a polygon (N x 2 points, filled by the
toolkit's scan-line rule) or nothing (a coded trajectory frame, an absent target: overlap 0 against a region). As
the toolkit: two regions whose joined pixel bounds have no width or height overlap 1; regions outside the image 0.
This is the overlap the VOT toolkit's supervised experiment tests for failure (``<= 0``) and its accuracy and EAO
average; it is not the continuous box IoU (a box at x = 0.5 rounds to pixel 0 or 1)."""
from __future__ import annotations

import numpy as np

RECT, POLY = "rect", "poly"


def region(values) -> tuple[str, np.ndarray] | None:
    """A region from a VOT groundtruth / trajectory line's values: 4 values a rectangle, 6+ an even count a
    polygon, anything else (1 value: a code; NaN) None."""
    v = np.asarray(values, np.float64).ravel()
    if not np.all(np.isfinite(v)):
        return None
    if len(v) == 4:
        return RECT, np.round(v.astype(np.float32)).astype(np.float64)
    if len(v) >= 6 and len(v) % 2 == 0:
        return POLY, np.round(v.astype(np.float32)).astype(np.float64).reshape(-1, 2)
    return None


def _bounds(r) -> tuple[int, int, int, int]:
    kind, d = r
    if kind == RECT:
        return (int(round(d[0])), int(round(d[1])), int(round(d[0] + d[2] - 1)), int(round(d[1] + d[3] - 1)))
    return (int(round(d[:, 0].min())), int(round(d[:, 1].min())), int(round(d[:, 0].max())),
            int(round(d[:, 1].max())))


def _raster_rect(d, b) -> np.ndarray:
    w, h = b[2] - b[0] + 1, b[3] - b[1] + 1
    mask = np.zeros((h, w), np.uint8)
    x, y, rw, rh = d
    if x > b[2] or x + rw - 1 < b[0] or y > b[3] or y + rh - 1 < b[1]:
        return mask
    left, top = int(max(0, x - b[0])), int(max(0, y - b[1]))
    right, bottom = int(min(b[2], x + rw - 1 - b[0])), int(min(b[3], y + rh - 1 - b[1]))
    if bottom + 1 > 0 and right + 1 > 0:
        mask[top:bottom + 1, left:right + 1] = 1
    return mask


def _raster_poly(d, b) -> np.ndarray:
    w, h = b[2] - b[0] + 1, b[3] - b[1] + 1
    mask = np.zeros((h, w), np.uint8)
    p = d - np.array([[b[0], b[1]]], np.float64)
    count = len(p)
    for py in range(h):
        nodes = []
        j = count - 1
        for i in range(count):
            yi, yj = p[i, 1], p[j, 1]
            if ((yi <= py < yj) or (yj <= py < yi) or (yi < py <= yj) or (yj < py <= yi)
                    or (yi == yj and yi == py)):
                r, k = yj - yi, p[j, 0] - p[i, 0]
                nodes.append(int(p[i, 0] + (py - yi) / r * k) if r != 0 else int(p[i, 0]))
            j = i
        i = 0  # the toolkit's bubble sort (the order is all that matters)
        while i < len(nodes) - 1:
            if nodes[i] > nodes[i + 1]:
                nodes[i], nodes[i + 1] = nodes[i + 1], nodes[i]
                if i:
                    i -= 1
            else:
                i += 1
        i = 0
        while i < len(nodes) - 1:
            if nodes[i] >= w:
                break
            if nodes[i] == nodes[i + 1] and i < len(nodes) - 2:
                i += 1
                continue
            if nodes[i + 1] >= 0:
                lo, hi = max(nodes[i], 0), min(nodes[i + 1], w - 1)
                mask[py, lo:hi + 1] = 1
            i += 2
    return mask


def _raster(r, b) -> np.ndarray:
    if r is None:
        return np.zeros((b[3] - b[1] + 1, b[2] - b[0] + 1), np.uint8)
    return _raster_rect(r[1], b) if r[0] == RECT else _raster_poly(r[1], b)


def overlap(a, b, size: tuple[int, int] | None = None) -> float:
    """The toolkit's ``calculate_overlap(a, b, bounds=size)``: ``a``, ``b`` regions (``region``) or None;
    ``size`` (width, height) of the image."""
    ba = _bounds(a) if a is not None else (0, 0, 0, 0)
    bb = _bounds(b) if b is not None else (0, 0, 0, 0)
    u = (min(ba[0], bb[0]), min(ba[1], bb[1]), max(ba[2], bb[2]), max(ba[3], bb[3]))
    if u[0] >= u[2] or u[1] >= u[3]:
        return 1.0
    rb = u if size is None else (max(0, u[0]), max(0, u[1]), min(size[0] - 1, u[2]), min(size[1] - 1, u[3]))
    if rb[0] >= rb[2] or rb[1] >= rb[3]:
        return 0.0
    m1, m2 = _raster(a, rb) != 0, _raster(b, rb) != 0
    union = int(np.count_nonzero(m1 | m2))
    return float(np.count_nonzero(m1 & m2)) / union if union else 0.0
