"""MATLAB ``.mat`` files without scipy (not a dependency of the workbench): one numeric array (``read_mat_array``),
or one variable of any nesting of cells, structs, char and numeric arrays (``read_mat_value``: the OTB toolkit's
``results`` cells of structs, ``core.otb_mat``).

Two formats, told by the file's first bytes:

- MAT v5 / v6 / v7 (what ``save`` writes by default and ``scipy.io.loadmat`` reads: the published NUDT-MIRSDT
  ``Mix/*.mat`` stacks, read by its authors' loaders with ``scipy.io.loadmat``): a 128-byte header (its last two
  bytes ``IM`` or ``MI`` the byte order), then data elements, each an 8-byte tag (type, byte count; a "small" element
  packs both in 4 bytes and its data in the next 4) padded to 8 bytes, ``miCOMPRESSED`` (15) ones zlib streams of
  one element, ``miMATRIX`` (14) ones holding array flags (the class), dimensions, name and the real part.
  ``read_mat_array`` reads real, full numeric arrays only (cells, structs, sparse, complex, character arrays are
  named in the error); ``read_mat_value`` reads cells (``miMATRIX`` entries), structs (a field-name length, the
  NUL-padded names, each element's fields in turn) and char arrays too, never sparse or complex arrays or objects.
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
    order = _format(path)
    if order is None:
        return _read_v73(path, name, last)
    found = []
    for body in _variables(path, order):
        try:
            got = _matrix(body, order, path, name, last)
        except (ValueError, IndexError, struct.error) as exc:  # sizes and counts that do not fit: damaged bytes
            raise DataError(path, f"a damaged variable (a part of it does not fit: {exc})") from None
        if got is not None:
            return got[1]
        found.append(_name_of(body, order, path))
    said = ", ".join(n for n in found if n) or "none"
    raise DataError(path, f"holds no variable {name!r} (variables: {said})")


def read_mat_value(path: str | Path, name: str):
    """The variable ``name`` of the ``.mat`` file ``path`` (v5-v7 or v7.3) as Python values, nested as MATLAB nests
    them: a numeric or logical array as an ndarray (MATLAB's dimension order, its class's dtype), a char array as a
    str (several rows: a list of str), a cell array as a list of its entries in MATLAB's linear (column-major)
    order, a struct as a dict of its fields (a struct array: a list of dicts, in linear order). What it cannot hold
    (sparse and complex arrays, objects, function handles) is a DataError naming the file and where in the variable
    it sits (``results{1}.res``)."""
    path = Path(path)
    order = _format(path)
    if order is None:
        return _v73_value(path, name)
    found = []
    for body in _variables(path, order):
        own = _name_of(body, order, path)
        if own == name:
            try:
                return _value(body, order, path, name)
            except (ValueError, IndexError, struct.error) as exc:  # sizes and counts that do not fit: damaged bytes
                raise DataError(path, f"variable {name!r} is damaged (a part of it does not fit: {exc})") from None
        found.append(own)
    said = ", ".join(n for n in found if n) or "none"
    raise DataError(path, f"holds no variable {name!r} (variables: {said})")


def variable_names(path: str | Path) -> list[str]:
    """The names of the variables of the ``.mat`` file ``path``, their values never read: of a MAT v5-v7 file each
    element's tag and name (a compressed one inflated only as far as its name), of a v7.3 one the HDF5 file's keys.
    A DataError naming the file where it cannot be read."""
    path = Path(path)
    order = _format(path)
    if order is None:
        import h5py

        try:
            with h5py.File(path, "r") as f:
                return [k if isinstance(k, str) else bytes(k).decode("latin-1") for k in f.keys()
                        if not str(k).startswith("#")]
        except (OSError, KeyError, RuntimeError, ValueError, TypeError) as exc:  # h5py's for damaged bytes
            raise DataError(path, f"a MAT v7.3 (HDF5) file that cannot be read: {exc}") from None
    names = []
    try:
        with open(path, "rb") as f:
            f.seek(128)
            while True:
                tag = f.read(8)
                if len(tag) < 8:
                    break
                first, n = struct.unpack(order + "II", tag)
                if first >> 16:  # a small element at the top level: no variable
                    continue
                if first == MI_COMPRESSED:
                    head = zlib.decompressobj().decompress(f.read(min(n, 4096)), 512)
                    f.seek(n - min(n, 4096), 1)
                    typ, body = (struct.unpack_from(order + "I", head)[0], memoryview(head)[8:]) \
                        if len(head) >= 8 else (0, memoryview(b""))
                else:
                    typ, body = first, memoryview(f.read(min(n, 512)))
                    f.seek(n - min(n, 512) + (-n % 8), 1)
                if typ == MI_MATRIX:
                    names.append(_name_in(body, order))
    except OSError as exc:
        raise DataError(path, f"cannot be read: {exc.strerror or exc}") from None
    except (zlib.error, struct.error) as exc:
        raise DataError(path, f"a damaged variable (its name cannot be read: {exc})") from None
    return names


def _name_in(body: memoryview, order: str) -> str:
    """The name of a matrix element from the start of its body (array flags, dimensions, name), "" where that
    start is cut short."""
    pos = 0
    for part in range(3):  # array flags, dimensions, name
        if pos + 8 > len(body):
            return ""
        first, second = struct.unpack_from(order + "II", body, pos)
        if first >> 16:
            n, start, end = first >> 16, pos + 4, pos + 8
        else:
            n, start = second, pos + 8
            end = start + n + (-n % 8)
        if part == 2:
            return bytes(body[start:start + n]).decode("latin-1")
        pos = end
    return ""


def _format(path: Path) -> str | None:
    """The byte order of a MAT v5-v7 file (``<`` or ``>``), None for a v7.3 (HDF5) one; anything else a DataError
    naming what it is, where that can be told (a MAT v4 file, which has no text header)."""
    try:
        with open(path, "rb") as f:
            head = f.read(528)
    except OSError as exc:
        raise DataError(path, f"cannot be read: {exc.strerror or exc}") from None
    if head[512:520] == HDF5_SIGNATURE or head[:8] == HDF5_SIGNATURE:
        return None
    if len(head) < 128 or head[126:128] not in (b"IM", b"MI"):
        raise DataError(path, "not a MATLAB .mat file (no MAT-file header)" + (
            ": it looks like a MAT v4 file (save -v4), which is not read; save it again with -v7 or -v7.3"
            if _looks_v4(head) else ""))
    order = "<" if head[126:128] == b"IM" else ">"
    if struct.unpack(order + "H", head[124:126])[0] != 0x0100:
        raise DataError(path, "a MAT-file of an unknown version (neither v5-v7 nor v7.3)")
    return order


def _looks_v4(head: bytes) -> bool:
    """Whether ``head`` starts as a MAT v4 variable does: five int32 (type MOPT, rows, columns, imaginary flag, name
    length) in either byte order, the type's digits in range, then a name of that length ending in a NUL."""
    if len(head) < 21:
        return False
    for order, machine in (("<", 0), (">", 1)):
        mopt, rows, cols, imag, namelen = struct.unpack_from(order + "5i", head)
        m, o, p, t = mopt // 1000, mopt // 100 % 10, mopt // 10 % 10, mopt % 10
        if (m == machine and o == 0 and p <= 5 and t <= 2 and rows >= 0 and cols >= 0 and imag in (0, 1)
                and 1 < namelen <= 64 and 20 + namelen <= len(head) and head[20 + namelen - 1] == 0):
            return True
    return False


