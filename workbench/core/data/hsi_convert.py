"""Hyperspectral video writers (our HDF5, ENVI video / frame folders, HOT mosaics) and a converter.

Every writer takes an iterable of (H, W, B) frames and streams them to disk, so a converted video is
never held in memory. Files appear atomically: written under a temporary name, renamed at the end.

    write_h5(path, frames, wavelengths=..., groundtruth=...)       our layout (see ``cube``)
    write_envi_video(hdr, frames, ...)                              one ENVI file, ``frames = T``
    write_envi_frames(folder, frames, ...)                          frame0001.hdr / .img ...
    write_hot(folder, frames, ...)                                  HSI[-NIR|-RedNIR]/0001.png mosaics + HSI-FalseColor
    convert(src, dst, fmt)                                          any hyperspectral sequence -> fmt
                                                                    (h5 / envi: DST without .h5 / .hdr is a folder)
"""
from __future__ import annotations

import errno
import os
import re
import shutil
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterable

import numpy as np

from workbench.core.atomic import atomic_path, stale_note, stale_stages, staging_folder, write_errors
from workbench.core.data.cube import default_bands_fit, fwhm_fits
from workbench.core.errors import DataError, WorkbenchError, held_interrupts, warn_data, write_error

FORMATS = ("h5", "envi", "envi-frames", "hot")
H5_FORMAT = "workbench-hsi-video/1"
KEPT = "the video was not put in place (a video already there is as it was)"


def _boxes_text(gt: np.ndarray | None, sep: str = ",") -> str | None:
    if gt is None:
        return None
    lines = [sep.join("nan" if not np.isfinite(v) else f"{v:.4f}".rstrip("0").rstrip(".") for v in row)
             for row in np.asarray(gt, dtype=np.float64)]
    return "\n".join(lines) + "\n"


def write_boxes(path: Path, gt: np.ndarray | None, sep: str = ",") -> Path | None:
    """``gt`` as a box file at ``path``, written as it is: for a video's folder being staged (``_staged``), which
    is put in place whole. A file beside a finished video goes with it (``write_envi_video``)."""
    text = _boxes_text(gt, sep)
    if text is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- HDF5 ---------------------------------------------------------------------------------
class _HeldWrites:
    """The temporary file of an HDF5 video, for h5py's file-object driver: the first write error (a full disk, a
    file-size limit) is held, and what HDF5 writes after it is dropped, so HDF5 never sees a failed write. A write
    that failed inside HDF5 (its sec2 driver) broke its file: closing it failed again, h5py printed tracebacks as
    its objects went, and the process died of a segmentation fault; the command's own named error came in the
    middle of that. ``check()`` raises the held error once HDF5 is out of the way; the file is then discarded."""

    def __init__(self, path: Path):
        self._f = open(path, "r+b", buffering=0)  # unbuffered: an error comes with the write that caused it
        self.error: OSError | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        self._f.close()
        return False

    def _hold(self, call, *args):
        if self.error is None:
            try:
                return call(*args)
            except OSError as exc:
                self.error = exc
        return None

    def seek(self, pos: int, whence: int = 0) -> int:
        return self._f.seek(pos, whence)

    def tell(self) -> int:
        return self._f.tell()

    def read(self, n: int) -> bytes:
        got = self._f.read(n)  # after an error, what was dropped reads as zeros: the file is not kept
        return got if self.error is None or len(got) == n else got + bytes(n - len(got))

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        size = view.nbytes
        while view and self.error is None:  # a short write (the disk filling) goes on, to its error
            done = self._hold(self._f.write, view)
            if not done and self.error is None:
                self.error = OSError(errno.EIO, os.strerror(errno.EIO))
            view = view[done or 0:]
        return size

    def truncate(self, size: int) -> int:
        self._hold(self._f.truncate, size)
        return size

    def flush(self) -> None:
        pass  # unbuffered

    def check(self) -> None:
        if self.error is not None:
            raise self.error


