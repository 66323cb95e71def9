"""Hyperspectral cubes as sequences: ENVI (``.hdr`` + data file) and HDF5.

Frames are (H, W, bands) in the file's own dtype, modality ``hsi``, read lazily. 32- and 64-bit
integers (ENVI data types 3, 13, 14, 15; HDF5 int32, uint32, int64, uint64), which the trackers'
OpenCV crops do not take, are read as float32 (``meta["file_dtype"]`` names the file's own type).
HDF5 float16 is read as float32 too. Complex ENVI cubes (6, 9) are refused on open; so are HDF5 datasets
of complex numbers, strings or records, and of bool or int8 (types the crops do not take either).

ENVI: the header is checked before anything is mapped (``samples``, ``lines``, ``bands``,
``data type`` and ``interleave`` present, ``byte order`` 0 or 1 (0 when absent); the data file as
large as they say, plus ``header offset``), then the data is memory-mapped and seen in band-interleaved-by-pixel order
whatever the file's interleave (BIL / BIP / BSQ in any case: a transposed view, nothing is copied;
``spectral``'s own mapping read 'Bil' or 'Bip' as BSQ). One cube
is a one-frame sequence. ``meta`` carries ``wavelengths`` (float array), ``wavelength_units``,
``scale_factor`` (``reflectance scale factor``, 1.0 when absent), ``interleave``, ``fwhm``,
``band_names``, ``default_bands``, ``description``, the whole header as ``envi_header`` and, for a
cube read as float32, ``file_dtype`` (the file's own type). ``data ignore value`` (``meta["no_data"]``):
those samples read as the smallest other value of their band in the frame (``fill_no_data``), so a
-9999 or 65535 fill sets no stretch and no tracker's input scale. ``bbl`` (bad band list): bands
marked 0 are left out of the frames and of ``wavelengths`` / ``fwhm`` / ``band_names`` /
``default_bands`` (``meta["bad_bands"]``: their 0-based file indices; ``file_bands``: the file's count).
``data gain values`` / ``data offset values`` (the ENVI header spec: per band, stored values to radiance)
are applied as each frame is read, after the no-data fill: gain x stored + offset, float32 frames
(``meta["data_gain"]`` / ``data_offset`` per band read, bbl's bad bands left out as from the wavelengths;
``file_dtype``); a field that cannot be meant is named and both are ignored (``envi_calibration``).
``reflectance scale factor`` is not applied: the spec calls it the value that, divided into the data,
would give 0-1 reflectance, one number for every band (no spectrum changes shape, no stretch or tracker
input changes); ENVI and GDAL show the stored values (``spectral`` divides by it, into float64); frames
stay in the file's type (an int16 cube is not doubled in memory as float32). It is ``meta["scale_factor"]``
for whoever wants reflectance (the scene generator divides by it; a converted file carries it on). With
a calibration it no longer describes the frames: ``scale_factor`` is 1 then, with a warning.

ENVI videos: a header with a ``frames = T`` field (our writer's; ``lines`` = T x frame height, frames
stacked along the lines) is a T-frame sequence, each frame a view into the one memory map; a folder
of numbered ENVI frames (``frame0001.hdr`` ... with their data files; the names minus their digits
all equal, the first without a ``frames`` field: headers with one are videos, each listed) is a sequence of
lazily mapped cubes: two headers or more, or one alone numbered as a first frame is (four digits or more, 0 or 1:
``frame0001.hdr``, ``img0000.hdr``, a one-frame sequence; another lone header, ``scene_01.hdr``, is a cube in
a folder: ``envi_frame_headers``), every frame read with frame 1's ``bbl``
and ``data ignore value`` (one band count a sequence); ``groundtruth_rect.txt`` /
``groundtruth.txt`` beside either gives the boxes (x, y, w, h, 0-based).

HDF5 (``.h5`` / ``.hdf5`` / ``.he5``, and netCDF-4 ``.nc`` / ``.nc4``, HDF5 underneath; a netCDF-3
classic file is refused, naming the conversion): one numeric dataset of 3 dims is a cube (H, W, B); of 4
dims a video (T, H, W, B). The bands may be first, (B, H, W) / (T, B, H, W), or second, BIL's (H, B, W),
as the file says (``_named_band_axis``): its netCDF-4 dimensions' names (HDF5 dimension scales: 'bands',
'wavelength', 'y', 'lines', 'samples', 'time' ...) or HDF5 dimension labels, else an attribute listing
the axes in order ('dimensions', 'axes' ...), else an ``interleave`` attribute (BSQ / BIL / BIP); with
none of these, the wavelengths' count when it matches one axis only; else bands last, with a warning
when the shape doubts it (``_band_axis``: two equal axes and the odd one not last, or three sizes and
the last not the smallest; a warning says how any other reading was made;
``meta["band_axis"]``). A no-data value in a
dataset attribute (``_FillValue``, ``missing_value``, ``data ignore value``, ``no_data_value``,
``nodata``, any case, NEON's ``Data_Ignore_Value``; ``missing_value`` may list several) is filled as ENVI's
``data ignore value`` is (``meta["no_data"]``: the first); so is netCDF-C's default fill value in a
netCDF-4 variable without ``_FillValue`` (never-written parts; not for byte types, nor with ``_NoFill``:
``NC_DEFAULT_FILL``, ``meta["netcdf_default_fill"]``). CF packing of netCDF-4 / HDF5 variables is
undone frame by frame (``H5Packing``): value = stored x ``scale_factor`` + ``add_offset`` (each one
number or one per band; float32 frames, ``meta["packing"]``), samples outside ``valid_range`` /
``valid_min`` / ``valid_max`` filled like no-data (``meta["valid_range"]``; in unpacked units when
given in the scale factor's float type on packed integers, the NUG rule), ``_Unsigned = "true"``
honoured. Those CF names are exact: NEON's ``Scale_Factor`` is a reflectance divisor
(``meta["scale_factor"]``), as a file attribute ``scale_factor`` is. The data set is the first of ``cube``, ``data``, ``frames``, ``video``,
``hsi``, ``images`` present, else the largest 3-/4-dim numeric one that is not CF flags (``flag_masks`` ...);
``file.h5:/group/name`` opens that dataset instead (``split_dataset_path``). Other cube-shaped datasets the file
holds are named in a warning (``_other_datasets``), and a file whose largest ones are of one size is refused, naming
them: which is the cube cannot be told.
Its bands may be split over datasets beside it named as it is but for the last word, each with its own
wavelengths (PACE OCI L1B: ``rhot_blue``, ``rhot_red``, ``rhot_SWIR``): they are read as one cube, every
band sorted by wavelength (``_band_parts``, ``H5BandParts``; ``meta["band_parts"]``, ``band_order``), a
part of another frame size named and left out. Optional ``groundtruth``
(T, 4) x,y,w,h 0-based, and ``wavelengths`` as a dataset or as an attribute of the cube dataset or
the file, or a 1-D ``wavelength(s)`` dataset in the cube's group or below (NEON), or, for a cube at the
root, in a group directly under it (EMIT's ``sensor_band_parameters/wavelengths``), or the netCDF-4
coordinate variable of the band dimension (``_coordinate_wavelengths``), or a 1-D variable of the band
dimension named for band wavelengths in the root, the cube's group or a group under the root (NASA PACE
OCI: L2 ``geophysical_data/Rrs`` (number_of_lines, pixels_per_line, wavelength_3d) with
``sensor_band_parameters/wavelength_3d``; L1B ``observation_data/rhot_red`` (red_bands, number_of_scans,
ccd_pixels), bands first, with ``sensor_band_parameters/red_wavelength``; ``_wavelengths_by_dimension``), or, in a
file without dimension scales, such a variable in a group under the root whose length fits one axis
(``_wavelength_in_groups``); that dataset's
``units`` give ``meta["wavelength_units"]`` when the file names none. Frames are read from the open file one at a time; ``meta["file_dtype"]`` as for ENVI.

Our own HDF5 video layout (``format`` attribute ``workbench-hsi-video/1``, written by
``hsi_convert.write_h5``): ``frames`` (T, H, W, B) in the native dtype, chunked one frame per chunk
(optionally gzip); ``wavelengths`` (B,) float64 with attribute ``units``; ``groundtruth`` (T, 4)
float64 x, y, w, h 0-based, NaN rows where the target is absent; file attributes ``format``, ``name``,
``wavelength_units``, ``scale_factor``, ``source``, and where the source was ENVI ``description`` and
``default_bands`` (1-based) and a ``fwhm`` (B,) dataset, read back into ``meta`` as ENVI's are. Any reader of
HDF5 can read it; a 10 GB file opens at once because only the attributes and the groundtruth are read on open.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path

import numpy as np

from workbench.core.data.envi_files import DATA_EXTS, find_data_file
from workbench.core.data.finite import FiniteFrames
from workbench.core.data.sequence import Sequence
from workbench.core.errors import DataError, WorkbenchError, one_line

NAME = "cube"
HDF5_SUFFIXES = (".h5", ".hdf5", ".he5", ".nc", ".nc4")  # netCDF-4 is HDF5 underneath
H5_NAMES = ("cube", "data", "frames", "video", "hsi", "images")
REQUIRED = ("samples", "lines", "bands", "data type", "interleave")


def rename_advice(name: str, path) -> str:
    """How to tell apart two sequences called ``name`` (results are stored by sequence name), as ``run`` (``batch``)
    and ``eval`` (``evaluation.folders``) say it: renaming one, or, where ``path`` is a file not named ``name`` (an
    HDF5 video's 'name' attribute is read from inside it), changing the name there: renaming that file changes
    nothing. A folder is "rename one" whatever its name (a dataset's listing names the sequences it holds)."""
    path = Path(path) if path else None
    if path is None or path.is_dir() or name in (path.name, path.stem):
        return "rename one"
    where = "its 'name' attribute" if path.suffix.lower() in HDF5_SUFFIXES else "the name"
    return (f"that name is read from inside {path.name}, not from its file name {path.stem!r}, so renaming the file "
            f"does not change it; change {where} there")


def probe(path: Path) -> bool:
    path, dataset = split_dataset_path(path)
    if dataset is not None:
        return path.is_file()
    if path.is_dir():
        return bool(envi_frame_headers(path))
    return path.is_file() and (path.suffix.lower() == ".hdr" or path.suffix.lower() in HDF5_SUFFIXES)


#: root attributes Keras writes into every model or weights file it saves as HDF5 (``model.save('m.h5')``)
KERAS_ATTRS = ("keras_version", "model_config", "layer_names")


def _keras_file(f) -> str | None:
    """'a Keras model file (keras_version 2.13.1)' when the open HDF5 file ``f`` is one Keras saved, else None: its
    convolution kernels are 4-D numbers, which read as a few frames of 3 x 3 pixels."""
    if not any(k in f.attrs for k in KERAS_ATTRS):
        return None
    v = f.attrs.get("keras_version")
    v = v.decode(errors="replace") if isinstance(v, bytes) else v
    return f"a Keras model file{f' (keras_version {v})' if v is not None else ''}, not a cube"


def listable(path: Path) -> bool:
    """Whether a dataset listing (a root, a folder one level down) takes ``path`` as a cube: ``probe``, and for an
    HDF5 file a 3-D or 4-D dataset of numbers in it (as ``_pick_dataset`` looks) and no Keras model. Metadata only:
    h5py reads no data (a model.h5 beside the data was listed as a sequence, and a CNN's opened as 3 frames of 3 x 3
    pixels). A file h5py cannot open or walk is listed: opening it says what is wrong (damaged, netCDF-3)."""
    path = Path(path)
    if path.suffix.lower() not in HDF5_SUFFIXES or not path.is_file():
        return probe(path)
    import h5py

    def cube_shaped(obj) -> bool:
        return isinstance(obj, h5py.Dataset) and obj.ndim in (3, 4)

    try:
        with h5py.File(path, "r") as f:
            if _keras_file(f):
                return False
            if any(cube_shaped(f.get(n)) for n in H5_NAMES):
                return True
            return bool(f.visititems(lambda _, o: True if cube_shaped(o) and o.dtype.kind in "biuf" else None))
    except (OSError, RuntimeError, KeyError, ValueError, TypeError):
        return True


def envi_frame_headers(folder: Path) -> list[Path]:
    """Numbered ENVI frame headers of a folder (names minus digits all equal), else []. One header alone is a
    sequence of one frame where it is numbered as a first frame is (``frame0001``, ``img0000``: four digits or more,
    as ``hsi_convert.write_envi_frames`` writes them; that folder was refused as 'holds one sequence, frame0001');
    another single header (``scene_01.hdr``) is a cube in a folder, listed as that cube."""
    import re

    from workbench.core.data.images import natural_key

    try:
        hdrs = [p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() == ".hdr"]
    except OSError:
        return []
    if not hdrs:
        return []
    if len(hdrs) == 1:
        first = re.fullmatch(r"(\D*)(\d{4,})", hdrs[0].stem)
        if first is None or int(first.group(2)) > 1:
            return []
    stems = {re.sub(r"\d+", "", p.stem) for p in hdrs}
    if len(stems) != 1 or not all(re.search(r"\d", p.stem) for p in hdrs):
        return []
    hdrs = sorted(hdrs, key=natural_key)
    # headers with a ``frames`` field are videos of their own (``generate hsi-video --videos 3 --format envi``
    # writes hsi_0000.hdr, hsi_0001.hdr ...), not the frames of one: they were read as a 3-frame sequence of
    # 1440-line cubes. The first header says it (one read); one that cannot be read leaves this to the opening.
    try:
        if "frames" in read_envi_header(hdrs[0]):
            return []
    except (WorkbenchError, OSError, ValueError, TypeError):
        pass
    return hdrs


def _gt_beside(folder: Path, stem: str | None = None) -> Path | None:
    names = ([f"{stem}_groundtruth.txt", f"{stem}.txt"] if stem else []) + ["groundtruth_rect.txt", "groundtruth.txt"]
    for n in names:
        if (folder / n).is_file():
            return folder / n
    return None


def fill_no_data(a: np.ndarray, value) -> np.ndarray:
    """``a`` (H, W, B) with the samples equal to the file's no-data value (ENVI ``data ignore value``,
    HDF5 ``_FillValue`` ...) replaced by the smallest other value of their band in the frame (0 where a
    band holds nothing else), in ``a``'s type. Left in, a fill such as 65535 or -9999 sets the
    percentiles every stretch and the trackers' input scale are taken from (65535 over a fifth of a
    frame: the trackers saw a frame 20 times darker than it is). NaN is left to ``FiniteFrames``."""
    return fill_masked(a, no_data_mask(a, value))


def no_data_mask(a: np.ndarray, value) -> np.ndarray | None:
    """Where ``a`` holds the no-data ``value`` (bool, ``a``'s shape), or None when nowhere / not a
    value ``a``'s type can hold. NaN marks nothing here (``FiniteFrames`` repairs it)."""
    if value is None or np.isnan(value):
        return None
    if a.dtype.kind in "iu":
        info = np.iinfo(a.dtype)
        if not np.isfinite(value) or value != int(value) or not info.min <= value <= info.max:
            return None  # a value this type cannot hold marks nothing
        mask = a == a.dtype.type(value)
    else:  # headers print the fill short (-3.40282e+38 for float32's -3.4028235e+38): a relative margin
        with np.errstate(over="ignore", invalid="ignore"):
            mask = a == a.dtype.type(value)  # one pass when the fill is stored as written (-9999)
            if not mask.any() and value != 0:
                tol = abs(value) * 1e-5
                mask = (a >= value - tol) & (a <= value + tol)
    return mask if mask.any() else None


def fill_masked(a: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """``a`` (H, W, B) with the samples under ``mask`` replaced by the smallest other value of their band
    in the frame (0 where a band holds nothing else), in ``a``'s type (native byte order); ``a`` itself
    when the mask is None or empty."""
    if mask is None or not mask.any():
        return a
    big = np.iinfo(a.dtype).max if a.dtype.kind in "iu" else np.inf
    keep = ~mask  # bands' minima and the fill without a float copy of the frame (1024x1024x198: 0.8 GB)
    mins = np.min(a, axis=(0, 1), where=keep, initial=a.dtype.type(big))
    mins[~keep.any(axis=(0, 1))] = 0
    out = np.array(a, dtype=a.dtype.newbyteorder("="))
    np.copyto(out, np.broadcast_to(mins.astype(out.dtype), out.shape), where=mask)
    return out


def _no_data_value(v) -> float | None:
    f = _floats(v)
    return float(f[0]) if f is not None and len(f) == 1 else None


class MemmapFrames:
    """Frames that are views into one memory-mapped array (one frame for a single cube)."""

    def __init__(self, cube: np.ndarray, video: bool = False, where: str = "cube", cast=None, no_data=None,
                 bands=None, calib=None):
        self._a = cube
        self._video = video
        self._bands = bands  # the band indices read (an ENVI bbl's good bands), None: all
        self._calib = calib  # (gain, offset) per band read (``envi_calibration``), or None
        self._no_data = no_data  # the file's no-data value (``fill_no_data``), or None
        self._finite = FiniteFrames(where, quiet=no_data is not None and np.isnan(no_data))
        self._cast = cast  # the dtype frames are read as (None: the file's own)

    def __len__(self) -> int:
        return len(self._a) if self._video else 1

    def read(self, i: int) -> np.ndarray:
        if not 0 <= i < len(self):
            raise IndexError(f"frame {i} out of range ({len(self)} frames)")
        a = np.asarray(self._a[i] if self._video else self._a)
        return self._finite(envi_frame(a, self._bands, self._cast, self._no_data, self._calib), i)


def envi_frame(a: np.ndarray, bands=None, cast=None, no_data=None, calib=None) -> np.ndarray:
    """A mapped ENVI frame (H, W, all the file's bands) as read: the ``bands`` kept (a ``bbl``'s good
    ones; None: all), read as ``cast`` (None: the file's type, in the machine's byte order), the no-data
    value filled (in stored units, as the header gives it) and, with ``calib`` = (gain, offset) per band
    kept, calibrated: gain x stored + offset, float32 (float64 stays float64)."""
    if bands is not None:
        a = a[:, :, bands]
    if cast is None and not a.dtype.isnative:  # byte order = 1: frames in the machine's order (torch.from_numpy
        cast = a.dtype.newbyteorder("=")  # refuses others; a frame folder's frames of both orders are one type)
    a = fill_no_data(a if cast is None else a.astype(cast), no_data)
    if calib is None:
        return a
    gain, offset = calib
    out = a.astype(np.result_type(a.dtype.newbyteorder("="), np.float32))  # a copy, native order: scaled in place
    out *= gain.astype(out.dtype)
    out += offset.astype(out.dtype)
    return out


ENVI_GAIN, ENVI_OFFSET = "data gain values", "data offset values"


def envi_calibration(h: dict, bands: int) -> tuple[tuple[np.ndarray, np.ndarray] | None, list[str]]:
    """(gain, offset) per file band from an ENVI header's ``data gain values`` / ``data offset values``
    (the ENVI header spec: a gain and an offset per band, calibrating stored values into radiance,
    W/(m2 um sr): value = gain x stored + offset), or None when the header has neither or they change
    nothing (all gains 1, all offsets 0); and what to tell the user of a field that cannot be meant (not
    numbers, not one per band, not finite, a gain of 0): both ignored, the values read as stored. One value
    is taken for every band (ENVI's ApplyGainOffset task takes one so). ``reflectance scale factor`` is
    not applied (see ``open_envi``)."""
    notes: list[str] = []
    got = {}
    for key, neutral in ((ENVI_GAIN, 1.0), (ENVI_OFFSET, 0.0)):
        if key not in h:
            continue
        f = _floats(h[key])
        shown = one_line(str(h[key]), 40)
        if f is None or len(f) not in (1, bands) or not np.isfinite(f).all() or key == ENVI_GAIN and (f == 0).any():
            why = ("is not a list of numbers" if f is None else
                   f"has {len(f)} values for {bands} bands (expected one per band)" if len(f) not in (1, bands) else
                   "holds a value that is not finite" if not np.isfinite(f).all() else "holds a gain of 0")
            # half a calibration (gains without their offsets) is no calibration: neither is applied
            notes.append(f"ENVI header: {key} = {shown} {why}; the data gain and offset values are ignored "
                         f"(values read as stored)")
            return None, notes
        got[key] = np.broadcast_to(f, (bands,)).astype(np.float64)
    if not got:
        return None, notes
    gain = got.get(ENVI_GAIN, np.ones(bands))
    offset = got.get(ENVI_OFFSET, np.zeros(bands))
    if (gain == 1).all() and (offset == 0).all():
        return None, notes
    return (gain, offset), notes


# --- ENVI ---------------------------------------------------------------------------------
def _floats(v) -> np.ndarray | None:
    if v is None:
        return None
    try:
        return np.asarray([float(x) for x in (v if isinstance(v, list) else [v])], dtype=np.float64)
    except (TypeError, ValueError):
        return None


def _finite_floats(v) -> np.ndarray | None:
    """``_floats``, None where one is NaN or infinite: wavelengths (band widths) of 'nan' or 'inf' made every false
    colour NaN (a black picture) without a word; such a list is said and ignored as one of no numbers."""
    f = _floats(v)
    return f if f is not None and np.all(np.isfinite(f)) else None


def _ints(v) -> list[int] | None:
    f = _floats(v)
    return [int(x) for x in f] if f is not None and np.all(np.isfinite(f)) else None


HEADER_MAGIC = "ENVI"
_ENVI_FIELD = re.compile(r"^\s*[A-Za-z][A-Za-z0-9 _]*=")  # a header line that starts a field 'name = ...'
#: list fields whose items may hold text with '=' (a band named 'a = b', map info's 'units=Meters' on a wrapped
#: line): no next field
_TEXT_LISTS = ("description", "band names", "spectra names", "class names", "coordinate system string", "map info",
               "projection info")


def _header_text(hdr: Path) -> str:
    """The header's text whatever wrote it: a UTF-8 or UTF-16 byte-order mark (Windows editors) is
    dropped, text that is not UTF-8 is read as Latin-1 (a 'µm' or '°' in a description). ``spectral``
    read the file in the locale's encoding and called both "not an ENVI header"."""
    import codecs

    boms = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    try:
        with Path(hdr).open("rb") as f:
            head = f.read(8)
            bom, enc = next(((m, e) for m, e in boms if head.startswith(m)), (b"", None))
            # a large binary file named .hdr is refused on its first bytes, not read whole
            if enc != "utf-16" and not head[len(bom):].lstrip(b" \t").startswith(HEADER_MAGIC.encode()):
                raise DataError(hdr, "not an ENVI header (the first line must be 'ENVI')")
            raw = head + f.read()
    except OSError as exc:
        raise DataError(hdr, f"ENVI header cannot be read ({exc.strerror or exc})") from None
    if enc == "utf-16":
        return raw.decode("utf-16", errors="replace")
    raw = raw[len(bom):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


#: the keys that say where the cube's values lie: one given twice with two values is refused (an edit appended)
LAYOUT_KEYS = ("samples", "lines", "bands", "header offset", "data type", "interleave", "byte order")


def parse_envi_header(hdr: Path) -> dict:
    """An ENVI header as ``spectral.io.envi.read_envi_header`` gives it (lower-case keys, ``{...}``
    values as lists of stripped strings, ``description`` as one string), read by ``_header_text``;
    keys written in another case ('Samples', 'Byte Order') or with runs of spaces are folded without
    ``spectral``'s unnamed warning. A ``{`` never closed is named with its field and line."""
    lines = _header_text(hdr).splitlines()
    if not lines or not lines[0].strip().startswith(HEADER_MAGIC):
        raise DataError(hdr, "not an ENVI header (the first line must be 'ENVI')")
    out: dict = {}
    at: dict[str, int] = {}  # the line each layout key was read from
    i = 1
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith(";") or "=" not in line:
            continue
        key, _, val = line.partition("=")
        key, val = " ".join(key.split()).lower(), val.strip()
        start = i  # the field's line, 1-based
        if not val:  # 'wavelength =' with its '{' on the next line (a writer's line break): that line is its value
            j = next((k for k in range(i, len(lines)) if lines[k].strip() and not lines[k].startswith(";")), None)
            if j is not None and lines[j].strip().startswith("{"):
                val, i = lines[j].strip(), j + 1
        if not val.startswith("{"):
            # the later one was read alone, unsaid; one value in two cases is one ('bil', 'BIL': interleave is read in
            # any case, and was refused as given twice)
            if key in LAYOUT_KEYS and key in out and out[key].lower() != val.lower():
                raise DataError(hdr, f"ENVI header: {key} is given twice, {out[key]} (line {at[key]}) and {val} "
                                     f"(line {i}): which is meant cannot be told; delete the wrong one")
            out[key], at[key] = val, i
            continue
        while not val.endswith("}"):
            if i == len(lines):
                raise DataError(hdr, f"ENVI header: the '{{' of field '{key}' (line {start}) is never closed "
                                     f"(no '}}' before the end of the file)")
            more = lines[i]
            i += 1
            # a line 'name = ...' inside a list of numbers is the next field: the '{' was left open (a hand-edited
            # header), and the fields it ran into (wavelength units, reflectance scale factor ...) were its values
            if key not in _TEXT_LISTS and _ENVI_FIELD.match(more):
                raise DataError(hdr, f"ENVI header: the '{{' of field '{key}' (line {start}) is not closed before "
                                     f"line {i}, the next field ({one_line(more.strip(), 40)}): add its '}}'")
            if not more.startswith(";") and more.strip():
                val += "\n" + more.strip()
        if key == "description":
            out[key] = val.strip("{}").strip()
            continue
        items = [v.strip() for v in val[1:-1].split(",")]
        if len(items) > 1 and not items[-1]:  # '{450, 550,}': a writer's trailing comma ends the list, no item
            items.pop()
        out[key] = items
    return out


def read_envi_header(hdr: Path) -> dict:
    h = parse_envi_header(hdr)
    missing = [k for k in REQUIRED if k not in h]
    if missing:
        raise DataError(hdr, f"ENVI header lacks {', '.join(missing)}")
    for k in ("samples", "lines", "bands"):
        try:
            if int(h[k]) <= 0:
                raise ValueError
        except (TypeError, ValueError):  # text, or a {list}
            raise DataError(hdr, f"ENVI header: {k} = {h[k]!r} is not a positive integer") from None
    if str(h["interleave"]).lower() not in ("bil", "bip", "bsq"):
        raise DataError(hdr, f"ENVI header: interleave = {h['interleave']!r} (expected bil, bip or bsq)")
    if "reflectance scale factor" in h:  # every value is divided by it: 0 or text cannot be meant
        sf = _floats(h["reflectance scale factor"])
        if sf is None or len(sf) != 1 or not (np.isfinite(sf[0]) and sf[0] > 0):
            raise DataError(hdr, f"ENVI header: reflectance scale factor = {h['reflectance scale factor']!r} "
                                 f"is not a positive number")
    return h


def envi_memmap(data: Path, dtype: np.dtype, offset: int, interleave: str, lines: int, samples: int,
                bands: int) -> np.ndarray:
    """The data file as a read-only (lines, samples, bands) view of one memory map, whatever its
    interleave (any case): nothing is read or copied."""
    shape = {"bsq": (bands, lines, samples), "bil": (lines, bands, samples), "bip": (lines, samples, bands)}
    k = str(interleave).strip().lower()
    raw = np.memmap(data, dtype=dtype, mode="r", offset=offset, shape=shape[k])
    return {"bsq": lambda: raw.transpose(1, 2, 0), "bil": lambda: raw.transpose(0, 2, 1), "bip": lambda: raw}[k]()


def envi_data(hdr: Path, h: dict) -> tuple[Path, np.dtype, int, str, list[str]]:
    """The data file of header ``hdr`` (read as ``h``), its type, header offset and byte order ('<' /
    '>'), and notes for ``meta["warnings"]``, after every check that needs no more than a ``stat``
    (type, offset, byte order, size): a frame folder checks each frame's file so on open."""
    from spectral.io import envi

    data = find_data_file(hdr)
    if data is None:
        raise DataError(hdr, f"no ENVI data file beside the header (looked for {hdr.stem} with "
                             f"{', '.join(e or 'no extension' for e in DATA_EXTS)})")
    try:
        dtype = np.dtype(envi.envi_to_dtype[str(h["data type"])])
    except KeyError:
        raise DataError(hdr, f"ENVI header: unsupported data type {h['data type']!r}") from None
    if dtype.kind == "c":
        raise DataError(hdr, f"ENVI header: data type = {h['data type']} ({dtype.name}) holds complex numbers, "
                             f"not image values; convert the cube to a real type (e.g. 4, float32)")
    samples, lines, bands = int(h["samples"]), int(h["lines"]), int(h["bands"])
    try:
        offset = int(h.get("header offset", 0) or 0)
    except (TypeError, ValueError):  # TypeError: a list, header offset = {1, 2}
        raise DataError(hdr, f"ENVI header: header offset = {h['header offset']!r} is not an integer") from None
    if offset < 0:  # was read as a size: "... int16 after a -10-byte offset = 3959990 bytes"
        raise DataError(hdr, f"ENVI header: header offset = {offset} is negative (the bytes before the data: 0 or more)")
    bo = str(h.get("byte order", "")).strip()
    if bo and bo not in ("0", "1"):
        raise DataError(hdr, f"ENVI header: byte order = {bo!r} (expected 0, little-endian, or 1, big-endian)")
    order = ">" if bo == "1" else "<"
    # no byte order (some writers leave it out): little-endian, as GDAL reads it; said for multi-byte types
    notes = [f"{hdr}: ENVI header has no byte order; read as 0 (little-endian)"] if not bo and dtype.itemsize > 1 else []
    if "spectral library" in str(h.get("file type", "")).lower():
        raise DataError(hdr, f"ENVI header: file type = {h['file type']}: a table of spectra, not an image cube")
    for key in ("major frame offsets", "minor frame offsets"):
        if key in h and any(v != 0 for v in (_ints(h[key]) or [1])):
            raise DataError(hdr, f"ENVI header: {key} = {h[key]!r}: frame offsets are not supported")
    expected = offset + samples * lines * bands * dtype.itemsize
    actual = data.stat().st_size
    if actual != expected:
        raise DataError(data, f"data file has {actual} bytes but the header {hdr.name} says {lines} lines x "
                              f"{samples} samples x {bands} bands of {dtype.name}"
                              f"{f' after a {offset}-byte offset' if offset else ''} = {expected} bytes")
    return data, dtype, offset, order, notes


def open_envi(hdr: Path) -> Sequence:
    hdr = Path(hdr)
    h = read_envi_header(hdr)
    data, dtype, offset, order, notes = envi_data(hdr, h)
    samples, lines, bands = int(h["samples"]), int(h["lines"]), int(h["bands"])
    # 32- / 64-bit integers: the trackers' OpenCV crops refuse them (an assertion deep in a run), so
    # frames are read as float32, as a float cube would be
    cast = np.float32 if dtype.name not in PIXEL_DTYPES else None
    # mapped here, not by spectral's envi.open: it takes only 'bil' / 'BIL' and 'bip' / 'BIP' as
    # themselves and reads any other spelling ('Bil', 'Bip') as BSQ, a silently scrambled cube
    try:
        cube = envi_memmap(data, dtype.newbyteorder(order), offset, h["interleave"], lines, samples, bands)
    except (OSError, ValueError) as exc:
        raise DataError(data, f"ENVI data file cannot be mapped: {exc}") from None
    n_frames = 1
    video = "frames" in h  # our video header, even of one frame (a still cube has no such field)
    if video:
        try:
            n_frames = int(h["frames"])
        except ValueError:
            raise DataError(hdr, f"ENVI header: frames = {h['frames']!r} is not an integer") from None
        if n_frames < 1 or lines % n_frames:
            raise DataError(hdr, f"ENVI header: {lines} lines cannot hold frames = {n_frames} equal frames")
        # splitting the lines axis is a view whatever the interleave: nothing is read or copied
        cube = cube.reshape(n_frames, lines // n_frames, samples, bands)
    wl = _finite_floats(h.get("wavelength"))
    meta = {
        "layout": NAME, "format": "envi", "header": str(hdr), "data_file": str(data),
        "interleave": str(h["interleave"]).lower(), "wavelengths": wl,
        "wavelength_units": h.get("wavelength units"),
        "scale_factor": float(h.get("reflectance scale factor", 1.0) or 1.0),
        "fwhm": _finite_floats(h.get("fwhm")), "band_names": h.get("band names"),
        "default_bands": _ints(h.get("default bands")),
        "description": h.get("description"), "envi_header": dict(h),
    }
    if wl is not None and len(wl) != bands:
        notes.append(f"{hdr}: {len(wl)} wavelengths for {bands} bands")
    no_data = None
    if "data ignore value" in h:
        no_data = _no_data_value(h["data ignore value"])
        if no_data is None:
            notes.append(f"{hdr}: ENVI header: data ignore value = {one_line(str(h['data ignore value']), 40)} "
                         f"is not a number; ignored")
        else:
            meta["no_data"] = no_data
    if notes:
        meta["warnings"] = notes
    for key, got in (("wavelength", wl), ("fwhm", meta["fwhm"])):
        if key in h and got is None:
            meta["warnings"] = list(meta.get("warnings", [])) + [
                f"{hdr}: ENVI header: {key} is not a list of numbers ({one_line(str(h[key]), 40)}); ignored"]
    keep, bbl_note = _good_bands(h, bands)
    if bbl_note:
        meta["warnings"] = list(meta.get("warnings", [])) + [f"{hdr}: ENVI header: {bbl_note}"]
    if keep is not None:
        meta.update(bad_bands=[int(k) for k in np.setdiff1d(np.arange(bands), keep)], file_bands=bands)
        for key in ("wavelengths", "fwhm", "band_names"):
            if meta[key] is not None and len(meta[key]) == bands:
                meta[key] = np.asarray(meta[key])[keep] if key != "band_names" else [meta[key][k] for k in keep]
        if meta["default_bands"] is not None:  # 1-based file band numbers -> 1-based numbers of the bands kept
            new = {int(k) + 1: n + 1 for n, k in enumerate(keep)}
            meta["default_bands"] = [new[b] for b in meta["default_bands"] if b in new] or None
    calib = _calibration_meta(hdr, h, bands, keep, meta)
    doubt = interleave_doubt(data, dtype, h, offset, lines, samples, bands)
    if doubt:
        meta["warnings"] = list(meta.get("warnings", [])) + [f"{hdr}: {doubt}"]
    gt = None
    if video:
        meta["frames"] = n_frames
        gt_path = _gt_beside(hdr.parent, hdr.stem)
        if gt_path is not None:
            from workbench.core.data.groundtruth import read_boxes

            gt = read_boxes(gt_path, expect_rows=n_frames)
            meta["groundtruth_file"] = str(gt_path)
            _box_warnings(meta, gt, gt_path, cube.shape)
    if cast is not None or calib is not None:
        meta["file_dtype"] = dtype.name
    frames = MemmapFrames(cube, video=video, where=str(data), cast=cast, no_data=no_data, bands=keep, calib=calib)
    return Sequence(name=hdr.stem, frames=frames, modality="hsi", groundtruth=gt, path=hdr, meta=meta)


def _calibration_meta(hdr: Path, h: dict, bands: int, keep, meta: dict):
    """The (gain, offset) of the bands read (``keep``: a bbl's good ones) from ``envi_calibration``, or
    None; ``meta`` gets ``data_gain`` / ``data_offset`` (per band read) and the warnings. The
    ``reflectance scale factor`` describes the stored values: once they are calibrated it no longer
    applies to the frames, so ``meta["scale_factor"]`` is 1 and the header's stays in ``envi_header``
    (a reader dividing the frames by it would scale them twice)."""
    calib, notes = envi_calibration(h, bands)
    warn = [f"{hdr}: {n}" for n in notes]
    if calib is not None:
        gain, offset = calib if keep is None else (calib[0][keep], calib[1][keep])
        calib = (gain, offset)
        meta.update(data_gain=gain.tolist(), data_offset=offset.tolist())
        if meta.get("scale_factor", 1.0) != 1.0:
            warn.append(f"{hdr}: ENVI header: reflectance scale factor = {meta['scale_factor']:g} describes the "
                        f"stored values; the frames are calibrated by the data gain and offset values, so it is "
                        f"not applied to them (scale factor 1)")
            meta["scale_factor"] = 1.0
    if warn:
        meta["warnings"] = list(meta.get("warnings", [])) + warn
    return calib


def _good_bands(h: dict, bands: int) -> tuple[np.ndarray | None, str | None]:
    """The band indices an ENVI ``bbl`` (bad band list: 1 good, 0 bad, one per band) keeps, or None
    for all, and what to tell the user. Bad bands (water-vapour absorption, dead detector rows) are
    noise or constant: left in, they enter the false colour, the trackers' input and its scale."""
    if "bbl" not in h:
        return None, None
    f = _floats(h["bbl"])
    if f is None or len(f) != bands or not np.isin(f, (0, 1)).all():
        shown = one_line(str(h["bbl"]), 40)
        return None, (f"bbl = {shown} is not {bands} values of 0 (bad) or 1 (good), one per band; ignored")
    bad = np.flatnonzero(f == 0)
    if len(bad) == 0:
        return None, None
    if len(bad) == bands:
        return None, "bbl marks every band bad; all are kept"
    listed = ", ".join(str(b + 1) for b in bad[:12]) + (", ..." if len(bad) > 12 else "")
    return np.flatnonzero(f != 0), (f"bbl marks {len(bad)} of {bands} bands bad (band {listed}, counted from 1); "
                                    f"left out, {bands - len(bad)} bands read")


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    """The correlation of two equal-shaped float arrays of finite values (0 when either is constant)."""
    a, b = a - a.mean(), b - b.mean()
    d = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / d) if d > 0 else 0.0


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    """``_pearson`` over the pairs where both values are finite."""
    a = a.astype(np.float64).ravel()
    b = b.astype(np.float64).ravel()
    ok = np.isfinite(a) & np.isfinite(b)
    return _pearson(a[ok], b[ok]) if ok.any() else 0.0


def _smoothness(c: np.ndarray) -> float:
    """The weakest of the neighbour correlations along samples, lines and bands of a (L, S, B) window."""
    c = np.asarray(c, dtype=np.float64)
    if not np.isfinite(c).all():  # each pair of neighbours' own finite values
        return min(_corr(c[:, :-1], c[:, 1:]), _corr(c[:-1], c[1:]), _corr(c[..., :-1], c[..., 1:]))
    # all finite (real cubes): a third of the numpy calls. Opening a cube runs this on the GUI thread,
    # and while a worker runs Python each numpy call waits to get the interpreter lock back (0.19-0.21 s
    # opening Jasper Ridge during the window's start-up torch import)
    return min(_pearson(c[:, :-1], c[:, 1:]), _pearson(c[:-1], c[1:]), _pearson(c[..., :-1], c[..., 1:]))


def interleave_doubt(data: Path, dtype: np.dtype, h: dict, offset: int, lines: int, samples: int,
                     bands: int) -> str | None:
    """A warning when the header reads the data as noise while another interleave, byte order or
    signedness (``int16`` / ``uint16`` ...), or ``samples`` and ``lines`` swapped (a still cube: the same
    byte count, a sheared image), reads it as an image, naming the header fields to check.

    Real cubes are smooth along samples, lines and bands at once; read in the wrong order, at least
    one of those neighbour correlations collapses (bip data read as bsq: about -0.3 against 0.97 on
    Jasper Ridge; its int16 read big-endian 0.34, or as uint16 0.16). Only a clear verdict warns
    (declared under 0.5, another over 0.8): a close call, or data that is noise or a ramp under every
    reading, says nothing. A 32 x 32 x 64 window of the memory map, so the cost does not grow with the cube.
    """
    if min(lines, samples, bands) < 3:
        return None
    from spectral.io.envi import dtype_to_envi

    declared = str(h["interleave"]).lower()
    order = ">" if str(h.get("byte order", "0")).strip() == "1" else "<"
    orders = (order, "<" if order == ">" else ">") if dtype.itemsize > 1 else (order,)
    types = (dtype,)
    if dtype.kind in "iu" and dtype.itemsize > 1:  # the same bytes as the other signedness
        types += (np.dtype(f"{'u' if dtype.kind == 'i' else 'i'}{dtype.itemsize}"),)

    def smoothness(interleave: str, o: str, t: np.dtype, swap: bool = False) -> float:
        ln, sm = (samples, lines) if swap else (lines, samples)
        view = envi_memmap(data, t.newbyteorder(o), offset, interleave, ln, sm, bands)
        with np.errstate(all="ignore"):  # NaN (a float cube in the wrong byte order overflows) counts as noise
            return float(np.nan_to_num(_smoothness(np.asarray(view[:32, :32, :64]))))

    now = (declared, order, dtype, False)
    swaps = (False, True) if lines != samples and "frames" not in h else (False,)
    try:
        score = {now: smoothness(*now)}
        if score[now] >= 0.5:  # the header reads an image (or a close call): unless its records end elsewhere
            return _record_doubt(data, dtype.newbyteorder(order), offset, declared, samples, bands, score[now],
                                 lambda k: smoothness(k, order, dtype))
        score.update({(k, o, t, w): smoothness(k, o, t, w) for k in ("bsq", "bil", "bip") for o in orders
                      for t in types for w in swaps})
    except (OSError, ValueError):
        return None
    best = max(score, key=score.get)
    if best == now or score[best] <= 0.8:
        return None
    checks = [("interleave", declared, best[0]), ("byte order", int(order == ">"), int(best[1] == ">")),
              ("data type", f"{h['data type']} ({dtype.name})", f"{dtype_to_envi[best[2].char]} ({best[2].name})")]
    wrong = [(k, a, b) for (k, a, b), x, y in zip(checks, now, best) if x != y]
    if best[3]:
        wrong += [("samples", samples, lines), ("lines", lines, samples)]
    return (f"{', '.join(f'{k} = {a}' for k, a, _ in wrong)} look{'s' if len(wrong) == 1 else ''} wrong: the cube "
            f"reads as noise (neighbour correlation {score[now]:.2f}), as an image with "
            f"{', '.join(f'{k} = {b}' for k, _, b in wrong)} ({score[best]:.2f})")


#: how many values of an ENVI file ``_edge_jumps`` reads (the first ones): 128-512 KB, 2-4 ms
EDGE_VALUES = 1 << 16


def _edge_jumps(data: Path, dtype: np.dtype, offset: int, samples: int, bands: int) -> tuple[float, float]:
    """(rows, pixels): how many times larger the steps between neighbouring values of the file are where a row of one
    band ends but no pixel's spectrum does (every ``samples`` values: a BIL or BSQ file) and where a pixel's spectrum
    ends but no row does (every ``bands`` values: BIP), than the other steps (mean absolute difference); NaN where no
    step is of that kind (``bands`` a multiple of ``samples``, or the reverse). Each layout jumps at its own records'
    ends (the last band to the first, the end of a row to the start of the next), and is smooth elsewhere."""
    size = max(0, (data.stat().st_size - offset) // dtype.itemsize)
    x = np.memmap(data, dtype, "r", offset, (min(size, EDGE_VALUES),))
    with np.errstate(all="ignore"):
        d = np.abs(np.diff(np.asarray(x, dtype=np.float64)))
    i = np.arange(len(d))
    row, pixel, ok = i % samples == samples - 1, i % bands == bands - 1, np.isfinite(d)
    base = d[ok & ~row & ~pixel].mean() if (ok & ~row & ~pixel).any() else 0.0
    if not base > 0:
        return float("nan"), float("nan")

    def ratio(at: np.ndarray) -> float:
        return float(d[ok & at].mean() / base) if (ok & at).any() else float("nan")

    return ratio(row & ~pixel), ratio(pixel & ~row)


#: ``_record_doubt``: a layout's record ends jump at least this much (measured: 3.8-25 on generated BIL / BSQ cubes of
#: seven shapes and Jasper Ridge's rows, 3.8-38 on their spectra read as BIP), where the declared layout's do not
#: jump past the other bound (0.5-1.2 in those, 2.9 where a row end fell on AVIRIS's detector joins: not used there)
EDGE_JUMP, NO_JUMP = 4.0, 1.5


def _record_doubt(data: Path, dtype: np.dtype, offset: int, declared: str, samples: int, bands: int, now: float,
                  smoothness) -> str | None:
    """A warning when a cube whose declared interleave reads smooth (``now``) has its values jump where the other
    layout's records end and not where its own do: BIL read as BIP with ``bands`` near a multiple of ``samples``
    (Jasper Ridge's 198 bands, 100 samples: 0.93 against 0.97) reads nearly as smooth, each step landing near a true
    neighbour. Only a clear verdict: the steps' test (``_edge_jumps``, ``EDGE_JUMP`` / ``NO_JUMP``) and the other
    reading smoother (``smoothness(interleave)``), over 0.8."""
    try:
        rows, pixels = _edge_jumps(data, dtype, offset, samples, bands)
    except (OSError, ValueError):
        return None
    if declared == "bip":  # rows end (every `samples` values) with a jump, spectra (every `bands`) without
        wrong, others, size, what = rows >= EDGE_JUMP and not pixels >= NO_JUMP, ("bil", "bsq"), samples, "a row"
    else:
        wrong, others, size, what = pixels >= EDGE_JUMP and rows < NO_JUMP, ("bip",), bands, "a spectrum"
    if not wrong:
        return None
    alt = max(others, key=smoothness)
    better = smoothness(alt)
    if better <= max(0.8, now):
        return None
    return (f"interleave = {declared} looks wrong: the values jump every {size} (where {what} ends under "
            f"interleave = {alt}) and not where {declared}'s records end; it reads as an image with interleave = {alt} "
            f"(neighbour correlation {better:.2f}, {now:.2f} as {declared})")


class EnviFrames:
    """One ENVI file per frame, each memory-mapped when first read (a few frames kept: at most ``keep``, and
    past two at most ``frame_budget`` bytes of those read into memory, a cast, calibrated or band-selected
    frame being a copy: 8 of a 1024x1024x224 float32 cube were 7.5 GB). Every frame is
    read with the folder's band selection (``bands``: frame 1's ``bbl``) and no-data value (frame 1's
    ``data ignore value``), whatever its own header says: frames of one sequence keep one band count
    and one fill (each frame's own ``bbl`` gave a frame of other bands, refused mid-run)."""

    def __init__(self, headers: list[Path], keep: int = 8, bands=None, no_data=None, calib=None):
        self.headers = headers
        from workbench.core.data.frame_budget import BoundedFrames

        self._open = BoundedFrames(keep)
        self._bands = bands
        self._no_data = no_data
        self._calib = calib  # frame 1's (gain, offset) of the bands kept, or None
        self._lock = threading.Lock()
        self._finite = FiniteFrames(str(Path(headers[0]).parent) if headers else "ENVI frames",
                                    quiet=no_data is not None and np.isnan(no_data))

    def __len__(self) -> int:
        return len(self.headers)

    def _map(self, i: int) -> np.ndarray:
        hdr = self.headers[i]
        h = read_envi_header(hdr)
        data, dtype, offset, order, _ = envi_data(hdr, h)
        try:
            cube = envi_memmap(data, dtype.newbyteorder(order), offset, h["interleave"], int(h["lines"]),
                               int(h["samples"]), int(h["bands"]))
        except (OSError, ValueError) as exc:
            raise DataError(data, f"ENVI data file cannot be mapped: {exc}") from None
        # as ``open_envi`` reads it, with frame 1's bands and fill
        return envi_frame(np.asarray(cube), self._bands, np.float32 if dtype.name not in PIXEL_DTYPES else None,
                          self._no_data, self._calib)

    def read(self, i: int) -> np.ndarray:
        if not 0 <= i < len(self):
            raise IndexError(f"frame {i} out of range ({len(self)} frames)")
        with self._lock:
            a = self._open.get(i)
            if a is None:  # kept repaired: a cached frame is not checked again on every read
                a = self._finite(self._map(i), i)
                self._open.put(i, a)
        return np.asarray(a)


def open_envi_folder(folder: Path) -> Sequence:
    """A folder of numbered ENVI frames as one sequence (frame 1's header gives the metadata)."""
    folder = Path(folder)
    hdrs = envi_frame_headers(folder)
    if not hdrs:
        raise DataError(folder, "no numbered ENVI frames (frame0001.hdr, frame0002.hdr, ...) in this folder")
    first = open_envi(hdrs[0])
    h0 = read_envi_header(hdrs[0])
    shape = (int(h0["lines"]), int(h0["samples"]), int(h0["bands"]))  # the file's (a bbl may leave bands out)
    keep = _good_bands(h0, shape[2])[0]
    no_data = first.meta.get("no_data")
    calib0 = envi_calibration(h0, shape[2])[0]  # the file's bands, compared with each frame's
    calib = None if calib0 is None else (calib0 if keep is None else (calib0[0][keep], calib0[1][keep]))
    other = []  # frames whose header gives another bbl, data ignore value or calibration than frame 1's
    other_wl = []  # frames whose header lists other wavelengths (or none, or frame 1 none)
    dtype0 = envi_data(hdrs[0], h0)[1]
    wl0 = _finite_floats(h0.get("wavelength"))
    # every frame must be the same size and type: headers are tiny, check them all now rather than mid-run
    for h in hdrs[1:]:
        hh = read_envi_header(h)
        got = (int(hh["lines"]), int(hh["samples"]), int(hh["bands"]))
        if got != shape:
            raise DataError(h, f"frame is {got[0]}x{got[1]}x{got[2]} (lines x samples x bands) but "
                               f"{hdrs[0].name} is {shape[0]}x{shape[1]}x{shape[2]}")
        dtype = envi_data(h, hh)[1]  # its data file there and as large as its header says (a stat): not mid-run
        if dtype != dtype0:  # frames of one sequence have one pixel type (image folders refuse a mix too)
            raise DataError(h, f"frame is {dtype.name} (data type = {hh['data type']}) but {hdrs[0].name} is "
                               f"{dtype0.name} (data type = {h0['data type']}): every frame of a sequence must "
                               "have one data type")
        k = _good_bands(hh, shape[2])[0]
        nd = _no_data_value(hh["data ignore value"]) if "data ignore value" in hh else None
        cal = envi_calibration(hh, shape[2])[0]
        if not _same_values(k, keep) or not _same_values(nd, no_data) or not _same_values(cal, calib0):
            other.append(h.name)
        wl = _finite_floats(hh.get("wavelength"))
        if not _same_values(wl, wl0) and not (wl is not None and wl0 is not None and wl.shape == wl0.shape
                                              and np.allclose(wl, wl0, rtol=0, atol=1e-6 * np.abs(wl0).max())):
            other_wl.append(h.name)
    gt = None
    meta = dict(first.meta, format="envi-frames", frames=len(hdrs), header=str(hdrs[0]))
    if other:
        meta["warnings"] = list(meta.get("warnings") or []) + [
            f"{folder}: {len(other)} frame header(s) ({other[0]}{', ...' if len(other) > 1 else ''}) give another "
            f"bbl, data ignore value or data gain / offset values than {hdrs[0].name}; {hdrs[0].name}'s is used "
            f"for every frame"]
    if other_wl:
        meta["warnings"] = list(meta.get("warnings") or []) + [
            f"{folder}: {len(other_wl)} frame header(s) ({other_wl[0]}{', ...' if len(other_wl) > 1 else ''}) list "
            f"other wavelengths than {hdrs[0].name}; {hdrs[0].name}'s are used for every frame"]
    gt_path = _gt_beside(folder)
    if gt_path is not None:
        from workbench.core.data.groundtruth import read_boxes

        gt = read_boxes(gt_path, expect_rows=len(hdrs), numbered=hdrs)
        meta["groundtruth_file"] = str(gt_path)
        _box_warnings(meta, gt, gt_path, shape)
    return Sequence(name=folder.name, frames=EnviFrames(hdrs, bands=keep, no_data=no_data, calib=calib), modality="hsi",
                    groundtruth=gt, path=folder, meta=meta)


def _same_values(a, b) -> bool:
    """Whether two optional values (None, a number, an index array) are the same; NaN equals NaN."""
    if a is None or b is None:
        return a is None and b is None
    return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=np.asarray(a).dtype.kind == "f"))


# --- HDF5 ---------------------------------------------------------------------------------
class H5Frames:
    """Frames of a dataset in an open HDF5 file (3-D: one cube; 4-D: frame i = dset[i])."""

    def __init__(self, file, dset, path: Path | None = None, cast=None, band_axis: int = -1, no_data=None,
                 packing: "H5Packing | None" = None):
        self._file = file  # kept open for the sequence's lifetime
        self._d = dset
        self._cast = cast  # the dtype frames are read as (None: the file's own)
        self._band_axis = band_axis  # of a frame (H, W, B): -1; bands first (B, H, W): 0; BIL (H, B, W): 1
        # what makes stored values image values: fills / valid range masked, CF scale_factor / add_offset
        self._packing = packing if packing is not None else H5Packing(fills=(no_data,) if no_data is not None else ())
        self._lock = threading.Lock()
        self._finite = FiniteFrames(f"{path or file.filename}, dataset '{dset.name}'",
                                    quiet=any(np.isnan(v) for v in self._packing.fills))

    def __len__(self) -> int:
        return self._d.shape[0] if self._d.ndim == 4 else 1

    def read(self, i: int) -> np.ndarray:
        if not 0 <= i < len(self):
            raise IndexError(f"frame {i} out of range ({len(self)} frames)")
        with self._lock:
            try:
                a = self._d[i] if self._d.ndim == 4 else self._d[()]
            except (OSError, RuntimeError, KeyError, ValueError) as exc:  # h5py's words for a damaged chunk
                raise DataError(self._file.filename, f"frame {i} of dataset '{self._d.name}' cannot be read "
                                                     f"({exc})") from None
        if not a.dtype.isnative:  # a big-endian dataset: h5py reads it so, torch.from_numpy refuses it
            a = a.astype(a.dtype.newbyteorder("="))
        if self._band_axis != -1:
            a = np.ascontiguousarray(np.moveaxis(a, self._band_axis, -1))
        return self._finite(self._packing(a, self._cast), i)

    def close(self) -> None:
        self._file.close()


def split_dataset_path(path) -> tuple[Path, str | None]:
    """(the file, the dataset) of ``file.h5:/group/dataset``, one dataset of an HDF5 file named as ``meta['dataset']``
    names it (an absolute HDF5 name after the colon); ``(path, None)`` for any other path, and for a file whose own
    name holds such a colon."""
    s = str(path)
    m = re.fullmatch(r"(.+\.(?:h5|hdf5|he5|nc|nc4)):(/.*)", s, re.I)
    if m is None or Path(s).exists():
        return Path(path), None
    return Path(m.group(1)), m.group(2)


class DatasetTie(DataError):
    """An HDF5 file whose largest cube-shaped datasets are of one size: which is the cube cannot be told.
    ``datasets``: their names and shapes (``[(name, "4x16x16x5"), ...]``), for a chooser (the window's) to open one
    as ``FILE.h5:/name``."""

    datasets: tuple = ()


def dataset_sequence_name(base: str, dataset: str) -> str:
    """The sequence name of one dataset of an HDF5 file opened as ``FILE.h5:/group/name``: the file's (its 'name'
    attribute or its stem) and the dataset's path, '/' as '_' (``two_small``, ``two_g_b``). Named as the file alone,
    its runs went to ``<stem>.txt`` and replaced those of the dataset the file opens by default. A path with a '_' of
    its own has each '_' doubled and each '/' as '_-' (``/g_small`` -> ``two_g__small``, ``/a/b_c`` ->
    ``two_a_-b__c``): '/' as '_' alone named ``/g/small`` and ``/g_small`` both ``two_g_small``, one's runs saved
    over the other's. Two paths of one file never share a name: one without '_' never holds '__'; one with, read
    left to right, says which '_' was a '/'. A name that would end in '_time' gets one more '_' (``/time`` ->
    ``two_time_``): ``two_time.txt`` is the times file of the file's default sequence ``two`` (the OTB layout's
    ``<name>_time.txt``), and the two runs saved in one folder wrote one file."""
    parts = [p for p in str(dataset).split("/") if p]  # as HDF5 reads it: '/g//small/' is '/g/small'
    if not any("_" in p for p in parts):
        name = f"{base}_{'_'.join(parts)}"
    else:
        name = f"{base}_{'_-'.join(p.replace('_', '__') for p in parts)}"
    return name + "_" if name.endswith("_time") else name


def _cube_datasets(f) -> list | None:
    """Every 3-D / 4-D numeric dataset of ``f`` (None: its object tree cannot be walked, a damaged file)."""
    import h5py

    found = []
    try:
        f.visititems(lambda n, o: found.append(o) if isinstance(o, h5py.Dataset) and o.ndim in (3, 4)
                     and np.issubdtype(o.dtype, np.number) else None)
    except (RuntimeError, OSError, KeyError):
        return None
    return found


def _shape_said(d) -> str:
    return f"'{d.name}' {'x'.join(map(str, d.shape))}"


def _pick_dataset(f, want: str | None = None, path: Path | None = None):
    """(the cube's dataset, how it was picked: 'asked', 'named', 'largest'; the other cube-shaped datasets, flags
    left out, none where it was asked for). ``want``: the dataset the user named (``file.h5:/name``), refused naming the cube-shaped ones when it
    is not one of them."""
    import h5py

    found = _cube_datasets(f)
    if want is not None:
        d = f.get(want)
        if not (isinstance(d, h5py.Dataset) and d.ndim in (3, 4)):
            link = f.get(want, getlink=True) if d is None else None  # (a link that leads nowhere: was "no such")
            what = (f"a link to '{link.path}' in {link.filename}, which cannot be opened (not copied beside this "
                    "file?)" if isinstance(link, h5py.ExternalLink) else
                    f"a link to '{link.path}', which is not in the file" if isinstance(link, h5py.SoftLink) else
                    "no such dataset in this file" if d is None else
                    f"a {d.ndim}-D dataset, not a 3-D / 4-D cube" if isinstance(d, h5py.Dataset) else "a group")
            names = ", ".join(_shape_said(o) for o in found or []) or "none"
            raise DataError(path, f"'{want}': {what}; its cube-shaped datasets: {names}")
        return d, "asked", []  # (the others are not said again: this one was asked for)
    for name in H5_NAMES:
        d = f.get(name)
        if isinstance(d, h5py.Dataset) and d.ndim in (3, 4):
            return d, "named", [o for o in found or [] if o.name != d.name and not _is_flags(o)]
    if not found:
        return None, None, []
    # not flags (PACE OCI L1B's qual_red is rhot_red's size and comes first by name), then the largest
    d = max(found, key=lambda o: (not _is_flags(o), o.size))
    return d, "largest", [o for o in found if o.name != d.name and not _is_flags(o)]


def _other_datasets(path: Path, dset, how: str, others: list, parts, notes: list) -> list[str]:
    """What is said of the cube-shaped datasets not opened (``_pick_dataset``'s ``others``; the band parts read with
    ``dset`` and those ``_band_parts`` named already left out): a warning naming them and how to open one; a
    DataError where ``dset`` was picked as the largest and another is as large (which one is meant cannot be told).
    A file of two such datasets opened the largest without a word."""
    read = {d.name for d, _ in parts or ()}
    said = " ".join(notes)
    others = [o for o in others if o.name not in read and f"'{o.name}'" not in said]
    if not others:
        return []
    if how == "largest":
        tie = [o for o in others if o.size == dset.size]
        if tie:
            names = ", ".join(_shape_said(o) for o in [dset] + tie)
            err = DatasetTie(path, f"holds {len(tie) + 1} cube-shaped datasets of one size, {names}: which is the "
                                   f"cube cannot be told; open one as {path.name}:{dset.name}")
            err.datasets = tuple((o.name, "x".join(map(str, o.shape))) for o in [dset] + tie)
            raise err
    why = {"named": "by its name", "largest": "the largest"}[how]
    names = ", ".join(_shape_said(o) for o in others[:4]) + (f" and {len(others) - 4} more" if len(others) > 4 else "")
    return [f"{path}: opened dataset {_shape_said(dset)} ({why}); the file also holds {names}: open one as "
            f"{path.name}:{others[0].name}"]


def _box_warnings(meta: dict, gt: np.ndarray, where, shape: tuple) -> None:
    """``shape``: (..., H, W, bands) of the cube or video."""
    from workbench.core.data.groundtruth import with_box_warnings

    with_box_warnings(meta, gt, where, shape[-2], shape[-3])


# the pixel types OpenCV's warps and resizes take: the trackers crop hyperspectral frames as they are
PIXEL_DTYPES = ("uint8", "int16", "uint16", "float32", "float64")


def _read_as(dtype: np.dtype):
    """The type frames of ``dtype`` are read as: float32 for 32- and 64-bit integers and for float16
    (the trackers' OpenCV crops refuse them, an assertion deep in a run; ENVI's integers are read so
    too; float16 is how compact HDF5 / netCDF-4 products store reflectance), else None (as stored)."""
    if dtype.kind in "iu" and dtype.itemsize in (4, 8) or dtype.kind == "f" and dtype.itemsize == 2:
        return np.float32
    return None


def _unusable(dset) -> str | None:
    """Why a picked dataset cannot give frames, or None: strings or compound records, or numbers of a
    type the trackers cannot crop (bool, int8: each frame would fail deep in a tracker), or no
    frames at all. 32- and 64-bit integers and float16 are read as float32 (``_read_as``), as ENVI's are."""
    kind = dset.dtype.kind
    if kind not in "biuf":
        what = {"S": "strings", "U": "strings", "O": "strings or objects", "V": "compound records",
                "c": "complex numbers"}.get(kind, f"{dset.dtype} values")
        return f"dataset '{dset.name}' holds {what}, not image values (numbers)"
    if dset.dtype.name not in PIXEL_DTYPES and _read_as(dset.dtype) is None:
        return (f"dataset '{dset.name}' holds {dset.dtype.name} values, which the trackers cannot crop; "
                f"convert it to one of {', '.join(PIXEL_DTYPES)}")
    if dset.size == 0:
        return (f"dataset '{dset.name}' is empty (shape {'x'.join(map(str, dset.shape))}): "
                f"{'no frames' if dset.ndim == 4 and dset.shape[0] == 0 else 'no pixels'}")
    return _virtual_sources_missing(dset)


def _virtual_sources_missing(dset) -> str | None:
    """Why a virtual dataset (HDF5 VDS: its frames kept in other files) cannot be read, or None: a source file not
    copied with it, whose part h5py reads as the fill value without a word (a whole video of zeros tracked)."""
    import os

    try:
        if not dset.is_virtual:
            return None
        names = {m.file_name for m in dset.virtual_sources()}
    except (RuntimeError, OSError, ValueError, AttributeError):
        return None
    here = os.path.dirname(os.path.abspath(dset.file.filename))
    gone = sorted(n for n in names if n != "." and not os.path.exists(n if os.path.isabs(n) else os.path.join(here, n))
                  and not os.path.exists(n))
    if not gone:
        return None
    return (f"dataset '{dset.name}' is a virtual dataset whose data is in {gone[0]}"
            + (f" and {len(gone) - 1} more files" if len(gone) > 1 else "")
            + ", not found beside it: it would read as zeros; copy the data files with it")


def _wavelength_numbers(v) -> np.ndarray | None:
    """Wavelengths from a dataset's or attribute's value: numbers, or text listing numbers ('400, 410',
    '{400 410}', an array of such strings, as some writers store them), else None (metadata only, the
    cube still reads)."""
    import re

    try:
        out = np.asarray(v, dtype=np.float64).ravel()
        return out if np.all(np.isfinite(out)) else None  # NaN / inf: a black false colour, see _finite_floats
    except (TypeError, ValueError):
        pass
    items = np.asarray(v, dtype=object).ravel().tolist()
    text = " ".join(x.decode("utf-8", "replace") if isinstance(x, bytes) else str(x) for x in items)
    parts = [p for p in re.split(r"[\s,;{}\[\]()]+", text) if p]
    try:
        out = np.asarray([float(p) for p in parts], dtype=np.float64)
    except ValueError:
        return None
    return out if out.size and np.all(np.isfinite(out)) else None


def _unread_entry(value, where: str) -> str:
    """``where = 'what it holds'`` (its first 40 characters) of wavelengths found but not numbers, for a warning."""
    items = np.asarray(value, dtype=object).ravel().tolist()
    text = " ".join(x.decode("utf-8", "replace") if isinstance(x, bytes) else str(x) for x in items)
    return f"{where} = {one_line(text, 40)!r}"


def _wavelengths(f, dset, unread: list | None = None) -> tuple[np.ndarray | None, object]:
    """(wavelengths, the dataset they came from, for its units; None for an attribute's), else (None, None):
    a root dataset 'wavelength(s)', the attribute of the cube dataset or the file, a 1-D 'wavelength(s)'
    dataset in the cube's group or below it (``_wavelength_dataset``), or, for a cube at the root, in a
    group directly under it (``_wavelength_in_groups``). One found but not numbers ('blue, red', 'n/a') is
    described in ``unread`` (where it is and what it holds) and gives (None, None)."""
    def read(value, where, source):
        wl = _wavelength_numbers(value)
        if wl is None and unread is not None:
            unread.append(_unread_entry(value, where))
        return (wl, source) if wl is not None else (None, None)

    for key in ("wavelengths", "wavelength"):
        if key in f and hasattr(f[key], "shape"):
            return read(f[key][()], f"dataset '{f[key].name}'", f[key])
    for obj in (dset, f):
        for key in ("wavelengths", "wavelength"):
            if key in obj.attrs:
                owner = f"the file's attribute {key}" if obj is f else f"attribute {key} of dataset '{dset.name}'"
                return read(obj.attrs[key], owner, None)
    near = _wavelength_dataset(dset)
    if near is None and dset.parent.name == "/":
        near = _wavelength_in_groups(f, dset, _plain_wavelength_name)
    return read(near[()], f"dataset '{near.name}'", near) if near is not None else (None, None)


def _wavelength_dataset(dset):
    """A 1-D dataset named 'wavelength(s)' (any case) in the cube dataset's own group or below it
    (NEON AOP: ``<site>/Reflectance/Metadata/Spectral_Data/Wavelength`` beside
    ``<site>/Reflectance/Reflectance_Data``), or None."""
    import h5py

    if dset.parent.name == "/":  # the root's own datasets were looked at; a walk of the file is not wanted
        return None
    found = []

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and obj.ndim == 1 and \
                name.rsplit("/", 1)[-1].lower() in ("wavelength", "wavelengths"):
            found.append(obj)
    try:
        dset.parent.visititems(visit)
    except (RuntimeError, OSError, KeyError):
        return None
    return found[0] if found else None


def _attr(obj, *names, skip=()):
    """The attribute of ``obj`` whose name, lower-cased with spaces as '_', is one of ``names``, as
    (name, value), else (None, None); names in ``skip`` (exact) are passed over."""
    for k in obj.attrs:
        if k not in skip and k.lower().replace(" ", "_") in names:
            return k, obj.attrs[k]
    return None, None


# dataset attributes that name a no-data value (netCDF / CF, GDAL, ENVI's, NEON's words), any case, ' ' or '_'
H5_NO_DATA = ("_fillvalue", "missing_value", "data_ignore_value", "no_data_value", "nodata")


class H5Packing:
    """How the stored values of an HDF5 / netCDF-4 variable become image values, per frame (H, W, B),
    band axis last (the CF conventions, as netCDF4-python and xarray read them):

    - ``fills``: no-data values (``_FillValue``, every value of ``missing_value`` ...), stored units;
    - ``valid``: (min, max), either may be None (``valid_range`` / ``valid_min`` / ``valid_max``), in
      stored units, or in unpacked units when ``valid_unpacked`` (the NUG rule: a range of the
      scale factor's type while the data is packed in a narrower integer is in unpacked units);
    - ``scale`` / ``offset``: value = stored * scale_factor + add_offset, each one number or one per
      band (an array of the band count), read as float32;
    - ``unsigned``: ``_Unsigned = "true"`` on signed integers (netCDF-3 heritage): read as unsigned.

    Samples that are a fill or outside the valid range read as the smallest valid value of their band
    in the frame (``fill_masked``), as an ENVI ``data ignore value`` does."""

    def __init__(self, fills=(), valid=(None, None), valid_unpacked: bool = False, scale=None, offset=None,
                 unsigned: bool = False):
        self.fills = tuple(float(v) for v in fills)
        self.valid = valid
        self.valid_unpacked = valid_unpacked
        self.scale = None if scale is None else np.asarray(scale, np.float32)
        self.offset = None if offset is None else np.asarray(offset, np.float32)
        self.unsigned = unsigned

    @property
    def packed(self) -> bool:
        return self.scale is not None or self.offset is not None

    def _out_of_range(self, a: np.ndarray) -> np.ndarray | None:
        lo, hi = self.valid
        if lo is None and hi is None:
            return None
        with np.errstate(invalid="ignore"):
            bad = (a < lo) if lo is not None else None
            if hi is not None:
                bad = (a > hi) if bad is None else (bad | (a > hi))
        return bad

    def __call__(self, a: np.ndarray, cast=None) -> np.ndarray:
        if self.unsigned and a.dtype.kind == "i":
            a = a.view(a.dtype.str.replace("i", "u"))
        mask = None
        for v in self.fills:
            m = no_data_mask(a, v)
            if m is not None:
                mask = m if mask is None else (mask | m)
        if not self.valid_unpacked:
            m = self._out_of_range(a)
            mask = m if mask is None else (mask if m is None else mask | m)
        if self.packed:
            a = a.astype(np.float32)  # native order, a copy: scaled in place
            if self.scale is not None:
                a *= self.scale
            if self.offset is not None:
                a += self.offset
        elif cast is not None:
            a = a.astype(cast)
        if self.valid_unpacked:
            m = self._out_of_range(a)
            mask = m if mask is None else (mask if m is None else mask | m)
        return fill_masked(a, mask)


def _attr_numbers(v) -> np.ndarray | None:
    """An attribute's value as a float64 vector, or None (text, records)."""
    try:
        a = np.asarray(v.decode() if isinstance(v, bytes) else v, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        return None
    return a if a.size else None


# netCDF-C's default fill values (netcdf.h NC_FILL_*), by the HDF5 dataset's type: what the library
# writes into the parts of a variable never written when the variable has no _FillValue attribute.
# Left out, as netCDF4-python's masking leaves them out: the byte types (NC_FILL_BYTE -127, NC_FILL_UBYTE
# 255; the netCDF docs: 'There should be no default fill values when reading any byte type, signed or
# unsigned, because the byte ranges are too small to assume one of the values should appear as a
# missing value unless a _FillValue attribute is set explicitly': 255 is a uint8 cube's brightest
# value), and the 64-bit integers (NC_FILL_INT64 -9223372036854775806, NC_FILL_UINT64
# 18446744073709551614: fill values are held as float64 here, which cannot hold them exactly).
# int16 -32767, uint16 65535 (a saturated 16-bit count) are masked, as netCDF4-python and ncdump do.
NC_DEFAULT_FILL = {"f4": 9.9692099683868690e+36, "f8": 9.9692099683868690e+36, "i2": -32767.0, "u2": 65535.0,
                   "i4": -2147483647.0, "u4": 4294967295.0}


def _is_netcdf4(f, dset, path: Path | None = None) -> bool:
    """Whether the file is netCDF-4 (HDF5 written through netCDF-C): its root's ``_NCProperties``
    attribute (netCDF-C 4.4.1 on), the ``_Netcdf4Dimid`` / ``_Netcdf4Coordinates`` netCDF-C gives its
    dimension scales and variables, or a ``.nc`` / ``.nc4`` name."""
    if path is not None and Path(path).suffix.lower() in (".nc", ".nc4"):
        return True
    try:
        if "_NCProperties" in f.attrs or "_IsNetcdf4" in f.attrs or "_Netcdf4Coordinates" in dset.attrs:
            return True
        return any("_Netcdf4Dimid" in sc.attrs for i in range(dset.ndim) for sc in _dimension_scales(dset, i))
    except (RuntimeError, OSError, KeyError, ValueError, TypeError):
        return False


def _nc_default_fill(dset) -> float | None:
    """netCDF-C's default fill value of ``dset``'s type (``NC_DEFAULT_FILL``) when the variable is
    filled: None for a variable with ``_NoFill`` set (a true / 1 attribute, or the HDF5 fill time
    'never' netCDF-C gives such a variable) and for the types left out."""
    import h5py

    fill = NC_DEFAULT_FILL.get(dset.dtype.str[1:])
    if fill is None:
        return None
    no_fill = dset.attrs.get("_NoFill")
    if no_fill is not None and _text(no_fill).strip().lower() in ("true", "1", "yes"):
        return None
    try:
        if dset.id.get_create_plist().get_fill_time() == h5py.h5d.FILL_TIME_NEVER:
            return None
    except (RuntimeError, OSError, ValueError, AttributeError):
        pass
    return fill


def _h5_packing(dset, bands: int, where: str, netcdf4: bool = False) -> tuple[H5Packing, list[str], dict]:
    """The dataset's ``H5Packing`` from its attributes, warnings for attributes that cannot be meant, and
    what ``meta`` should say. CF names are exact (``scale_factor``, ``add_offset``, ``valid_range``,
    ``valid_min``, ``valid_max``, ``_Unsigned``): NEON's ``Scale_Factor`` (reflectance x 10000, a
    divisor) is not CF packing and stays ``meta["scale_factor"]``. No-data names as ``H5_NO_DATA``.
    A ``netcdf4`` variable without a ``_FillValue`` attribute holds netCDF-C's default fill value where it
    was never written (``_nc_default_fill``): that value is a fill too (``meta["netcdf_default_fill"]``),
    as netCDF4-python masks it ('filling on, default _FillValue of 9.969209968386869e+36 used'; xarray
    does not, pydata/xarray#2374, and shows 9.97e+36 as data). A ``missing_value`` does not replace it,
    as in netCDF4-python: only a _FillValue changes what netCDF-C writes into unwritten parts."""
    notes: list[str] = []
    meta: dict = {}
    attrs = dset.attrs
    what = f"{where}: dataset '{dset.name}' attribute"
    uns = attrs.get("_Unsigned")
    unsigned = dset.dtype.kind == "i" and str(uns.decode() if isinstance(uns, bytes) else uns).lower() == "true"
    wrap = float(2 ** (8 * dset.dtype.itemsize)) if unsigned else 0.0

    def stored(v: float) -> float:  # a signed attribute value of an _Unsigned variable, as unsigned
        return v + wrap if unsigned and v < 0 else v

    fills: list[float] = []
    for k in attrs:
        if k.lower().replace(" ", "_") not in H5_NO_DATA:
            continue
        got = _attr_numbers(attrs[k])
        if got is None:
            notes.append(f"{what} {k} = {one_line(str(attrs[k]), 40)} is not a number; ignored")
            continue
        fills += [stored(float(v)) for v in got if float(v) not in fills]
    default_fill = None
    if netcdf4 and not any(k.lower() == "_fillvalue" for k in attrs):
        default_fill = _nc_default_fill(dset)
        if default_fill is not None and stored(default_fill) not in fills:
            fills.append(stored(default_fill))
    per_band = {}
    for key in ("scale_factor", "add_offset"):
        if key not in attrs:
            continue
        got = _attr_numbers(attrs[key])
        if got is None or not np.isfinite(got).all() or (key == "scale_factor" and (got == 0).any()):
            notes.append(f"{what} {key} = {one_line(str(attrs[key]), 40)} is not a finite"
                         f"{' non-zero' if key == 'scale_factor' else ''} number; ignored (values read as stored)")
        elif got.size not in (1, bands):
            notes.append(f"{what} {key} has {got.size} values for {bands} bands (expected one, or one per band); "
                         f"ignored (values read as stored)")
        elif not (got == (1.0 if key == "scale_factor" else 0.0)).all():
            per_band[key] = got if got.size > 1 else float(got[0])
    valid_attr = None
    lo = hi = None
    if "valid_range" in attrs:
        got = _attr_numbers(attrs["valid_range"])
        if got is not None and got.size == 2 and unsigned and np.asarray(attrs["valid_range"]).dtype.kind == "i":
            got = np.array([stored(float(v)) for v in got])
        if got is None or got.size != 2 or not got[0] <= got[1]:
            notes.append(f"{what} valid_range = {one_line(str(attrs['valid_range']), 40)} is not two numbers "
                         f"min <= max; ignored")
        else:
            lo, hi, valid_attr = float(got[0]), float(got[1]), attrs["valid_range"]
    for key in ("valid_min", "valid_max"):
        if key in attrs and lo is None and hi is None or key in attrs and "valid_range" not in attrs:
            got = _attr_numbers(attrs[key])
            if got is None or got.size != 1:
                notes.append(f"{what} {key} = {one_line(str(attrs[key]), 40)} is not a number; ignored")
                continue
            if key == "valid_min":
                lo = float(got[0])
            else:
                hi = float(got[0])
            valid_attr = attrs[key]
    valid_unpacked = False
    if valid_attr is not None and per_band and dset.dtype.kind in "iu":
        # NUG: a valid range of a wider (float) type than the packed integers is in unpacked units
        valid_unpacked = np.asarray(valid_attr).dtype.kind == "f"
    if not valid_unpacked and "valid_range" not in attrs:
        lo, hi = (None if lo is None else stored(lo)), (None if hi is None else stored(hi))
    packing = H5Packing(fills=fills, valid=(lo, hi), valid_unpacked=valid_unpacked,
                        scale=per_band.get("scale_factor"), offset=per_band.get("add_offset"), unsigned=unsigned)
    if fills:
        meta["no_data"] = fills[0]
    if default_fill is not None:
        meta["netcdf_default_fill"] = stored(default_fill)
    if lo is not None or hi is not None:
        meta["valid_range"] = (lo, hi)
    if per_band:
        meta["packing"] = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in per_band.items()}
    if unsigned:
        meta["unsigned"] = True
    return packing, notes, meta


# --- which axis holds the bands: what the file says about its axes ----------------------------
# words of dimension names (netCDF-4 dimensions are HDF5 dimension scales: ``dset.dims[i]``), of HDF5
# dimension labels and of axis-order attributes, lower case, by kind; a name is split into words at
# anything not a letter or digit ('number_of_lines', 'pixels_per_line', 'blue_bands', 'wavelength_3d')
_BAND_WORDS = frozenset(("b", "c", "band", "bands", "bnd", "channel", "channels", "wavelength", "wavelengths", "wl",
                         "lambda", "spectral", "spectrum", "spectra", "wavenumber", "wavenumbers"))
_SPACE_WORDS = frozenset(("y", "x", "h", "w", "line", "lines", "row", "rows", "sample", "samples", "col", "cols",
                          "column", "columns", "lat", "lon", "latitude", "longitude", "height", "width", "pixel",
                          "pixels", "scan", "scans", "downtrack", "crosstrack", "along", "across", "track",
                          "northing", "easting"))
_TIME_WORDS = frozenset(("t", "time", "times", "frame", "frames", "epoch"))
# dataset attributes that list the axes' names in order ('bands lines samples', ['y', 'x', 'band'] ...)
_AXES_ATTRS = ("dimensions", "dimension_names", "dimension_order", "axes", "axis_names", "axis_order", "dims",
               "_array_dimensions")
_INTERLEAVE_ATTRS = ("interleave", "data_interleave", "interleave_type")
_INTERLEAVE_AXIS = {"bsq": 0, "bil": 1, "bip": -1}  # the frame's band axis: (B, H, W), (H, B, W), (H, W, B)
_AXES_READ = {(3, 0): "(B, H, W), bands first", (3, 1): "(H, B, W), bands second (BIL: lines, bands, samples)",
              (4, 0): "(T, B, H, W), bands first", (4, 1): "(T, H, B, W), bands second (BIL: lines, bands, samples)"}
NC_DIMENSION_ONLY = "This is a netCDF dimension but not a netCDF variable"  # a scale's NAME: no values of its own


def _axis_kind(name) -> str | None:
    """'band', 'space' or 'time' for an axis name whose words say one kind only, else None."""
    import re

    if not name:
        return None
    kinds = set()
    for w in re.split(r"[^a-z0-9]+", str(name).lower()):
        if w in _BAND_WORDS or "wavelength" in w or w.endswith(("band", "bands")):
            kinds.add("band")
        elif w in _SPACE_WORDS or w.endswith(("lines", "samples", "pixels", "rows", "cols")):
            kinds.add("space")
        elif w in _TIME_WORDS:
            kinds.add("time")
    return kinds.pop() if len(kinds) == 1 else None


def _text(v) -> str:
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)


def _dimension_scales(dset, axis: int) -> list:
    """The datasets attached to ``axis`` of ``dset`` as HDF5 dimension scales (a netCDF-4 variable's
    dimensions), [] when none or when they cannot be read."""
    try:
        dim = dset.dims[axis]
        return [dim[j] for j in range(len(dim))]
    except (RuntimeError, OSError, KeyError, ValueError, TypeError, IndexError):
        return []


def _dimension_names(dset) -> list:
    """Each axis' name as the file gives it: its HDF5 dimension label, else the name of its first
    dimension scale (a netCDF-4 dimension: the scale dataset is named as the dimension), else None."""
    names = []
    for i in range(dset.ndim):
        name = None
        try:
            name = _text(dset.dims[i].label) or None
        except (RuntimeError, OSError, KeyError, ValueError, TypeError):
            pass
        if name is None:
            scales = _dimension_scales(dset, i)
            name = scales[0].name.rsplit("/", 1)[-1] if scales and scales[0].name else None
        names.append(name)
    return names


def _listed_axes(dset) -> tuple[list | None, str | None]:
    """The axis names an attribute of ``dset`` lists in order ('bands lines samples', '(y, x, band)', an
    array of names), with the attribute's name, when it lists one name per axis; else (None, None)."""
    import re

    key, v = _attr(dset, *_AXES_ATTRS)
    if v is None:
        return None, None
    items = np.asarray(v, dtype=object).ravel().tolist()
    names = [w for x in items for w in re.split(r"[\s,;()\[\]{}'\"]+", _text(x)) if w]
    return (names, key) if len(names) == dset.ndim else (None, None)


def _named_band_axis(dset) -> tuple[int | None, str | None, list[str]]:
    """The frame's band axis as the file names it (0: (B, H, W), 1: (H, B, W), -1: (H, W, B)), the
    evidence in words, and notes on names that cannot be read as a hyperspectral cube. Evidence, most
    specific first: the axes' dimension names or labels, an attribute listing the axes' names in order,
    an interleave attribute (BSQ, BIL, BIP). (None, None, notes) when nothing named decides."""
    notes: list[str] = []
    listed, key = _listed_axes(dset)
    for names, attr in ((_dimension_names(dset), None), (listed, key)):
        if not names or not any(names):
            continue
        shown = ", ".join(n or "?" for n in names)
        what = f"its attribute {attr} = ({shown})" if attr else f"its dimensions are named ({shown})"
        kinds = [_axis_kind(n) for n in names]
        if dset.ndim == 4 and kinds[0] == "band":
            notes.append(f"dataset '{dset.name}': {what}: bands on the first axis of a 4-D dataset are not read "
                         f"as such (frames are read along it)")
            continue
        frame = kinds[1:] if dset.ndim == 4 else kinds
        bands = [i for i, k in enumerate(frame) if k == "band"]
        space = [i for i, k in enumerate(frame) if k == "space"]
        if len(bands) > 1:
            notes.append(f"dataset '{dset.name}': {what}: several axes named as bands; not used")
            continue
        if not bands and len(space) == 2:
            other = ({0, 1, 2} - set(space)).pop()
            if frame[other] == "time":
                notes.append(f"dataset '{dset.name}': {what}: no band axis (a single-band video?); read as "
                             f"(H, W, bands)")
                continue
            bands = [other]
        if bands:
            return (bands[0] if bands[0] < 2 else -1), what, notes
    key, v = _attr(dset, *_INTERLEAVE_ATTRS)
    if v is not None:
        il = _text(v).strip().lower()
        if il in _INTERLEAVE_AXIS:
            return _INTERLEAVE_AXIS[il], f"its attribute {key} = {il.upper()}", notes
        notes.append(f"dataset '{dset.name}' attribute {key} = {one_line(_text(v), 20)} is not BSQ, BIL or BIP; "
                     f"ignored")
    return None, None, notes


def _band_axis(path: Path, dset, wl, named: int | None = None, why: str | None = None) -> tuple[int, list[str]]:
    """Which axis of a frame holds the bands: -1 (H, W, B), 0 (B, H, W) or 1 (H, B, W, ENVI's BIL order),
    and warnings saying how the axes were read when that is not the usual bands-last reading or when
    nothing in the file tells. In order: what the file names (``named``, from ``_named_band_axis`` or
    the dimension that holds the wavelengths: netCDF-4 dimension names, HDF5 dimension labels, axis-order
    and interleave attributes); else the wavelengths' count when it matches one axis of the frame only
    (a (B, H, W) cube was read as H = B, W = H, bands = W without a word but the count mismatch); else
    bands last, with a warning only when the shape makes that doubtful (a bands-first or BIL cube
    without names or wavelengths; it is not turned on its shape alone): two equal axes are the
    image's (a square image, Indian Pines' 145 x 145 x 200), so the warning comes when the odd axis
    is not the last; with three sizes, when the last is not the smallest."""
    frame = dset.shape[1:] if dset.ndim == 4 else dset.shape
    where = f"{path}: dataset '{dset.name}' {'x'.join(map(str, dset.shape))}"
    if named is not None:
        axis = named if named in (0, 1) else -1
        return axis, ([] if axis == -1 else [f"{where} is read as {_AXES_READ[(dset.ndim, axis)]}: {why}"])
    if wl is not None:
        matches = [i for i in range(3) if frame[i] == len(wl)]
        if frame[-1] == len(wl) or len(matches) != 1:
            return -1, []
        axis = matches[0]
        return axis, [f"{where} is read as {_AXES_READ[(dset.ndim, axis)]}: its {len(wl)} wavelengths match that axis"]
    odd = _odd_axis(frame)
    if odd == 2 or odd is None and frame[-1] <= min(frame[0], frame[1]):
        return -1, []
    if odd is None:
        other = "first" if frame[0] < frame[1] else "second"
        why = ""
    else:  # (200, 145, 145): a square image of 200 bands stored bands first looks so
        other = "first" if odd == 0 else "second"
        why = " (the other two axes are equal, as a square image's are)"
    return -1, [f"{where}: nothing in the file says which axis holds the bands (no wavelengths, no dimension names, "
                f"no interleave attribute); read as (H, W, bands) = ({frame[0]}, {frame[1]}, {frame[2]}), bands "
                f"last. Were the bands on the {other} axis{why}, these frames are scrambled"]


def _odd_axis(frame) -> int | None:
    """The axis of a (3-axis) frame shape whose size differs from the two others, which are equal (a
    square image: its bands are the odd one out), else None (three sizes, or all equal)."""
    a, b, c = frame
    return 2 if a == b != c else 0 if b == c != a else 1 if a == c != b else None


_LENGTH_UNITS = ("nm", "nanometer", "nanometers", "nanometre", "nanometres", "um", "\u00b5m", "\u03bcm",
                 "micrometer", "micrometers", "micrometre", "micrometres", "micron", "microns")


def _coordinate_wavelengths(scale, size: int):
    """``scale`` when it is a netCDF-4 coordinate variable (a dimension scale with values, not a bare
    dimension) of ``size`` numbers that are wavelengths: named so ('wavelength', 'lambda', 'wl' ...), or
    with a length for units, or a standard_name / long_name saying so; else None (a 'band' scale
    numbering the bands 1 .. N is no wavelengths)."""
    try:
        if scale.ndim != 1 or scale.shape[0] != size or scale.dtype.kind not in "iuf":
            return None
        if _text(scale.attrs.get("NAME", b"")).startswith(NC_DIMENSION_ONLY):
            return None
        name = scale.name.rsplit("/", 1)[-1].lower()
        _, units = _attr(scale, "units", "unit")
        _, std = _attr(scale, "standard_name")
        _, long_name = _attr(scale, "long_name")
    except (RuntimeError, OSError, KeyError, ValueError, TypeError):
        return None
    if "wavelength" in name or name in ("lambda", "wl") or \
            (units is not None and _text(units).strip().lower() in _LENGTH_UNITS) or \
            (std is not None and _text(std).strip().lower() == "radiation_wavelength") or \
            (long_name is not None and "wavelength" in _text(long_name).lower()):
        return scale
    return None


def _band_wavelength_name(name: str) -> bool:
    """Whether a 1-D variable's name says it holds band centre wavelengths: 'wavelength(s)',
    'wavelength_3d' (PACE OCI level 2), '<part>_wavelength(s)' (PACE OCI level 1B's 'blue_wavelength',
    'red_wavelength', 'SWIR_wavelength'); not widths or uncertainties of them."""
    n = name.rsplit("/", 1)[-1].lower()
    if any(w in n for w in ("fwhm", "width", "bandpass", "unc", "err", "std", "bound")):
        return False
    return n in ("wavelength", "wavelengths", "wavelength_3d") or n.endswith(("_wavelength", "_wavelengths"))


def _near_datasets(f, dset, kinds: str = "iuf"):
    """The 1-D datasets of dtype kind ``kinds`` (numbers; 'SUO' adds text) at the root, in the cube's group
    and in the groups directly under the root (where netCDF-4 products keep their band tables:
    ``sensor_band_parameters``), not a walk of the file."""
    import h5py

    groups, seen = [f, dset.parent], set()
    try:
        groups += [g for g in f.values() if isinstance(g, h5py.Group)]
        for g in groups:
            if g.name in seen:
                continue
            seen.add(g.name)
            for obj in g.values():
                if isinstance(obj, h5py.Dataset) and obj.ndim == 1 and obj.dtype.kind in kinds:
                    yield obj
    except (RuntimeError, OSError, KeyError, ValueError, TypeError):
        return


def _wavelengths_by_dimension(f, dset, prefer: int | None = None):
    """(frame band axis, dataset) of the wavelengths a frame axis' dimension holds: the coordinate
    variable of that dimension (netCDF-4: a dimension scale with values, ``_coordinate_wavelengths``), else
    a 1-D variable named for band wavelengths (``_band_wavelength_name``) that has the same dimension,
    in the root, the cube's group or a group under the root (PACE OCI: ``geophysical_data/Rrs``
    (number_of_lines, pixels_per_line, wavelength_3d) with ``sensor_band_parameters/wavelength_3d``;
    ``observation_data/rhot_red`` (red_bands, scans, pixels) with ``sensor_band_parameters/
    red_wavelength``, the dimension a bare one at the root). The axis ``prefer`` (the named band axis)
    is looked at first; (None, None) when none."""
    lead = dset.ndim == 4
    order = [0, 1, 2] if prefer is None else [prefer % 3] + [i for i in (0, 1, 2) if i != prefer % 3]
    for k in order:
        scales = _dimension_scales(dset, k + lead)
        for scale in scales:
            found = _coordinate_wavelengths(scale, dset.shape[k + lead])
            if found is not None:
                return (k if k < 2 else -1), found
        names = {sc.name for sc in scales}
        if not names:
            continue
        for obj in _near_datasets(f, dset):
            if obj.shape[0] == dset.shape[k + lead] and _band_wavelength_name(obj.name) and \
                    {sc.name for sc in _dimension_scales(obj, 0)} & names:
                return (k if k < 2 else -1), obj
    return None, None


def _plain_wavelength_name(name: str) -> bool:
    """'wavelength' or 'wavelengths', any case (EMIT's ``sensor_band_parameters/wavelengths``)."""
    return name.rsplit("/", 1)[-1].lower() in ("wavelength", "wavelengths")


def _wavelength_in_groups(f, dset, named=_band_wavelength_name):
    """A 1-D wavelength dataset (numbers, or a text list ``_wavelength_numbers`` reads) whose name passes
    ``named``, in the cube's group or a group directly under the root (not the root itself, nor a walk of
    the file), whose length is one axis of the cube's frames; when several fit, the one whose name shares
    a word with the cube's ('rhot_red' and 'red_wavelength'), else the first. None when none fits.
    ``_wavelengths`` asks it for a plain 'wavelength(s)' beside a cube at the root (EMIT's netCDF-4:
    ``reflectance`` at the root, ``sensor_band_parameters/wavelengths``); ``open_hdf5`` last, for any band
    wavelength name (``_band_wavelength_name``), for a file without dimension scales (a PACE OCI product
    copied by a tool that drops them)."""
    import re

    sizes = set(dset.shape[-3:])
    words = set(re.split(r"[^a-z0-9]+", dset.name.rsplit("/", 1)[-1].lower()))
    fits = [obj for obj in _near_datasets(f, dset, kinds="iufSUO") if obj.parent.name != "/"
            and obj.shape[0] in sizes and named(obj.name)]
    if not fits:
        return None
    shared = [obj for obj in fits if (set(re.split(r"[^a-z0-9]+", obj.name.rsplit("/", 1)[-1].lower()))
                                      - {"wavelength", "wavelengths"}) & words]
    return (shared or fits)[0]


class _H5Plan:
    """How the frames of one HDF5 dataset are read (``_h5_plan``)."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def _h5_plan(f, dset, path: Path) -> _H5Plan:
    """The reading of ``dset``'s frames: ``cast``, wavelengths ``wl`` and their dataset ``wl_source``,
    ``band_axis``, frame ``shape`` as read ((..., H, W, B)), ``packing`` and its ``pack_meta``, and
    ``notes`` (warnings, each naming ``path``)."""
    named, why, notes = _named_band_axis(dset)
    notes = [f"{path}: {n}" for n in notes]
    unread: list[str] = []
    wl, wl_source = _wavelengths(f, dset, unread)
    def numbers(source):  # one found but not numbers (NaN / inf too) said as _wavelengths says its own
        if source is None:
            return None
        value = source[()]
        wl = _wavelength_numbers(value)
        if wl is None:
            unread.append(_unread_entry(value, f"dataset '{source.name}'"))
        return wl

    if wl is None:  # the band dimension's wavelengths (netCDF-4 coordinate variable, PACE's band tables)
        k, wl_source = _wavelengths_by_dimension(f, dset, named)
        wl = numbers(wl_source)
        if wl is not None and named is None:
            named, why = k, f"its dimension holds the wavelengths ('{wl_source.name}')"
    if wl is None:
        wl_source = _wavelength_in_groups(f, dset)
        wl = numbers(wl_source)
    if wl is None and unread:  # the user's wavelengths were there: say so, not drop them without a word
        notes.append(f"{path}: {unread[0]} is not a list of numbers; the bands have no wavelengths (numbered "
                     "instead)")
    band_axis, more = _band_axis(path, dset, wl, named, why)
    notes += more
    shape = list(dset.shape)  # as frames are read: (..., H, W, B)
    shape.append(shape.pop(band_axis + (dset.ndim == 4) if band_axis >= 0 else -1))
    packing, more, pack_meta = _h5_packing(dset, shape[-1], str(path), netcdf4=_is_netcdf4(f, dset, path))
    return _H5Plan(cast=_read_as(dset.dtype), wl=wl, wl_source=wl_source, band_axis=band_axis, shape=shape,
                   packing=packing, pack_meta=pack_meta, notes=notes + more)


def _is_flags(dset) -> bool:
    """Whether a dataset holds CF flags (``flag_masks`` / ``flag_values`` / ``flag_meanings``: PACE OCI
    L1B's qual_blue / qual_red / qual_SWIR beside its cubes, of their very shape), not image values."""
    try:
        return any(k in dset.attrs for k in ("flag_masks", "flag_values", "flag_meanings"))
    except (RuntimeError, OSError, KeyError, ValueError, TypeError):
        return False


def _band_parts(f, dset, plan: _H5Plan, path: Path) -> tuple[list | None, list[str]]:
    """The datasets that hold the other bands of ``dset``'s cube, as [(dataset, plan), ...] with ``dset``
    first, or None; and warnings. A sensor that writes its spectrometers apart (NASA PACE OCI L1B:
    observation_data/rhot_blue, rhot_red, rhot_SWIR, each (<part>_bands, number_of_scans, pixels) with
    its band centres in sensor_band_parameters/<part>_wavelength) is one cube to its user: the datasets
    beside ``dset`` named as it is but for the last word ('rhot_'), of its rank and pixel type family,
    not flags, each with wavelengths of its own (one per band, not the same table) and frames of
    ``dset``'s size are read together. Those of another frame size are named and left out; when
    ``dset`` has no wavelengths of its own, or no sibling fits, it is read alone and the siblings named."""
    import h5py

    base = dset.name.rsplit("/", 1)[-1]
    if "_" not in base.strip("_"):
        return None, []
    prefix = base.rsplit("_", 1)[0]
    try:
        sibs = [o for o in dset.parent.values() if isinstance(o, h5py.Dataset) and o.name != dset.name
                and o.ndim == dset.ndim and o.name.rsplit("/", 1)[-1].rsplit("_", 1)[0] == prefix
                and not _is_flags(o)]
    except (RuntimeError, OSError, KeyError, ValueError, TypeError):
        return None, []
    notes = [f"{path}: dataset '{o.name}' is left out of the cube of '{dset.name}': {_unusable(o)}"
             for o in sibs if _unusable(o) is not None]
    sibs = [o for o in sibs if _unusable(o) is None]
    if not sibs:
        return None, notes
    where = f"{path}: dataset '{dset.name}'"

    def own_wavelengths(p: _H5Plan) -> bool:  # one finite centre per band: what the bands are sorted by
        return p.wl is not None and len(p.wl) == p.shape[-1] and bool(np.isfinite(p.wl).all())

    if not own_wavelengths(plan):
        return None, notes + [f"{where} is read alone: it has no wavelength per band to order it among "
                              f"{', '.join(repr(o.name) for o in sibs)}, which hold bands of their own"]
    parts, sources = [(dset, plan)], {getattr(plan.wl_source, "name", None)}
    for o in sibs:
        p = _h5_plan(f, o, path)
        src = getattr(p.wl_source, "name", None)
        if not own_wavelengths(p) or src is not None and src in sources:
            notes.append(f"{path}: dataset '{o.name}' is left out of the cube of '{dset.name}': it has no wavelength "
                         f"per band of its own")
        elif p.shape[:-1] != plan.shape[:-1]:
            notes.append(f"{path}: dataset '{o.name}' is left out of the cube of '{dset.name}': its frames are "
                         f"{'x'.join(map(str, p.shape[-3:-1]))}, not {'x'.join(map(str, plan.shape[-3:-1]))} "
                         f"(H x W)")
        else:
            parts.append((o, p))
            sources.add(src)
            notes += p.notes
    if len(parts) == 1:
        return None, notes
    names = ", ".join(d.name.rsplit("/", 1)[-1] for d, _ in parts)
    wl = np.concatenate([p.wl for _, p in parts])
    notes.append(f"{path}: datasets {names} in '{dset.parent.name}' are read as one cube of {len(wl)} bands, "
                 f"sorted by wavelength ({wl.min():g}-{wl.max():g})")
    return parts, notes


class H5BandParts:
    """Frames of several datasets of one file that each hold some of a cube's bands (``_band_parts``):
    each read as ``H5Frames`` reads it (its band axis, packing, type), joined along the bands and put in
    wavelength order."""

    def __init__(self, file, parts: list, order: np.ndarray):
        self._file = file
        self._parts = parts  # H5Frames, one per dataset, in ``_band_parts``' order
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        ends = np.cumsum([0] + [p._d.shape[p._band_axis + (p._d.ndim == 4) if p._band_axis >= 0 else -1]
                               for p in parts])
        self._where = [rank[a:b] for a, b in zip(ends[:-1], ends[1:])]  # each part's bands' places in the cube

    @classmethod
    def of(cls, file, path: Path, parts: list) -> tuple["H5BandParts", np.ndarray, list[int]]:
        """(frames, the wavelengths sorted, the order: band k of the cube is band order[k] of the parts
        joined in turn) for ``_band_parts``' [(dataset, plan), ...]."""
        wl = np.concatenate([p.wl for _, p in parts])
        order = np.argsort(wl, kind="stable")  # equal centres (OCI's SWIR high / standard gain) keep file order
        frames = [H5Frames(file, d, path, cast=p.cast, band_axis=p.band_axis, packing=p.packing) for d, p in parts]
        return cls(file, frames, order), wl[order], [int(k) for k in order]

    def __len__(self) -> int:
        return len(self._parts[0])

    def read(self, i: int) -> np.ndarray:
        got = [p.read(i) for p in self._parts]
        # each part put in its places: one copy (a PACE OCI L1B granule's 291 bands are 2.5 GB in float32)
        out = np.empty(got[0].shape[:-1] + (sum(a.shape[-1] for a in got),), np.result_type(*got))
        for a, where in zip(got, self._where):
            out[..., where] = a
        return out

    def close(self) -> None:
        self._file.close()


def open_hdf5(path: Path, dataset: str | None = None) -> Sequence:
    """The sequence of an HDF5 file's cube (``_pick_dataset``); ``dataset``: the one asked for (``file.h5:/name``)."""
    import h5py

    path = Path(path)
    try:
        f = h5py.File(path, "r")
    except OSError as exc:
        try:
            with path.open("rb") as fh:
                magic = fh.read(4)
        except OSError:
            magic = b""
        if magic[:3] == b"CDF" and magic[3:] in (b"\x01", b"\x02", b"\x05"):
            raise DataError(path, "a netCDF-3 (classic) file, not netCDF-4 / HDF5: convert it to netCDF-4, e.g. "
                                  "`nccopy -k netCDF-4 IN OUT`") from None
        raise DataError(path, f"not a readable HDF5 file ({exc})") from None
    try:
        return _open_h5_file(f, path, dataset)
    except (RuntimeError, OSError, KeyError) as exc:  # h5py's words for a damaged header, attribute or link
        f.close()
        raise DataError(path, f"HDF5 file is damaged: its structure or attributes cannot be read ({exc}); "
                              f"copy it again from its source") from None
    except BaseException:
        f.close()
        raise


def _boxes_under_another_name(f, n_frames: int, path: Path) -> list[str]:
    """A warning for each dataset of an HDF5 video without 'groundtruth' that holds one x, y, w, h row a frame under
    another name ('gt', 'boxes'): only 'groundtruth' is read as the boxes, and such a video opened with no
    groundtruth and nothing said (a run then asked for --init, and nothing was scored)."""
    import h5py

    found = []

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and obj.shape == (n_frames, 4) and np.issubdtype(obj.dtype, np.number):
            found.append(name)
    try:
        f.visititems(visit)
    except (RuntimeError, OSError, KeyError):  # a damaged object tree: the boxes are not looked for
        return []
    return [f"{path}: dataset '{name}' holds {n_frames} rows of 4 numbers but is not read as the boxes: only a "
            f"dataset named 'groundtruth' (x, y, w, h, 0-based) is; rename it to read them" for name in found[:2]]


def fwhm_fits(fwhm, bands: int) -> bool:
    """Whether the band widths ``fwhm`` fit a cube of ``bands`` bands (one each), where they are written and read
    back (ENVI's header, our HDF5 video: ``cube._h5_header``)."""
    return fwhm is not None and np.shape(fwhm) == (bands,)


def default_bands_fit(default_bands, bands: int) -> bool:
    """Whether ``default_bands`` (1-based R, G, B, or one gray band, as ENVI) fit a cube of ``bands`` bands, where
    they are written and read back (ENVI's header, our HDF5 video: ``cube._h5_header``)."""
    return (default_bands is not None and len(default_bands) in (1, 3)
            and all(1 <= int(b) <= bands for b in default_bands))


def _h5_header(f, bands: int) -> dict:
    """What our HDF5 video keeps of an ENVI source's header (``hsi_convert.write_h5``): ``description``,
    ``default_bands`` (1-based) and ``fwhm`` (a dataset beside ``wavelengths``) as ``meta`` has them for ENVI, each
    where it is there and fits the cube's ``bands``."""
    out = {}
    v = f.attrs.get("description")
    if v is not None:
        out["description"] = v.decode(errors="replace") if isinstance(v, bytes) else str(v)
    got = _ints(np.asarray(f.attrs["default_bands"]).ravel().tolist()) if "default_bands" in f.attrs else None
    if got and default_bands_fit(got, bands):
        out["default_bands"] = got
    d = f.get("fwhm")
    try:
        fwhm = np.asarray(d[()], dtype=np.float64) if d is not None else None
    except (TypeError, ValueError, AttributeError, OSError):  # not numbers: left out, as a header's bad fwhm is
        fwhm = None
    if fwhm_fits(fwhm, bands):
        out["fwhm"] = fwhm
    return out


def _broken_links(f) -> list[str]:
    """The links of HDF5 file ``f`` that lead nowhere, said: an external link to a file not copied with it (a
    master file's data), a soft link to a name not in the file. A file whose cube is such a link was "no 3-D ...
    dataset in this HDF5 file", the link unsaid (``visititems`` passes over what it cannot open)."""
    import h5py

    out: list[str] = []

    def walk(group, depth: int) -> None:
        for name in list(group):
            link = group.get(name, getlink=True)
            full = f"{group.name.rstrip('/')}/{name}"
            try:
                obj = group.get(name)
            except (KeyError, OSError, RuntimeError, ValueError):
                obj = None
            if isinstance(link, h5py.ExternalLink) and obj is None:
                out.append(f"'{full}' is a link to '{link.path}' in {link.filename}, which cannot be opened (not "
                           "copied beside this file?)")
            elif isinstance(link, h5py.SoftLink) and obj is None:
                out.append(f"'{full}' is a link to '{link.path}', which is not in the file")
            elif isinstance(link, h5py.HardLink) and isinstance(obj, h5py.Group) and depth < 16:
                walk(obj, depth + 1)

    try:
        walk(f, 0)
    except (KeyError, OSError, RuntimeError, ValueError):  # a damaged tree: the refusal stands without this
        pass
    return out


def _open_h5_file(f, path: Path, dataset: str | None = None) -> Sequence:
    """``open_hdf5``'s sequence of the open file ``f``, which the sequence's frames keep open."""
    keras = None if dataset else _keras_file(f)
    dset, how, others = (None, None, []) if keras else _pick_dataset(f, dataset, path)
    if dset is None:
        broken = [] if keras else _broken_links(f)
        f.close()
        raise DataError(path, keras or "no 3-D (H, W, bands) or 4-D (T, H, W, bands) dataset in this HDF5 file" + (
            f"; {broken[0]}" + (f" (and {len(broken) - 1} more such links)" if len(broken) > 1 else "") if broken
            else ""))
    problem = _unusable(dset)
    if problem:
        f.close()
        raise DataError(path, problem)
    plan = _h5_plan(f, dset, path)
    cast, wl, wl_source, band_axis, shape, packing, pack_meta = (
        plan.cast, plan.wl, plan.wl_source, plan.band_axis, plan.shape, plan.packing, plan.pack_meta)
    notes = list(plan.notes)
    frames = H5Frames(f, dset, path, cast=cast, band_axis=band_axis, packing=packing)
    parts, more = _band_parts(f, dset, plan, path)
    notes += more
    notes += _other_datasets(path, dset, how, others, parts, notes)
    if parts:
        frames, wl, order = H5BandParts.of(f, path, parts)
        shape = list(shape[:-1]) + [len(wl)]
    fmt = f.attrs.get("format", b"")
    fmt = fmt.decode() if isinstance(fmt, bytes) else str(fmt)
    gt = None
    if "groundtruth" in f:
        try:
            gt = np.asarray(f["groundtruth"][()], dtype=np.float64)
        except (TypeError, ValueError, AttributeError, OSError) as exc:
            f.close()
            raise DataError(path, f"dataset 'groundtruth' does not hold numbers ({exc})") from None
        problem = None
        if gt.ndim != 2 or gt.shape[1] != 4:
            problem = f"dataset 'groundtruth' has shape {gt.shape}, expected ({len(frames)}, 4)"
        elif len(gt) != len(frames):
            problem = (f"dataset 'groundtruth' has {len(gt)} boxes but {dset.name} has {len(frames)} frames; write it "
                       f"again with one row a frame (rows of NaN where the target is absent)")
        if problem:
            f.close()
            raise DataError(path, problem)
    meta = {"layout": NAME, "format": "hdf5", "dataset": dset.name, "wavelengths": wl,
            "box_convention": "0-based", "chunks": dset.chunks}
    if parts:
        meta["band_parts"] = [{"dataset": d.name, "bands": len(pl.wl), "wavelengths": (float(pl.wl.min()),
                                                                                     float(pl.wl.max()))}
                              for d, pl in parts]
        meta["band_order"] = order  # the combined cube's band k is the concatenated parts' band order[k]
    if fmt:
        meta["format_version"] = fmt
    if cast is not None:
        meta["file_dtype"] = dset.dtype.name
    for key in ("wavelength_units", "scale_factor"):
        for obj in (dset, f):
            # the dataset's exact 'scale_factor' is CF packing (``_h5_packing``), not a reflectance divisor
            _, v = _attr(obj, key, *(("reflectance_scale_factor",) if key == "scale_factor" else ()),
                         skip=("scale_factor",) if obj is dset else ())
            if v is not None:
                meta[key] = v.decode() if isinstance(v, bytes) else (v.item() if hasattr(v, "item") else v)
                break
    if wl is not None and wl_source is not None and "wavelength_units" not in meta:
        _, v = _attr(wl_source, "units", "unit")
        if v is not None:
            meta["wavelength_units"] = v.decode() if isinstance(v, bytes) else str(v)
    if wl is not None and len(wl) != shape[-1]:
        notes.append(f"{path}: {len(wl)} wavelengths for {shape[-1]} bands")
    if fmt.startswith("workbench-hsi-video") and not parts:
        meta.update(_h5_header(f, shape[-1]))
    if gt is None:
        notes += _boxes_under_another_name(f, len(frames), path)
    if notes:
        meta["warnings"] = notes
    if band_axis >= 0:
        meta["band_axis"] = band_axis + (dset.ndim == 4)
    meta.update(pack_meta)
    if packing.packed:  # frames are the unpacked values, float32
        meta["file_dtype"] = dset.dtype.name
    if gt is not None:
        _box_warnings(meta, gt, f"{path}, dataset 'groundtruth'", tuple(shape))
    name = f.attrs.get("name", path.stem)
    name = (name.decode() if isinstance(name, bytes) else str(name)) or path.stem
    if how == "asked":  # FILE.h5:/name: named for its dataset, recorded as opened (the manifest's sequence_path)
        name = dataset_sequence_name(name, dset.name)
        meta["dataset_path"] = f"{path}:{dset.name}"
    return Sequence(name=name, frames=frames, modality="hsi", groundtruth=gt, path=path, meta=meta)


def open(path: Path) -> Sequence:  # noqa: A001
    path, dataset = split_dataset_path(path)
    if dataset is not None:
        if not path.is_file():
            raise DataError(path, "file is missing")
        return open_hdf5(path, dataset)
    if path.is_dir():
        return open_envi_folder(path)
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


def scenes_not_frames(folder: Path) -> list[Path] | None:
    """The numbered headers of ``folder`` when they are separate scenes, not frames of one video: their
    headers all read and their sizes (lines x samples x bands) differ (flight lines 'scene1.hdr',
    'scene2.hdr' ... of their own sizes). None otherwise (a video, or a broken frame whose error the
    frame folder's opening names). A folder with a box file beside its headers is a video: one frame header
    of another size there (a damaged header) split the video into as many one-frame cubes with no boxes."""
    hdrs = envi_frame_headers(folder) if Path(folder).is_dir() else []
    if hdrs and _gt_beside(Path(folder)) is not None:
        return None
    sizes = set()
    for h in hdrs:
        try:
            hh = read_envi_header(h)
            sizes.add((int(hh["lines"]), int(hh["samples"]), int(hh["bands"])))
        except (WorkbenchError, OSError, ValueError, TypeError):
            return None
    return hdrs if len(sizes) > 1 else None


def list_root(root: Path):
    """A cube file, a frame folder, or the cubes and frame folders in a folder. Numbered headers of
    different sizes are scenes, each listed (they were one frame folder that could not open, and none
    of its cubes could be picked from the list)."""
    from workbench.core.data.detect import SequenceEntry

    root = Path(root)
    if probe(root) and scenes_not_frames(root) is None:
        file, chosen = split_dataset_path(root)
        name = (dataset_sequence_name(file.stem, chosen) if chosen is not None else  # as it opens (FILE.h5:/name)
                root.stem if root.is_file() else root.name)
        return [SequenceEntry(name, NAME, root, lambda: open(root))]
    if not root.is_dir():
        return []
    out = [SequenceEntry(p.stem, NAME, p, (lambda p=p: open(p)))
           for p in sorted(root.iterdir()) if p.is_file() and listable(p)]
    for p in sorted(root.iterdir()):
        if not p.is_dir() or p.name.startswith(".") or not probe(p):
            continue
        scenes = scenes_not_frames(p)
        out += [SequenceEntry(p.name, NAME, p, (lambda p=p: open(p)))] if scenes is None else \
            [SequenceEntry(h.stem, NAME, h, (lambda h=h: open(h))) for h in scenes]
    return out
