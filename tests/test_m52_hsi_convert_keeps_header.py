"""hsi-convert to our HDF5 video dropped what an ENVI source's header said besides its wavelengths and scale factor
(ENVI kept them since 4adeeb7): the description, the band widths (fwhm) and the default bands (how ENVI and GDAL
show the cube; the Spectrum dock's first triplet). They are HDF5 attributes / a ``fwhm`` dataset now, read back
into ``meta`` as ENVI's are. And a conversion to HOT replaced the source's wavelengths with the camera's fixed band
centres (HOT keeps none) without a word: the command says so."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data import open_sequence
from workbench.core.data.hsi_convert import convert, write_h5

from tests.helpers import shared, write_envi


def test_jasper_ridge_to_h5_keeps_description_fwhm_and_default_bands(tmp_path):
    hdr = shared("hsi/jasper_ridge/jasperRidge2_R198.hdr")
    src = open_sequence(hdr).meta
    assert src["description"] and src["fwhm"] is not None and src["default_bands"] == [32, 17, 4]

    out = convert(hdr, tmp_path / "jr.h5", "h5")
    meta = open_sequence(out).meta
    assert meta["description"] == src["description"]
    assert meta["default_bands"] == [32, 17, 4]
    np.testing.assert_allclose(meta["fwhm"], src["fwhm"], rtol=1e-6)  # Jasper Ridge's are in nm already

    again = open_sequence(convert(out, tmp_path / "again.h5", "h5")).meta  # h5 -> h5 keeps them too
    assert again["default_bands"] == [32, 17, 4] and again["description"] == src["description"]
    np.testing.assert_allclose(again["fwhm"], src["fwhm"], rtol=1e-6)


def test_an_envi_video_to_h5_keeps_them_in_nm(tmp_path):
    """Written by hand (not by the writer under test), in micrometres: the band widths come back in nm."""
    video = np.random.default_rng(0).integers(0, 1000, (2 * 8, 10, 6)).astype(np.int16)
    rows = ["ENVI", "description = {my cube}", "samples = 10", "lines = 16", "bands = 6", "header offset = 0",
            "data type = 2", "interleave = bil", "byte order = 0", "wavelength units = Micrometers",
            "wavelength = {0.45, 0.49, 0.53, 0.57, 0.61, 0.65}", "fwhm = {0.01, 0.01, 0.01, 0.01, 0.01, 0.02}",
            "default bands = {5, 3, 1}", "frames = 2"]
    meta = open_sequence(convert(write_envi(tmp_path, video, "bil", name="um", rows=rows), tmp_path / "c.h5")).meta
    assert meta["description"] == "my cube" and meta["default_bands"] == [5, 3, 1]
    np.testing.assert_allclose(meta["fwhm"], [10.0] * 5 + [20.0])


def test_header_fields_that_do_not_fit_the_bands_are_left_out(tmp_path):
    frames = [np.zeros((4, 5, 6), np.uint16)]
    out = write_h5(tmp_path / "c.h5", frames, 1, np.linspace(450, 700, 6), description="",
                   fwhm=[10.0] * 5, default_bands=[7, 3, 1])
    meta = open_sequence(out).meta
    assert "fwhm" not in meta and "default_bands" not in meta and "description" not in meta


@pytest.mark.parametrize("wavelengths, said", [(np.linspace(480.0, 900.0, 25), "not the source's 480-900 nm"),
                                               (None, "not none: the source had none")])
def test_hot_says_its_wavelengths_are_the_cameras(tmp_path, capsys, wavelengths, said):
    rng = np.random.default_rng(1)
    frames = [rng.integers(100, 4000, (10, 12, 25)).astype(np.uint16) for _ in range(2)]
    src = write_h5(tmp_path / "src.h5", frames, 2, wavelengths)
    assert main(["generate", "hsi-convert", str(src), "--out", str(tmp_path / "hot" / "seq"), "--format", "hot"]) == 0
    err = capsys.readouterr().err
    assert "HOT keeps no wavelengths: its 25 bands read back as the NIR camera's band centres, 674.9-951.7 nm, " \
           f"{said}" in err, err

    # a HOT video converted to HOT keeps its own: nothing said
    assert main(["generate", "hsi-convert", str(tmp_path / "hot" / "seq"), "--out", str(tmp_path / "hot2" / "seq"),
                 "--format", "hot"]) == 0
    assert "HOT keeps no wavelengths" not in capsys.readouterr().err
