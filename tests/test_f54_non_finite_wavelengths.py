"""Wavelengths of NaN or inf (an ENVI header's 'wavelength = {400, nan, ...}', an HDF5 cube's attribute) were kept:
every false-colour weight came out NaN, a black picture, and nothing said. Found by the session-54 fuzzer. Such a
list is ignored as one of no numbers, and said; finite lists read as before."""
from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import write_envi


@pytest.mark.parametrize("bad", ["nan", "inf"])
def test_envi_wavelengths_not_finite_are_said_and_ignored(tmp_path, bad):
    from workbench.core.data import open_sequence

    cube = np.arange(6 * 5 * 4, dtype=np.int16).reshape(6, 5, 4)
    hdr = write_envi(tmp_path, cube, extra=(f"fwhm = {{10, {bad}, 10, 10}}",))
    text = hdr.read_text().replace("wavelength = {400, 410,", f"wavelength = {{400, {bad},")
    hdr.write_text(text)
    seq = open_sequence(hdr)
    assert seq.meta.get("wavelengths") is None and seq.meta.get("fwhm") is None
    said = " ".join(seq.meta.get("warnings") or [])
    assert "wavelength is not a list of numbers" in said and "fwhm is not a list of numbers" in said
    write_envi(tmp_path, cube, name="good")
    assert open_sequence(tmp_path / "good.hdr").meta["wavelengths"].tolist() == [400, 410, 420, 430]


def test_hdf5_wavelengths_not_finite_are_said_and_ignored(tmp_path):
    h5py = pytest.importorskip("h5py")
    from workbench.core.data import open_sequence

    with h5py.File(tmp_path / "cube.h5", "w") as f:
        d = f.create_dataset("cube", data=np.ones((2, 6, 5, 4), np.float32))
        d.attrs["wavelengths"] = np.array([470.0, np.nan, 600.0, 650.0])
    seq = open_sequence(tmp_path / "cube.h5")
    assert seq.meta.get("wavelengths") is None
    assert any("wavelengths" in w and "not a list of numbers" in w for w in seq.meta.get("warnings") or [])
