"""HOT hyperspectral videos (HOT2020 / HOT2022 / HOT2023 challenge layouts): mosaic PNG frames -> cubes.

A snapshot mosaic camera (XIMEA) puts a 4x4 (VIS, 16 bands; RedNIR, 16 positions of which one is
empty, so 15 bands) or 5x5 (NIR, 25 bands) filter pattern over the sensor. Each 16-bit PNG frame is
that raw mosaic; the cube is the standard X2Cube rearrangement::

    cube[i, j, k] = img[n*i + k // n, n*j + k % n]      (n = 4 or 5)

Band k is a filter position, not sorted by wavelength; the wavelengths (XIMEA band centres in mosaic
order, see ``WAVELENGTHS``) are kept in ``meta['wavelengths']``. A frame whose size is not a multiple
of n is cropped to the largest multiple (``meta['warnings']`` says so).

Layouts as distributed (all tolerated, nested as deep as ``MAX_DEPTH``)::

    HOT2020:        <root>/<seq>/HSI/0001.png ...  + groundtruth_rect.txt
                    <root>/<seq>/HSI-FalseColor/0001.jpg ..., <root>/<seq>/RGB/0001.jpg ...
    HOT2022 / 2023: <root>/<VIS|NIR|RedNIR or HSI-VIS ...>/<seq>/[HSI/]0001.png + groundtruth_rect.txt
                    false-colour siblings as <kind>-FalseColor/<seq>/ or <seq>/HSI-FalseColor/

The mosaic kind comes from the path (a folder named like ``NIR`` -> 5x5, ``RedNIR`` -> 4x4 / 15 bands,
otherwise VIS 4x4); a folder of 16-bit PNGs counts as HOT only when such a name (``HSI``, ``VIS``,
``NIR``, ``RedNIR``, ``HOT``; not a thermal polarity, ``white_hot`` / ``Black-Hot``) is on its path, so plain 16-bit
IR folders stay ``ir16``; 8-bit gray PNGs only at a HOT camera's mosaic size (``HOT_SIZES``) or under ``HSI`` /
``HOT`` (a visible or NIR camera's gray frames under ``vis/`` / ``nir/`` stay gray, said: ``gray_not_mosaic_said``). Groundtruth
``groundtruth_rect.txt`` (x y w h per line, taken as given, 0-based) is looked for in the frame
folder, the sequence folder and the false-colour sibling. ``meta['siblings']`` names the
``HSI-FalseColor`` and ``RGB`` folders found beside the hyperspectral one.

The RedNIR empty band is found in the first frame (the position whose values are all at the minimum
or whose mean is under 1 % of the median band mean) and dropped; when none stands out the last
position is dropped and a warning says so.
"""
from __future__ import annotations

import os
import re
import struct
from pathlib import Path

import numpy as np

from workbench.core.data.groundtruth import count_mismatch, read_boxes
from workbench.core.data.images import has_image, list_images, subfolders
from workbench.core.data.sequence import Sequence
from workbench.core.errors import DataError

NAME = "hot"
MAX_DEPTH = 4
GT_NAMES = ("groundtruth_rect.txt", "groundtruth.txt", "init_rect.txt")
# 'white hot' / 'black-hot' / 'white_hot' (a thermal camera's polarity, a common folder name for gray IR frames) is no
# HOT hint: such a folder of gray PNGs opened as a 4x4 mosaic cube, which every gray tracker refused as hsi
HINTS = re.compile(r"(^|[^a-z])(hsi|vis|nir|rednir|(?<!white.)(?<!black.)hot\d*)([^a-z]|$)", re.I)

