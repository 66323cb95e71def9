"""Hyperspectral cubes as products store them: HDF5 float16, CF-packed (scale_factor / add_offset)
netCDF-4 / HDF5 variables with fill values and valid ranges, netCDF-4 files, other band layouts."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data import cube
from workbench.core.data.detect import open_sequence

H, W, B = 6, 8, 5


def smooth(h=H, w=W, b=B) -> np.ndarray:
    y, x, k = np.mgrid[0:h, 0:w, 0:b]
    return (0.05 + 0.01 * y + 0.002 * x + 0.03 * k).astype(np.float64)


@pytest.mark.parametrize("video", [False, True])
def test_hdf5_float16_cube_reads_as_float32(tmp_path, video):
    """float16 datasets (compact reflectance products) were refused on open: 'holds float16 values,
    which the trackers cannot crop'. Frames read as float32 with the same values, and crop."""
    import h5py

    from workbench.core import preprocess

    a = smooth().astype(np.float16)
    with h5py.File(tmp_path / "c.h5", "w") as f:
        f.create_dataset("cube", data=np.stack([a, a + np.float16(0.5)]) if video else a)
    s = open_sequence(tmp_path / "c.h5")
    fr = s.frame(len(s) - 1)
    assert len(s) == (2 if video else 1) and fr.dtype == np.float32 and s.meta["file_dtype"] == "float16"
    np.testing.assert_array_equal(fr, (a + np.float16(0.5) if video else a).astype(np.float32))
    assert preprocess.crop(fr, 3.0, 2.0, 4.0, 8, fill=preprocess.REPLICATE, grid="edge").shape == (8, 8, B)


def _packed(refl: np.ndarray, scale, offset, dtype=np.int16) -> np.ndarray:
    return np.round((refl - offset) / scale).astype(dtype)


@pytest.mark.parametrize("video", [False, True])
def test_cf_packed_hdf5_cube_is_unpacked_and_its_fill_masked(tmp_path, video):
    """netCDF-4 / HDF5 variables packed by the CF conventions (int16 with scale_factor / add_offset,
    _FillValue -32767) read as the stored integers: a picture in other units, and the fill set
    every stretch and the trackers' scale. Frames are stored * scale + offset (float32), the fill
    reads as the band's smallest valid value, as an ENVI data ignore value does."""
    import h5py

    refl, scale, offset = smooth(), 2e-5, 0.3
    stored = _packed(refl, scale, offset)
    stored[:, :2] = -32767
    with h5py.File(tmp_path / "c.h5", "w") as f:
        d = f.create_dataset("cube", data=np.stack([stored, stored]) if video else stored, chunks=True)
        d.attrs["scale_factor"] = np.float32(scale)
        d.attrs["add_offset"] = np.float32(offset)
        d.attrs["_FillValue"] = np.int16(-32767)
    s = open_sequence(tmp_path / "c.h5")
    fr = s.frame(len(s) - 1)
    assert fr.dtype == np.float32 and s.meta["file_dtype"] == "int16" and s.meta["no_data"] == -32767
    assert s.meta["packing"] == {"scale_factor": pytest.approx(scale), "add_offset": pytest.approx(offset)}
    np.testing.assert_allclose(fr[:, 2:], refl[:, 2:], atol=2e-5)
    np.testing.assert_allclose(fr[:, :2], np.broadcast_to(fr[:, 2:].min(axis=(0, 1)), (H, 2, B)))
    assert "scale_factor" not in s.meta  # CF's scale_factor is packing, not a reflectance divisor


def test_cf_per_band_scale_valid_range_missing_values_and_unsigned(tmp_path):
    """A scale_factor / add_offset of one value per band, missing_value as a list, valid_range in
    stored units, and _Unsigned = "true" on int16 (65535 stored as -1): each was ignored."""
    import h5py

    refl = smooth()
    scale = np.array([1e-5, 2e-5, 3e-5, 4e-5, 5e-5])
    offset = np.array([0.0, 0.01, 0.02, 0.03, 0.04])
    stored = np.round((refl - offset) / scale).astype(np.int64)
    assert stored.max() < 40000 and stored.min() > 0
    stored[0, 0] = 65535  # missing_value, as unsigned
    stored[1, 1] = 65000  # above valid_max
    stored[2, 2] = 3  # below valid_min
    with h5py.File(tmp_path / "c.h5", "w") as f:
        d = f.create_dataset("cube", data=stored.astype(np.uint16).view(np.int16))
        d.attrs["scale_factor"] = scale
        d.attrs["add_offset"] = offset
        d.attrs["missing_value"] = np.array([-1, 65534 - 65536], np.int16)
        d.attrs["valid_range"] = np.array([10, 60000 - 65536], np.int16)  # 10 .. 60000 unsigned
        d.attrs["_Unsigned"] = "true"
    s = open_sequence(tmp_path / "c.h5")
    fr = s.frame(0)
    bad = np.zeros((H, W), bool)
    bad[0, 0] = bad[1, 1] = bad[2, 2] = True
    np.testing.assert_allclose(fr[~bad], refl[~bad], atol=5e-5)
    np.testing.assert_allclose(fr[bad], np.broadcast_to(fr[~bad].min(axis=0), (3, B)))
    assert s.meta["valid_range"] == (10, 60000) and s.meta["no_data"] == 65535 and not s.meta.get("warnings")