def _variables(path: Path, order: str):
    """The body of each ``miMATRIX`` element (one variable) of a MAT v5-v7 file, a compressed one inflated."""
    data = memoryview(path.read_bytes())  # (slices of it are views: no copy of an element's bytes)
    pos = 128
    while pos + 8 <= len(data):
        typ, body, pos = _element(data, pos, order, path)
        if typ == MI_COMPRESSED:
            try:
                inner = _inflate(body, order, path)
            except zlib.error as exc:
                raise DataError(path, f"a compressed variable cannot be inflated ({exc})") from None
            typ, body, _ = _element(inner, 0, order, path)
        if typ == MI_MATRIX:
            yield body


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
    cls, dims = _class_and_dims(subs, order, path, name)
    if cls not in MX_CLASSES:
        raise DataError(path, f"variable {name!r} is a {MX_NAMES.get(cls, f'class {cls}')}, not a numeric array")
    return own, _numeric(subs, order, path, name, cls, dims, last)


def _class_and_dims(subs, order: str, path: Path, name: str) -> tuple[int, tuple]:
    """A matrix element's class (its array flags' low byte; a complex one refused) and dimensions."""
    flags = struct.unpack_from(order + "I", subs[0][1])[0]
    if flags & 0x800:
        raise DataError(path, f"variable {name!r} is complex, not a real numeric array")
    dims_type, dims_raw = subs[1]
    dims = tuple(int(d) for d in np.frombuffer(dims_raw, order + MI_TYPES.get(dims_type, "i4")))
    if any(d < 0 for d in dims):
        raise DataError(path, f"variable {name!r} has a negative dimension ({'x'.join(map(str, dims))})")
    return flags & 0xFF, dims