# XIMEA band centres in mosaic-position order (nm): band k of a cube is filter position k (row k // n, column k % n
# of the n x n cell). NIR: each of the 5x5 sensor's filter profiles (Xemia_25.mat, listed in position order as the
# 4x4's are, whose position order is the VIS row here) gives its position's centre: 885 894 876 865 952 / 791 804 780
# 767 675 / ... (the sensor's rows of four near wavelengths and one far, as the VIS cell's). Positions 4, 15-19 and 24
# peak twice, about 1.4x apart (a shorter 622-673 nm peak and the NIR one); each is its NIR peak, the .mat's centre
# for 15-19 and 24 and, where the .mat's centres list 673.4 (a second ~674 nm beside position 9's 674.9) and no NIR
# one, position 4's profile peak, 951.7 (a parabola through its 1 nm samples; a public XIMEA 5x5 table says 951).
# The 25 centres were listed sorted by wavelength until 87f025a (band 0, 885 nm, said at 673 nm: spectra scrambled),
# then with 673.4 at position 4.
WAVELENGTHS = {
    "vis": np.array([481, 491, 470, 647, 568, 579, 554, 543, 611, 620, 601, 591, 527, 539, 514, 504], float),
    "nir": np.array([884.6, 893.7, 875.2, 865.2, 951.7, 791.2, 803.8, 780.2, 767.2, 674.9, 740.4, 755.0, 728.1,
                     714.1, 689.2, 924.6, 931.0, 917.3, 910.0, 944.8, 844.3, 855.4, 834.3, 822.5, 939.6]),
    # RedNIR: approximate (evenly spaced over the sensor's 600-850 nm range); flagged in meta
    "rednir": np.linspace(600.0, 850.0, 16),
}
MOSAIC = {"vis": 4, "nir": 5, "rednir": 4}


# --- X2Cube -------------------------------------------------------------------------------
def x2cube(img: np.ndarray, n: int = 4) -> np.ndarray:
    """(n*h, n*w) mosaic -> (h, w, n*n) cube; cube[i, j, k] = img[n*i + k // n, n*j + k % n]."""
    img = np.asarray(img)
    if img.ndim != 2:
        raise ValueError(f"a mosaic frame is 2-D, got shape {img.shape}")
    h, w = img.shape[0] // n, img.shape[1] // n
    a = img[: h * n, : w * n].reshape(h, n, w, n)
    return np.ascontiguousarray(a.transpose(0, 2, 1, 3).reshape(h, w, n * n))


def cube2x(cube: np.ndarray, n: int | None = None) -> np.ndarray:
    """Inverse of ``x2cube``: (h, w, n*n) cube -> (n*h, n*w) mosaic."""
    cube = np.asarray(cube)
    h, w, b = cube.shape
    n = n or int(round(np.sqrt(b)))
    if n * n != b:
        raise ValueError(f"a {b}-band cube is not an n x n mosaic")
    return np.ascontiguousarray(cube.reshape(h, w, n, n).transpose(0, 2, 1, 3).reshape(h * n, w * n))


# --- detection ----------------------------------------------------------------------------
def png_header(path: Path) -> tuple[int, int, int, int] | None:
    """(width, height, bit depth, colour type) from a PNG's IHDR without decoding it."""
    try:
        with path.open("rb") as f:
            head = f.read(29)
    except OSError:
        return None
    if len(head) < 29 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    w, h = struct.unpack(">II", head[16:24])
    return w, h, head[24], head[25]


def _pngs(folder: Path) -> list[Path]:
    return [p for p in list_images(folder) if p.suffix.lower() == ".png"]


#: the mosaic frame sizes (width, height) of HOT's cameras: VIS / RedNIR 4x4 cells of 512 x 256 (2048 x 1024, the
#: challenge's "each band is 512x256"), the XIMEA sensor's whole 2048 x 1088, its 5x5 NIR active area 2045 x 1085
#: (409 x 217 cells)
HOT_SIZES = {(2048, 1024), (2048, 1088), (2045, 1085)}
# a name on the path saying hyperspectral / HOT itself ('HSI', 'HSI-NIR', 'HOT2022'), not only a band word ('VIS',
# 'NIR'), which a visible or near-infrared camera's gray frames are kept under too
STRONG_HINTS = re.compile(r"(^|[^a-z])(hsi|(?<!white.)(?<!black.)hot\d*)([^a-z]|$)", re.I)


def _gray_png(folder: Path) -> tuple[Path, tuple] | None:
    """(the first PNG of ``folder``, its header) where it is an 8- or 16-bit gray PNG, else None."""
    if not folder.is_dir() or is_false_color_name(folder.name):
        return None
    pngs = _pngs(folder)
    hdr = png_header(pngs[0]) if pngs else None
    return (pngs[0], hdr) if hdr is not None and hdr[3] == 0 and hdr[2] in (8, 16) else None


def _is_mosaic_folder(folder: Path) -> bool:
    """A folder of gray mosaic PNGs: 16-bit, or 8-bit of a HOT camera's size (``HOT_SIZES``) or under a name saying
    hyperspectral (``STRONG_HINTS``). An 8-bit gray frame of another size under a mere 'VIS' / 'NIR' folder is a
    visible / near-infrared camera's frame (``gray_not_mosaic_said``): it was cut into a 16- / 25-band cube of
    garbage that every gray tracker refused as hsi."""
    got = _gray_png(folder)
    return got is not None and _mosaic_png(folder, got[1])


