"""Frame preprocessing written once: percentile stretch, crops around a centre, dtype conversions.

Numpy and OpenCV only (no Qt, no torch). Every reader, tracker, trainer and baseline that needs robust
grey levels, a window resized around a target or a frame in another dtype calls these, so the same
frame gives the same numbers in training, tracking, benchmarks and the demo.

The variants the callers need differ in small ways that change numbers (which subsample, which dtype
the percentiles are taken in, how a flat frame is handled, the crop's pixel grid); each is a named
option here, not another copy, so a caller keeps the numbers its weights were trained with.
"""
from __future__ import annotations

import math

import cv2
import numpy as np

from workbench.core.errors import CropError

# --- percentile levels -----------------------------------------------------------------------------

AUTO = None  # ``step``: about 65536 samples, whatever the frame size


def subsample(a: np.ndarray, step: int | None = 4) -> np.ndarray:
    """Every ``step``-th row and column (a view); ``AUTO`` picks the step that leaves ~65536 pixels."""
    a = np.asarray(a)
    if step is AUTO:
        step = max(1, int(np.sqrt(a.shape[0] * a.shape[1] / 65536)))
    return a if step == 1 else a[::step, ::step]


def percentile(a: np.ndarray, q, *, step: int | None = 4, native: bool = False, ignore_nan: bool = False,
               per_band: bool = False):
    """Percentile(s) ``q`` of a subsample of ``a``: over all values, or per band (axis 0 of the result
    indexes ``q``, axis 1 the band) when ``per_band``.

    The subsample is cast to float32 unless ``native`` (integer frames then interpolate in float64,
    which the OpenCV baselines were tuned with); ``ignore_nan`` skips NaN pixels (float cubes)."""
    sub = subsample(a, step)
    if not native:
        sub = sub.astype(np.float32)
    fn = np.nanpercentile if ignore_nan else np.percentile
    if per_band:
        if sub.ndim == 2:
            sub = sub[:, :, None]
        return fn(sub.reshape(-1, sub.shape[-1]), q, axis=0)
    return fn(sub, q)


def percentile_levels(a: np.ndarray, low: float = 0.5, high: float = 99.5, **kw):
    """(lo, hi) at percentiles ``low`` / ``high``; keywords as ``percentile``. A flat frame gives
    ``hi == lo``: the stretch functions say what happens then."""
    lo, hi = percentile(a, [low, high], **kw)
    return lo, hi


# --- stuck pixels ----------------------------------------------------------------------------------

# A raw thermal frame (uint16) carries stuck pixels: hot at the sensor's top or dead at 0, a handful to a few dozen,
# alone. Most raw thermal frames are 12- or 14-bit held in uint16, so the top is 4095 or 16383, not only 65535. Any
# stretch that reads its levels from the brightest pixels (``sirst.scale_unit``: up to the 4th brightest) or from
# min / max (the classic segmenters) took them as the frame's range and flattened every target to black (Pd 0).
# Stuck here: an 8-connected group of at most ``STUCK_CLUSTER`` pixels that all hold an extreme: the dtype's (0 or its
# maximum) or a plane's maximum when that is 2^k - 1 for k in ``STUCK_BITS`` (the top of a 12-, 14- or 16-bit
# sensor). A saturated target larger than that is kept; a real target below the extreme is never touched; 8-bit
# frames are never changed. Chosen on SIRST v1 train + val converted to 16-bit with injected stuck pixels, singles
# and pairs: LW-IRSTNet mIoU 0.08 / 0.28 without, 0.34 / 0.52 with 1, 0.720 with 2 or 3 (a tie: the smaller kept);
# lw_irstnet's PROVENANCE.md, "Stuck pixels" (the 12- / 14-bit tops use the same cluster size, not chosen again).
STUCK_CLUSTER = 2
# sensor depths whose top (2^k - 1) a plane's maximum may be: its lone pixels there are hot stuck pixels
STUCK_BITS = (12, 14, 16)
# more lone extremes than this fraction of a plane are its content, not stuck pixels (a tiny crop, a binary image)
STUCK_MOST = 0.01


