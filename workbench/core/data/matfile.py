"""One numeric array of a MATLAB ``.mat`` file, without scipy (not a dependency of the workbench).

Two formats, told by the file's first bytes:

- MAT v5 / v6 / v7 (what ``save`` writes by default and ``scipy.io.loadmat`` reads: the published NUDT-MIRSDT
  ``Mix/*.mat`` stacks, read by its authors' loaders with ``scipy.io.loadmat``): a 128-byte header (its last two
  bytes ``IM`` or ``MI`` the byte order), then data elements, each an 8-byte tag (type, byte count; a "small" element
  packs both in 4 bytes and its data in the next 4) padded to 8 bytes, ``miCOMPRESSED`` (15) ones zlib streams of
  one element, ``miMATRIX`` (14) ones holding array flags (the class), dimensions, name and the real part.
  Only real, full numeric arrays are read (no cells, structs, sparse, complex, character arrays: named in the error).
- MAT v7.3 (``save -v7.3``): HDF5 with a 512-byte user block; read with ``h5py`` (a dependency), its axes reversed
  back to MATLAB's order.

Arrays come back in MATLAB's dimension order (``Mix`` of T frames H x W: ``(T, H, W)``, as ``loadmat`` gives it) with
the dtype of their MATLAB class; ``last=True`` gives only a 3-D stack's last frame, the others never converted (a
frame of a 40 x 512 x 512 double stack: 11 MB converted, not 84). Anything else is a DataError naming the file.

A compressed variable is inflated whole, its zlib checksum read and bytes after its stream's end ignored: a damaged
stream is refused. (The false "did not fully consume compressed contents" of older scipy, issue #6999, which DTUM's
loaders comment on with ``verify_compressed_data_integrity=False``, came from scipy stopping short of the checksum.)
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np

from workbench.core.errors import DataError

MI_MATRIX, MI_COMPRESSED = 14, 15
# data element types -> numpy dtypes (byte order added when read)
MI_TYPES = {1: "i1", 2: "u1", 3: "i2", 4: "u2", 5: "i4", 6: "u4", 7: "f4", 9: "f8", 12: "i8", 13: "u8"}
# array classes -> the dtype the array has in MATLAB (its data may be stored in a smaller type)
MX_CLASSES = {6: "f8", 7: "f4", 8: "i1", 9: "u1", 10: "i2", 11: "u2", 12: "i4", 13: "u4", 14: "i8", 15: "u8"}
MX_NAMES = {1: "cell array", 2: "struct", 3: "object", 4: "char array", 5: "sparse array", 16: "function handle",
            17: "opaque object"}
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_CHUNK = 1 << 16  # compressed bytes fed to zlib at a time, and the most it gives back a call
_MAX_RATIO = 1032  # deflate's largest inflated / compressed ratio


def read_mat_array(path: str | Path, name: str, last: bool = False) -> np.ndarray:
    """The array ``name`` of the ``.mat`` file ``path`` (see the module doc); ``last``: of a 3-D array with no empty
    axis, only the last entry of its first axis (frame k of a ``Mix/<k>.mat`` stack), converted alone."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(528)
    except OSError as exc:
        raise DataError(path, f"cannot be read: {exc.strerror or exc}") from None
    if head[512:520] == HDF5_SIGNATURE or head[:8] == HDF5_SIGNATURE:
        return _read_v73(path, name, last)
    if len(head) < 128 or head[126:128] not in (b"IM", b"MI"):
        raise DataError(path, "not a MATLAB .mat file (no MAT-file header)")
    order = "<" if head[126:128] == b"IM" else ">"
    if struct.unpack(order + "H", head[124:126])[0] != 0x0100:
        raise DataError(path, "a MAT-file of an unknown version (neither v5-v7 nor v7.3)")
    data = memoryview(path.read_bytes())  # (slices of it are views: no copy of an element's bytes)
    found = []
    pos = 128
    while pos + 8 <= len(data):
        typ, body, pos = _element(data, pos, order, path)
        if typ == MI_COMPRESSED:
            try:
                inner = _inflate(body, order, path)
            except zlib.error as exc:
                raise DataError(path, f"a compressed variable cannot be inflated ({exc})") from None
            typ, body, _ = _element(inner, 0, order, path)
        if typ != MI_MATRIX:
            continue
        got = _matrix(body, order, path, name, last)
        if got is not None:
            return got[1]
        found.append(_name_of(body, order, path))
    said = ", ".join(n for n in found if n) or "none"
    raise DataError(path, f"holds no variable {name!r} (variables: {said})")


