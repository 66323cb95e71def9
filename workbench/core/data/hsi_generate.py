"""Hyperspectral test videos built from a real cube: a target with its own spectrum moving over the real
scene, and distractors of the same false colour but a different spectrum.

The scene: a real ENVI / HDF5 cube (e.g. the AVIRIS Jasper Ridge subset),
reflectance (scale factor applied) resampled by linear interpolation to the camera's band centres
(by default the 16 XIMEA VIS bands in mosaic order, as HOT ships them), enlarged and panned slowly
(camera motion). Objects are soft-edged ellipses with a shading pattern:

- the target: a smooth spectrum of its own (random sum of Gaussian bumps, seeded);
- distractors: the target's spectrum plus a perturbation drawn from the null space of the false-colour
  projections (CIE 1931 of the band wavelengths and the band-group average the trackers use), so
  their false colour equals the target's while their spectra differ by ``spectral_gap`` (relative).
  One distractor crosses the target's path again and again; the others orbit close by.
  ``twins=True`` (not the default): the distractors are also the target's twins in shape: its exact size
  and scale over time and its shading pattern, and the crosser swings back and forth through the target
  (a 15-25-frame swing, through it twice per swing), so only the spectrum tells them apart.

Frames are uint16 (reflectance x 10000), with per-frame illumination drift and sensor noise. All of
it is a deterministic function of the seed, so a video can be rebuilt frame by frame without storing
it (``GeneratedVideo.frame(t)``) and written as HOT mosaics, an ENVI video or our HDF5.

    workbench generate hsi-video --cube HDR --frames N --format hot|envi|h5 --out DIR
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workbench.core.errors import DataError, WorkbenchError, stop_name
from workbench.core.options import add_force_arg

FORMATS = ("hot", "envi", "envi-frames", "h5")


def camera_wavelengths(bands: int) -> np.ndarray:
    from workbench.core.data.hot import WAVELENGTHS

    if bands == 16:
        return WAVELENGTHS["vis"].copy()
    if bands == 25:
        return WAVELENGTHS["nir"].copy()
    if bands == 15:
        return WAVELENGTHS["rednir"][:15].copy()
    return np.linspace(460.0, 650.0, bands)


@dataclass
class Scene:
    """Reflectance (H, W, B) float32 at ``wavelengths`` (nm), resampled to the camera."""

    data: np.ndarray
    wavelengths: np.ndarray
    source: str


def load_scene(cube: str | Path | None, bands: int = 16, seed: int = 0) -> Scene:
    """The real cube resampled to ``bands`` camera bands; ``cube=None``: a synthetic stand-in scene."""
    wl = camera_wavelengths(bands)
    if cube is None:
        rng = np.random.default_rng(seed + 991)
        import cv2

        ends = np.stack([0.05 + 0.4 * np.exp(-0.5 * ((wl - c) / 60.0) ** 2) for c in (480, 560, 640)] +
                        [np.full_like(wl, 0.15)], axis=1)  # (B, 4)
        ab = np.stack([cv2.GaussianBlur(rng.random((100, 100)).astype(np.float32), (0, 0), 6) for _ in range(4)], 2)
        ab = ab / ab.sum(axis=2, keepdims=True)
        return Scene((ab @ ends.T.astype(np.float32)).astype(np.float32), wl, "synthetic")
    from workbench.core.data.detect import open_sequence
    from workbench.core.spectral_color import to_nm

    seq = open_sequence(cube)
    if seq.modality != "hsi":
        raise DataError(Path(cube), "the scene must be a hyperspectral cube (ENVI .hdr or HDF5)")
    raw = np.asarray(seq.frame(0), dtype=np.float32)
    src_wl = seq.meta.get("wavelengths")
    if src_wl is None:
        raise DataError(Path(cube), "the scene cube has no wavelengths (needed to resample it to the camera)")
    if len(src_wl) != raw.shape[2]:
        raise DataError(Path(cube), f"the scene cube lists {len(src_wl)} wavelengths for its {raw.shape[2]} bands "
                                    "(one per band is needed to resample it to the camera); correct its header")
    src_wl = to_nm(src_wl, seq.meta.get("wavelength_units"))
    scale = float(seq.meta.get("scale_factor") or 1.0)
    refl = raw / scale if scale > 1 else raw
    top = float(np.percentile(refl, 99)) if refl.size else 0.0
    if scale <= 1 and top > 1.5:
        # no reflectance scale factor but values of counts (int16 reflectance x 10000 without the header
        # field, a HOT video's uint16): they were clipped at 1.5, a white scene. The power of ten that
        # puts the 99th percentile in 0.1..1 is taken as the scale, and said
        k = int(np.ceil(np.log10(top)))
        refl = refl / 10.0 ** k
        from workbench.core.errors import warn_data

        warn_data(f"{cube}: no reflectance scale factor, values up to {top:.6g} (99th percentile): read as "
                  f"reflectance x {10 ** k:g}")
    order = np.argsort(src_wl, kind="stable")
    src_wl, refl = src_wl[order], refl[:, :, order]
    # linear interpolation between the two nearest source bands, all pixels at once
    idx = np.clip(np.searchsorted(src_wl, wl), 1, len(src_wl) - 1)
    gap = src_wl[idx] - src_wl[idx - 1]  # 0 where two bands share a wavelength (overlapping spectrometers)
    w1 = np.where(gap > 0, (wl - src_wl[idx - 1]) / np.where(gap > 0, gap, 1.0), 0.0).astype(np.float32)
    data = refl[:, :, idx - 1] * (1 - w1) + refl[:, :, idx] * w1
    return Scene(np.clip(data, 0.0, 1.5).astype(np.float32), wl, str(cube))


@dataclass
class VideoSpec:
    frames: int = 100
    height: int = 128
    width: int = 256
    distractors: int = 2
    seed: int = 0
    target_size: tuple[float, float] = (0.0, 0.0)  # (w, h) px; 0: from the frame size
    speed: float = 2.5  # mean target speed, px per frame at 128 px frame height
    spectral_gap: float = 0.35  # relative spectral difference of the distractors
    noise: float = 0.006  # sensor noise, reflectance units
    name: str = ""
    twins: bool = False  # distractors with the target's size, scale and shading; the crosser swings through it


def video_name(spec: VideoSpec) -> str:
    """The name a video of ``spec`` is written under (its files: ``<name>.h5``, ``<name>.meta.json`` ...)."""
    return spec.name or f"hsi_{spec.seed:04d}"


def _smooth_path(rng, n: int, lo: np.ndarray, hi: np.ndarray, speed: float, start=None) -> np.ndarray:
    """A smooth random walk inside [lo, hi] (reflected at the borders), (n, 2)."""
    pos = np.empty((n, 2))
    p = np.asarray(start, float) if start is not None else lo + rng.random(2) * (hi - lo)
    ang = rng.random() * 2 * np.pi
    for t in range(n):
        ang += rng.normal(0, 0.25)
        v = speed * (0.6 + 0.8 * (0.5 + 0.5 * np.sin(t / 9.0 + ang)))
        p = p + v * np.array([np.cos(ang), np.sin(ang)])
        for k in range(2):
            if p[k] < lo[k] or p[k] > hi[k]:
                p[k] = np.clip(p[k], lo[k], hi[k])
                ang = np.pi - ang if k == 0 else -ang
        pos[t] = p
    return pos


def target_spectrum(rng, wl: np.ndarray) -> np.ndarray:
    s = np.full(len(wl), 0.18)
    for _ in range(3):
        c = rng.uniform(wl.min() - 20, wl.max() + 20)
        s += rng.uniform(0.1, 0.35) * np.exp(-0.5 * ((wl - c) / rng.uniform(20, 70)) ** 2)
    return s


def metameric_spectrum(rng, s: np.ndarray, wl: np.ndarray, gap: float) -> np.ndarray:
    """A spectrum with the same false colour as ``s`` (CIE and band groups) but ``gap`` apart."""
    from workbench.core.spectral_color import cie_weights, group_weights

    P = np.concatenate([cie_weights(wl)[0], group_weights(len(wl))], axis=1).T  # (6, B)
    _, sv, vt = np.linalg.svd(P)
    null = vt[int(np.sum(sv > 1e-9 * sv.max())):]  # rows span the null space
    for _ in range(50):
        d = null.T @ rng.normal(size=len(null))
        d *= gap * np.linalg.norm(s) / max(np.linalg.norm(d), 1e-12)
        if np.all(s + d > 0.02):
            return s + d
    d *= 0.9 * np.min(s / np.maximum(np.abs(d), 1e-12))  # small enough to stay positive
    return s + d


@dataclass
class GeneratedVideo:
    spec: VideoSpec
    scene: Scene
    groundtruth: np.ndarray = field(init=False)
    meta: dict = field(init=False)

    def __post_init__(self):
        sp, rng = self.spec, np.random.default_rng(self.spec.seed)
        H, W = sp.height, sp.width
        wl = self.scene.wavelengths
        self.wavelengths = wl
        k = H / 128.0
        tw, th = sp.target_size if sp.target_size[0] > 0 else (rng.uniform(16, 24) * k, rng.uniform(12, 18) * k)
        self._base_size = np.array([tw, th])
        n = sp.frames
        margin = np.array([tw, th]) * 0.8
        lo, hi = margin, np.array([W, H]) - margin
        self._pos = _smooth_path(rng, n, lo, hi, sp.speed * k)
        self._scale = 1.0 + 0.2 * np.sin(np.arange(n) / rng.uniform(15, 30) + rng.random() * 6)
        self._spec_t = target_spectrum(rng, wl)
        self._objects = []  # (positions (n, 2), size (2,), spectrum)
        for i in range(sp.distractors):
            s_d = metameric_spectrum(rng, self._spec_t, wl, sp.spectral_gap)
            size = self._base_size * rng.uniform(0.9, 1.1, 2)
            if sp.twins:
                size = self._base_size.copy()
            if i == 0 and sp.twins:  # the crosser swings through the target, along a slowly turning axis
                per, ph = rng.uniform(15, 25), rng.random() * 2 * np.pi
                amp = np.array([tw, th]) * rng.uniform(1.2, 2.0)
                ax = rng.random() * np.pi + np.arange(n) / rng.uniform(40, 80)
                sw = np.sin(2 * np.pi * np.arange(n) / per + ph)[:, None]
                p = np.clip(self._pos + sw * amp * np.stack([np.cos(ax), np.sin(ax)], 1), lo, hi)
            elif i == 0:  # the crosser: a path through the target's positions, shifted in time
                lag = min(int(rng.integers(8, 16)), n - 1)
                base = np.concatenate([self._pos[lag:], self._pos[-1:].repeat(lag, 0)])
                wob = np.stack([np.sin(np.arange(n) / 7.0 + i), np.cos(np.arange(n) / 5.0)], 1) * np.array([tw, th])
                p = np.clip(base + wob, lo, hi)
            else:  # orbiting close by
                r = np.array([tw, th]) * rng.uniform(1.4, 2.4)
                om = rng.uniform(0.04, 0.09) * rng.choice([-1, 1])
                ph = rng.random() * 2 * np.pi
                p = self._pos + np.stack([r[0] * np.cos(om * np.arange(n) + ph), r[1] * np.sin(om * np.arange(n) + ph)], 1)
                p = np.clip(p, lo, hi)
            self._objects.append((p, size, s_d))
        # camera: the scene enlarged to cover the frame plus a pan margin
        from workbench.core.preprocess import resize

        side = int(max(H, W) * 1.35)
        self._canvas = resize(self.scene.data, (side, side))
        if self._canvas.ndim == 2:
            self._canvas = self._canvas[:, :, None]
        pan = rng.uniform(0.0, 1.0, 2)
        t = np.arange(n)
        self._pan = np.stack([(side - W) * (0.5 + 0.45 * np.sin(t / 60.0 + pan[0] * 6)),
                              (side - H) * (0.5 + 0.45 * np.cos(t / 80.0 + pan[1] * 6))], 1)
        self._illum = 1.0 + 0.08 * np.sin(t / 25.0 + rng.random() * 6)
        self._shade_seed = int(rng.integers(1 << 30))
        gt = np.empty((n, 4))
        for t in range(n):
            w, h = self._base_size * self._scale[t]
            gt[t] = (self._pos[t, 0] - w / 2, self._pos[t, 1] - h / 2, w, h)
        self.groundtruth = gt
        from workbench.core.spectral_color import cie_weights, group_weights

        cw, gw = cie_weights(wl)[0], group_weights(len(wl))
        self.meta = {
            "generator": "workbench.core.data.hsi_generate", "seed": sp.seed, "scene": self.scene.source,
            "frames": n, "size": [W, H], "bands": len(wl), "distractors": sp.distractors,
            **({"twins": True} if sp.twins else {}),
            "target_spectrum": self._spec_t.round(4).tolist(),
            "distractor_spectra": [o[2].round(4).tolist() for o in self._objects],
            "false_colour_difference": [float(np.abs((o[2] - self._spec_t) @ cw).max()) for o in self._objects],
            "target_false_colour": float(np.abs(self._spec_t @ cw).max()),  # the scale distractor_note reads them on
            "group_colour_difference": [float(np.abs((o[2] - self._spec_t) @ gw).max()) for o in self._objects],
            "spectral_difference": [float(np.linalg.norm(o[2] - self._spec_t) / np.linalg.norm(self._spec_t))
                                    for o in self._objects],
        }

    @property
    def name(self) -> str:
        return video_name(self.spec)

    def distractor_note(self) -> str:
        """What the distractors are, in an analyst's words (``generate hsi-video`` prints it): how far their false
        colour is from the target's, as a share of the target's, and how far their spectra are; "" without
        distractors. A share under 0.1% is none a display or a colour tracker sees: the point of the video."""
        m = self.meta
        if not m.get("distractors"):
            return ""
        share = max(m["false_colour_difference"] or [0.0]) / max(m.get("target_false_colour") or 0.0, 1e-12)
        gaps = m.get("spectral_difference") or [0.0]
        spectra = f"{'spectra' if len(gaps) > 1 else 'spectrum'} {100 * min(gaps):.0f}%" + (f"-{100 * max(gaps):.0f}%" if max(gaps) - min(gaps) > 0.005
                                                      else "") + " away from the target's"
        n = m["distractors"]
        who = f"{n} distractor{'s' if n != 1 else ''}"
        if share < 1e-3:
            colour = "the same false colour (RGB) as the target" if share < 1e-6 else \
                f"the target's false colour (RGB within {100 * share:.2g}% of it)"
            if max(gaps) < 0.005:  # too few bands: no other spectrum of that false colour
                return (f"{who}: {colour} and its spectrum too ({m.get('bands')} bands leave no other spectrum of "
                        "that colour): nothing tells them apart; give more --bands")
            return (f"{who}: {colour}, {spectra}: indistinguishable from the target in false colour, only the "
                    "spectrum tells them apart")
        return (f"{who}: false colour up to {100 * share:.1f}% off the target's, {spectra}: a colour tracker "
                "may tell them apart too (a larger --gap or fewer bands moves the false colour)")

    def __len__(self) -> int:
        return self.spec.frames

    def _paste(self, img: np.ndarray, centre, size, spectrum: np.ndarray, t: int, which: int) -> None:
        H, W = img.shape[:2]
        w, h = size
        x0, x1 = int(max(np.floor(centre[0] - w / 2 - 1), 0)), int(min(np.ceil(centre[0] + w / 2 + 1), W))
        y0, y1 = int(max(np.floor(centre[1] - h / 2 - 1), 0)), int(min(np.ceil(centre[1] + h / 2 + 1), H))
        if x1 <= x0 or y1 <= y0:
            return
        yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        u, v = (xx + 0.5 - centre[0]) / (w / 2), (yy + 0.5 - centre[1]) / (h / 2)
        r = np.sqrt(u * u + v * v)
        alpha = np.clip((1.0 - r) * min(w, h) / 2.5, 0.0, 1.0)[:, :, None]
        shade = (0.85 + 0.2 * np.cos(2.2 * u + 0.6 * which) * np.cos(1.7 * v + 0.01 * t)).astype(np.float32)
        obj = shade[:, :, None] * spectrum.astype(np.float32)[None, None, :]
        img[y0:y1, x0:x1] = img[y0:y1, x0:x1] * (1 - alpha) + obj * alpha

    def frame_reflectance(self, t: int) -> np.ndarray:
        H, W = self.spec.height, self.spec.width
        px, py = self._pan[t]
        x0, y0 = int(px), int(py)
        img = self._canvas[y0:y0 + H, x0:x0 + W].copy()
        for i, (p, size, s) in enumerate(self._objects):
            self._paste(img, p[t], size * self._scale[t], s, t, 0 if self.spec.twins else i + 1)
        self._paste(img, self._pos[t], self._base_size * self._scale[t], self._spec_t, t, 0)
        img *= self._illum[t]
        rng = np.random.default_rng((self._shade_seed, t))
        img += rng.normal(0, self.spec.noise, img.shape).astype(np.float32)
        return img

    def frame(self, t: int) -> np.ndarray:
        """(H, W, B) uint16 (reflectance x 10000)."""
        return np.clip(self.frame_reflectance(t) * 10000.0, 0, 65535).astype(np.uint16)

    def frames(self, progress=None):
        for t in range(len(self)):
            if progress is not None:
                progress(t / len(self), f"{self.name} frame {t + 1}/{len(self)}")
            yield self.frame(t)

    def as_sequence(self):
        from workbench.core.data.sequence import ArrayFrames, Sequence

        return Sequence(self.name, ArrayFrames(len(self), self.frame), modality="hsi",
                        groundtruth=self.groundtruth.copy(),
                        meta={"layout": "generated", "wavelengths": self.wavelengths, "wavelength_units": "nm",
                              "scale_factor": 10000.0, **self.meta})


def make_video(scene: Scene, spec: VideoSpec) -> GeneratedVideo:
    return GeneratedVideo(spec, scene)


def write_video(video: GeneratedVideo, out_dir, fmt: str, progress=None) -> Path:
    """Write ``video`` under ``out_dir`` as ``fmt``; returns the path a reader opens."""
    from workbench.core.data import hsi_convert
    from workbench.core.results import write_json

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name, gt, wl = video.name, video.groundtruth, video.wavelengths
    frames = video.frames(progress)
    if fmt == "h5":
        path = hsi_convert.write_h5(out / f"{name}.h5", frames, len(video), wl, gt, name=name,
                                    scale_factor=10000.0, source=video.meta["scene"])
    elif fmt == "envi":
        path = hsi_convert.write_envi_video(out / f"{name}.hdr", frames, wl, gt, interleave="bip",
                                            scale_factor=10000.0, description=f"generated {name}")
    elif fmt == "envi-frames":
        path = hsi_convert.write_envi_frames(out / name, frames, wl, gt, scale_factor=10000.0)
    elif fmt == "hot":  # 16 bands VIS (HSI/), 25 NIR (HSI-NIR/), 15 RedNIR (HSI-RedNIR/): write_hot refuses others
        path = hsi_convert.write_hot(out / name, frames, gt, wl)
    else:
        raise WorkbenchError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    write_json(out / f"{name}.meta.json", video.meta)
    return path


# --- command ------------------------------------------------------------------------------
#: the largest frame side and band count generated: beyond them the scene's resize or the bands' resampling
#: ran out of memory with a traceback (--size 100000x100000, --bands 100000)
MAX_SIDE, MAX_BANDS = 4096, 512
#: values of one frame (width x height x bands): a frame is made in float32 several times over, so 4096x4096 x 512
#: bands (34 GB a copy) was killed for memory without a word; 2**27 is 512 MiB a copy (4096x4096 x 8, 256x128 x 512)
MAX_FRAME_VALUES = 2 ** 27


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must be WIDTHxHEIGHT, e.g. 256x128, got {text!r}") from None
    if not (8 < w <= MAX_SIDE and 8 < h <= MAX_SIDE):
        raise argparse.ArgumentTypeError(f"size {text!r}: width and height must be 9 to {MAX_SIDE} px, e.g. 256x128")
    return w, h


def generate_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workbench generate hsi-video",
                                description="Hyperspectral videos from a real cube: a target with its own spectrum "
                                            "and distractors of the same false colour (HOT / ENVI / HDF5 with groundtruth).")
    p.add_argument("--cube", help="scene cube (ENVI .hdr or HDF5), e.g. AVIRIS Jasper Ridge; without it: --synthetic-scene")
    p.add_argument("--frames", type=int, default=100, help="frames per video (default 100)")
    p.add_argument("--format", choices=FORMATS, default="h5",
                   help="h5: one HDF5 file per video (default); envi: one ENVI .hdr + data per video; envi-frames: a "
                        "folder of one ENVI cube per frame; hot: HOT mosaic PNGs (16, 25 or 15 bands) with false colour")
    p.add_argument("--out", required=True, help="output folder (one file / folder per video)")
    p.add_argument("--videos", type=int, default=1, help="how many videos (seeds seed, seed+1, ...)")
    p.add_argument("--seed", type=int, default=0, help="the first video's seed (default 0; the videos take seed, seed+1, ...)")
    p.add_argument("--size", type=_size, default=(256, 128), help="frame WIDTHxHEIGHT (default 256x128)")
    p.add_argument("--bands", type=int, default=16,
                   help="16 (VIS 4x4, the default), 25 (NIR 5x5), 15 (RedNIR) or any (not --format hot)")
    p.add_argument("--distractors", type=int, default=2,
                   help="objects of the target's false colour with another spectrum (default 2)")
    p.add_argument("--gap", type=float, default=0.35,
                   help="how far the distractors' spectra are from the target's, relative (default 0.35: 35%%)")
    p.add_argument("--synthetic-scene", action="store_true", help="no real cube: a synthetic scene")
    p.add_argument("--twins", action="store_true",
                   help="distractors that are the target's twins in false colour and shape (size, scale, shading), "
                        "one swinging through it: only the spectrum tells them apart")
    add_force_arg(p, "videos of the same names already in --out")
    return p


def convert_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workbench generate hsi-convert",
                                description="Convert a hyperspectral video (HOT, ENVI, HDF5) to our HDF5, ENVI or HOT.")
    p.add_argument("src", help="the video: a HOT folder, an ENVI .hdr (or a folder of ENVI frames) or an HDF5 file")
    p.add_argument("--out", required=True,
                   help="h5 / envi: a .h5 / .hdr file, or a folder for <name>.h5 / <name>.hdr; "
                        "envi-frames / hot: the video's folder")
    p.add_argument("--format", choices=("h5", "envi", "envi-frames", "hot"), default="h5",
                   help="h5: our HDF5 video (default); envi: one .hdr + data; envi-frames: a folder of one ENVI cube "
                        "per frame; hot: HOT mosaic PNGs (16, 25 or 15 bands) with false colour")
    p.add_argument("--interleave", choices=("bip", "bil", "bsq"), default=None,
                   help="envi / envi-frames only (default bip); h5 and hot have none (refused)")
    add_force_arg(p, "a video already at --out")
    return p


def generate_command(argv: list[str]) -> int:
    """``workbench generate hsi-video ...`` (default) or ``workbench generate hsi-convert SRC --out F``."""
    from workbench.core.jobs import TextProgress

    argv = list(argv)
    sub = argv[0] if argv and not argv[0].startswith("-") else "hsi-video"
    if argv and sub == argv[0]:
        argv = argv[1:]
    from workbench.core.results import no_empty_outputs

    if sub == "hsi-convert":
        from workbench.core.data.hsi_convert import convert

        a = convert_parser().parse_args(argv)
        notes: list[str] = []
        with no_empty_outputs(a.out):  # check_outputs makes --out first: a failure or Ctrl-C left it empty
            out = convert(a.src, a.out, a.format, TextProgress("convert"), a.interleave, force=a.force, notes=notes)
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
        print(f"wrote {out}")
        return 0
    if sub != "hsi-video":
        raise WorkbenchError(f"unknown generator {sub!r}; known: hsi-video, hsi-convert")
    a = generate_parser().parse_args(argv)
    with no_empty_outputs(a.out):
        return _generate_videos(a)


def _generate_videos(a) -> int:
    """``generate hsi-video`` with its parsed options ``a``."""
    from workbench.core.jobs import TextProgress

    from workbench.core.options import COUNT, NON_NEGATIVE, SEED, Bound, at_least, check_options

    check_options((("--frames", a.frames, at_least(2)),
                   ("--videos", a.videos, COUNT),  # 0 wrote nothing and said nothing
                   ("--bands", a.bands, at_least(2, "a hyperspectral video")),
                   ("--bands", a.bands, Bound(hi=MAX_BANDS, note="more ran out of memory resampling the scene")),
                   ("--distractors", a.distractors, NON_NEGATIVE),
                   ("--gap", a.gap, NON_NEGATIVE),  # nan made nan distractor spectra
                   # numpy's "expected non-negative integer" traceback; the videos take seed, seed + 1, ...
                   ("--seed", a.seed, SEED)))
    if a.format == "hot":  # before anything is made or written
        from workbench.core.data.hsi_convert import hot_layout

        try:
            hot_layout(a.bands)
        except ValueError as exc:
            raise WorkbenchError(f"--bands {a.bands} --format hot: {exc}") from None
    w, h = a.size
    if w * h * a.bands > MAX_FRAME_VALUES:
        raise WorkbenchError(f"--size {w}x{h} with --bands {a.bands}: a frame of {w * h * a.bands:,} values is too big "
                             f"to make (at most {MAX_FRAME_VALUES:,}: width x height x bands); give a smaller --size "
                             "or fewer --bands")
    from workbench.core.results import check_outputs

    check_outputs({"--out": a.out})  # "--out ro: cannot write here" before any frame is made
    cube = None
    if not a.synthetic_scene:
        if not a.cube:
            raise WorkbenchError("workbench generate hsi-video: give --cube HDR (a real scene cube) or --synthetic-scene")
        cube = Path(a.cube)
        if not cube.exists():
            raise DataError(cube, "scene cube not found (give --cube HDR, or --synthetic-scene)")
    if not a.force:  # a video of the same seed was written over without a word
        from workbench.core.data.hsi_convert import refuse_existing

        suffix = {"h5": ".h5", "envi": ".hdr"}.get(a.format, "")  # write_video's names; the others are folders
        for v in range(a.videos):
            refuse_existing(Path(a.out) / (video_name(VideoSpec(seed=a.seed + v)) + suffix), "--out")
    bar = TextProgress("generate")
    for v in range(a.videos):
        scene = load_scene(cube, a.bands, a.seed + v)
        spec = VideoSpec(frames=a.frames, width=a.size[0], height=a.size[1], distractors=a.distractors,
                         seed=a.seed + v, spectral_gap=a.gap, twins=a.twins)
        video = make_video(scene, spec)
        try:
            path = write_video(video, a.out, a.format,
                               progress=lambda f, m, v=v: bar((v + f) / a.videos, m))
        except KeyboardInterrupt as stop:  # the half-made video is not kept (the writers stage it): said, not left
            # the signal's name, as runs._interrupted takes it (the CLI raises KeyboardInterrupt("SIGTERM") on
            # SIGTERM): 'Ctrl-C' was said for a scheduler's stop too
            how = stop_name(stop)
            done = f"; the {v} before it are complete in {a.out}" if v else ""
            print(f"workbench: generate stopped ({how}) while writing {video.name}: nothing of it was kept{done}",
                  file=sys.stderr)
            raise
        note = video.distractor_note()
        print(f"wrote {path} ({a.frames} frames, {a.size[0]}x{a.size[1]}x{len(video.wavelengths)})"
              + (f"\n  {note}" if note else ""))
    return 0
