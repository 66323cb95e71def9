"""HDF5 / netCDF-4 cubes as their writers describe them: axes named by netCDF-4 dimensions, HDF5
dimension labels and interleave / axis-order attributes, wavelengths held by the band dimension."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data import cube
from workbench.core.data.detect import open_sequence

H, W, B = 6, 8, 5


def scene(h=H, w=W, b=B, dtype=np.float32) -> np.ndarray:
    """(h, w, b) with every sample distinct: a scrambled reading cannot pass for the right one."""
    return (np.arange(h * w * b).reshape(h, w, b) + 100).astype(dtype)


def nc_dimension(f, name: str, size: int, values=None, **attrs):
    """A netCDF-4 dimension as netCDF-C writes it: a dimension scale named as the dimension, at the root;
    without ``values`` a bare dimension (NAME says so), with them a coordinate variable."""
    d = f.create_dataset(name, data=np.zeros(size, np.float32) if values is None else values)
    d.make_scale(f"{cube.NC_DIMENSION_ONLY}.{size:10d}" if values is None else name)
    d.attrs["_Netcdf4Dimid"] = np.int32(len([k for k in f if k != name]))
    for k, v in attrs.items():
        d.attrs[k] = v
    return d


def attach(dset, *scales):
    for i, s in enumerate(scales):
        dset.dims[i].attach_scale(s)


@pytest.mark.parametrize("video", [False, True])
def test_bands_first_netcdf4_cube_without_wavelengths_is_read_by_its_dimension_names(tmp_path, video):
    """A (bands, y, x) netCDF-4 variable, or a (time, band, lines, samples) HDF5 dataset with dimension
    labels, without wavelengths, was read as H = bands, W = y and x 'bands': only the wavelengths' count
    could tell bands first. The dimensions' names say which axis holds the bands; a warning says so."""
    import h5py

    a = scene()
    frames = np.stack([a, a + 1000, a + 2000])
    with h5py.File(tmp_path / "c.nc", "w") as f:
        f.attrs["_NCProperties"] = "version=2,netcdf=4.9.2,hdf5=1.14.3"
        if video:
            d = f.create_dataset("radiance", data=frames.transpose(0, 3, 1, 2))
            for i, label in enumerate(("time", "band", "lines", "samples")):
                d.dims[i].label = label
        else:
            d = f.create_dataset("reflectance", data=a.transpose(2, 0, 1))
            attach(d, nc_dimension(f, "bands", B), nc_dimension(f, "y", H), nc_dimension(f, "x", W))
    s = open_sequence(tmp_path / "c.nc")
    assert len(s) == (3 if video else 1) and s.meta["band_axis"] == (1 if video else 0)
    for t in range(len(s)):
        np.testing.assert_array_equal(s.frame(t), frames[t])
    (w,) = s.meta["warnings"]
    assert w.startswith(str(tmp_path / "c.nc")) and "bands first" in w
    assert ("(time, band, lines, samples)" if video else "its dimensions are named (bands, y, x)") in w


@pytest.mark.parametrize("key, value, layout", [
    ("interleave", "bsq", "bsq"), ("Interleave", b"BIL", "bil"), ("interleave", "bip", "bip"),
    ("dimensions", "lines bands samples", "bil"), ("axes", np.array([b"band", b"y", b"x"]), "bsq"),
    ("DIMENSION_ORDER", "(y, x, wavelength)", "bip")])
def test_interleave_and_axis_order_attributes_say_where_the_bands_are(tmp_path, key, value, layout):
    """An 'interleave' attribute (BSQ / BIL / BIP, as ENVI names them) or one listing the axes in order
    was not read: BSQ and BIL cubes were scrambled. BIL (lines, bands, samples) reads right too."""
    import h5py

    a = scene()
    stored = {"bsq": a.transpose(2, 0, 1), "bil": a.transpose(0, 2, 1), "bip": a}[layout]
    with h5py.File(tmp_path / "c.h5", "w") as f:
        f.create_dataset("cube", data=stored).attrs[key] = value
    s = open_sequence(tmp_path / "c.h5")
    np.testing.assert_array_equal(s.frame(0), a)
    assert s.meta.get("band_axis") == {"bsq": 0, "bil": 1, "bip": None}[layout]
    if layout == "bip":
        assert not s.meta.get("warnings")
    else:
        (w,) = s.meta["warnings"]
        assert f"attribute {key}" in w and ("BIL: lines, bands, samples" in w) == (layout == "bil")