def write_h5(path, frames: Iterable[np.ndarray], n_frames: int | None = None, wavelengths=None,
             groundtruth=None, name: str | None = None, units: str = "nm", scale_factor: float | None = None,
             source: str = "", compression: str | None = None, description: str = "", fwhm=None,
             default_bands=None) -> Path:
    """Our HDF5 video: ``frames`` (T, H, W, B) chunked one frame per chunk, plus wavelengths and boxes, and what an
    ENVI source's header said of it (``description``, ``fwhm`` in ``units``, ``default_bands`` 1-based) where it
    fits the cube's bands (the reader gives them back in ``meta``, as for ENVI). Put in place whole
    (``atomic_path``); a full disk is one error naming ``path`` (``_HeldWrites``)."""
    import h5py

    path = Path(path)
    it = iter(frames)
    first = np.asarray(next(it))
    if first.ndim != 3:
        raise DataError(path, f"frames must be (H, W, bands) cubes, got shape {first.shape}")
    with atomic_path(path, KEPT) as tmp, _HeldWrites(tmp) as raw:
        f = h5py.File(raw, "w")
        try:
            d = _h5_frames(f, raw, path, first, it, n_frames, compression)
            with held_interrupts():
                _h5_rest(f, path, d.shape[0], name, source, units, scale_factor, wavelengths, groundtruth)
                _h5_header(f, d.shape[-1], units, description, fwhm, default_bands)
        finally:
            with held_interrupts():  # a Ctrl-C inside HDF5's close broke its file as a failed write did
                f.close()
        raw.check()
    return path


def _h5_frames(f, raw: _HeldWrites, path: Path, first: np.ndarray, it, n_frames, compression):
    """The ``frames`` dataset of ``f``, written frame by frame: a stop (Ctrl-C) comes between two frames (inside
    HDF5 it broke the file as a failed write does), a held write error ends it."""
    h, w, b = first.shape
    with held_interrupts():
        d = f.create_dataset("frames", shape=(n_frames or 1, h, w, b), maxshape=(None, h, w, b),
                             dtype=first.dtype, chunks=(1, h, w, b), compression=compression)
        d[0] = first
    raw.check()
    t = 1
    for fr in it:
        fr = np.asarray(fr)
        if fr.shape != first.shape:
            raise DataError(path, f"frame {t} has shape {fr.shape}, frame 0 {first.shape}")
        with held_interrupts():
            if t >= d.shape[0]:
                d.resize(t + 1, axis=0)
            d[t] = fr
        raw.check()
        t += 1
    if d.shape[0] != t:
        with held_interrupts():
            d.resize(t, axis=0)
    return d


def _h5_rest(f, path: Path, t: int, name, source, units, scale_factor, wavelengths, groundtruth) -> None:
    """The attributes, wavelengths and boxes of an HDF5 video of ``t`` frames."""
    f.attrs["format"] = H5_FORMAT
    f.attrs["name"] = name or path.stem
    f.attrs["source"] = source
    f.attrs["wavelength_units"] = units
    if scale_factor is not None:
        f.attrs["scale_factor"] = float(scale_factor)
    if wavelengths is not None:
        wl = f.create_dataset("wavelengths", data=np.asarray(wavelengths, dtype=np.float64))
        wl.attrs["units"] = units
    if groundtruth is not None:
        gt = np.asarray(groundtruth, dtype=np.float64)
        if gt.shape != (t, 4):
            raise DataError(path, f"groundtruth has shape {gt.shape}, expected ({t}, 4)")
        f.create_dataset("groundtruth", data=gt)


def _h5_header(f, bands: int, units: str, description, fwhm, default_bands) -> None:
    """An ENVI source's description, band widths and default bands in an HDF5 video of ``bands`` bands: file
    attributes ``description`` and ``default_bands`` (1-based R, G, B, as ENVI), a ``fwhm`` dataset beside
    ``wavelengths``; each only where it fits the bands, as ``envi_header_text`` writes them."""
    if description:
        f.attrs["description"] = str(description)
    if fwhm_fits(fwhm, bands):
        d = f.create_dataset("fwhm", data=np.asarray(fwhm, dtype=np.float64))
        d.attrs["units"] = units
    if default_bands_fit(default_bands, bands):
        f.attrs["default_bands"] = np.asarray([int(b) for b in default_bands], dtype=np.int32)


