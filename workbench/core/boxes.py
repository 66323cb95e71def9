"""The one place that converts between box conventions.

A ``Box`` is ``(x, y, w, h)`` in pixels, top-left origin, float, without the +1 pixel convention.
Arrays of boxes are ``(N, 4)`` float64; a row of NaN means "target absent".
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from workbench.core.errors import WorkbenchError


class Box(NamedTuple):
    x: float
    y: float
    w: float
    h: float

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2.0, self.y + self.h / 2.0)

    def is_valid(self) -> bool:
        return bool(np.all(np.isfinite(self)) and self.w > 0 and self.h > 0)

    def as_array(self) -> np.ndarray:
        return np.asarray(self, dtype=np.float64)

    def as_int(self) -> tuple[int, int, int, int]:
        return tuple(int(round(v)) for v in self)  # type: ignore[return-value]

    def to_text(self, sep: str = ",") -> str:
        return sep.join(_number_text(v) for v in self)

    @classmethod
    def from_center(cls, cx: float, cy: float, w: float, h: float) -> "Box":
        return cls(cx - w / 2.0, cy - h / 2.0, w, h)


def _number_text(v: float) -> str:
    # fixed-point for pixel values; a value no image has (1e300, inf) in short exponent form, since
    # '.4f' spells 1e300 out in 300 digits and buries the message it is part of
    v = float(v)
    if np.isfinite(v) and abs(v) < 1e12:
        return f"{v:.4f}".rstrip("0").rstrip(".")
    return f"{v:.6g}"


def as_boxes(a) -> np.ndarray:
    """Any (N, 4) / (4,) box-like input as a float64 (N, 4) array."""
    arr = np.asarray(a, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != 4:
        raise ValueError(f"expected boxes of shape (N, 4), got {arr.shape}")
    return arr


def xyxy_to_xywh(a) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    out = a.copy()
    out[..., 2:] = a[..., 2:] - a[..., :2]
    return out


def xywh_to_xyxy(a) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    out = a.copy()
    out[..., 2:] = a[..., :2] + a[..., 2:]
    return out


def cxcywh_to_xywh(a) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    out = a.copy()
    out[..., :2] = a[..., :2] - a[..., 2:] / 2.0
    return out


def xywh_to_cxcywh(a) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    out = a.copy()
    out[..., :2] = a[..., :2] + a[..., 2:] / 2.0
    return out


def polygon_to_xywh(poly) -> np.ndarray:
    """VOT polygons ``x1,y1,...,x4,y4`` (N, 8) reduced to their axis-aligned bounding boxes.

    NaN polygons stay NaN rows. This is the bounding box of the corners, the reduction most
    toolkits apply when they evaluate VOT data in one-pass (OTB-style) mode.
    """
    p = np.asarray(poly, dtype=np.float64)
    if p.ndim == 1:
        p = p[None, :]
    if p.shape[1] % 2 or p.shape[1] < 6:
        raise ValueError(f"a polygon needs an even number (>= 6) of values, got {p.shape[1]}")
    xs, ys = p[:, 0::2], p[:, 1::2]
    with np.errstate(invalid="ignore"):
        x0, x1 = np.min(xs, axis=1), np.max(xs, axis=1)
        y0, y1 = np.min(ys, axis=1), np.max(ys, axis=1)
    return np.stack([x0, y0, x1 - x0, y1 - y0], axis=1)


def one_based_to_zero_based(a) -> np.ndarray:
    """OTB-family files count pixels from 1; the workbench counts from 0."""
    a = as_boxes(a).copy()
    a[:, :2] -= 1.0
    return a


def centers(a) -> np.ndarray:
    a = as_boxes(a)
    return a[:, :2] + a[:, 2:] / 2.0


def absent_mask(a) -> np.ndarray:
    """True where a row means 'no target': any NaN, or zero / negative size."""
    a = as_boxes(a)
    with np.errstate(invalid="ignore"):
        return np.any(~np.isfinite(a), axis=1) | (a[:, 2] <= 0) | (a[:, 3] <= 0)


def iou(a, b) -> np.ndarray:
    """Row-wise IoU of two (N, 4) xywh arrays, no +1 pixel convention; NaN rows give 0."""
    a, b = as_boxes(a), as_boxes(b)
    # a result file's absurd box (1e308) overflowed to inf with numpy's RuntimeWarning lines on the command's
    # output; inf / inf is NaN, scored 0 below as any box that does not overlap
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        ax2, ay2 = a[:, 0] + a[:, 2], a[:, 1] + a[:, 3]
        bx2, by2 = b[:, 0] + b[:, 2], b[:, 1] + b[:, 3]
        iw = np.clip(np.minimum(ax2, bx2) - np.maximum(a[:, 0], b[:, 0]), 0, None)
        ih = np.clip(np.minimum(ay2, by2) - np.maximum(a[:, 1], b[:, 1]), 0, None)
        inter = iw * ih
        union = np.clip(a[:, 2], 0, None) * np.clip(a[:, 3], 0, None) + np.clip(b[:, 2], 0, None) * np.clip(
            b[:, 3], 0, None) - inter
        out = inter / (union + np.finfo(np.float64).eps)
    out = np.clip(np.nan_to_num(out, nan=0.0), 0.0, 1.0)
    return out


def center_error(a, b) -> np.ndarray:
    """Row-wise Euclidean distance of box centres in pixels (NaN where either is NaN)."""
    with np.errstate(over="ignore", invalid="ignore"):  # an absurd box (1e308): inf, a miss, without a warning
        return np.linalg.norm(centers(a) - centers(b), axis=1)


def normalized_center_error(pred, gt) -> np.ndarray:
    """Centre error with each axis divided by the groundtruth width / height (LaSOT)."""
    pred, gt = as_boxes(pred), as_boxes(gt)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        d = (centers(pred) - centers(gt)) / gt[:, 2:]
        return np.linalg.norm(d, axis=1)


def clip_to_image(box, width: int, height: int) -> Box:
    x, y, w, h = (float(v) for v in box)
    x0, y0 = max(0.0, x), max(0.0, y)
    x1, y1 = min(float(width), x + w), min(float(height), y + h)
    return Box(x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0))


def parse_box(text: str) -> Box:
    """``"x,y,w,h"`` (commas, spaces or tabs) from a command line or a form."""
    parts = [p for p in text.replace(",", " ").replace("\t", " ").split() if p]
    if len(parts) != 4:
        raise ValueError(f"a box is four numbers x,y,w,h; got {text!r}")
    vals = [float(p) for p in parts]
    box = Box(*vals)
    if not box.is_valid():
        raise ValueError(f"a box needs finite numbers and positive width and height; got {text!r}")
    return box


class FirstBoxError(WorkbenchError, ValueError):
    """A tracker cannot start on this first box (``first_box``): a limit of the tracker on the user's box, said in one
    line, not a plugin's bug with its traceback."""