def stuck_pixels(a: np.ndarray, cluster: int = STUCK_CLUSTER) -> np.ndarray | None:
    """Bool mask (shape of ``a``) of the stuck pixels of an integer frame wider than 8 bits (see
    ``STUCK_CLUSTER``; at most ``STUCK_MOST`` of a plane), channels each on their own; None where there is none
    (8-bit, bool and float frames never have any: their extremes are a target's or the background's).

    Hot: lone pixels at the dtype's maximum, or at a plane's maximum when that is a sensor's top 2^k - 1
    (k in ``STUCK_BITS``: 4095, 16383, 65535); dead: lone pixels at the dtype's minimum (0)."""
    a = np.asarray(a)
    if a.dtype.kind not in "iu" or a.dtype.itemsize < 2 or a.ndim not in (2, 3) or a.size == 0 or cluster < 1:
        return None
    info = np.iinfo(a.dtype)
    tops = {info.max} | {2 ** k - 1 for k in STUCK_BITS if 2 ** k - 1 <= info.max}
    planes3 = a[:, :, None] if a.ndim == 2 else a
    top_of = [int(planes3[:, :, c].max()) for c in range(planes3.shape[2])]
    top_of = [t if t in tops else info.max for t in top_of]  # a plane below every top has no hot pixel
    at_top = planes3 == np.array(top_of, dtype=a.dtype)
    at_top = at_top[:, :, 0] if a.ndim == 2 else at_top
    at_bottom = a == info.min
    if not (at_top.any() or at_bottom.any()):
        return None
    out = np.zeros(a.shape, bool)
    for extreme in (at_top, at_bottom):
        if not extreme.any():
            continue
        planes = extreme[:, :, None] if extreme.ndim == 2 else extreme
        for c in range(planes.shape[2]):
            p = planes[:, :, c]
            if not p.any():
                continue
            n, lab, stats, _ = cv2.connectedComponentsWithStats(p.astype(np.uint8), connectivity=8)
            small = np.zeros(n, bool)
            small[1:] = stats[1:, cv2.CC_STAT_AREA] <= cluster
            lone = small[lab]
            if np.count_nonzero(lone) > STUCK_MOST * p.size:
                continue
            if out.ndim == 2:
                out |= lone
            else:
                out[:, :, c] |= lone
    return out if out.any() else None


def without_stuck_pixels(a: np.ndarray, cluster: int = STUCK_CLUSTER) -> np.ndarray:
    """``a`` with its stuck pixels (``stuck_pixels``) replaced by the median of the other pixels of their 3 x 3
    block (rounded, same dtype): a copy, or ``a`` itself where there is none (then every stretch of it is exactly
    what it was)."""
    a = np.asarray(a)
    mask = stuck_pixels(a, cluster)
    if mask is None:
        return a
    planes = a[:, :, None] if a.ndim == 2 else a
    m3 = mask[:, :, None] if mask.ndim == 2 else mask
    out = planes.copy()
    for c in range(planes.shape[2]):
        ys, xs = np.nonzero(m3[:, :, c])
        if ys.size == 0:
            continue
        pad = np.pad(planes[:, :, c], 1, mode="edge")
        bad = np.pad(m3[:, :, c], 1, mode="edge")
        block = np.stack([pad[ys + dy, xs + dx] for dy in (0, 1, 2) for dx in (0, 1, 2)], axis=1).astype(np.float64)
        block[np.stack([bad[ys + dy, xs + dx] for dy in (0, 1, 2) for dx in (0, 1, 2)], axis=1)] = np.nan
        with np.errstate(all="ignore"):
            med = np.nanmedian(np.where(np.isnan(block).all(axis=1, keepdims=True), 0.0, block), axis=1)
        info = np.iinfo(a.dtype)
        out[ys, xs, c] = np.clip(np.rint(med), info.min, info.max).astype(a.dtype)
    return out[:, :, 0] if a.ndim == 2 else out


def lift_flat(lo, hi):
    """``hi`` moved to ``lo + 1`` where the range is empty (a flat frame maps to 0, not to NaN)."""
    return lo, np.where(hi <= lo, lo + 1.0, hi)