def test_bil_cube_whose_wavelengths_match_its_middle_axis_is_read_as_bil(tmp_path):
    """Wavelengths whose count matches the middle axis only: a BIL (lines, bands, samples) cube, read
    bands last with '5 wavelengths for 8 bands' and scrambled frames."""
    import h5py

    a = scene()
    with h5py.File(tmp_path / "c.h5", "w") as f:
        f.create_dataset("cube", data=a.transpose(0, 2, 1))
        f.create_dataset("wavelengths", data=400.0 + 10 * np.arange(B))
    s = open_sequence(tmp_path / "c.h5")
    np.testing.assert_array_equal(s.frame(0), a)
    (w,) = s.meta["warnings"]
    assert "BIL" in w and "5 wavelengths match that axis" in w and s.meta["band_axis"] == 1


def test_coordinate_variable_of_the_band_dimension_gives_the_wavelengths(tmp_path):
    """A netCDF-4 coordinate variable of the band dimension (named 'band', units nm) holds the
    wavelengths: they were not found (no colour from wavelengths, HA-Net resampled by index), and the
    bands-first cube it belongs to was scrambled. A 'band' coordinate numbering the bands is no
    wavelengths, but still names the band axis."""
    import h5py

    a = scene()
    wl = np.array([450.0, 500.0, 550.0, 600.0, 650.0])
    for name, values, units in (("nm.nc", wl, "nm"), ("index.nc", np.arange(1.0, B + 1), None)):
        with h5py.File(tmp_path / name, "w") as f:
            d = f.create_dataset("rad", data=a.transpose(2, 0, 1))
            band = nc_dimension(f, "band", B, values, **({"units": units} if units else {}))
            attach(d, band, nc_dimension(f, "lat", H), nc_dimension(f, "lon", W))
    s = open_sequence(tmp_path / "nm.nc")
    np.testing.assert_array_equal(s.frame(0), a)
    np.testing.assert_array_equal(s.meta["wavelengths"], wl)
    assert s.meta["wavelength_units"] == "nm" and s.meta["band_axis"] == 0
    s = open_sequence(tmp_path / "index.nc")
    np.testing.assert_array_equal(s.frame(0), a)
    assert s.meta["wavelengths"] is None and s.meta["band_axis"] == 0


def test_without_names_or_wavelengths_bands_stay_last_and_a_doubtful_shape_is_named(tmp_path):
    """Nothing in the file names the axes: bands last as before. When the last axis is not the frame's
    smallest (as a bands-first or BIL cube looks), a warning names the file and says how it was read;
    the usual (H, W, few bands) shape opens without a word."""
    import h5py

    a = scene()
    with h5py.File(tmp_path / "doubt.h5", "w") as f:
        f.create_dataset("cube", data=a.transpose(2, 0, 1))
    with h5py.File(tmp_path / "plain.h5", "w") as f:
        f.create_dataset("cube", data=a)
    s = open_sequence(tmp_path / "doubt.h5")
    np.testing.assert_array_equal(s.frame(0), a.transpose(2, 0, 1))
    (w,) = s.meta["warnings"]
    assert w.startswith(f"{tmp_path / 'doubt.h5'}: dataset '/cube' 5x6x8: nothing in the file says which axis")
    assert "read as (H, W, bands) = (5, 6, 8), bands last" in w and "band_axis" not in s.meta
    s = open_sequence(tmp_path / "plain.h5")
    np.testing.assert_array_equal(s.frame(0), a)
    assert not s.meta.get("warnings") and "band_axis" not in s.meta


NC_FILL_FLOAT = np.float32(9.9692099683868690e+36)  # netcdf.h


