"""Seeing spectra: false colour from wavelengths (CIE 1931), band triplets, per-band stretch.

Qt-free numpy, shared by the viewer, the frame export, the HA-Net tracker and the generator.

The CIE 1931 2-degree colour-matching functions are computed from the multi-lobe piecewise-Gaussian
fit of Wyman, Sloan and Shirley ("Simple Analytic Approximations to the CIE XYZ Color Matching
Functions", JCGT 2(2), 2013); no table file is needed at run time. The test compares it with the
tabulated CIE 1931 functions (the CIE table, when the test data has it).

False colour of a cube with wavelengths: XYZ = sum_k band_k * cmf(lambda_k) * dlambda_k, then linear
sRGB (IEC 61966-2-1 matrix), white-balanced so that a flat spectrum is grey, then stretched. Bands
outside the visible range get no CIE weight; when fewer than three bands fall inside 400-700 nm or
they span less than 100 nm there (a near-infrared camera), the band range is mapped linearly onto 420-680 nm first ("stretched spectrum"
pseudo colour, ``seen_wavelengths``) and the note ``cie_weights`` returns says so; the default band triplet is
picked from the same stretch.
"""
from __future__ import annotations

import numpy as np

from workbench.core import preprocess

# (amplitude, mean nm, sigma below the mean, sigma above the mean) per lobe, Wyman et al. 2013, eq. (2)
_LOBES = {
    "x": ((1.056, 599.8, 37.9, 31.0), (0.362, 442.0, 16.0, 26.7), (-0.065, 501.1, 20.4, 26.2)),
    "y": ((0.821, 568.8, 46.9, 40.5), (0.286, 530.9, 16.3, 31.1)),
    "z": ((1.217, 437.0, 11.8, 36.0), (0.681, 459.0, 26.0, 13.8)),
}
# CIE XYZ (D65) -> linear sRGB
XYZ_TO_SRGB = np.array([[3.2406, -1.5372, -0.4986],
                        [-0.9689, 1.8758, 0.0415],
                        [0.0557, -0.2040, 1.0570]])
VISIBLE = (400.0, 700.0)


def _lobe(wl: np.ndarray, a: float, mu: float, s1: float, s2: float) -> np.ndarray:
    s = np.where(wl < mu, s1, s2)
    return a * np.exp(-0.5 * ((wl - mu) / s) ** 2)


def cie_cmf(wavelengths_nm) -> np.ndarray:
    """(N, 3) CIE 1931 x-bar, y-bar, z-bar at the given wavelengths (nm)."""
    wl = np.asarray(wavelengths_nm, dtype=np.float64).ravel()
    return np.stack([sum(_lobe(wl, *p) for p in _LOBES[c]) for c in "xyz"], axis=1)


# nm per unit, for the spellings ENVI headers and HDF5 attributes use ('wavelength units')
_NM_PER_UNIT = {
    **dict.fromkeys(("nm", "nanometer", "nanometers", "nanometre", "nanometres"), 1.0),
    **dict.fromkeys(("um", "\u00b5m", "\u03bcm", "micrometer", "micrometers", "micrometre", "micrometres",
                     "micron", "microns"), 1e3),
    **dict.fromkeys(("mm", "millimeter", "millimeters", "millimetre", "millimetres"), 1e6),
    **dict.fromkeys(("cm", "centimeter", "centimeters", "centimetre", "centimetres"), 1e7),
    **dict.fromkeys(("m", "meter", "meters", "metre", "metres"), 1e9),
    **dict.fromkeys(("a", "\u00e5", "angstrom", "angstroms"), 0.1),
}


# the short name of each length unit by its nm per unit (``_NM_PER_UNIT``'s factors): a plot axis's unit
_UNIT_SYMBOLS = {1.0: "nm", 1e3: "\u00b5m", 1e6: "mm", 1e7: "cm", 1e9: "m", 0.1: "\u00c5"}


def nm_per_unit(units: str | None) -> float | None:
    """nm per unit of the length ``units`` names (any spelling a header uses, any case); None for none."""
    return _NM_PER_UNIT.get((units or "").strip().lower())


def unit_symbol(factor: float | None) -> str | None:
    """The short name (nm, µm, mm, cm, m, Å) of the unit of ``factor`` nm (``nm_factor``, ``nm_per_unit``);
    None for another factor."""
    if factor is None:
        return None
    return next((name for f, name in _UNIT_SYMBOLS.items() if abs(factor - f) <= 1e-6 * f), None)