def _mosaic_png(folder: Path, header: tuple) -> bool:
    """A gray PNG of ``header`` (``png_header``'s) in ``folder`` is a mosaic (``_is_mosaic_folder``'s rule)."""
    w, h, depth, _type = header
    return depth == 16 or (w, h) in HOT_SIZES or _hinted(folder, STRONG_HINTS)


def _hinted(path: Path, hints=HINTS) -> bool:
    return any(hints.search(part) for part in Path(path).absolute().parts[-(MAX_DEPTH + 2):])


def gray_not_mosaic_said(folder: Path) -> str | None:
    """The warning for a folder of 8-bit gray PNGs under a band word ('VIS', 'NIR') read as gray frames, not HOT
    mosaics (``_is_mosaic_folder``): naming the frame, its size and how to have mosaics read; None for any other."""
    folder = Path(folder)
    if not _hinted(folder):
        return None
    got = _gray_png(folder)  # (one listing and header read: the mosaic rule asked of them, not of the folder again)
    if got is None or _mosaic_png(folder, got[1]):
        return None
    png, (w, h, depth, _type) = got
    sizes = ", ".join(f"{a}x{b}" for a, b in sorted(HOT_SIZES))
    return (f"{png}: {depth}-bit gray {w}x{h} under a '{mosaic_kind(folder).upper()}' folder read as gray frames, not "
            f"HOT mosaics (16-bit, or 8-bit of a HOT camera's size: {sizes}); mosaics of another size: put them in a "
            f"folder named HSI")


#: the names (lower case) of a sequence's folder of mosaic PNGs: HOT2020's ``HSI``, the HOT2023 challenge's
#: ``HSI-VIS``, ``HSI-NIR``, ``HSI-RedNIR`` (``hsi_convert.HOT_FOLDERS`` writes them)
MOSAIC_FOLDERS = ("hsi", "hsi-vis", "hsi-nir", "hsi-rednir")


def frame_folder(path: Path) -> Path | None:
    """The folder holding the mosaic PNGs of sequence ``path`` (itself or its ``HSI`` child)."""
    path = Path(path)
    if not path.is_dir():
        return None
    # by name first: every folder a dataset walk meets is asked, a sequence's frames folder among them, and a
    # stat of each of its 20,000 frames to see whether it was a folder named HSI cost a second a sequence
    with os.scandir(path) as it:
        named = sorted(path / e.name for e in it if e.name.lower() in MOSAIC_FOLDERS)
    for child in named:
        if child.is_dir() and _is_mosaic_folder(child):
            return child
    if _hinted(path) and _is_mosaic_folder(path):
        return path
    return None


def probe(path: Path) -> bool:
    return frame_folder(Path(path)) is not None


# folder-name words that name the camera (HOT2022 'VIS' / 'NIR' / 'RedNIR', HOT2023 'HSI-NIR', ...)
KIND_WORDS = {"vis": "vis", "hsivis": "vis", "nir": "nir", "hsinir": "nir", "rednir": "rednir", "hsirednir": "rednir"}


def mosaic_kind(path: Path) -> str:
    """The camera of a frame folder from the nearest folder name holding a kind as a word of its own
    ('NIR', 'HSI-NIR', 'nir_train', 'NIR2023', 'RedNIR-FalseColor': words are parted by anything but
    letters); VIS when none does. Letters inside a word do not count: a NIR sequence named 'vision' was
    read as a 4x4 VIS mosaic, a VIS one named 'nirvana' as 5x5, each a scrambled cube."""
    for part in reversed(Path(path).absolute().parts[-(MAX_DEPTH + 2):]):
        for word in re.split(r"[^a-z]+", part.lower()):
            if word in KIND_WORDS:
                return KIND_WORDS[word]
    return "vis"


def _sequence_dir(frames_dir: Path) -> Path:
    return frames_dir.parent if frames_dir.name.lower() in MOSAIC_FOLDERS else frames_dir


def is_false_color_name(name: str) -> bool:
    """Whether a folder's name is a HOT false-colour one (``HSI-FalseColor``, ``HSI-VIS-FalseColor``,
    ``HSI_NIR_False_Color``; ``-`` and ``_`` aside): the one rule of it, by which a mosaic folder is told from it
    (``_is_mosaic_folder``), ``find_siblings`` finds a HOT2022 / 2023 video's false-colour folder and ``detect``
    tells such a root. (``find_siblings`` dropped only ``-``: a ``False_Color`` folder was no mosaics and no
    false colour.)"""
    return "falsecolor" in name.lower().replace("-", "").replace("_", "")