def test_netcdf4_default_fill_of_never_written_parts_is_masked(tmp_path):
    """A netCDF-4 variable without _FillValue: netCDF-C fills what was never written with its default
    (NC_FILL_FLOAT 9.97e+36, NC_FILL_SHORT -32767, NC_FILL_USHORT 65535), netCDF4-python masks it; it was
    read as data (9.97e+36 set every stretch and the trackers' scale; -32767 unpacked to -0.35). Now
    those samples read as the band's smallest valid value, as a declared _FillValue does, packed or not,
    beside a missing_value too."""
    import h5py

    a = scene()

    def partly_written(f, name, dtype, fill, values):  # as netCDF-C leaves it: HDF5 fill value = the default
        d = f.create_dataset(name, shape=(H, W, B), dtype=dtype, chunks=(H // 2, W, B), fillvalue=fill)
        d[H // 2:] = values[H // 2:]
        return d

    with h5py.File(tmp_path / "f.nc", "w") as f:
        f.attrs["_NCProperties"] = "version=2,netcdf=4.9.2,hdf5=1.14.3"
        partly_written(f, "cube", np.float32, NC_FILL_FLOAT, a)
    with h5py.File(tmp_path / "packed.h5", "w") as f:  # netCDF-4 by its dimension scales, not its name
        d = partly_written(f, "cube", np.int16, -32767, (a * 10).astype(np.int16))
        d.attrs["scale_factor"] = np.float32(0.1)
        attach(d, nc_dimension(f, "y", H), nc_dimension(f, "x", W), nc_dimension(f, "band", B))
    miss = a[H // 2, 0, 0]  # a written sample, declared missing: masked beside the default fill
    with h5py.File(tmp_path / "u16.nc", "w") as f:
        d = partly_written(f, "cube", np.uint16, 65535, a.astype(np.uint16))
        d.attrs["missing_value"] = np.uint16(miss)
    for name, no_data, default in (("f.nc", NC_FILL_FLOAT, NC_FILL_FLOAT), ("packed.h5", -32767, -32767),
                                   ("u16.nc", miss, 65535)):
        s = open_sequence(tmp_path / name)
        fr = s.frame(0)
        bad = np.zeros((H, W, B), bool)
        bad[:H // 2] = True
        bad[H // 2, 0, 0] = name == "u16.nc"
        good = np.where(bad, np.inf, a)
        want = np.where(bad, np.broadcast_to(good.min(axis=(0, 1)), a.shape), a)
        np.testing.assert_allclose(fr, want, rtol=1e-6)
        assert s.meta["no_data"] == pytest.approx(no_data) and s.meta["netcdf_default_fill"] == pytest.approx(default)


@pytest.mark.parametrize("case", ["uint8", "nofill_attr", "fill_time_never", "fill_value_given", "plain_hdf5"])
def test_netcdf4_default_fill_is_left_alone_where_it_is_no_fill(tmp_path, case):
    """No default fill for byte types (255 is a uint8 cube's brightest value: netCDF's own advice, which
    netCDF4-python and ncdump follow), none for a variable with _NoFill set (a _NoFill attribute, or
    netCDF-C's HDF5 fill time 'never'), none beside an explicit _FillValue, none in an HDF5 file that is
    not netCDF-4."""
    import h5py

    dtype = np.uint8 if case == "uint8" else np.float32
    fill = 255 if case == "uint8" else NC_FILL_FLOAT
    a = scene(dtype=dtype) if case != "uint8" else (np.arange(H * W * B) % 250).reshape(H, W, B).astype(np.uint8)
    a[0, 0] = fill
    name = "c.h5" if case == "plain_hdf5" else "c.nc"
    with h5py.File(tmp_path / name, "w") as f:
        d = f.create_dataset("cube", data=a, **({"fill_time": "never"} if case == "fill_time_never" else {}))
        if case == "nofill_attr":
            d.attrs["_NoFill"] = "true"
        if case == "fill_value_given":
            d.attrs["_FillValue"] = np.float32(-1)
    s = open_sequence(tmp_path / name)
    np.testing.assert_array_equal(s.frame(0), a)
    assert "netcdf_default_fill" not in s.meta and s.meta.get("no_data") in (None, -1)


# PACE OCI L1B's band centres, cut down: blue ends where red begins (their CCDs overlap near 600 nm), SWIR has
# two bands at 1250 and 1615 nm (standard and high gain)
OCI_L1B = (("blue", [590.0, 592.5, 595.0, 597.5]), ("red", [596.0 + 2.5 * k for k in range(10)]),
           ("SWIR", [940.0, 1038.0, 1250.0, 1250.0, 1378.0, 1615.0, 1615.0, 2130.0, 2260.0]))


def pace_oci(path, level: str, scales: bool, swir_pixels: int = 8):
    """A tiny PACE OCI file laid out as the OB.DAAC's (nasa/oceandata-notebooks, oci_file_structure and
    V3.2_updates; the L1B CDL OCI_Level-1B_Data_Structure.txt; l2gen's l1b_oci.c): netCDF-4 dimensions at
    the root, the cubes in a group, the band centres in 'sensor_band_parameters'. L1B: observation_data/
    rhot_blue, rhot_red (<colour>_bands, number_of_scans, ccd_pixels), rhot_SWIR (SWIR_bands,
    number_of_scans, SWIR_pixels), each with its uint8 qual_<colour> flags of the same shape, and
    blue_wavelength / red_wavelength / SWIR_wavelength (<colour>_bands). L2 (V3.1): geophysical_data/Rrs
    (number_of_lines, pixels_per_line, wavelength_3d) with sensor_band_parameters/wavelength_3d
    (wavelength_3d) and 'wavelength' over another dimension (number_of_bands). Without ``scales`` as a
    tool that drops dimension scales copies it. Returns {cube name: (frame (H, W, B), wavelengths)}."""
    import h5py

    out = {}
    with h5py.File(path, "w") as f:
        f.attrs["_NCProperties"] = "version=2,netcdf=4.9.2,hdf5=1.14.3"
        f.attrs["title"] = f"PACE OCI Level-{level[1:]} Data"
        dims = {}

        def dim(name, size):
            if name not in dims:
                dims[name] = nc_dimension(f, name, size) if scales else None
            return dims[name]

        def variable(group, name, data, dim_names):
            d = f.require_group(group).create_dataset(name, data=data)
            if scales:
                attach(d, *(dim(n, s) for n, s in zip(dim_names, data.shape)))
            return d

        if level == "L1B":
            for n, (colour, wl) in enumerate(OCI_L1B):
                pixels = swir_pixels if colour == "SWIR" else 8
                a = scene(6, pixels, len(wl)) + 10000 * n
                out[f"rhot_{colour}"] = a, np.asarray(wl)
                names = (f"{colour}_bands", "number_of_scans", "SWIR_pixels" if colour == "SWIR" else "ccd_pixels")
                variable("observation_data", f"rhot_{colour}", a.transpose(2, 0, 1), names)
                q = variable("observation_data", f"qual_{colour}", np.zeros(a.transpose(2, 0, 1).shape, np.uint8), names)
                q.attrs["flag_masks"] = np.array([1, 2], np.uint8)
                q.attrs["flag_meanings"] = "saturation noisy"
                variable("sensor_band_parameters", f"{colour}_wavelength", np.asarray(wl, np.float32),
                         (f"{colour}_bands",)).attrs["units"] = "nm"
        else:
            a = scene(6, 8, 5)
            out["Rrs"] = a, np.array([346.0, 351.0, 356.0, 361.0, 366.0])
            variable("geophysical_data", "Rrs", a, ("number_of_lines", "pixels_per_line", "wavelength_3d"))
            variable("sensor_band_parameters", "wavelength_3d", out["Rrs"][1], ("wavelength_3d",)).attrs["units"] = "nm"
            variable("sensor_band_parameters", "wavelength", np.arange(315.0, 322.0), ("number_of_bands",))
            variable("navigation_data", "latitude", np.zeros((6, 8), np.float32), ("number_of_lines", "pixels_per_line"))
    return out


@pytest.mark.parametrize("scales", [True, False])
def test_pace_oci_l1b_and_l2_open_with_their_band_centres_and_axis_order(tmp_path, scales):
    """NASA PACE OCI products keep their band centres in sensor_band_parameters (L2 'wavelength_3d',
    L1B 'red_wavelength' ...), beside a cube in another group: they were not found (the cube had no
    wavelengths), and the L1B cube, bands first, was read as H = bands. Now the wavelengths come through
    the band dimension (or, without dimension scales, by name and length), and the L1B frames are
    (scans, pixels, bands). L1B's blue, red and SWIR bands, in three datasets, opened as the largest
    alone (red; or its qual_red flags, as large and first by name): they are one cube, every band of the
    three sorted by wavelength, the flags left alone."""
    l1b = pace_oci(tmp_path / "PACE_OCI.20240501T180000.L1B.V3.nc", "L1B", scales)
    l2 = pace_oci(tmp_path / "PACE_OCI.20240501T180000.L2.OC_AOP.V3_1.nc", "L2", scales)
    s = open_sequence(tmp_path / "PACE_OCI.20240501T180000.L1B.V3.nc")
    joined = np.concatenate([l1b[f"rhot_{c}"][0] for c, _ in OCI_L1B], axis=-1)
    wl = np.concatenate([l1b[f"rhot_{c}"][1] for c, _ in OCI_L1B])
    order = np.argsort(wl, kind="stable")
    assert s.meta["dataset"] == "/observation_data/rhot_red" and s.meta["band_axis"] == 0
    assert [p["dataset"] for p in s.meta["band_parts"]] == ["/observation_data/rhot_red", "/observation_data/rhot_SWIR",
                                                             "/observation_data/rhot_blue"]
    f = s.frame(0)
    assert f.shape == (6, 8, 23) and f.dtype == np.float32
    np.testing.assert_array_equal(f, joined[:, :, order])
    np.testing.assert_allclose(s.meta["wavelengths"], np.sort(wl))
    assert list(s.meta["wavelengths"][:6]) == [590.0, 592.5, 595.0, 596.0, 597.5, 598.5]  # blue and red interleave
    np.testing.assert_array_equal(f[:, :, 4], l1b["rhot_blue"][0][:, :, 3])
    np.testing.assert_array_equal(f[:, :, 19:21], l1b["rhot_SWIR"][0][:, :, 5:7])  # the two 1615 nm bands in file order
    assert s.meta["wavelength_units"] == "nm"
    w = s.meta["warnings"]
    assert w[-1] == (f"{tmp_path / 'PACE_OCI.20240501T180000.L1B.V3.nc'}: datasets rhot_red, rhot_SWIR, rhot_blue in "
                     f"'/observation_data' are read as one cube of 23 bands, sorted by wavelength (590-2260)")
    assert len(w) == 4 and all("bands first" in x for x in w[:3])
    assert ("(red_bands, number_of_scans, ccd_pixels)" in w[0] if scales else "10 wavelengths" in w[0])
    s = open_sequence(tmp_path / "PACE_OCI.20240501T180000.L2.OC_AOP.V3_1.nc")
    frame, wl = l2["Rrs"]
    assert s.meta["dataset"] == "/geophysical_data/Rrs" and "band_axis" not in s.meta
    np.testing.assert_array_equal(s.frame(0), frame)
    np.testing.assert_allclose(s.meta["wavelengths"], wl)
    assert s.meta["wavelength_units"] == "nm" and not s.meta.get("warnings")


@pytest.mark.parametrize("shape, doubt", [
    ((145, 145, 200), None),  # Indian Pines: a square image of 200 bands, bands last
    ((200, 145, 145), "first"),  # the same stored bands first: the square pair is the image
    ((145, 200, 145), "second"),  # ... or BIL
    ((7, 9, 5), None), ((7, 9, 11), "first"), ((9, 7, 11), "second"),  # three sizes: the last the smallest or not
])
def test_a_square_image_says_which_axis_holds_the_bands(tmp_path, shape, doubt):
    """A plain HDF5 cube shaped as Indian Pines (145 x 145 x 200, no names, no wavelengths) was warned
    about ('last axis not the frame's smallest') though bands last is the only reading that gives a square
    image; a (200, 145, 145) bands-first copy opened without a word. Two equal axes are the image's: the
    warning comes when the odd axis is not the last; with three sizes, as before."""
    import h5py

    a = np.zeros(shape, np.uint8)
    a[0, 0, 0] = 1
    with h5py.File(tmp_path / "c.h5", "w") as f:
        f.create_dataset("cube", data=a)
    s = open_sequence(tmp_path / "c.h5")
    np.testing.assert_array_equal(s.frame(0), a)
    assert "band_axis" not in s.meta
    if doubt is None:
        assert not s.meta.get("warnings")
    else:
        (w,) = s.meta["warnings"]
        assert "nothing in the file says which axis holds the bands" in w and f"on the {doubt} axis" in w
        assert ("other two axes are equal" in w) == (len(set(shape)) == 2)


def test_pace_oci_l1b_part_of_another_frame_size_is_named_and_left_out(tmp_path):
    """A band dataset whose frames are of another size cannot join the cube: it is named, the others read."""
    l1b = pace_oci(tmp_path / "oci.nc", "L1B", True, swir_pixels=7)
    s = open_sequence(tmp_path / "oci.nc")
    wl = np.concatenate([l1b["rhot_red"][1], l1b["rhot_blue"][1]])
    order = np.argsort(wl, kind="stable")
    joined = np.concatenate([l1b["rhot_red"][0], l1b["rhot_blue"][0]], axis=-1)
    np.testing.assert_array_equal(s.frame(0), joined[:, :, order])
    assert any("dataset '/observation_data/rhot_SWIR' is left out of the cube of '/observation_data/rhot_red': its "
               "frames are 6x7, not 6x8 (H x W)" in w for w in s.meta["warnings"])
    assert s.meta["warnings"][-1].endswith("datasets rhot_red, rhot_blue in '/observation_data' are read as one cube "
                                           "of 14 bands, sorted by wavelength (590-618.5)")


def test_pace_oci_l1b_parts_without_finite_wavelengths_or_of_an_unreadable_type_are_named(tmp_path):
    """Bands are put in order by their centres: a part whose centres are not numbers is not joined (NaN
    wavelengths gave a cube 'sorted by wavelength (nan-nan)'), and a part of a type the trackers cannot
    crop was dropped without a word; each is named."""
    import h5py

    l1b = pace_oci(tmp_path / "a.nc", "L1B", True)
    with h5py.File(tmp_path / "a.nc", "a") as f:
        f["sensor_band_parameters/red_wavelength"][...] = np.nan
    s = open_sequence(tmp_path / "a.nc")
    np.testing.assert_array_equal(s.frame(0), l1b["rhot_red"][0])
    assert "band_parts" not in s.meta and s.meta["warnings"][-1].endswith(
        "dataset '/observation_data/rhot_red' is read alone: it has no wavelength per band to order it among "
        "'/observation_data/rhot_SWIR', '/observation_data/rhot_blue', which hold bands of their own")
    pace_oci(tmp_path / "b.nc", "L1B", True)
    with h5py.File(tmp_path / "b.nc", "a") as f:
        f["observation_data/rhot_blue"].attrs["_FillValue"] = np.float32(-1)  # still float: joined
        del f["observation_data/rhot_SWIR"]
        f["observation_data"].create_dataset("rhot_SWIR", data=np.ones((9, 6, 8), np.int8))
    s = open_sequence(tmp_path / "b.nc")
    assert [p["dataset"].rsplit("/", 1)[-1] for p in s.meta["band_parts"]] == ["rhot_red", "rhot_blue"]
    assert any("dataset '/observation_data/rhot_SWIR' is left out of the cube of '/observation_data/rhot_red': "
               "dataset '/observation_data/rhot_SWIR' holds int8 values" in w for w in s.meta["warnings"])


def test_hdf5_whose_attributes_cannot_be_read_is_named_as_damaged(tmp_path, monkeypatch):
    """A damaged attribute table (the fuzz sweep's case: h5py's 'Error iterating over attributes (mantissa
    starting position out of bounds)') escaped open as a RuntimeError; it is a DataError naming the file."""
    import h5py
    from h5py._hl.attrs import AttributeManager

    from workbench.core.errors import DataError

    with h5py.File(tmp_path / "c.h5", "w") as f:
        f.create_dataset("cube", data=scene())

    def damaged(self):
        raise RuntimeError("Error iterating over attributes (mantissa starting position out of bounds)")

    monkeypatch.setattr(AttributeManager, "__iter__", damaged)
    with pytest.raises(DataError, match=r"HDF5 file is damaged: its structure or attributes cannot be read "
                                        r"\(Error iterating over attributes") as e:
        open_sequence(tmp_path / "c.h5")
    assert e.value.path == tmp_path / "c.h5"