# ENVI's 'wavelength units = Wavenumber' (a thermal Fourier-transform camera's bands, in cm^-1) and its spellings
_WAVENUMBER = ("wavenumber", "wavenumbers", "cm-1", "cm^-1", "1/cm", "cm\u207b\u00b9")


def wavenumbers(wavelengths, units: str | None) -> bool:
    """Whether ``wavelengths`` are wavenumbers (cm^-1) by their ``units`` (ENVI's ``Wavenumber``), all positive: their
    wavelength is 1e7 / wavenumber nm, no one factor (``nm_factor``) away."""
    wl = np.asarray(wavelengths, dtype=np.float64).ravel()
    return (units or "").strip().lower() in _WAVENUMBER and wl.size > 0 and bool(np.all(wl > 0))


def to_nm(wavelengths, units: str | None = None) -> np.ndarray:
    """Wavelengths in nm: by the units when they name a length (nm, µm / micrometres / microns, mm,
    cm, m, Å, any case), or wavenumbers ('Wavenumber', cm^-1: 1e7 / value, ``wavenumbers``; read as nm they put
    a 8-12 µm camera at 833-1250 nm, its bands in reverse); with no units or ones that name no length ('Unknown',
    'Index'), values under 30 are taken as micrometres (an AVIRIS header saying 'Unknown' over 0.4-2.5), others as
    nm; so are units that would put the longest wavelength outside 100 nm - 100 µm (a header saying
    'Micrometers' over 400-2500, or 'Nanometers' over 0.4-2.5)."""
    wl = np.asarray(wavelengths, dtype=np.float64).ravel()
    if wavenumbers(wl, units):
        return 1e7 / wl
    factor = nm_factor(wl, units)
    return wl * factor if factor != 1.0 else wl


def nm_factor(wavelengths, units: str | None = None) -> float:
    """The one factor ``to_nm`` scales every band by (nm per unit of ``wavelengths``), by its rule: band widths
    (``fwhm``) in the same units go to nm by it too (``hsi_convert._in_nm``)."""
    wl = np.asarray(wavelengths, dtype=np.float64).ravel()
    top = float(np.nanmax(wl)) if wl.size and np.isfinite(wl).any() else 0.0
    factor = nm_per_unit(units)
    if factor is None or not 100.0 <= top * factor <= 1e5:  # no length, or one that puts the top band
        factor = 1e3 if top < 30 else 1.0                     # outside 100 nm - 100 µm: mislabelled
    return float(factor)


def _band_widths(wl: np.ndarray) -> np.ndarray:
    """Spacing each band stands for (bands may be in any order, e.g. mosaic filter order)."""
    if wl.size < 2:
        return np.ones_like(wl)
    order = np.argsort(wl)
    s = wl[order]
    edges = np.concatenate([[s[0] - (s[1] - s[0]) / 2], (s[1:] + s[:-1]) / 2, [s[-1] + (s[-1] - s[-2]) / 2]])
    widths = np.empty_like(wl)
    widths[order] = np.maximum(np.diff(edges), 1e-6)
    return widths


def seen_wavelengths(wl_nm) -> tuple[np.ndarray, str]:
    """The wavelengths (nm) colour is made from, and how: as they are ("CIE 1931"), or, with fewer than three bands
    in 400-700 nm or those spanning under 100 nm (a near-infrared camera), the band range mapped linearly onto
    420-680 nm ("stretched spectrum ...")."""
    wl = np.asarray(wl_nm, dtype=np.float64)
    vis = wl[(wl >= VISIBLE[0]) & (wl <= VISIBLE[1])]
    if len(vis) >= 3 and np.ptp(vis) >= 100.0:
        return wl, "CIE 1931"
    return _stretched(wl)


def _stretched(wl: np.ndarray) -> tuple[np.ndarray, str]:
    lo, hi = float(np.nanmin(wl)), float(np.nanmax(wl))
    wl = 420.0 + (wl - lo) / max(hi - lo, 1e-9) * 260.0 if hi > lo else np.full_like(wl, 550.0)
    return wl, f"stretched spectrum ({lo:.0f}-{hi:.0f} nm shown as 420-680 nm)"