def false_colour_video(path: Path) -> str | None:
    """The name of the HOT2020 video whose false-colour frames folder ``path`` is (``<video>/HSI-FalseColor/`` beside
    its mosaics ``<video>/HSI/``), else None. Opened alone as a plain folder (``detect``), it goes by that name:
    every video's was a sequence named "HSI-FalseColor", a gray / RGB tracker's runs on them (how HOT compares them
    with hyperspectral ones) each one ``HSI-FalseColor.txt``, refused by ``export-results`` as one file of two runs
    and named for no video the HOT toolkit knows. (HOT2022 / 2023's ``HSI-<kind>-FalseColor/<video>/`` is named
    so already.) A relative ``HSI-FalseColor`` (opened from inside its video) is named by the folder it is in, not
    '' (the name of '.'); a video folder that cannot be listed is no HOT video here, not an error (a dataset walk or
    an open of a folder that can be read raised a bare PermissionError)."""
    path = Path(path).absolute()
    if not is_false_color_name(path.name) or path.parent == path:
        return None
    try:
        return path.parent.name if frame_folder(path.parent) is not None else None
    except OSError:
        return None


def find_siblings(frames_dir: Path) -> dict[str, Path]:
    seq = _sequence_dir(frames_dir)
    out: dict[str, Path] = {}
    cands = {"false_color": [seq / "HSI-FalseColor", seq / "HSI-falsecolor", seq / "FalseColor"],
             "rgb": [seq / "RGB", seq / "rgb"]}
    # HOT2022 / 2023: <root>/<kind>-FalseColor/<seq>/
    kind_dir = seq.parent
    if kind_dir.parent.is_dir():
        for p in kind_dir.parent.iterdir() if kind_dir.parent.exists() else []:
            if p.is_dir() and p != kind_dir and p.name.lower().startswith(kind_dir.name.lower()) \
                    and is_false_color_name(p.name):
                cands["false_color"].append(p / seq.name)
    for key, paths in cands.items():
        for p in paths:
            if p.is_dir() and has_image(p):
                out[key] = p
                break
    return out


def find_groundtruth(frames_dir: Path, siblings: dict[str, Path]) -> Path | None:
    for d in (frames_dir, _sequence_dir(frames_dir), siblings.get("false_color"), siblings.get("rgb")):
        if d is None:
            continue
        for name in GT_NAMES:
            if (d / name).is_file():
                return d / name
    return None


# --- frames -------------------------------------------------------------------------------
def _read_mosaic(path: Path) -> np.ndarray:
    import cv2

    try:
        data = np.fromfile(str(path), dtype=np.uint8)
    except OSError as exc:  # no permission, a folder of the name: was the system's error out of Sequence.frame
        raise DataError(path, f"mosaic frame cannot be read: {exc.strerror or exc}") from None
    img = cv2.imdecode(data, cv2.IMREAD_UNCHANGED) if data.size else None
    if img is None:
        raise DataError(path, "not a readable PNG mosaic frame")
    if img.ndim == 3:
        raise DataError(path, f"a mosaic frame must be single-channel, this one has {img.shape[2]} channels")
    return img


def find_empty_band(cube: np.ndarray) -> int | None:
    """Index of the band that carries no signal (RedNIR's empty filter position), else None."""
    flat = cube.reshape(-1, cube.shape[2]).astype(np.float64)
    mins, maxs, means = flat.min(axis=0), flat.max(axis=0), flat.mean(axis=0)
    const = np.flatnonzero(maxs == mins)
    if len(const) == 1:
        return int(const[0])
    med = np.median(means)
    low = np.flatnonzero(means < 0.01 * med) if med > 0 else np.array([], int)
    if len(low) == 1:
        return int(low[0])
    return None


class MosaicFrames:
    """Lazily decoded mosaic PNGs -> cubes, optionally without one band."""

    def __init__(self, paths: list[Path], n: int, drop: int | None = None, shape: tuple | None = None):
        self.paths = paths
        self.n = n
        self.drop = drop
        self.shape = shape  # frame 1's mosaic size: every frame must match it

    def __len__(self) -> int:
        return len(self.paths)

    def read(self, i: int) -> np.ndarray:
        img = _read_mosaic(self.paths[i])
        if self.shape is not None and img.shape != self.shape:
            raise DataError(self.paths[i], f"mosaic frame is {img.shape[1]}x{img.shape[0]} but frame 1 is "
                                           f"{self.shape[1]}x{self.shape[0]}")
        cube = x2cube(img, self.n)
        if self.drop is not None:
            cube = np.delete(cube, self.drop, axis=2)
        return cube


