"""Hyperspectral cubes as sequences: ENVI (``.hdr`` + data file) and HDF5.

Frames are (H, W, bands) in the file's own dtype, modality ``hsi``, read lazily.

ENVI: the header is checked before anything is mapped (``samples``, ``lines``, ``bands``,
``data type`` and ``interleave`` present; the data file as large as they say, plus ``header
offset``), then ``spectral`` memory-maps the data in band-interleaved-by-pixel order whatever the
file's interleave (BIL / BIP / BSQ: ``spectral`` transposes the view, nothing is copied). One cube
is a one-frame sequence. ``meta`` carries ``wavelengths`` (float array), ``wavelength_units``,
``scale_factor`` (``reflectance scale factor``, 1.0 when absent), ``interleave``, ``fwhm``,
``band_names``, ``default_bands``, ``description`` and the whole header as ``envi_header``.

HDF5 (``.h5`` / ``.hdf5`` / ``.he5``): one numeric dataset of 3 dims is a cube (H, W, B); of 4
dims a video (T, H, W, B). The data set is the first of ``cube``, ``data``, ``frames``, ``video``,
``hsi``, ``images`` present, else the largest 3-/4-dim numeric one. Optional ``groundtruth``
(T, 4) x,y,w,h 0-based, and ``wavelengths`` as a dataset or as an attribute of the cube dataset or
the file. Frames are read from the open file one at a time.
"""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from workbench.core.data.sequence import Sequence
from workbench.core.errors import DataError

NAME = "cube"
HDF5_SUFFIXES = (".h5", ".hdf5", ".he5")
DATA_EXTS = ("", ".img", ".dat", ".raw", ".bil", ".bip", ".bsq", ".sli")
H5_NAMES = ("cube", "data", "frames", "video", "hsi", "images")
REQUIRED = ("samples", "lines", "bands", "data type", "interleave")


def probe(path: Path) -> bool:
    path = Path(path)
    return path.is_file() and (path.suffix.lower() == ".hdr" or path.suffix.lower() in HDF5_SUFFIXES)


class MemmapFrames:
    """Frames that are views into one memory-mapped array (one frame for a single cube)."""

    def __init__(self, cube: np.ndarray, video: bool = False):
        self._a = cube
        self._video = video

    def __len__(self) -> int:
        return len(self._a) if self._video else 1

    def read(self, i: int) -> np.ndarray:
        if not 0 <= i < len(self):
            raise IndexError(f"frame {i} out of range ({len(self)} frames)")
        return np.asarray(self._a[i] if self._video else self._a)


# --- ENVI ---------------------------------------------------------------------------------
def find_data_file(hdr: Path) -> Path | None:
    base = hdr.with_suffix("")
    for ext in DATA_EXTS:
        for e in {ext, ext.upper()}:
            cand = Path(str(base) + e)
            if cand.is_file() and cand != hdr:
                return cand
    return None


def _floats(v) -> np.ndarray | None:
    if v is None:
        return None
    try:
        return np.asarray([float(x) for x in (v if isinstance(v, list) else [v])], dtype=np.float64)
    except (TypeError, ValueError):
        return None


def read_envi_header(hdr: Path) -> dict:
    from spectral.io import envi

    try:
        h = envi.read_envi_header(str(hdr))
    except envi.FileNotAnEnviHeader:
        raise DataError(hdr, "not an ENVI header (the first line must be 'ENVI')") from None
    except Exception as exc:  # spectral raises several parsing errors; all mean a broken header
        raise DataError(hdr, f"ENVI header cannot be parsed: {exc}") from None
    missing = [k for k in REQUIRED if k not in h]
    if missing:
        raise DataError(hdr, f"ENVI header lacks {', '.join(missing)}")
    for k in ("samples", "lines", "bands"):
        try:
            if int(h[k]) <= 0:
                raise ValueError
        except ValueError:
            raise DataError(hdr, f"ENVI header: {k} = {h[k]!r} is not a positive integer") from None
    if str(h["interleave"]).lower() not in ("bil", "bip", "bsq"):
        raise DataError(hdr, f"ENVI header: interleave = {h['interleave']!r} (expected bil, bip or bsq)")
    return h


def open_envi(hdr: Path) -> Sequence:
    from spectral.io import envi

    hdr = Path(hdr)
    h = read_envi_header(hdr)
    data = find_data_file(hdr)
    if data is None:
        raise DataError(hdr, f"no ENVI data file beside the header (looked for {hdr.stem} with "
                             f"{', '.join(e or 'no extension' for e in DATA_EXTS)})")
    try:
        dtype = np.dtype(envi.envi_to_dtype[str(h["data type"])])
    except KeyError:
        raise DataError(hdr, f"ENVI header: unsupported data type {h['data type']!r}") from None
    samples, lines, bands = int(h["samples"]), int(h["lines"]), int(h["bands"])
    offset = int(h.get("header offset", 0) or 0)
    expected = offset + samples * lines * bands * dtype.itemsize
    actual = data.stat().st_size
    if actual != expected:
        raise DataError(data, f"data file has {actual} bytes but the header {hdr.name} says {lines} lines x "
                              f"{samples} samples x {bands} bands of {dtype.name}"
                              f"{f' after a {offset}-byte offset' if offset else ''} = {expected} bytes")
    try:
        img = envi.open(str(hdr), str(data))
        cube = img.open_memmap(interleave="bip")
    except Exception as exc:
        raise DataError(hdr, f"ENVI cube cannot be opened: {exc}") from None
    wl = _floats(h.get("wavelength"))
    meta = {
        "layout": NAME, "format": "envi", "header": str(hdr), "data_file": str(data),
        "interleave": str(h["interleave"]).lower(), "wavelengths": wl,
        "wavelength_units": h.get("wavelength units"),
        "scale_factor": float(h.get("reflectance scale factor", 1.0) or 1.0),
        "fwhm": _floats(h.get("fwhm")), "band_names": h.get("band names"),
        "default_bands": [int(b) for b in h["default bands"]] if "default bands" in h else None,
        "description": h.get("description"), "envi_header": dict(h),
    }
    if wl is not None and len(wl) != bands:
        meta["warnings"] = [f"{hdr}: {len(wl)} wavelengths for {bands} bands"]
    return Sequence(name=hdr.stem, frames=MemmapFrames(cube), modality="hsi", path=hdr, meta=meta)