def _inflate(body: memoryview, order: str, path: Path) -> memoryview:
    """The element a ``miCOMPRESSED`` body holds, inflated into one buffer of the size its tag says (a 84 MB stack
    inflated by ``zlib.decompress`` peaked at 2.4 times that); the stream is read to its end, checksum included.
    zlib.error: a damaged stream."""
    d = zlib.decompressobj()
    head = d.decompress(body[:_CHUNK], 8)
    first, n = struct.unpack_from(order + "II", head) if len(head) == 8 else (1 << 16, 0)
    if first >> 16:  # too short for a tag, or a small element: nothing to gain
        return memoryview(zlib.decompress(body))
    if n > _MAX_RATIO * len(body):
        raise DataError(path, f"a compressed variable says it holds {n} bytes, more than its {len(body)} compressed "
                              "bytes can hold: the file is damaged")
    out, pos, tail, i = bytearray(8 + n), 8, d.unconsumed_tail, _CHUNK
    out[:8] = head
    while not d.eof:  # (bytes after the stream's end are left: zlib.decompress ignored them too)
        if not tail:  # its input fed a chunk at a time (unconsumed_tail is a copy)
            if i >= len(body):
                break
            tail, i = body[i:i + _CHUNK], i + _CHUNK
        got = d.decompress(tail, min(len(out) - pos, _CHUNK) or _CHUNK)  # past the element: read, not kept
        tail = d.unconsumed_tail
        if pos < len(out):
            out[pos:pos + len(got)] = got
            pos += len(got)
    if not d.eof:
        raise zlib.error("incomplete or truncated stream")
    return memoryview(out)[:pos]


def _element(data: memoryview, pos: int, order: str, path: Path) -> tuple[int, memoryview, int]:
    """(type, data, position after it) of the data element at ``pos``."""
    first, second = struct.unpack_from(order + "II", data, pos)
    if first >> 16:  # small data element: 2-byte count and type, data in the next 4 bytes
        typ, n = first & 0xFFFF, first >> 16
        return typ, data[pos + 4:pos + 4 + n], pos + 8
    typ, n = first, second
    end = pos + 8 + n
    if end > len(data):
        raise DataError(path, f"cut short: an element of {n} bytes at byte {pos} runs past the end of the file")
    # every element but a compressed one is padded to 8 bytes
    return typ, data[pos + 8:end], end if typ == MI_COMPRESSED else end + (-n % 8)


def _subelements(body: memoryview, order: str, path: Path) -> list[tuple[int, memoryview]]:
    out, pos = [], 0
    while pos + 8 <= len(body):
        typ, sub, pos = _element(body, pos, order, path)
        out.append((typ, sub))
    return out


def _name_of(body: memoryview, order: str, path: Path) -> str:
    subs = _subelements(body, order, path)
    return bytes(subs[2][1]).decode("latin-1") if len(subs) > 2 else ""


def _matrix(body: memoryview, order: str, path: Path, name: str, last: bool = False):
    """(name, array) of an ``miMATRIX`` element's body when its name is ``name``; None for another name."""
    subs = _subelements(body, order, path)
    if len(subs) < 3:
        raise DataError(path, "a malformed matrix element (fewer than 3 parts)")
    own = bytes(subs[2][1]).decode("latin-1")
    if own != name:
        return None
    flags = struct.unpack_from(order + "I", subs[0][1])[0]
    cls, complex_ = flags & 0xFF, bool(flags & 0x800)
    if cls not in MX_CLASSES:
        raise DataError(path, f"variable {name!r} is a {MX_NAMES.get(cls, f'class {cls}')}, not a numeric array")
    if complex_:
        raise DataError(path, f"variable {name!r} is complex, not a real numeric array")
    dims_type, dims_raw = subs[1]
    dims = tuple(int(d) for d in np.frombuffer(dims_raw, order + MI_TYPES.get(dims_type, "i4")))
    if any(d < 0 for d in dims):
        raise DataError(path, f"variable {name!r} has a negative dimension ({'x'.join(map(str, dims))})")
    if len(subs) < 4:
        raise DataError(path, f"variable {name!r} has no data")
    typ, raw = subs[3]
    if typ not in MI_TYPES:
        raise DataError(path, f"variable {name!r} stores its data as an unknown type {typ}")
    values = np.frombuffer(raw, order + MI_TYPES[typ])
    if values.size != int(np.prod(dims)):
        raise DataError(path, f"variable {name!r}: {values.size} values for dimensions {'x'.join(map(str, dims))}")
    array = values.reshape(dims, order="F")  # a view of the stored values
    if last and _stack(dims):
        array = array[-1]
    return own, array.astype(MX_CLASSES[cls])  # (a copy: what comes back owns its memory, as loadmat's)


def _stack(dims) -> bool:
    """An array of these dimensions is a stack whose last frame ``last=True`` takes."""
    return len(dims) == 3 and min(dims) > 0


def _read_v73(path: Path, name: str, last: bool = False) -> np.ndarray:
    import h5py

    try:
        with h5py.File(path, "r") as f:
            if name not in f or not isinstance(f[name], h5py.Dataset):
                raise DataError(path, f"holds no variable {name!r} (variables: {', '.join(sorted(f.keys())) or 'none'})")
            ds = f[name]
            # HDF5's axes are MATLAB's reversed: a stack's frames are its last axis
            arr = ds[:, :, ds.shape[2] - 1] if last and _stack(ds.shape) else ds[()]
    except OSError as exc:
        raise DataError(path, f"a MAT v7.3 (HDF5) file that cannot be read: {exc}") from None
    if not isinstance(arr, np.ndarray) or arr.dtype.kind not in "iuf":
        raise DataError(path, f"variable {name!r} is not a real numeric array")
    return np.ascontiguousarray(arr.T)  # HDF5 holds MATLAB's column-major array with its axes reversed