def test_cf_valid_range_in_unpacked_units_and_float_valid_min_max(tmp_path):
    """The NUG rule: a valid_range of the scale factor's (float) type on packed integers is in unpacked
    units; valid_min / valid_max on a float cube (no packing) mask what lies outside them."""
    import h5py

    refl = smooth()
    stored = _packed(refl, 1e-4, 0.0)
    stored[0, :3] = 30000  # 3.0 after unpacking: outside [0, 1.5]
    with h5py.File(tmp_path / "p.h5", "w") as f:
        d = f.create_dataset("cube", data=stored)
        d.attrs["scale_factor"] = 1e-4
        d.attrs["valid_range"] = np.array([0.0, 1.5])
    fr = open_sequence(tmp_path / "p.h5").frame(0)
    ok = np.ones((H, W), bool)
    ok[0, :3] = False
    assert fr.max() <= 1.5
    np.testing.assert_allclose(fr[0, :3], np.broadcast_to(refl[ok].min(axis=0), (3, B)), atol=1e-4)
    r = refl.astype(np.float32)
    r[3, 3] = -5.0
    r[4, 4] = 7.0
    with h5py.File(tmp_path / "f.h5", "w") as f:
        d = f.create_dataset("cube", data=r)
        d.attrs["valid_min"] = np.float32(0.0)
        d.attrs["valid_max"] = np.float32(2.0)
    s = open_sequence(tmp_path / "f.h5")
    fr = s.frame(0)
    assert fr.dtype == np.float32 and 0 <= fr.min() and fr.max() <= 2 and s.meta["valid_range"] == (0.0, 2.0)
    np.testing.assert_array_equal(fr[3, 3], refl.astype(np.float32).reshape(-1, B).min(axis=0))


def test_cf_scale_that_cannot_be_meant_is_named_and_neon_scale_factor_stays_a_divisor(tmp_path):
    """A scale_factor of another length than the bands is named and the values read as stored; NEON's
    'Scale_Factor' (reflectance x 10000) is no CF packing: values as stored, meta scale_factor 10000."""
    import h5py

    stored = _packed(smooth(), 1e-4, 0.0)
    with h5py.File(tmp_path / "c.h5", "w") as f:
        f.create_dataset("cube", data=stored).attrs["scale_factor"] = np.ones(3) * 1e-4
    with h5py.File(tmp_path / "n.h5", "w") as f:
        f.create_dataset("neon", data=stored).attrs["Scale_Factor"] = 10000.0
    s = cube.open_hdf5(tmp_path / "c.h5")
    np.testing.assert_array_equal(s.frame(0), stored)
    assert s.meta["warnings"] == [f"{tmp_path / 'c.h5'}: dataset '/cube' attribute scale_factor has 3 values for "
                                  f"{B} bands (expected one, or one per band); ignored (values read as stored)"]
    s = cube.open_hdf5(tmp_path / "n.h5")
    np.testing.assert_array_equal(s.frame(0), stored)
    assert s.meta["scale_factor"] == 10000.0 and "packing" not in s.meta