def stretch_unit(a: np.ndarray, lo, hi, min_span: float | None = None) -> np.ndarray:
    """``a`` mapped linearly from [lo, hi] onto [0, 1] and clipped (float; ``lo`` / ``hi`` may be
    per-band arrays); ``min_span`` bounds the divisor away from 0 instead of ``lift_flat``."""
    span = hi - lo
    if min_span is not None:
        span = max(span, min_span)
    return np.clip((a - lo) / span, 0.0, 1.0)


def stretch_255(a: np.ndarray, lo, hi) -> np.ndarray:
    """``a`` mapped from [lo, hi] onto [0, 255] and clipped, as float (the Siamese trackers' input)."""
    out = (a.astype(np.float32) - lo) * (255.0 / max(float(hi - lo), 1e-6))
    np.clip(out, 0, 255, out=out)
    return out


def stretch_uint8(a: np.ndarray, lo, hi) -> np.ndarray:
    """``a`` mapped from [lo, hi] onto 0..255 uint8 (rounded, saturated; OpenCV's ``convertScaleAbs``)."""
    if not hi > lo:
        hi = lo + 1.0
    scale = 255.0 / (hi - lo)
    return cv2.convertScaleAbs(a.astype(np.float32), alpha=scale, beta=-lo * scale)


# --- dtype conversions -----------------------------------------------------------------------------