def _numeric(subs, order: str, path: Path, name: str, cls: int, dims: tuple, last: bool = False) -> np.ndarray:
    """The real numeric array of a matrix element's parts ``subs`` of class ``cls``."""
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
    return array.astype(MX_CLASSES[cls])  # (a copy: what comes back owns its memory, as loadmat's)


# the encodings of a char array's data types (miUINT16 as MATLAB writes chars; miUTF8 / 16 / 32; 8-bit as bytes)
_CHAR_TYPES = {1: "latin-1", 2: "latin-1", 4: "utf-16", 16: "utf-8", 17: "utf-16", 18: "utf-32"}


def _value(body: memoryview, order: str, path: Path, where: str):
    """The value of an ``miMATRIX`` element (``read_mat_value``); ``where``: its place in the variable, for errors."""
    if len(body) == 0:  # an empty entry of a cell or struct field (MATLAB's [] written as a bare tag)
        return np.zeros((0, 0))
    subs = _subelements(body, order, path)
    if len(subs) < 3:
        raise DataError(path, f"{where}: a malformed matrix element (fewer than 3 parts)")
    cls, dims = _class_and_dims(subs, order, path, where)
    n = int(np.prod(dims))
    if cls == 1:  # cell: its entries, each an miMATRIX element, in linear order
        items = subs[3:]
        if len(items) != n or any(t != MI_MATRIX for t, _ in items):
            raise DataError(path, f"{where}: a cell array of {'x'.join(map(str, dims))} holding {len(items)} entries")
        return [_value(b, order, path, f"{where}{{{i + 1}}}") for i, (_, b) in enumerate(items)]
    if cls == 2:  # struct: field-name length, the names (NUL padded), then each element's fields in turn
        if len(subs) < 5:
            raise DataError(path, f"{where}: a malformed struct (no field names)")
        width = int(np.frombuffer(subs[3][1], order + "i4")[0])
        raw = bytes(subs[4][1])
        names = [raw[i:i + width].split(b"\0")[0].decode("latin-1") for i in range(0, len(raw), width)] if width else []
        names = [f for f in names if f]
        items = subs[5:]
        if len(items) != n * len(names) or any(t != MI_MATRIX for t, _ in items):
            raise DataError(path, f"{where}: a struct of {'x'.join(map(str, dims))} with {len(names)} field(s) "
                                  f"holding {len(items)} values")
        elements = []
        for k in range(n):
            at = f"{where}({k + 1})" if n > 1 else where
            elements.append({f: _value(items[k * len(names) + j][1], order, path, f"{at}.{f}")
                             for j, f in enumerate(names)})
        return elements[0] if n == 1 else elements
    if cls == 4:  # char
        if len(subs) < 4 or n == 0:
            return ""
        typ, raw = subs[3]
        enc = _CHAR_TYPES.get(typ)
        if enc is None:
            raise DataError(path, f"{where}: a char array stored as an unknown type {typ}")
        if enc in ("utf-16", "utf-32"):  # in the file's byte order
            enc += "-le" if order == "<" else "-be"
        text = bytes(raw).decode(enc, errors="replace")
        if len(dims) == 2 and dims[0] > 1 and len(text) == n:  # rows, stored column by column
            return ["".join(text[r::dims[0]]) for r in range(dims[0])]
        return text
    if cls in MX_CLASSES:
        return _numeric(subs, order, path, where, cls, dims)
    raise DataError(path, f"{where} is a {MX_NAMES.get(cls, f'class {cls}')}, which is not read")


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