def test_netcdf4_emit_like_file_opens_with_its_wavelengths(tmp_path):
    """netCDF-4 files (.nc, HDF5 underneath; EMIT's L2A reflectance: 'reflectance' (downtrack,
    crosstrack, bands) at the root, _FillValue -9999, wavelengths in 'sensor_band_parameters/
    wavelengths' with units nm) were not recognised as cubes, and their wavelengths were not found."""
    import h5py

    from workbench.core.data.detect import detect_layout, open_dataset

    refl = smooth().astype(np.float32)
    refl[0, :2] = -9999
    wl = np.array([381.0, 388.4, 395.8, 403.3, 410.7])
    path = tmp_path / "EMIT_L2A_RFL_001_20230101T000000_2300100_001.nc"
    with h5py.File(path, "w") as f:
        d = f.create_dataset("reflectance", data=refl)
        d.attrs["_FillValue"] = np.float32(-9999)
        f.create_dataset("bands", data=np.zeros(B, np.float32))  # a netCDF dimension without a variable
        g = f.create_group("sensor_band_parameters")
        w = g.create_dataset("wavelengths", data=wl.astype(np.float32))
        w.attrs["units"] = "nm"
        g.create_dataset("fwhm", data=np.full(B, 8.5, np.float32))
        loc = f.create_group("location")
        loc.create_dataset("lat", data=np.zeros((H, W)))
    assert cube.probe(path)
    s = open_sequence(path)
    fr = s.frame(0)
    np.testing.assert_allclose(s.meta["wavelengths"], wl, rtol=1e-6)
    assert s.meta["wavelength_units"] == "nm" and s.meta["dataset"] == "/reflectance" and fr.min() > 0
    assert not s.meta.get("warnings")
    assert detect_layout(path) == "cube" and [e.path for e in open_dataset(tmp_path, opened=False)] == [path]


def test_root_wavelength_dataset_gives_its_units_and_netcdf3_is_named(tmp_path):
    """A root-level 'wavelength' dataset's own 'units' attribute was not read (meta said no units);
    a netCDF-3 classic .nc file was 'not a readable HDF5 file (...)' with h5py's message."""
    import h5py

    from workbench.core.errors import DataError

    with h5py.File(tmp_path / "c.nc", "w") as f:
        f.create_dataset("cube", data=smooth().astype(np.float32))
        f.create_dataset("wavelength", data=np.linspace(0.45, 0.65, B)).attrs["units"] = "micrometers"
    s = open_sequence(tmp_path / "c.nc")
    assert s.meta["wavelength_units"] == "micrometers"
    (tmp_path / "old.nc").write_bytes(b"CDF\x01" + bytes(60))
    with pytest.raises(DataError, match="netCDF-3 .classic. file, not netCDF-4 / HDF5: convert it") as e:
        cube.open(tmp_path / "old.nc")
    assert e.value.path.name == "old.nc"


@pytest.mark.parametrize("value", ["400, 410, 420, 430, 440", b"{400 410 420 430 440}",
                                   np.array([b"400", b"410", b"420", b"430", b"440"])])
def test_hdf5_wavelengths_written_as_text_are_read(tmp_path, value):
    """Wavelengths stored as text (a comma list, an ENVI-style '{...}', an array of strings) were dropped
    without a word: no colour from wavelengths, HA-Net resampled by index."""
    import h5py

    with h5py.File(tmp_path / "c.h5", "w") as f:
        f.create_dataset("cube", data=smooth().astype(np.float32)).attrs["wavelength"] = value
    s = open_sequence(tmp_path / "c.h5")
    np.testing.assert_array_equal(s.meta["wavelengths"], [400, 410, 420, 430, 440])
    with h5py.File(tmp_path / "t.h5", "w") as f:
        f.create_dataset("cube", data=smooth().astype(np.float32)).attrs["wavelength"] = "n/a"
    assert open_sequence(tmp_path / "t.h5").meta["wavelengths"] is None


@pytest.mark.parametrize("where", ["cube", "file", "dataset"])
def test_hdf5_wavelengths_that_are_not_numbers_are_said(tmp_path, where):
    """Wavelengths that are there but not numbers ('n/a', band names) were dropped without a word: the
    cube opened with numbered bands, and the user never learnt why colour and band matching were off."""
    import h5py

    path = tmp_path / "t.h5"
    with h5py.File(path, "w") as f:
        d = f.create_dataset("cube", data=smooth().astype(np.float32))
        if where == "cube":
            d.attrs["wavelength"] = "n/a"
        elif where == "file":
            f.attrs["wavelengths"] = "blue green red nir swir"
        else:
            f.create_dataset("wavelengths", data=np.array([b"b1", b"b2", b"b3", b"b4", b"b5"]))
    s = open_sequence(path)  # the reader's warnings go with the sequence (the CLI prints them, the window logs them)
    assert s.meta["wavelengths"] is None
    said = s.meta.get("warnings") or []
    lines = [w for w in said if "not a list of numbers" in w]
    assert len(lines) == 1 and str(path) in lines[0] and "wavelength" in lines[0], said


def test_hdf5_wavelengths_read_stay_without_a_warning(tmp_path):
    import warnings

    import h5py

    with h5py.File(tmp_path / "c.h5", "w") as f:
        f.create_dataset("cube", data=smooth().astype(np.float32)).attrs["wavelength"] = "400, 410, 420, 430, 440"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = open_sequence(tmp_path / "c.h5")
    assert s.meta["wavelengths"] is not None and not s.meta.get("warnings")