# --- ENVI ---------------------------------------------------------------------------------
def envi_header_text(lines: int, samples: int, bands: int, dtype, interleave: str, wavelengths=None,
                     units: str = "Nanometers", frames: int | None = None, scale_factor: float | None = None,
                     description: str = "", fwhm=None, default_bands=None) -> str:
    """An ENVI header. ``fwhm`` (in ``units``, one per band) and ``default_bands`` (1-based R, G, B, as ENVI and
    GDAL show the cube) are written where they fit the cube's bands."""
    from spectral.io.envi import dtype_to_envi

    code = dtype_to_envi[np.dtype(dtype).char]
    description = str(description or "").replace("{", "(").replace("}", ")")  # a brace ended the field early
    rows = ["ENVI", f"description = {{{description}}}", f"samples = {samples}", f"lines = {lines}",
            f"bands = {bands}", "header offset = 0", "file type = ENVI Standard", f"data type = {code}",
            f"interleave = {interleave}",
            f"byte order = {0 if np.dtype(dtype).byteorder in ('<', '=', '|') and np.little_endian else 1}"]
    if wavelengths is not None:
        rows.append(f"wavelength units = {units}")
        rows.append("wavelength = {" + ", ".join(f"{float(v):g}" for v in wavelengths) + "}")
    if fwhm_fits(fwhm, bands):
        rows.append("fwhm = {" + ", ".join(f"{float(v):g}" for v in fwhm) + "}")
    if default_bands_fit(default_bands, bands):
        rows.append("default bands = {" + ", ".join(str(int(b)) for b in default_bands) + "}")
    if scale_factor is not None:
        rows.append(f"reflectance scale factor = {scale_factor:g}")
    if frames is not None:
        rows.append(f"frames = {frames}")
    return "\n".join(rows) + "\n"


def _interleaved(frame: np.ndarray, interleave: str) -> np.ndarray:
    if interleave == "bip":
        return np.ascontiguousarray(frame)
    if interleave == "bil":
        return np.ascontiguousarray(frame.transpose(0, 2, 1))
    return np.ascontiguousarray(frame.transpose(2, 0, 1))


def write_envi_video(hdr, frames: Iterable[np.ndarray], wavelengths=None, groundtruth=None,
                     interleave: str = "bip", units: str = "Nanometers", scale_factor: float | None = None,
                     description: str = "", fwhm=None, default_bands=None) -> Path:
    """One ENVI file holding a whole video (frames stacked along the lines; header ``frames = T``).

    BIP and BIL stream frame by frame; BSQ writes each frame into its band planes in place.
    Boxes go to ``<stem>_groundtruth.txt`` beside the header. The data, the boxes and the header are put in place
    together when all three are written (``atomic_path``; the header, what a reader opens, last); a failure (a
    full disk) is one error naming ``hdr`` and leaves none of them, nor a temporary file. Without boxes, the box
    file of a video written over goes (it was read as this video's boxes), as new boxes replace it, once the
    data and the header are in place (kept if either fails).
    """
    hdr = Path(hdr)
    interleave = interleave.lower()
    if interleave not in ("bip", "bil", "bsq"):
        raise DataError(hdr, f"interleave must be bip, bil or bsq, got {interleave!r}")
    boxes = _boxes_text(groundtruth)
    gt = hdr.with_name(f"{hdr.stem}_groundtruth.txt")
    with ExitStack() as stack:  # left in reverse: the data renamed in place first, the header last
        if boxes is None:  # entered first, so left last: only once the data and the header are in place
            stack.enter_context(_removed_when_whole(gt))
        htmp = stack.enter_context(atomic_path(hdr, KEPT))
        if boxes is not None:
            stack.enter_context(atomic_path(gt, KEPT, shown=hdr)).write_text(boxes, encoding="utf-8")
        data = stack.enter_context(atomic_path(hdr.with_suffix(".img"), KEPT, shown=hdr))
        t, (h, w, b), dtype = (_bsq_into if interleave == "bsq" else _interleaved_into)(data, frames, interleave, hdr)
        htmp.write_text(envi_header_text(t * h, w, b, dtype, interleave, wavelengths, units, frames=t,
                                         scale_factor=scale_factor, description=description, fwhm=fwhm,
                                         default_bands=default_bands), encoding="utf-8")
    return hdr


@contextmanager
def _removed_when_whole(path: Path):
    """``path`` removed when the block ends without an error; kept if it fails."""
    yield
    path.unlink(missing_ok=True)


def _interleaved_into(data: Path, frames, interleave: str, hdr: Path) -> tuple[int, tuple, np.dtype]:
    """BIP / BIL frames streamed into ``data``: (frames, frame shape, dtype)."""
    t, shape, dtype = 0, None, None
    with open(data, "wb") as f:
        for fr in frames:
            fr = np.asarray(fr)
            if shape is None:
                shape, dtype = fr.shape, fr.dtype
            elif fr.shape != shape:
                raise DataError(hdr, f"frame {t} has shape {fr.shape}, frame 0 {shape}")
            f.write(_interleaved(fr.astype(dtype, copy=False), interleave).tobytes())
            t += 1
    if shape is None:
        raise DataError(hdr, "no frames to write")
    return t, shape, dtype