def cie_weights(wavelengths, units: str | None = None) -> tuple[np.ndarray, str]:
    """(B, 3) band -> linear-RGB weights and a note on how they were made.

    White-balanced: a flat spectrum gives equal R, G and B (so a grey scene stays grey).
    """
    wl, note = seen_wavelengths(to_nm(wavelengths, units))
    xyz = cie_cmf(wl) * _band_widths(wl)[:, None]
    rgb = xyz @ XYZ_TO_SRGB.T
    white = rgb.sum(axis=0)
    white[np.abs(white) < 1e-12] = 1.0
    return rgb / white, note


def group_weights(n_bands: int) -> np.ndarray:
    """(B, 3) weights averaging three contiguous groups of band indices (last group -> R).

    The false colour a tracker uses when it knows no wavelengths; deterministic in the band count.
    """
    w = np.zeros((n_bands, 3))
    groups = np.array_split(np.arange(n_bands), 3)
    for c, g in zip((2, 1, 0), groups):
        if len(g):
            w[g, c] = 1.0 / len(g)
    return w


def percentile_levels(img: np.ndarray, low: float = 0.5, high: float = 99.5, per_band: bool = True):
    """(lo, hi) float32 arrays of shape (B,) (per band, or one level repeated), from a subsample of
    the frame; NaN pixels are skipped and an empty range is lifted to one unit."""
    a = np.asarray(img)
    lo, hi = preprocess.percentile_levels(a, low, high, step=preprocess.AUTO, ignore_nan=True, per_band=per_band)
    if not per_band:
        bands = a.shape[2] if a.ndim == 3 else 1
        lo, hi = np.full(bands, lo), np.full(bands, hi)
    lo, hi = preprocess.lift_flat(lo, hi)
    return lo.astype(np.float32), hi.astype(np.float32)


def stretch(img: np.ndarray, low: float = 0.5, high: float = 99.5, per_band: bool = True,
            levels=None) -> np.ndarray:
    """float32 in 0..1 after a percentile stretch (each band its own when ``per_band``)."""
    a = np.asarray(img, dtype=np.float32)
    lo, hi = levels if levels is not None else percentile_levels(a, low, high, per_band)
    if a.ndim == 2:
        lo, hi = np.ravel(lo)[0], np.ravel(hi)[0]
    return preprocess.stretch_unit(a, lo, hi)


def _encode_srgb(lin: np.ndarray) -> np.ndarray:
    lin = np.clip(lin, 0.0, 1.0)
    return np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * np.power(lin, 1 / 2.4) - 0.055)


PROJECT_BLOCK_VALUES = 1 << 22  # values (16 MB of float32) converted and projected at a time


def memory_order(cube: np.ndarray) -> tuple[int, int, int]:
    """The axes of an (H, W, B) array from the slowest-varying in memory to the fastest: (0, 1, 2) for
    pixel-interleaved data (ENVI BIP), (0, 2, 1) line-interleaved (BIL), (2, 0, 1) band-sequential (BSQ)."""
    s = np.asarray(cube).strides
    return tuple(sorted(range(3), key=lambda k: -abs(s[k])))  # type: ignore[return-value]