def open(path: Path, kind: str | None = None) -> Sequence:  # noqa: A001
    path = Path(path)
    frames_dir = frame_folder(path)
    if frames_dir is None:
        raise DataError(path, "no HOT mosaic frames here (expected 16-bit PNGs in the folder or in HSI/)")
    pngs = _pngs(frames_dir)
    kind = kind or mosaic_kind(frames_dir)
    n = MOSAIC[kind]
    first = _read_mosaic(pngs[0])
    warnings = []
    if first.shape[0] % n or first.shape[1] % n:
        warnings.append(f"{pngs[0]}: {first.shape[1]}x{first.shape[0]} mosaic is not a multiple of {n}; "
                        f"cropped to {first.shape[1] // n * n}x{first.shape[0] // n * n}")
    if first.shape[0] < n or first.shape[1] < n:  # before anything is made of its cells
        raise DataError(pngs[0], f"a {first.shape[1]}x{first.shape[0]} frame is smaller than one {n}x{n} mosaic cell")
    wl = WAVELENGTHS[kind].copy()
    drop = None
    if kind == "rednir":
        drop = find_empty_band(x2cube(first, n))
        if drop is None:
            drop = n * n - 1
            warnings.append(f"{frames_dir}: no empty RedNIR band stands out in frame 1; dropped position {drop}")
        wl = np.delete(wl, drop)
    # every frame one mosaic size, from the PNG headers (29 bytes a frame): a frame of another size
    # stopped a run at that frame ('mosaic frame is 384x260 but frame 1 is 384x256'), listed as fine
    for png in pngs[1:]:
        head = png_header(png)
        if head is not None and (head[1], head[0]) != first.shape:
            raise DataError(png, f"mosaic frame is {head[0]}x{head[1]} but frame 1 ({pngs[0].name}) is "
                                 f"{first.shape[1]}x{first.shape[0]}; a HOT video's frames are one size")
    frames = MosaicFrames(pngs, n, drop, first.shape)
    siblings = find_siblings(frames_dir)
    gt_path = find_groundtruth(frames_dir, siblings)
    gt = None
    if gt_path is not None:
        gt = read_boxes(gt_path)
        if len(gt) != len(frames):
            if len(gt) == 1:  # init_rect only: the first box, the rest unknown
                gt = np.vstack([gt, np.full((len(frames) - 1, 4), np.nan)])
            else:
                raise count_mismatch(gt_path, len(gt), len(frames), holder=frames_dir, numbered=frames_dir)
    seq_dir = _sequence_dir(frames_dir)
    meta = {"layout": NAME, "format": "hot", "mosaic": n, "kind": kind, "bands": n * n - (drop is not None),
            "dropped_band": drop, "wavelengths": wl, "wavelength_units": "nm",
            "wavelengths_source": "approximate" if kind == "rednir" else "XIMEA band centres",
            "frames_dir": str(frames_dir), "groundtruth_file": str(gt_path) if gt_path else None,
            "siblings": {k: str(v) for k, v in siblings.items()}, "box_convention": "0-based (as given)"}
    if warnings:
        meta["warnings"] = warnings
    from workbench.core.data.groundtruth import with_box_warnings

    with_box_warnings(meta, gt, gt_path, first.shape[1] // n, first.shape[0] // n)
    return Sequence(name=seq_dir.name, frames=frames, modality="hsi", groundtruth=gt, path=seq_dir, meta=meta)


def list_root(root: Path):
    from workbench.core.data.detect import SequenceEntry

    root = Path(root)
    if not root.is_dir():
        return []
    out = []

    def walk(d: Path, depth: int) -> None:
        if probe(d):
            out.append(SequenceEntry(_sequence_dir(frame_folder(d)).name, NAME, d, (lambda d=d: open(d)),
                                     frames=len(_pngs(frame_folder(d)))))
            return
        if depth >= MAX_DEPTH:
            return
        for c in subfolders(d):  # (the entries' types come with the listing: no stat of each frame file)
            walk(c, depth + 1)

    walk(root, 0)
    return out
