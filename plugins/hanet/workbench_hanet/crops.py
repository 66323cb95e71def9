"""Crops and input normalisation shared by the HA-Net tracker and its training (numpy + OpenCV)."""
from __future__ import annotations

import numpy as np

from workbench.core import preprocess
from workbench_hanet.model import CONTEXT, STRIDE, X_SIZE, out_size


def context_side(w: float, h: float, context: float = CONTEXT) -> float:
    """Template side in frame pixels: sqrt((w + c(w+h)) (h + c(w+h))) (SiamFC / SiamBAN)."""
    p = context * (w + h)
    return float(np.sqrt(max(w + p, 1.0) * max(h + p, 1.0)))


def crop(frame: np.ndarray, cx: float, cy: float, side: float, out: int) -> np.ndarray:
    """(out, out, C) float32 square crop of ``side`` frame pixels centred on (cx, cy); borders replicate."""
    f = frame if frame.ndim == 3 else frame[:, :, None]
    c = preprocess.crop(f, cx, cy, side, out, fill=preprocess.REPLICATE, grid="edge")
    if c.ndim == 2:
        c = c[:, :, None]
    return c.astype(np.float32, copy=False)


def frame_scale(frame: np.ndarray, step: int = 4) -> float:
    """Normalising constant of a video: the 99th percentile of its first frame (all bands; every
    ``step``-th row and column)."""
    a = np.asarray(frame)
    v = float(preprocess.percentile(a, 99, step=step)) if a[::step, ::step].size else 1.0
    return v if v > 0 else 1.0


def network_wavelengths(bands: int) -> np.ndarray:
    """The band centres (nm) HA-Net weights of ``bands`` bands expect, in the order the network takes
    them: the weights carry none, they were trained on generated videos (weights/PROVENANCE.md), whose
    camera is ``hsi_generate.camera_wavelengths``: for 16 bands the XIMEA VIS snapshot bands in mosaic
    order (481, 491, 470, 647 ... nm, as HOT ships them), 25 the XIMEA NIR ones, else evenly spaced."""
    from workbench.core.data.hsi_generate import camera_wavelengths

    return np.asarray(camera_wavelengths(bands), dtype=np.float64)