def first_box(box, who: str, smallest: float = 0.0, why: str = "", where: str = "") -> Box:
    """A tracker's first box as a ``Box``; a ``FirstBoxError`` naming ``who``, the box and ``where`` (the sequence and
    frame) unless its values are finite and its width and height positive (a size floor used to hide a zero box as a
    floor-sized one) and, with ``smallest``, at least that many pixels a side (``why``: the tracker's reason, said
    after the box)."""
    b = Box(*(float(v) for v in box))
    on = f" on {where}" if where else ""
    if not b.is_valid():
        raise FirstBoxError(f"{who}: the first box {b.to_text()} (x,y,w,h){on} needs finite values and a positive "
                            "width and height")
    if min(b.w, b.h) < smallest:
        raise FirstBoxError(f"{who}: the first box {b.to_text()} (x,y,w,h){on} is under {_number_text(smallest)} px "
                            f"on a side{': ' + why if why else ''}; give a box of at least {_number_text(smallest)} x "
                            f"{_number_text(smallest)} px about the target")
    return b


def check_user_box(plugin, box, where: str = "") -> None:
    """A first box the user gave (``--init``, the window's drawn or resized box), before any tracker of the run is
    made: under the ``smallest_user_box`` px a side that ``plugin`` (the tracker's ``registry.Plugin``) declares
    (none: any size), a ``FirstBoxError`` naming it, the box, ``where`` (the sequence and frame) and its
    ``smallest_user_box_why``. A groundtruth start (a TRE segment, an SRE box, a VOT re-init, a dataset's first box)
    never comes here: the user cannot give another box there, and the tracker tracks the one it has."""
    smallest = float(getattr(plugin, "smallest_user_box", 0.0) or 0.0)
    if box is not None and smallest > 0:
        first_box(box, getattr(plugin, "name", None) or type(plugin).__name__, smallest,
                  str(getattr(plugin, "smallest_user_box_why", "") or ""), where)


def size_floor(floor: float, first: Box) -> tuple[float, float]:
    """The smallest (width, height) a tracker lets its box shrink to: its configured ``floor``, but never more than
    the first box's own side on that axis, so a target smaller than the floor (a 2 x 2 px drone with a 6 px floor)
    keeps its size instead of growing to the floor (IoU 0.11 there); boxes at least ``floor`` a side are unchanged."""
    return min(float(floor), float(first.w)), min(float(floor), float(first.h))


def size_change_penalty(w, h, target_w: float, target_h: float, k: float) -> np.ndarray:
    """The Siamese trackers' scale / aspect-ratio change penalty (SiamRPN's, as SiamFC++ and HA-Net use it):
    ``exp(-(r_c * s_c - 1) * k)`` for candidate box sizes ``w``, ``h`` (arrays) against the target's
    ``target_w``, ``target_h`` in the same pixels, where s_c and r_c are the changes (>= 1, either way) of
    the padded size sqrt((w + p)(h + p)), p = (w + h) / 2, and of the aspect ratio w / h."""

    def change(r):
        return np.maximum(r, 1.0 / r)

    def padded(a, b):
        p = (a + b) * 0.5
        return np.sqrt((a + p) * (b + p))

    s_c = change(padded(w, h) / padded(target_w, target_h))
    r_c = change((target_w / target_h) / (w / np.maximum(h, 1e-6)))
    return np.exp(-(r_c * s_c - 1.0) * k)