def _bsq_into(data: Path, frames, _interleave: str, hdr: Path) -> tuple[int, tuple, np.dtype]:
    """BSQ frames written into their band planes of ``data`` (bands x T*H x W) with positioned writes: the whole
    size is reserved first, so a full disk says so before a frame is written. A memory map of it died of SIGBUS
    on a full disk (its sparse pages found no room when written)."""
    frames = list(frames)
    if not frames:
        raise DataError(hdr, "no frames to write")
    first = np.asarray(frames[0])
    (h, w, b), dtype = first.shape, first.dtype
    size = h * w * dtype.itemsize  # one band of one frame
    plane = len(frames) * size  # one band of the whole video
    with open(data, "wb") as f:
        _reserve(f, b * plane)
        for t, fr in enumerate(frames):
            fr = np.asarray(fr).astype(dtype, copy=False)
            if fr.shape != first.shape:
                raise DataError(hdr, f"frame {t} has shape {fr.shape}, frame 0 {first.shape}")
            for k, band in enumerate(np.ascontiguousarray(fr.transpose(2, 0, 1))):
                _pwrite_all(f.fileno(), band.tobytes(), k * plane + t * size)
    return len(frames), (h, w, b), dtype


def _pwrite_all(fd: int, data: bytes, offset: int) -> None:
    """``data`` written whole at ``offset``. ``os.pwrite`` may write less (a filling disk where ``_reserve``
    extended the file sparse): the rest was left as zeros without a word; it is written on, to its error."""
    view = memoryview(data)
    while view:
        done = os.pwrite(fd, view, offset)
        if done <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view, offset = view[done:], offset + done