def project(cube: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(H, W, B) @ (B, 3) -> (H, W, 3) float32 (no stretch).

    Rows of the cube at a time (``PROJECT_BLOCK_VALUES``), each read in the order it lies in memory
    and cast to float32 there: a BIL or BSQ cube (an ENVI file seen as H x W x B) is never copied
    whole into pixel order (0.45 s for a 1024x1024x198 float32 cube, on top of the 0.09 s
    projection), an integer cube never converted whole to float. Inside ``jobs.reporting`` (a
    worker) the blocks report progress and stop at Cancel."""
    from workbench.core import jobs

    c = np.asarray(cube)
    h, w, b = c.shape
    wt = np.asarray(weights, dtype=np.float32)
    wtt = np.ascontiguousarray(wt.T)  # (3, B)
    out = np.empty((h, w, 3), np.float32)
    order = memory_order(c)
    rows = max(1, PROJECT_BLOCK_VALUES // max(1, w * b))
    for r0 in jobs.steps(range(0, h, rows), "colour from bands"):
        blk = c[r0:r0 + rows]
        n = blk.shape[0]
        if order == (0, 2, 1):  # line by line: each line (B, W) times the weights
            lines = np.ascontiguousarray(blk.transpose(0, 2, 1), dtype=np.float32)
            out[r0:r0 + n] = np.matmul(wtt, lines).transpose(0, 2, 1)
        elif order == (2, 0, 1):  # band planes
            planes = np.ascontiguousarray(blk.transpose(2, 0, 1), dtype=np.float32).reshape(b, n * w)
            out[r0:r0 + n] = (wtt @ planes).reshape(3, n, w).transpose(1, 2, 0)
        else:  # pixel order (or any other: copied into it, one block at a time)
            px = np.ascontiguousarray(blk, dtype=np.float32).reshape(n * w, b)
            np.matmul(px, wt, out=out[r0:r0 + n].reshape(n * w, 3))
    return out


def false_color(cube: np.ndarray, wavelengths=None, units: str | None = None, low: float = 0.5,
                high: float = 99.5, gamma: bool = True) -> np.ndarray:
    """(H, W, 3) uint8 false colour of a cube: CIE 1931 when ``wavelengths`` is given, else band groups.

    The projection is applied to the raw values, then R, G and B share one percentile stretch (so the
    hues are kept) and the sRGB transfer curve is applied.
    """
    c = np.asarray(cube)
    weights = cie_weights(wavelengths, units)[0] if wavelengths is not None and len(wavelengths) == c.shape[2] \
        else group_weights(c.shape[2])
    rgb = project(c, weights)
    lin = stretch(rgb, low, high, per_band=False)
    out = _encode_srgb(lin) if gamma else lin
    return (out * 255.0 + 0.5).astype(np.uint8)


def band_triplet(cube: np.ndarray, bands, low: float = 0.5, high: float = 99.5,
                 per_band: bool = True) -> np.ndarray:
    """(H, W, 3) uint8 of three chosen bands as R, G, B, each band stretched on its own percentiles."""
    c = np.asarray(cube)
    idx = [int(b) for b in bands]
    if len(idx) != 3 or any(not 0 <= b < c.shape[2] for b in idx):
        raise ValueError(f"band triplet {bands!r} must be three band indices in 0..{c.shape[2] - 1}")
    sel = c[:, :, idx]
    return (stretch(sel, low, high, per_band) * 255.0 + 0.5).astype(np.uint8)


def default_triplet(wavelengths=None, n_bands: int | None = None, units: str | None = None) -> tuple[int, int, int]:
    """Bands nearest 640 / 550 / 460 nm, or three evenly spaced band indices without wavelengths. A cube with too
    little of the visible for colour (``seen_wavelengths``: a near-infrared camera's 671-947 nm) is stretched as its
    colour is: every band was nearest 640, 550 and 460 nm at once, three times the same band, a grey image; so is
    one whose nearest bands are not three (a red-edge camera's 600-850 nm: 633, 600, 600 nm)."""
    if wavelengths is not None and len(wavelengths) >= 3:
        wl = to_nm(wavelengths, units)
        for seen in (seen_wavelengths(wl)[0], _stretched(wl)[0]):
            picks = tuple(int(np.argmin(np.abs(seen - t))) for t in (640.0, 550.0, 460.0))
            if len(set(picks)) == 3:
                break
        return picks  # type: ignore[return-value]
    n = int(n_bands or 3)
    return (n - 1, n // 2, 0)


def spectrum_at(cube: np.ndarray, x: int, y: int) -> np.ndarray:
    """(B,) float64 spectrum of pixel (x, y) (column, row)."""
    return np.asarray(cube[int(y), int(x)], dtype=np.float64)


def mean_spectrum(cube: np.ndarray, box) -> np.ndarray | None:
    """(B,) mean spectrum inside box (x, y, w, h), clipped to the frame; None when empty."""
    h, w = cube.shape[:2]
    x0, y0 = max(int(np.floor(box[0])), 0), max(int(np.floor(box[1])), 0)
    x1, y1 = min(int(np.ceil(box[0] + box[2])), w), min(int(np.ceil(box[1] + box[3])), h)
    if x1 <= x0 or y1 <= y0:
        return None
    return np.asarray(cube[y0:y1, x0:x1], dtype=np.float64).reshape(-1, cube.shape[2]).mean(axis=0)
