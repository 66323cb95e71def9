"""An ENVI header of 'wavelength units = Wavenumber' (a thermal Fourier-transform camera's bands, cm^-1; a unit
of the ENVI header spec) was read as nanometres: 800-1250 cm^-1 (8-12.5 µm) as 800-1250 nm, its bands in
reverse, in the colour, HA-Net's band matching and `hsi-convert`, which wrote them into the HDF5 file as nm.
Wavenumbers are turned into wavelengths, 1e7 / value nm, their band widths with them."""
from __future__ import annotations

import h5py
import numpy as np

from workbench.core import spectral_color
from workbench.core.data.hsi_convert import convert

WN = np.array([1250.0, 1000.0, 800.0])  # cm^-1: 8000, 10000, 12500 nm


def test_wavenumbers_are_wavelengths_in_nm():
    assert np.allclose(spectral_color.to_nm(WN, "Wavenumber"), [8000.0, 10000.0, 12500.0])
    assert np.allclose(spectral_color.to_nm(WN, "cm-1"), [8000.0, 10000.0, 12500.0])
    assert np.allclose(spectral_color.to_nm([0.4, 0.5], "Micrometers"), [400.0, 500.0])  # lengths as before
    note = spectral_color.cie_weights(WN, "Wavenumber")[1]
    assert "8000-12500 nm" in note


def test_hsi_convert_writes_a_wavenumber_cube_in_nm(tmp_path):
    hdr = tmp_path / "lwir.hdr"
    hdr.write_text("ENVI\nsamples = 5\nlines = 4\nbands = 3\nheader offset = 0\ndata type = 4\ninterleave = bsq\n"
                   "byte order = 0\nwavelength units = Wavenumber\nwavelength = {1250, 1000, 800}\n"
                   "fwhm = {4, 4, 4}\n")
    np.random.default_rng(0).random((3, 4, 5), dtype=np.float32).tofile(tmp_path / "lwir.img")
    out = convert(hdr, tmp_path / "lwir.h5", "h5")
    with h5py.File(out) as f:
        assert f["wavelengths"].attrs["units"] == "nm"
        assert np.allclose(f["wavelengths"][:], [8000.0, 10000.0, 12500.0])
        # 4 cm^-1 wide: 1e7 * 4 / wn^2 nm (25.6 nm at 1250 cm^-1, 62.5 nm at 800)
        assert np.allclose(f["fwhm"][:], [25.6, 40.0, 62.5])