def _v73_value(path: Path, name: str):
    """``read_mat_value`` of a MAT v7.3 (HDF5) file: MATLAB's classes told by each object's ``MATLAB_class``."""
    import h5py

    try:
        with h5py.File(path, "r") as f:
            if name not in f:
                keys = ", ".join(sorted(k for k in f.keys() if not k.startswith("#"))) or "none"
                raise DataError(path, f"holds no variable {name!r} (variables: {keys})")
            return _h5_value(f, f[name], path, name)
    except (OSError, KeyError, RuntimeError, ValueError, TypeError, IndexError) as exc:  # h5py's for damaged bytes
        raise DataError(path, f"a MAT v7.3 (HDF5) file that cannot be read: {exc}") from None


def _h5_class(obj) -> str:
    cls = obj.attrs.get("MATLAB_class", b"")
    return cls.decode("latin-1") if isinstance(cls, bytes) else str(cls)


def _h5_value(f, obj, path: Path, where: str):
    import h5py

    cls = _h5_class(obj)
    if isinstance(obj, h5py.Group):
        if cls not in ("struct", ""):
            raise DataError(path, f"{where} is a MATLAB {cls}, which is not read")
        # (a name that is no UTF-8, as in a damaged file, comes back from h5py as bytes)
        fields = {k if isinstance(k, str) else bytes(k).decode("latin-1"): obj[k] for k in obj.keys()}
        arrays = {k: v for k, v in fields.items() if isinstance(v, h5py.Dataset) and v.dtype == h5py.ref_dtype
                  and _h5_class(v) != "cell"}
        if fields and len(arrays) == len(fields):  # a struct array: each field the references of its elements
            refs = {k: v[()].ravel() for k, v in arrays.items()}
            n = len(next(iter(refs.values())))
            return [{k: _h5_value(f, f[r[i]], path, f"{where}({i + 1}).{k}") for k, r in refs.items()}
                    for i in range(n)]
        return {k: _h5_value(f, v, path, f"{where}.{k}") for k, v in fields.items()}
    if obj.attrs.get("MATLAB_empty", 0):
        return "" if cls == "char" else [] if cls == "cell" else np.zeros((0, 0))
    if obj.dtype == h5py.ref_dtype:  # a cell: references to its entries, HDF5's axes reversed (linear order kept)
        return [_h5_value(f, f[r], path, f"{where}{{{i + 1}}}") for i, r in enumerate(obj[()].ravel())]
    arr = obj[()]
    if cls == "char":
        rows = np.atleast_2d(np.asarray(arr)).T  # MATLAB's rows x columns
        texts = ["".join(map(chr, row)) for row in rows]
        return texts[0] if len(texts) == 1 else texts
    if not isinstance(arr, np.ndarray) or arr.dtype.kind not in "iufb":
        raise DataError(path, f"{where} is not a real numeric array (MATLAB class {cls or 'unknown'})")
    return np.ascontiguousarray(arr.T)