def _edges(wl: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The range [lo, hi] each band stands for, centred on it: half the mean gap to its two neighbours by
    wavelength on either side (an end band: its one gap), bands in any order (10 nm wide for a band
    between neighbours 10 nm away; a filter's response is centred on its centre wavelength)."""
    order = np.argsort(wl, kind="stable")
    s = wl[order]
    if len(s) < 2:
        return wl - 5.0, wl + 5.0
    gaps = np.diff(s)
    left = np.concatenate([[gaps[0]], gaps])
    right = np.concatenate([gaps, [gaps[-1]]])
    half = np.empty_like(wl)
    half[order] = np.maximum((left + right) / 4, 1e-6)
    return wl - half, wl + half


class BandMap:
    """How a cube's bands become the network's: ``same`` (nothing done), ``select`` (the network's
    bands picked from the cube's, reordered: the same centres in another order), ``matrix`` (each
    network band the average over its range of the cube's spectrum interpolated linearly between band
    centres; (cube bands, network bands), float32) or ``index`` (by band index, the cube's wavelengths
    unknown or of no use). ``note``: what was done, or None; ``warn``: whether the user must be told
    (by index with another band count, or network bands outside the cube's range)."""

    def __init__(self, kind: str, bands: int, index=None, matrix=None, note: str | None = None, warn: bool = False):
        self.kind, self.bands, self.index, self.matrix, self.note = kind, bands, index, matrix, note
        self.warn = warn

    def __call__(self, c: np.ndarray) -> np.ndarray:
        if self.kind == "same":
            return c
        if self.kind == "select":
            return c[:, :, self.index]
        if self.kind == "matrix":
            import torch

            h, w, b = c.shape
            # torch on the caller's thread count (as ``to_inputs``), not numpy's BLAS threads
            m = torch.from_numpy(np.ascontiguousarray(c, dtype=np.float32)).reshape(-1, b) @ torch.from_numpy(self.matrix)
            return m.reshape(h, w, self.bands).numpy()
        return match_bands(c, self.bands)


def _nm(wl: np.ndarray) -> str:
    return f"{wl.min():.0f}-{wl.max():.0f} nm"


def band_map(bands_in: int, bands: int, wavelengths=None, units: str | None = None, name: str = "hanet",
             samples: int = 16) -> BandMap:
    """The ``BandMap`` from a cube of ``bands_in`` bands at ``wavelengths`` (any order, ``units`` as
    ``spectral_color.to_nm`` reads them; None: unknown) to the ``bands`` of HA-Net weights
    (``network_wavelengths``).

    By wavelength when the cube gives one finite wavelength per band: the network's centres found among
    the cube's (within 0.5 nm, as many bands) are picked; otherwise each network band is the mean of the
    cube's spectrum, interpolated linearly between its band centres, at ``samples`` points across the
    network band's range (half-way to its neighbours): a fine cube is averaged over the band, a coarse
    one interpolated. Network bands whose centre lies outside the cube's range (its end bands' ranges
    included) take the nearest end's values, and the note names them; a cube that covers none of the
    network's range is resampled by index, as one without wavelengths, and the note says so."""
    from workbench.core.spectral_color import to_nm

    target = network_wavelengths(bands)
    wl = None if wavelengths is None else np.asarray(wavelengths, dtype=np.float64).ravel()
    why = None
    if wl is None:
        why = "the video gives no wavelengths"
    elif len(wl) != bands_in:
        why = f"the video gives {len(wl)} wavelengths for {bands_in} bands"
    elif not np.isfinite(wl).all():
        why = "the video's wavelengths are not all numbers"
    if why is not None:
        if bands_in == bands:
            return BandMap("same", bands)  # as the network takes them: nothing to say
        return BandMap("index", bands, warn=True,
                       note=f"{name}: the weights are for {bands} bands ({_nm(target)}), this video has {bands_in}; "
                            f"{why}: bands are resampled by index")
    wl = to_nm(wl, units)
    if bands_in == bands:
        near = np.abs(wl[:, None] - target[None, :])  # (cube, network)
        pick = near.argmin(axis=0)
        if (near[pick, np.arange(bands)] <= 0.5).all() and len(set(pick.tolist())) == bands:
            if (pick == np.arange(bands)).all():
                return BandMap("same", bands)
            return BandMap("select", bands, index=pick,
                           note=f"{name}: the video's {bands} bands are the weights' in another order; reordered by "
                                f"wavelength")
    lo_in, hi_in = _edges(wl)
    cover = (lo_in.min(), hi_in.max())
    t_lo, t_hi = _edges(target)
    outside = (target < cover[0]) | (target > cover[1])
    if outside.all():
        return BandMap("index", bands, warn=True,
                       note=f"{name}: the video's {bands_in} bands cover {cover[0]:.0f}-{cover[1]:.0f} nm, none of the "
                            f"weights' {bands} bands ({_nm(target)}): resampled by index, the network sees colours it "
                            "was not trained on")
    order = np.argsort(wl, kind="stable")
    s = wl[order]
    m = np.zeros((bands_in, bands), dtype=np.float64)
    for j in range(bands):
        x = np.clip(np.linspace(t_lo[j], t_hi[j], samples), s[0], s[-1])
        k = np.clip(np.searchsorted(s, x, side="right"), 1, len(s) - 1) if len(s) > 1 else np.zeros(samples, int)
        if len(s) == 1:
            m[order[0], j] = 1.0
            continue
        gap = s[k] - s[k - 1]
        w1 = np.where(gap > 0, (x - s[k - 1]) / np.where(gap > 0, gap, 1.0), 0.0)
        np.add.at(m[:, j], order[k - 1], (1 - w1) / samples)
        np.add.at(m[:, j], order[k], w1 / samples)
    note = (f"{name}: the video's {bands_in} bands ({_nm(wl)}) resampled by wavelength to the weights' {bands} "
            f"({_nm(target)})")
    if outside.any():
        listed = ", ".join(f"{v:.0f}" for v in np.sort(target[outside]))
        note += (f"; the video covers {cover[0]:.0f}-{cover[1]:.0f} nm: the weights' band(s) at {listed} nm lie "
                 f"outside it and take its nearest end's values")
    # a cube of a few bands (2 or 3 with wavelengths) is interpolated into all the network's bands: the network
    # sees no more than those few spectra, and that was not said (only bands outside the cube's range were)
    coarse = bands_in < bands // 2
    if coarse:
        note += (f"; only {bands_in} band{'' if bands_in == 1 else 's'}: the network's {bands} are interpolated "
                 f"between them, so it sees far less spectrum than it was trained on")
    return BandMap("matrix", bands, matrix=m.astype(np.float32), note=note, warn=bool(outside.any()) or coarse)


def match_bands(c: np.ndarray, bands: int) -> np.ndarray:
    """Resample the band axis (by index) to ``bands`` when a cube has another band count (``band_map``
    resamples by wavelength when the cube gives wavelengths)."""
    b = c.shape[2]
    if b == bands:
        return c
    pos = np.linspace(0, b - 1, bands)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, b - 1)
    w = (pos - lo).astype(np.float32)
    return c[:, :, lo] * (1 - w) + c[:, :, hi] * w


def to_inputs(c: np.ndarray, scale: float, weights: np.ndarray, channels_last: bool = False):
    """The network's inputs from an (S, S, B) crop: false colour (``weights``: ``group_weights``, (B, 3)) and
    cube, both scaled to about -0.5..0.5, float32.

    ``channels_last`` False: (3, S, S) and (B, S, S) numpy arrays, what training stacks into batches (its numbers
    kept bit for bit: the shipped weights' training commands reproduce them). True: (1, 3, S, S) and (1, B, S, S)
    torch tensors laid out channels-last, views of the crop's own (S, S, B) layout, for tracking: neither the
    (B, S, S) copy nor ``TrackingNet``'s copy back to channels-last is made (about 2 ms a frame at 16 bands); the
    same numbers to float rounding (the false colour is summed over the bands in another order)."""
    import torch

    h, w, b = c.shape
    # torch on the caller's thread count: numpy's BLAS spins up threads for this small product
    if channels_last:
        n = torch.from_numpy(np.ascontiguousarray(c)) * (1.0 / scale)  # (S, S, B)
        rgb = (n.reshape(-1, b) @ torch.from_numpy(np.asarray(weights, np.float32))).reshape(h, w, 3)
        return (rgb - 0.5).permute(2, 0, 1)[None], (n - 0.5).permute(2, 0, 1)[None]
    n = torch.from_numpy(np.ascontiguousarray(c)).permute(2, 0, 1).contiguous()  # (B, S, S)
    n.mul_(1.0 / scale)
    rgb = (torch.from_numpy(weights.T.astype(np.float32)) @ n.reshape(b, -1)).reshape(3, h, w)
    return (rgb - 0.5).numpy(), (n - 0.5).numpy()


def grid_points(x_size: int = X_SIZE) -> np.ndarray:
    """(N, N, 2) search-crop pixel (x, y) each response position looks at."""
    n = out_size(x_size)
    off = (np.arange(n) - (n - 1) / 2) * STRIDE + x_size / 2
    xx, yy = np.meshgrid(off, off)
    return np.stack([xx, yy], axis=2)


def labels(box_xyxy, x_size: int = X_SIZE, pos_frac: float = 0.3, neg_frac: float = 0.5):
    """SiamBAN-style ellipse labels and ltrb targets for one search crop.

    cls: 1 inside the ellipse of half-axes pos_frac*(w, h), 0 outside neg_frac*(w, h), -1 (ignored)
    between; reg: (4, N, N) distances l, t, r, b to the box edges in crop pixels.
    """
    x0, y0, x1, y1 = box_xyxy
    g = grid_points(x_size)
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    d2 = lambda f: ((g[..., 0] - cx) / (f * w)) ** 2 + ((g[..., 1] - cy) / (f * h)) ** 2  # noqa: E731
    cls = np.full(g.shape[:2], -1.0, np.float32)
    cls[d2(neg_frac) > 1] = 0.0
    cls[d2(pos_frac) <= 1] = 1.0
    if not (cls == 1).any():  # tiny target: the nearest point is positive
        i = np.unravel_index(np.argmin(d2(1.0)), cls.shape)
        cls[i] = 1.0
    reg = np.stack([g[..., 0] - x0, g[..., 1] - y0, x1 - g[..., 0], y1 - g[..., 1]]).astype(np.float32)
    return cls, reg