def _reserve(f, size: int) -> None:
    """``size`` bytes of disk for the open file ``f`` (ENOSPC / EFBIG now, not half-way); where the file system
    cannot reserve (no posix_fallocate), the file is extended to ``size`` (sparse)."""
    try:
        os.posix_fallocate(f.fileno(), 0, size)
    except (AttributeError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
            raise
        f.truncate(size)


def write_envi_frames(folder, frames: Iterable[np.ndarray], wavelengths=None, groundtruth=None,
                      interleave: str = "bsq", units: str = "Nanometers", scale_factor: float | None = None,
                      prefix: str = "frame", description: str = "", fwhm=None, default_bands=None) -> Path:
    """A folder of numbered ENVI cubes (``frame0001.hdr`` + ``.img``) and ``groundtruth_rect.txt``, put in place
    whole when every frame is written (``_staged``)."""
    final = Path(folder)
    header = dict(units=units, scale_factor=scale_factor, description=description, fwhm=fwhm,
                  default_bands=default_bands)
    with _staged(final, lambda name: re.fullmatch(rf"{re.escape(prefix)}\d{{4,}}\.(hdr|img)", name)) as folder:
        _envi_frames_into(folder, frames, wavelengths, groundtruth, interleave, prefix, header)
    return final


def _envi_frames_into(folder: Path, frames, wavelengths, groundtruth, interleave, prefix, header: dict):
    for t, fr in enumerate(frames, start=1):
        fr = np.asarray(fr)
        h, w, b = fr.shape
        stem = folder / f"{prefix}{t:04d}"
        stem.with_suffix(".img").write_bytes(_interleaved(fr, interleave).tobytes())  # (the folder is staged)
        stem.with_suffix(".hdr").write_text(envi_header_text(h, w, b, fr.dtype, interleave, wavelengths, **header),
                                               encoding="utf-8")
    write_boxes(folder / "groundtruth_rect.txt", groundtruth)


@contextmanager
def _staged(folder: Path, stale=None):
    """A folder video (ENVI frames, HOT) written into a hidden ``.<name>.*.part`` folder beside ``folder`` and moved
    into it when complete. Written in place, a Ctrl-C or an unreadable source frame left a shorter video without a
    word that read as a whole one, and --force over a longer video kept its frames past the new ones (a video of
    two lengths, unreadable). On failure the staging folder is removed; on success each of its entries replaces
    the one of that name in ``folder`` (HOT's ``HSI`` folder whole), and ``folder``'s entries for which
    ``stale(name)`` is true (the old numbered frames, HOT's mosaic folders) go first. Other files in ``folder``
    are left. A write that fails (a full disk) is one error naming ``folder``. What a conversion that was killed
    left beside ``folder`` is removed, or named in a warning where its writer cannot be told gone
    (``atomic.stale_stages``). An OSError of the block naming a file outside the staging folder (a source frame
    that cannot be read) is raised as it is."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        for said in stale_note(*stale_stages(folder), f"a conversion to {folder.name}"):
            warn_data(said, paths=(folder.parent,))
        tmp = staging_folder(folder)
    except OSError as exc:  # "File too large: [Errno 27] File too large" named no file
        raise write_error(folder, exc, KEPT) from None
    try:
        with write_errors(folder, tmp, kept=KEPT):  # what was read is said as it is: "src.h5: Input/output error"
            yield tmp
        try:
            _put_in_place(tmp, folder, stale)
        except OSError as exc:
            raise write_error(folder, exc, KEPT) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _put_in_place(tmp: Path, folder: Path, stale) -> None:
    """The entries of the staging folder ``tmp`` moved into ``folder`` (``_staged``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in list(folder.iterdir()) if stale is not None else ():
        if stale(old.name) and old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        elif stale(old.name) and (old.is_file() or old.is_symlink()):
            old.unlink()
    for new in sorted(tmp.iterdir()):
        target = folder / new.name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        os.replace(new, target)


# --- HOT ----------------------------------------------------------------------------------
class _Counts:
    """Frames -> the 16-bit counts a HOT mosaic holds. Integers are kept; float frames of reflectance
    (frame 1's largest value up to 6.5535) are multiplied by 10000, as the generator writes them, other
    floats kept; one factor for the whole video. What 0..65535 cannot hold (negative, too large, NaN)
    is clipped and counted. ``astype(uint16)`` turned reflectance 0..1 into 0 / 1 and -5 into 65531."""

    def __init__(self):
        self.factor: float | None = None
        self.clipped = 0
        self.values = 0

    def __call__(self, fr: np.ndarray) -> np.ndarray:
        if fr.dtype in (np.uint16, np.uint8):
            return fr.astype(np.uint16, copy=False)
        if self.factor is None:
            top = np.nanmax(fr) if fr.dtype.kind == "f" and np.isfinite(fr).any() else np.inf
            self.factor = 10000.0 if fr.dtype.kind == "f" and top <= 6.5535 else 1.0
        v = fr.astype(np.float64) * self.factor
        ok = np.isfinite(v) & (v >= -0.5) & (v < 65535.5)
        self.values += v.size
        if not ok.all():
            self.clipped += int(v.size - np.count_nonzero(ok))
            v = np.clip(np.nan_to_num(v, nan=0.0), 0, 65535)
        return np.rint(v).astype(np.uint16)

    def warning(self, folder: Path) -> str | None:
        said = []
        if self.factor not in (None, 1.0):
            said.append(f"float frames written as value x {self.factor:g}")
        if self.clipped:
            said.append(f"{self.clipped} of {self.values} values outside 0-65535 (or NaN) clipped")
        return f"{folder}: HOT mosaics hold 16-bit counts: {'; '.join(said)}" if said else None


#: the folder of a HOT video's mosaics for each camera, as the HOT sets name them and the reader (``hot``) reads
#: the camera from: HOT2020's VIS videos ``<seq>/HSI/``, the HOT2023 challenge's ``HSI-NIR`` and ``HSI-RedNIR``
#: (its VIS kind is ``HSI-VIS``, written where a folder above is named like another camera). Every 25-band or
#: RedNIR video was written into ``HSI/`` and read back as a 4x4 VIS mosaic (60x100x25 as 75x125x16) without a word.
#: Each is one of the reader's ``hot.MOSAIC_FOLDERS``.
HOT_FOLDERS = {"vis": "HSI", "nir": "HSI-NIR", "rednir": "HSI-RedNIR"}
_HOT_KINDS = "16 bands (VIS, 4x4 mosaic), 25 (NIR, 5x5) or 15 (RedNIR, 4x4 with one empty position)"


def hot_layout(bands: int, empty_band: int | None = None) -> tuple[str, int | None]:
    """The HOT camera (``vis``, ``nir``, ``rednir``) a cube of ``bands`` bands is written as, and the position of
    RedNIR's empty band (given, or the last, where HOT's RedNIR videos have it). A ValueError saying the band
    counts HOT has a layout for otherwise."""
    if bands == 15 and (empty_band is None or 0 <= int(empty_band) <= 15):
        return "rednir", 15 if empty_band is None else int(empty_band)
    if empty_band is None and bands in (16, 25):
        return ("vis" if bands == 16 else "nir"), None
    raise ValueError(f"HOT mosaics hold {_HOT_KINDS}; this cube has {bands} bands"
                     + (f" with an empty band at {empty_band}" if empty_band is not None else "")
                     + ": write it as h5, envi or envi-frames instead")


def write_hot(folder, frames: Iterable[np.ndarray], groundtruth=None, wavelengths=None,
              false_color: bool = True, empty_band: int | None = None) -> Path:
    """HOT layout: ``<folder>/<HSI | HSI-NIR | HSI-RedNIR>/0001.png`` 16-bit mosaics (inverse X2Cube; the folder
    names the camera, ``HOT_FOLDERS``), ``HSI-FalseColor`` JPEGs (CIE colour of the wavelengths, one stretch for
    the whole video) and ``groundtruth_rect.txt`` (tab-separated, as HOT ships it) in both. A 15-band cube gets
    an empty band re-inserted at ``empty_band`` (RedNIR; the last position when not given); other band counts
    than 15, 16 and 25 are refused. Put in place whole when every frame is written (``_staged``); a mosaic folder
    of another camera left from a video written over goes (the reader took the first)."""
    from workbench.core.data.hot import MOSAIC_FOLDERS  # the reader's names (``hot.frame_folder``)

    final = Path(folder)
    with _staged(final, lambda name: name.lower() in MOSAIC_FOLDERS) as folder:
        _hot_into(folder, final, frames, groundtruth, wavelengths, false_color, empty_band)
    return final


def _hot_into(folder: Path, final: Path, frames, groundtruth, wavelengths, false_color, empty_band) -> None:
    import cv2

    from workbench.core import spectral_color
    from workbench.core.data.hot import cube2x, mosaic_kind

    fc = folder / "HSI-FalseColor"
    hsi = shape = None
    levels = weights = None
    counts = _Counts()
    for t, fr in enumerate(frames, start=1):
        fr = np.asarray(fr)
        if hsi is None:  # the camera from the first frame's bands
            try:
                kind, empty_band = hot_layout(fr.shape[2] if fr.ndim == 3 else 0, empty_band)
            except ValueError as exc:
                raise DataError(final, str(exc)) from None
            name = HOT_FOLDERS[kind]
            if mosaic_kind(final / name) != kind:  # HSI/ under a folder named like another camera ('nir_runs')
                name = "HSI-VIS"  # was read as that camera's mosaic; the nearest name decides (hot.mosaic_kind)
            hsi, shape = folder / name, fr.shape
            hsi.mkdir(parents=True, exist_ok=True)
            if false_color:
                fc.mkdir(parents=True, exist_ok=True)
        elif fr.shape != shape:
            raise DataError(final, f"frame {t} has shape {fr.shape}, frame 1 {shape}")
        if empty_band is not None:
            fr = np.insert(fr, empty_band, 0, axis=2)
        mosaic = cube2x(counts(fr))
        ok, buf = cv2.imencode(".png", mosaic)
        if not ok:
            raise DataError(final / hsi.name, "could not encode a 16-bit PNG")
        (hsi / f"{t:04d}.png").write_bytes(buf.tobytes())
        if false_color:
            cube = np.delete(fr, empty_band, axis=2) if empty_band is not None else fr
            if weights is None:
                wl = wavelengths if wavelengths is not None and len(wavelengths) == cube.shape[2] else None
                weights = spectral_color.cie_weights(wl)[0] if wl is not None else \
                    spectral_color.group_weights(cube.shape[2])
            rgb = spectral_color.project(cube, weights)
            if levels is None:  # one stretch for the whole video, so colours do not flicker
                lo, hi = spectral_color.percentile_levels(rgb, 0.5, 99.5, per_band=False)
                levels = (lo, hi)
            img = (spectral_color._encode_srgb(spectral_color.stretch(rgb, levels=levels)) * 255 + 0.5)
            # encoded here and written as the mosaic is: cv2.imwrite said nothing when the disk was full (False)
            ok, jpg = cv2.imencode(".jpg", cv2.cvtColor(img.astype(np.uint8), cv2.COLOR_RGB2BGR),
                                   [cv2.IMWRITE_JPEG_QUALITY, 92])
            if not ok:
                raise DataError(final / "HSI-FalseColor", "could not encode a false-colour JPEG")
            (fc / f"{t:04d}.jpg").write_bytes(jpg.tobytes())
    if hsi is None:
        raise DataError(final, "no frames to write")
    write_boxes(hsi / "groundtruth_rect.txt", groundtruth, sep="\t")
    if false_color:
        write_boxes(fc / "groundtruth_rect.txt", groundtruth, sep="\t")
    said = counts.warning(final)
    if said:
        warn_data(said)


# --- converter ----------------------------------------------------------------------------
def _in_nm(meta: dict):
    """The source's wavelengths and band widths (``fwhm``) in nanometres, as every writer labels them: a cube in
    micrometres was written with its 0.4-2.5 under 'nm' / 'Nanometers' (read back as 1 nm bands). The unit is
    read as the colour and the Spectrum dock read it (``spectral_color.to_nm``), the widths by its one factor."""
    from workbench.core.spectral_color import nm_factor, to_nm, wavenumbers

    wl, fwhm = meta.get("wavelengths"), meta.get("fwhm")
    if wl is None or not len(wl):
        return None, None
    wl = np.asarray(wl, dtype=np.float64)
    nm = to_nm(wl, meta.get("wavelength_units"))
    if fwhm is not None and len(fwhm) == len(wl):
        fwhm = np.asarray(fwhm, dtype=np.float64)
        # a band d(wavenumber) wide is 1e7 d(wavenumber) / wavenumber^2 nm wide at its centre (wavenumbers: cm^-1)
        fwhm = fwhm * 1e7 / wl ** 2 if wavenumbers(wl, meta.get("wavelength_units")) else \
            fwhm * nm_factor(wl, meta.get("wavelength_units"))
    else:
        fwhm = None
    return nm, fwhm


def convert(src, dst, fmt: str = "h5", progress=None, interleave: str | None = None, force: bool = True,
            notes: list | None = None) -> Path:
    """Any hyperspectral sequence the readers open (HOT, ENVI, HDF5) -> ``fmt`` at ``dst``. Without ``force``
    a video already at the target (the command line's default) is refused before a frame is read. Wavelengths
    are written in nm (``_in_nm``); the reflectance scale factor goes into every format that has one, an ENVI
    source's description, band widths and default bands into ENVI and HDF5. HOT keeps no wavelengths (its reader
    gives the camera's band centres): where the source's differ, a line saying so is added to ``notes``.
    ``interleave`` is for envi / envi-frames (None: bip); given for h5 or hot, which have none, it is refused."""
    from workbench.core.data.detect import open_sequence

    if fmt not in FORMATS:
        raise DataError(Path(dst), f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if interleave is not None and fmt in ("h5", "hot"):
        how = "an HDF5 video is frames x lines x samples x bands" if fmt == "h5" else "a HOT frame is a mosaic"
        raise WorkbenchError(f"--interleave {interleave}: --format {fmt} has no interleave ({how}); it is for "
                             "--format envi and envi-frames")
    interleave = interleave or "bip"
    seq = open_sequence(src)
    if seq.modality != "hsi":
        raise DataError(Path(src), f"not a hyperspectral sequence (modality {seq.modality})")
    # what the reader doubted (an interleave or byte order that reads the cube as noise) goes into the copy
    # unchanged: said before a frame is written, as `run` says it
    for w in seq.meta.get("warnings") or []:
        warn_data(str(w))
    n = len(seq)

    def frames():
        for i in range(n):
            if progress is not None:
                progress(i / n, f"frame {i + 1}/{n}")
            try:
                fr = seq.frame(i)
            except OSError as exc:
                if exc.filename is not None:
                    raise  # names what was read: the writers raise it as it is (atomic.written_here)
                # read() of a file already open (EIO), h5py's "Can't read data": no file named, which the
                # writers took for their own ("<output>: could not be written ... check the disk")
                raise OSError(exc.errno, f"frame {i + 1} of {n} could not be read ({exc.strerror or exc})",
                              str(src)) from exc
            yield fr

    wl, fwhm = _in_nm(seq.meta)
    envi = dict(scale_factor=seq.meta.get("scale_factor"), description=seq.meta.get("description") or "",
                fwhm=fwhm, default_bands=seq.meta.get("default_bands"))
    dst = Path(dst)
    target = target_path(dst, fmt, seq.name)
    if target.exists() and Path(src).exists() and target.resolve() == Path(src).resolve():
        # written while it was read: the frames not yet read came from the half-written file
        raise WorkbenchError(f"--out {target}: is the video being converted; give another --out")
    # a file where the video's folder goes was called "a video is already there", an unwritable place was h5py's
    # errno text: said here as every command says it, before a frame is read
    from workbench.core.results import check_outputs

    made = []  # the folders the check below makes (removed again if the video is not written)
    for p in (dst, *dst.parents):
        if p.exists():
            break
        made.append(p)
    if fmt in ("h5", "envi"):
        check_outputs(files={"--out": target})
    else:
        check_outputs({"--out": dst})
    if not force:
        refuse_existing(target, "--out")
    try:
        if fmt == "h5":
            out = write_h5(target, frames(), n, wl, seq.groundtruth, name=seq.name, source=str(seq.path), **envi)
        elif fmt == "envi":
            out = write_envi_video(target, frames(), wl, seq.groundtruth, interleave=interleave, **envi)
        elif fmt == "envi-frames":
            out = write_envi_frames(dst, frames(), wl, seq.groundtruth, interleave=interleave, **envi)
        else:
            out = write_hot(dst, frames(), seq.groundtruth, wl, empty_band=seq.meta.get("dropped_band"))
    except BaseException:  # a full disk (the writers name the video), a frame that cannot be read, a stop
        _remove_empty(made)
        raise
    if fmt == "hot" and notes is not None:
        notes += hot_wavelengths_note(out, wl)
    if progress is not None:
        progress(1.0, "done")
    return out


def hot_wavelengths_note(folder: Path, wl) -> list[str]:
    """The line saying that the HOT video written at ``folder`` from a source of wavelengths ``wl`` (nm; None: it
    had none) reads back with other ones: HOT keeps none, its reader gives the camera's band centres
    (``hot.WAVELENGTHS``; RedNIR's approximate). Empty where they are the source's (a HOT video converted)."""
    from workbench.core.data.detect import open_sequence

    seq = open_sequence(folder)
    got = seq.meta.get("wavelengths")
    if got is None or (wl is not None and len(wl) == len(got) and np.allclose(wl, got, atol=0.5)):
        return []
    camera = {"nir": "NIR", "rednir": "RedNIR"}.get(seq.meta.get("kind"), "VIS")
    theirs = (f"the source's {float(np.min(wl)):g}-{float(np.max(wl)):g} nm" if wl is not None and len(wl)
              else "none: the source had none")
    how = " (approximate)" if seq.meta.get("wavelengths_source") == "approximate" else ""
    return [f"{folder}: HOT keeps no wavelengths: its {len(got)} bands read back as the {camera} camera's band "
            f"centres{how}, {float(np.min(got)):g}-{float(np.max(got)):g} nm, not {theirs}"]


def _remove_empty(made: list[Path]) -> None:
    """The folders of ``made`` (innermost first) that are empty, up to the first that is not."""
    for p in made:
        try:
            if p.is_dir():
                p.rmdir()
        except OSError:
            break


def target_path(dst, fmt: str, name: str) -> Path:
    """Where ``fmt`` writes a video called ``name`` for ``--out dst``: h5 / envi a file (``dst`` itself when it
    has the format's suffix, else ``dst/<name>.h5`` / ``.hdr``), envi-frames / hot the folder ``dst``."""
    from workbench.core.data.cube import HDF5_SUFFIXES

    dst = Path(dst)
    # DST without an HDF5 suffix is a folder, as for ENVI (a file named DST was written before, which
    # no reader opens: `--out conv --format h5` gave "conv: no sequences found")
    if fmt == "h5":
        return dst if dst.suffix.lower() in HDF5_SUFFIXES else dst / f"{name}.h5"
    if fmt == "envi":
        return dst if dst.suffix == ".hdr" else dst / f"{name}.hdr"
    return dst


def refuse_existing(target: Path, flag: str) -> None:
    """A video already at ``target`` (a file, or a folder with files in it) is refused: it was written over
    without a word."""
    target = Path(target)
    there = target.is_file() or (target.is_dir() and any(target.iterdir()))
    if there:
        raise WorkbenchError(f"{flag} {target}: a video is already there; pass --force to write over it, or give "
                             "another --out")


def remove(path) -> None:
    """Delete a written video (a file with its header / boxes, or a folder)."""
    p = Path(path)
    if p.is_dir():
        shutil.rmtree(p)
    elif p.exists():
        p.unlink()
        for side in (p.with_suffix(".img"), p.with_name(f"{p.stem}_groundtruth.txt")):
            if p.suffix == ".hdr" and side.exists():
                side.unlink()
