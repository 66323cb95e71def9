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
