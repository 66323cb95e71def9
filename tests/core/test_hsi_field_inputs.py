"""Hyperspectral files as they come from the field: ENVI headers written by other tools (any case,
BOMs, other encodings, no-data values, bad-band lists), HDF5 cubes in other axis orders and types.
Every case either reads the right values or fails with one line naming the file."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from workbench.core.data import cube
from workbench.core.data.detect import open_sequence
from workbench.core.errors import DataError

H, W, B = 7, 9, 5


def scene(dtype=np.int16) -> np.ndarray:
    """A smooth (H, W, B) cube whose every value is distinct, so any scrambling shows."""
    y, x, b = np.mgrid[0:H, 0:W, 0:B]
    return (100 + 50 * y + 5 * x + b).astype(dtype)


def write_envi(folder: Path, a: np.ndarray, interleave: str = "bsq", byte_order: int = 0, name: str = "cube",
               extra: tuple = (), rows: list | None = None, ext: str = ".img", offset: int = 0,
               encoding: str = "utf-8", prefix: bytes = b"", newline: str = "\n") -> Path:
    from spectral.io.envi import dtype_to_envi

    t = a.dtype.newbyteorder(">" if byte_order else "<")
    lay = {"bip": a, "bil": a.transpose(0, 2, 1), "bsq": a.transpose(2, 0, 1)}[interleave.lower()]
    (folder / f"{name}{ext}").write_bytes(b"\0" * offset + np.ascontiguousarray(lay, dtype=t).tobytes())
    h, w, b = a.shape
    if rows is None:
        rows = ["ENVI", f"samples = {w}", f"lines = {h}", f"bands = {b}", f"header offset = {offset}",
                f"data type = {dtype_to_envi[a.dtype.char]}", f"interleave = {interleave}",
                f"byte order = {byte_order}", "wavelength units = Nanometers",
                "wavelength = {" + ", ".join(str(400 + 10 * k) for k in range(b)) + "}"]
    hdr = folder / f"{name}.hdr"
    hdr.write_bytes(prefix + (newline.join(list(rows) + list(extra)) + newline).encode(encoding))
    return hdr


@pytest.mark.parametrize("interleave", ["Bil", "Bip", "bSq", "BIL", "BIP", "BSQ"])
def test_envi_interleave_in_any_case_reads_the_right_cube(tmp_path, interleave):
    """spectral's envi.open took only 'bil' / 'BIL' and 'bip' / 'BIP' and read 'Bil' or 'Bip' as BSQ:
    a scrambled cube, without a word."""
    a = scene()
    s = cube.open(write_envi(tmp_path, a, interleave))
    np.testing.assert_array_equal(s.frame(0), a)
    assert s.meta["interleave"] == interleave.lower() and not s.meta.get("warnings")


@pytest.mark.parametrize("bad", ["7", "x", "-1"])
def test_envi_byte_order_other_than_0_or_1_is_refused(tmp_path, bad):
    """'byte order = 7' was read big-endian (spectral swaps whenever it is not the machine's 0)."""
    hdr = write_envi(tmp_path, scene(), "bip")
    hdr.write_text(hdr.read_text().replace("byte order = 0", f"byte order = {bad}"))
    with pytest.raises(DataError, match=rf"byte order = '{bad}' \(expected 0") as e:
        cube.open(hdr)
    assert e.value.path == hdr


def test_envi_spectral_library_is_refused_as_not_a_cube(tmp_path):
    hdr = write_envi(tmp_path, scene(), "bsq", extra=("file type = ENVI Spectral Library",))
    with pytest.raises(DataError, match="a table of spectra, not an image cube"):
        cube.open(hdr)


@pytest.mark.parametrize("case", ["utf8-bom", "utf8-bom-crlf", "utf16-bom", "latin1", "mixed-case-keys",
                                  "blank-line-in-list"])
def test_envi_headers_from_other_tools_read(tmp_path, case, recwarn):
    """Headers saved by Windows editors (BOM, CRLF, UTF-16), with a Latin-1 'µm' or '°' in the
    description, keys in title case or a blank line inside a {list}: spectral called the first four
    "not an ENVI header" and warned without a file name about title-case keys."""
    a = scene()
    rows = ["ENVI", "description = {scene at 20°C, 0.4-0.44 µm}", f"samples = {W}", f"lines = {H}",
            f"bands = {B}", "data type = 2", "interleave = bil", "byte order = 0", "wavelength units = Micrometers",
            "wavelength = {0.40, 0.41, 0.42, 0.43, 0.44}"]
    kw: dict = {}
    if case.startswith("utf8-bom"):
        kw = {"prefix": b"\xef\xbb\xbf", "newline": "\r\n" if case.endswith("crlf") else "\n"}
    elif case == "utf16-bom":
        kw = {"encoding": "utf-16", "newline": "\r\n"}  # Python writes the BOM
    elif case == "latin1":
        kw = {"encoding": "latin-1"}
    elif case == "mixed-case-keys":
        rows = [r if "=" not in r else r.split("=")[0].title().replace(" ", "  ") + "=" + r.split("=", 1)[1]
                for r in rows]
    else:
        rows[-1] = "wavelength = {0.40, 0.41,\n\n 0.42, 0.43,\n; a comment\n 0.44}"
    s = cube.open(write_envi(tmp_path, a, "bil", rows=rows, **kw))
    np.testing.assert_array_equal(s.frame(0), a)
    np.testing.assert_allclose(s.meta["wavelengths"], [0.40, 0.41, 0.42, 0.43, 0.44])
    assert s.meta["wavelength_units"] == "Micrometers" and not s.meta.get("warnings")
    assert "20°C" in s.meta["description"] and "µm" in s.meta["description"]
    assert not [w for w in recwarn if "lowercase" in str(w.message)]


def test_envi_binary_file_named_hdr_is_refused_on_its_first_bytes(tmp_path):
    hdr = tmp_path / "x.hdr"
    hdr.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(DataError, match="not an ENVI header") as e:
        cube.open(hdr)
    assert e.value.path == hdr


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.float32])
def test_envi_header_without_byte_order_reads_little_endian(tmp_path, dtype):
    """'byte order' left out (some writers do) was refused: 'Mandatory parameter "byte order" missing'.
    Read little-endian, as GDAL does; said for types wider than a byte."""
    a = scene(dtype)
    hdr = write_envi(tmp_path, a, "bil")
    hdr.write_text(hdr.read_text().replace("byte order = 0\n", ""))
    s = cube.open(hdr)
    np.testing.assert_array_equal(s.frame(0), a)
    assert s.meta.get("warnings", []) == ([] if a.dtype.itemsize == 1 else
                                          [f"{hdr}: ENVI header has no byte order; read as 0 (little-endian)"])