# --- HDF5 ---------------------------------------------------------------------------------
class H5Frames:
    """Frames of a dataset in an open HDF5 file (3-D: one cube; 4-D: frame i = dset[i])."""

    def __init__(self, file, dset):
        self._file = file  # kept open for the sequence's lifetime
        self._d = dset
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._d.shape[0] if self._d.ndim == 4 else 1

    def read(self, i: int) -> np.ndarray:
        if not 0 <= i < len(self):
            raise IndexError(f"frame {i} out of range ({len(self)} frames)")
        with self._lock:
            return self._d[i] if self._d.ndim == 4 else self._d[()]

    def close(self) -> None:
        self._file.close()


def _pick_dataset(f):
    import h5py

    for name in H5_NAMES:
        d = f.get(name)
        if isinstance(d, h5py.Dataset) and d.ndim in (3, 4):
            return d
    found = []
    f.visititems(lambda n, o: found.append(o) if isinstance(o, h5py.Dataset) and o.ndim in (3, 4)
                 and np.issubdtype(o.dtype, np.number) else None)
    return max(found, key=lambda d: d.size) if found else None


def _wavelengths(f, dset) -> np.ndarray | None:
    for where in (f, ):
        for key in ("wavelengths", "wavelength"):
            if key in where and hasattr(where[key], "shape"):
                return np.asarray(where[key][()], dtype=np.float64).ravel()
    for obj in (dset, f):
        for key in ("wavelengths", "wavelength"):
            if key in obj.attrs:
                return np.asarray(obj.attrs[key], dtype=np.float64).ravel()
    return None


def open_hdf5(path: Path) -> Sequence:
    import h5py

    path = Path(path)
    try:
        f = h5py.File(path, "r")
    except OSError as exc:
        raise DataError(path, f"not a readable HDF5 file ({exc})") from None
    dset = _pick_dataset(f)
    if dset is None:
        f.close()
        raise DataError(path, "no 3-D (H, W, bands) or 4-D (T, H, W, bands) dataset in this HDF5 file")
    frames = H5Frames(f, dset)
    gt = None
    if "groundtruth" in f:
        gt = np.asarray(f["groundtruth"][()], dtype=np.float64)
        problem = None
        if gt.ndim != 2 or gt.shape[1] != 4:
            problem = f"dataset 'groundtruth' has shape {gt.shape}, expected ({len(frames)}, 4)"
        elif len(gt) != len(frames):
            problem = f"dataset 'groundtruth' has {len(gt)} boxes but {dset.name} has {len(frames)} frames"
        if problem:
            f.close()
            raise DataError(path, problem)
    wl = _wavelengths(f, dset)
    meta = {"layout": NAME, "format": "hdf5", "dataset": dset.name, "wavelengths": wl,
            "box_convention": "0-based"}
    for key in ("wavelength_units", "scale_factor"):
        for obj in (dset, f):
            if key in obj.attrs:
                v = obj.attrs[key]
                meta[key] = v.decode() if isinstance(v, bytes) else (v.item() if hasattr(v, "item") else v)
                break
    if wl is not None and len(wl) != dset.shape[-1]:
        meta["warnings"] = [f"{path}: {len(wl)} wavelengths for {dset.shape[-1]} bands"]
    return Sequence(name=path.stem, frames=frames, modality="hsi", groundtruth=gt, path=path, meta=meta)


def open(path: Path) -> Sequence:  # noqa: A001
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "file is missing")
    if path.suffix.lower() == ".hdr":
        return open_envi(path)
    if path.suffix.lower() in HDF5_SUFFIXES:
        return open_hdf5(path)
    hdr = path.with_suffix(".hdr")
    if hdr.is_file():
        return open_envi(hdr)
    raise DataError(path, "not a cube file (expected an ENVI .hdr or an HDF5 .h5 / .hdf5)")


def list_root(root: Path):
    from workbench.core.data.detect import SequenceEntry

    root = Path(root)
    if probe(root):
        return [SequenceEntry(root.stem, NAME, root, lambda: open(root))]
    if not root.is_dir():
        return []
    return [SequenceEntry(p.stem, NAME, p, (lambda p=p: open(p)))
            for p in sorted(root.iterdir()) if p.is_file() and probe(p)]
