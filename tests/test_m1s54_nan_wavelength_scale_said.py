"""Wavelengths of NaN found through the band dimension's scale (an HDF5 / netCDF-4 coordinate variable
[400, 500, nan, 700, 800] nm) or a band wavelength table in a group (PACE OCI's sensor_band_parameters/red_wavelength)
were dropped without a word since 9b54418 (the cube's numbered bands, nothing said), where the same list as an
attribute is said. Now said as that is. Found by review R5 (session 54)."""
from __future__ import annotations

import numpy as np
import pytest

h5py = pytest.importorskip("h5py")

BAD = np.array([400.0, 500.0, np.nan, 700.0, 800.0])


def _said(seq, name):
    return [w for w in seq.meta.get("warnings") or [] if name in w and "not a list of numbers" in w]


def test_nan_wavelengths_of_a_dimension_scale_are_said(tmp_path):
    from workbench.core.data import open_sequence

    for name, wl in (("bad.h5", BAD), ("good.h5", np.nan_to_num(BAD, nan=600.0))):
        with h5py.File(tmp_path / name, "w") as f:
            d = f.create_dataset("radiance", data=np.ones((8, 10, 5), np.float32))
            s = f.create_dataset("band_wl", data=wl)
            s.attrs["units"] = "nm"
            s.make_scale("band_wl")
            d.dims[2].attach_scale(s)
    seq = open_sequence(tmp_path / "bad.h5")
    assert seq.meta.get("wavelengths") is None
    assert _said(seq, "band_wl"), seq.meta.get("warnings")
    assert open_sequence(tmp_path / "good.h5").meta["wavelengths"].tolist() == [400, 500, 600, 700, 800]


def test_nan_wavelengths_of_a_group_table_are_said(tmp_path):
    from workbench.core.data import open_sequence

    with h5py.File(tmp_path / "oci.h5", "w") as f:
        f.create_dataset("observation_data/rhot_red", data=np.ones((5, 8, 10), np.float32))
        f.create_dataset("sensor_band_parameters/red_wavelength", data=BAD)
    seq = open_sequence(tmp_path / "oci.h5")
    assert seq.meta.get("wavelengths") is None
    assert _said(seq, "red_wavelength"), seq.meta.get("warnings")
