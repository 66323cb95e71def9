"""Frame -> display image: contrast stretch, colour maps, HSI band choice. Numpy only, so the frame
export draws exactly what the viewer shows.

Hyperspectral cubes show as one band, the band mean, true / false colour from the wavelengths
(CIE 1931, ``workbench.core.spectral_color``) or a chosen band triplet (each band its own percentile
stretch), as ``HSIView`` says.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

COLORMAPS = ("gray", "white-hot", "black-hot", "inferno")
# (low, high) percentiles; (0, 100) is min-max
STRETCHES = {"min–max": (0.0, 100.0), "0.1–99.9 %": (0.1, 99.9), "0.5–99.5 %": (0.5, 99.5),
             "1–99 %": (1.0, 99.0), "2–98 %": (2.0, 98.0), "5–95 %": (5.0, 95.0)}
DEFAULT_STRETCH = "0.5–99.5 %"


def _inferno() -> np.ndarray:
    import matplotlib

    return (matplotlib.colormaps["inferno"](np.linspace(0, 1, 256))[:, :3] * 255).astype(np.uint8)


def lut(name: str) -> np.ndarray:
    """(256, 3) uint8 lookup table."""
    ramp = np.linspace(0, 255, 256).astype(np.uint8)
    if name in ("gray", "white-hot"):
        return np.stack([ramp] * 3, axis=1)
    if name == "black-hot":
        return np.stack([ramp[::-1]] * 3, axis=1)
    if name == "inferno":
        return _inferno()
    if name == "turbo":
        import matplotlib

        return (matplotlib.colormaps["turbo"](np.linspace(0, 1, 256))[:, :3] * 255).astype(np.uint8)
    raise ValueError(f"unknown colour map {name!r}; known: {', '.join(COLORMAPS)}")


HSI_MODES = ("band", "cie", "triplet")


@dataclass
class HSIView:
    """How a cube is shown: ``band`` (the toolbar's band, or the mean), ``cie`` (colour from the
    wavelengths), ``triplet`` (bands ``triplet`` as R, G, B); ``stretch`` percentiles for the colour modes."""

    mode: str = "band"
    triplet: tuple[int, int, int] = (0, 0, 0)
    wavelengths: np.ndarray | None = None
    units: str | None = None
    stretch: tuple[float, float] = (0.5, 99.5)
    #: the frames are cubes (a hyperspectral sequence): 2 to 4 bands are bands too, not an RGB(A) image (a
    #: 2-band cube went to the view as a 2-channel image, a 3- or 4-band one as RGB whatever band or mode)
    cube: bool = False


def _is_cube(f: np.ndarray, hsi: HSIView | None) -> bool:
    return f.ndim == 3 and (f.shape[2] > 4 or (hsi is not None and hsi.cube and f.shape[2] > 1))


def to_displayable(frame: np.ndarray, band: int = -1, hsi: HSIView | None = None) -> np.ndarray:
    """2-D (gray) or (H, W, 3) array; a hyperspectral cube shows one band, the band mean, or (with
    ``hsi`` in a colour mode) a uint8 RGB rendering."""
    f = np.asarray(frame)
    cube = _is_cube(f, hsi)
    if hsi is not None and hsi.mode != "band" and cube:
        from workbench.core import spectral_color

        lo, hi = hsi.stretch
        if hsi.mode == "triplet":
            return spectral_color.band_triplet(f, hsi.triplet, lo, hi, per_band=True)
        # the projection reads every band of every pixel in the order the cube lies in memory (an
        # ENVI BSQ / BIL file seen as H x W x B too: ``spectral_color.project``), a block at a time
        return spectral_color.false_color(f, hsi.wavelengths, hsi.units, lo, hi)
    if cube:
        return f[:, :, band] if 0 <= band < f.shape[2] else f.mean(axis=2, dtype=np.float32)
    if f.ndim == 3 and f.shape[2] == 4:
        f = f[:, :, :3]
    if f.ndim == 3 and f.shape[2] == 1:
        f = f[:, :, 0]
    return f


def levels(img: np.ndarray, low: float, high: float) -> tuple[float, float]:
    """Percentile levels from a subsample (fast on large frames), never an empty range."""
    step = max(1, int(np.sqrt(img.shape[0] * img.shape[1] / 65536)))
    sub = img[::step, ::step]
    if sub.dtype == bool:  # a boolean cube (a mask stored as frames): levels of 0 / 1
        sub = sub.astype(np.uint8)
    sub = sub[np.isfinite(sub)] if np.issubdtype(sub.dtype, np.floating) else sub.ravel()
    if sub.size == 0:
        return 0.0, 1.0
    lo, hi = (float(v) for v in np.percentile(sub, [low, high]))
    if hi <= lo:
        hi = lo + 1.0
    return lo, hi


def is_color(img: np.ndarray) -> bool:
    return img.ndim == 3 and img.shape[2] == 3


HEAVY_VALUES = 1 << 22  # a frame showing which reads this many values or more is rendered off the GUI thread


def is_heavy(frame: np.ndarray, band: int = -1, hsi: HSIView | None = None) -> bool:
    """Showing ``frame`` reads every band of a large cube (its colour, or its band mean): 0.1-0.8 s for a
    1024x1024x198 cube. The window renders such frames on a worker (``shown``); one band, a grey, RGB
    or small frame is shown at once."""
    if not is_heavy_read(frame):
        return False
    colour = hsi is not None and hsi.mode != "band"
    return colour or not 0 <= band < np.shape(frame)[2]


def is_heavy_read(frame) -> bool:
    """Reading ``frame`` (or a frame of its shape) the first time is slow: a large cube (``HEAVY_VALUES``
    values or more), 0.1-0.2 s for 1024x1024x198 float32 from an ENVI memmap (the reader's non-finite
    check and copy), more from HDF5. The window reads such frames on a worker (``SequenceController``)."""
    shape = np.shape(frame)
    return len(shape) == 3 and shape[2] > 4 and int(np.prod(shape)) >= HEAVY_VALUES


def shown(frame: np.ndarray, band: int = -1, hsi: HSIView | None = None, stretch=(0.5, 99.5),
          fixed_levels: tuple[float, float] | None = None):
    """``(image, levels)`` the viewer shows for ``frame``: a uint8 RGB image with ``levels`` None, or a
    float RGB / 2-D image with its ``(lo, hi)`` (the colour map is applied with them). Numpy only: the
    window calls it on a worker for heavy frames (``is_heavy``); ``render_rgb`` draws from it."""
    img = to_displayable(frame, band, hsi)
    if is_color(img) and img.dtype == np.uint8:
        return np.ascontiguousarray(img), None
    return img, (fixed_levels or levels(img, *stretch))


def preview(frame: np.ndarray, stretch=(0.5, 99.5)):
    """``(image, levels)`` shown at once while a heavy frame (``is_heavy``) is rendered and no earlier
    image of its size is on screen: its middle band (a view, no pass over the cube)."""
    f = np.asarray(frame)
    img = f[:, :, f.shape[2] // 2] if f.ndim == 3 and f.shape[2] > 4 else to_displayable(f)
    return img, levels(img, *stretch)


def render_rgb(frame: np.ndarray, cmap: str = "gray", stretch=(0.5, 99.5), band: int = -1,
               fixed_levels: tuple[float, float] | None = None, hsi: HSIView | None = None) -> np.ndarray:
    """(H, W, 3) uint8 of what the viewer shows for ``frame``."""
    img, lv = shown(frame, band, hsi, stretch, fixed_levels)
    if lv is None:
        return img
    lo, hi = lv
    if is_color(img):
        return (np.clip((img.astype(np.float32) - lo) / (hi - lo), 0, 1) * 255).astype(np.uint8)
    idx = (np.clip((img.astype(np.float32) - lo) / (hi - lo), 0, 1) * 255).astype(np.uint8)
    return lut(cmap)[idx]


def normalize_map(data: np.ndarray, with_range: bool = False):
    """A response map scaled to 0..1 for the heatmap (NaN as 0). ``with_range``: also the values that
    0 and 1 stand for, ``(d, low, high)`` (the map's colour key labels its ends with them)."""
    d = np.asarray(data, dtype=np.float32)
    if d.ndim == 3:
        d = d.mean(axis=2) if d.shape[2] <= 4 else d.mean(axis=0)
    d = np.nan_to_num(d, nan=0.0, posinf=0.0, neginf=0.0)
    lo, hi = float(d.min()), float(d.max())
    d = (d - lo) / (hi - lo) if hi > lo else np.zeros_like(d)
    return (d, lo, hi) if with_range else d


def heat_lut() -> np.ndarray:
    """(256, 4) RGBA heatmap: inferno colours, low values transparent so the frame stays readable."""
    rgb = _inferno()
    a = np.clip(np.linspace(0, 1, 256) * 1.5, 0, 1) ** 1.2
    return np.concatenate([rgb, (a * 255).astype(np.uint8)[:, None]], axis=1)


def blend_heat(img: np.ndarray, d: np.ndarray, opacity: float) -> np.ndarray:
    """Blend a 0..1 map (same size as ``img``) over an RGB uint8 image as the viewer shows it."""
    lut4 = heat_lut()[(np.clip(d, 0, 1) * 255).astype(np.uint8)].astype(np.float32)
    alpha = lut4[..., 3:4] / 255.0 * opacity
    return (img.astype(np.float32) * (1 - alpha) + lut4[..., :3] * alpha).astype(np.uint8)