def _three_bands(f: np.ndarray):
    """The bands that stand for R, G, B: three spread over a hyperspectral cube, RGB of RGBA."""
    if f.ndim == 3 and f.shape[2] > 4:
        k = f.shape[2]
        return [k // 6, k // 2, (5 * k) // 6]
    if f.ndim == 3 and f.shape[2] == 4:
        return [0, 1, 2]
    return None


def frame_to_float(frame: np.ndarray, lo_pct: float = 0.5, hi_pct: float = 99.5,
                   region: tuple[int, int, int, int] | None = None) -> np.ndarray:
    """Any frame -> float32 in 0..255, (H, W) for single-channel frames, else (H, W, 3): the values of
    ``frame_to_rgb`` without copying a grey frame three times (crop first, replicate the crop).

    8-bit as it is; 16-bit and float frames stretched between percentiles of a 1/16 subsample;
    hyperspectral cubes through three bands. ``region`` (x0, y0, x1, y1), inside the frame: convert
    only those pixels, with the same values as converting the whole frame and slicing (the grey-level
    range still comes from the whole frame); trackers that crop one window per frame pass its bounds."""
    f = np.asarray(frame)
    bands = _three_bands(f)

    def pick(a):
        return a if bands is None else a[:, :, bands]

    part = pick(f if region is None else f[region[1]:region[3], region[0]:region[2]])
    if part.dtype == np.uint8:
        out = part.astype(np.float32)
    else:
        # bands picked from the subsample, not the subsample of a picked copy of the whole cube
        lo, hi = percentile_levels(pick(f[::4, ::4]), lo_pct, hi_pct, step=1)
        out = stretch_255(part, lo, hi)
    if out.ndim == 3 and out.shape[2] == 1:
        out = out[:, :, 0]
    return np.ascontiguousarray(out, dtype=np.float32)


def frame_to_rgb(frame: np.ndarray, lo_pct: float = 0.5, hi_pct: float = 99.5) -> np.ndarray:
    """Any frame -> (H, W, 3) float32 in 0..255 (``frame_to_float``, grey replicated)."""
    out = frame_to_float(frame, lo_pct, hi_pct)
    if out.ndim == 2:
        out = np.repeat(out[:, :, None], 3, axis=2)
    return np.ascontiguousarray(out, dtype=np.float32)


def to_gray_float32(frame: np.ndarray) -> np.ndarray:
    """Any frame -> (H, W) float32 in its native units (no stretch): colour through OpenCV's luma
    weights (RGBA loses alpha), a single-channel cube squeezed."""
    f = np.asarray(frame)
    if f.ndim == 3:
        if f.shape[2] == 1:
            f = f[:, :, 0]
        else:
            f = cv2.cvtColor(f[:, :, :3].astype(np.float32), cv2.COLOR_RGB2GRAY)
    return f.astype(np.float32)


def to_rgb_uint8(frame: np.ndarray, low: float = 1.0, high: float = 99.0) -> np.ndarray:
    """Any gray / RGB / RGBA frame -> contiguous (H, W, 3) uint8 RGB. 8-bit frames keep their values;
    others become gray stretched between the ``low`` / ``high`` percentiles of a 1/16 subsample
    (taken in the frame's own dtype)."""
    f = np.asarray(frame)
    if f.ndim == 3 and f.dtype != np.uint8:
        f = cv2.cvtColor(f, cv2.COLOR_RGB2GRAY)
    if f.dtype != np.uint8:
        f = stretch_uint8(f, *percentile_levels(f, low, high, step=4, native=True))
    if f.ndim == 3:
        return np.ascontiguousarray(f if f.shape[2] == 3 else cv2.cvtColor(f, cv2.COLOR_RGBA2RGB))
    return cv2.cvtColor(np.ascontiguousarray(f), cv2.COLOR_GRAY2RGB)


# --- crops -----------------------------------------------------------------------------------------

REPLICATE = "replicate"

# the farthest a crop window may reach from the frame's origin, in frame pixels. OpenCV's warp maps crop pixels
# to frame coordinates in fixed point: a side of ~8e9 px (a tracker's box exploding on a bad frame) or a NaN
# centre ended the process with a segmentation fault (edge replication) instead of an error
MAX_CROP_REACH = 2 ** 24


def _check_window(cx: float, cy: float, sw: float, sh: float) -> None:
    values = (float(cx), float(cy), float(sw), float(sh))
    if all(math.isfinite(v) for v in values) and sw > 0 and sh > 0 and \
            max(abs(cx) + sw / 2, abs(cy) + sh / 2) <= MAX_CROP_REACH:
        return
    raise CropError(f"crop: a window of {sw:.6g} x {sh:.6g} px centred at ({cx:.6g}, {cy:.6g}) cannot be cut: a side "
                    f"must be finite and > 0 and the window within {MAX_CROP_REACH} px of the frame's origin (the "
                    "box it came from has exploded or gone NaN: the tracker lost its target on this frame)")


def crop(image: np.ndarray, cx: float, cy: float, side, out, fill=None, grid: str = "pixel") -> np.ndarray:
    """A window of ``side`` frame pixels centred at (cx, cy), resized to ``out`` (bilinear).

    ``side`` / ``out`` are one number (square) or (width, height). Outside the frame: ``fill`` (a
    value or one per channel; None: the image's mean colour, SiamFC's convention) or ``REPLICATE``
    (edges replicated). ``grid`` places the window on the crop's pixels:

    - ``"pixel"``: crop pixel u samples frame x = cx + (u - (out - 1) / 2) * side / out, so the middle
      pixel sits on the centre (the Siamese pair sampler and SiamFC++);
    - ``"edge"``: x = cx + (u - out / 2) * side / out, with the transform in float32 (the NAS-TIR and
      HA-Net trackers, whose weights were trained on these crops).
    """
    sw, sh = (side, side) if np.ndim(side) == 0 else side
    ow, oh = (out, out) if np.ndim(out) == 0 else out
    _check_window(cx, cy, sw, sh)
    if grid == "pixel":
        kx, ky = ow / sw, oh / sh
        m = np.array([[kx, 0, (ow - 1) / 2.0 - cx * kx], [0, ky, (oh - 1) / 2.0 - cy * ky]], dtype=np.float64)
    elif grid == "edge":
        kx, ky = ow / sw, oh / sh
        m = np.array([[kx, 0, ow / 2 - kx * cx], [0, ky, oh / 2 - ky * cy]], dtype=np.float32)
    else:
        raise ValueError(f"grid must be 'pixel' or 'edge', not {grid!r}")
    if isinstance(fill, str):
        if fill != REPLICATE:
            raise ValueError(f"fill must be a value, None or {REPLICATE!r}, not {fill!r}")
        return _warp(image, m, (ow, oh), borderMode=cv2.BORDER_REPLICATE)
    if fill is None:
        fill = image.reshape(-1, image.shape[-1]).mean(0) if image.ndim == 3 else float(image.mean())
    channels = image.shape[2] if image.ndim == 3 else 1
    if channels <= 4:  # as OpenCV takes it (a scalar fills channel 0 only: the pair sampler's trained crops)
        border = tuple(float(v) for v in np.atleast_1d(fill))
        return _warp(image, m, (ow, oh), borderMode=cv2.BORDER_CONSTANT, borderValue=border)
    values = np.broadcast_to(np.asarray(fill, np.float64).ravel() if np.ndim(fill) else float(fill), (channels,))
    # more bands than a border value holds: warp with a zero border and add the fill where the window
    # leaves the frame, weighted as bilinear interpolation weighs the border (a warped mask of ones)
    inside = cv2.warpAffine(np.ones(image.shape[:2], np.float32), m, (ow, oh), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=0.0)
    out = _warp(image, m, (ow, oh), borderMode=cv2.BORDER_CONSTANT, borderValue=0.0).astype(np.float64)
    out += (1.0 - inside)[:, :, None] * values[None, None, :]
    if np.issubdtype(image.dtype, np.integer):
        info = np.iinfo(image.dtype)
        out = np.clip(np.rint(out), info.min, info.max)
    return out.astype(image.dtype)


_CV_CHANNELS = 128  # the most channels OpenCV's Python binding wraps (CV_CN_MAX: 128 in OpenCV 5, 512 in 4)


def by_band_groups(fn, image: np.ndarray) -> np.ndarray:
    """``fn(image)`` for an OpenCV function of one image (warp, resize): a cube of more bands than
    OpenCV takes (AVIRIS' 198 or 224) goes through it in nearly equal groups of bands (each of more
    than 4, so every band gets the numbers of the same OpenCV code path as a 16-band cube's)."""
    n = image.shape[2] if image.ndim == 3 else 1
    if n <= _CV_CHANNELS:
        return fn(image)
    groups = np.array_split(np.arange(n), -(-n // _CV_CHANNELS))
    return np.concatenate([fn(np.ascontiguousarray(image[:, :, g[0]:g[-1] + 1])) for g in groups], axis=2)


def _warp(image: np.ndarray, m: np.ndarray, size, **kw) -> np.ndarray:
    """Bilinear ``cv2.warpAffine`` of an image of any band count (``by_band_groups``)."""
    return by_band_groups(lambda a: cv2.warpAffine(a, m, size, flags=cv2.INTER_LINEAR, **kw), image)


def resize(image: np.ndarray, size, interpolation: int = cv2.INTER_LINEAR) -> np.ndarray:
    """``cv2.resize(image, size (width, height), interpolation=...)`` of an image of any band count."""
    return by_band_groups(lambda a: cv2.resize(a, tuple(size), interpolation=interpolation), image)


def crop_frame(frame: np.ndarray, cx: float, cy: float, side: float, out: int, fill) -> np.ndarray:
    """``crop(frame_to_float(frame), cx, cy, side, out, fill)`` converting only the frame pixels the
    crop samples (its square plus a 2-pixel margin for the bilinear neighbours), so the per-frame cost
    does not grow with the frame: a tracker's search window on a 640x512 16-bit or a hyperspectral
    frame converts a few hundred pixels square, not the whole frame."""
    H, W = np.shape(frame)[:2]
    r = side / 2.0 + 2.0
    x0, y0 = max(int(math.floor(cx - r)), 0), max(int(math.floor(cy - r)), 0)
    x1, y1 = min(int(math.ceil(cx + r)) + 1, W), min(int(math.ceil(cy + r)) + 1, H)
    if x1 <= x0 or y1 <= y0:  # the window lies wholly outside the frame: every crop pixel is fill
        x0, y0, x1, y1 = 0, 0, 1, 1
    img = frame_to_float(frame, region=(x0, y0, x1, y1))
    return crop(img, cx - x0, cy - y0, side, out, fill)


def box_to_crop(box_xywh, cx: float, cy: float, side: float, out: int) -> np.ndarray:
    """A frame box (x, y, w, h) -> (x0, y0, x1, y1) in the pixels of ``crop(..., cx, cy, side, out)``."""
    k = out / side
    x, y, w, h = box_xywh
    x0 = (x - cx) * k + (out - 1) / 2.0
    y0 = (y - cy) * k + (out - 1) / 2.0
    return np.array([x0, y0, x0 + w * k, y0 + h * k], dtype=np.float32)
