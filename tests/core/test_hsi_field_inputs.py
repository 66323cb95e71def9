"""Hyperspectral files as they come from the field: ENVI headers written by other tools (any case,
BOMs, other encodings, no-data values, bad-band lists), HDF5 cubes in other axis orders and types.
Every case either reads the right values or fails with one line naming the file."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data import cube
from workbench.core.data.detect import open_sequence
from workbench.core.errors import DataError

from tests.helpers import write_envi

H, W, B = 7, 9, 5


def scene(dtype=np.int16) -> np.ndarray:
    """A smooth (H, W, B) cube whose every value is distinct, so any scrambling shows."""
    y, x, b = np.mgrid[0:H, 0:W, 0:B]
    return (100 + 50 * y + 5 * x + b).astype(dtype)


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


@pytest.mark.parametrize("dtype, fill, interleave, byte_order", [(np.uint16, 65535, "bsq", 0), (np.int16, -9999, "bil", 1),
                                                                 (np.float32, -9999.0, "bip", 0),
                                                                 (np.float32, -3.4028235e38, "bsq", 1)])
def test_envi_data_ignore_value_does_not_set_the_stretch_or_the_tracker_scale(tmp_path, dtype, fill, interleave,
                                                                               byte_order):
    """'data ignore value' was not read: a 65535 / -9999 border over a third of the frame became the
    99.5th (or 0.5th) percentile every stretch and HA-Net's input scale are taken from. Ignored samples
    now read as their band's smallest other value in the frame."""
    from workbench.core import spectral_color
    from workbench.core.preprocess import percentile

    a = scene(dtype)
    a[:, :3] = fill
    text = f"{fill:.6g}" if dtype == np.float32 else str(fill)
    s = cube.open(write_envi(tmp_path, a, interleave, byte_order, extra=(f"data ignore value = {text}",)))
    f = s.frame(0)
    valid = scene(dtype)[:, 3:]
    np.testing.assert_array_equal(f[:, 3:], valid)
    np.testing.assert_array_equal(f[:, :3], np.broadcast_to(valid.min(axis=(0, 1)), (H, 3, B)))
    assert f.dtype == np.dtype(dtype) and s.meta["no_data"] == pytest.approx(fill, rel=1e-5)
    lo, hi = spectral_color.percentile_levels(f, 0.5, 99.5)
    assert (hi <= valid.max(axis=(0, 1))).all() and (lo >= valid.min(axis=(0, 1))).all()
    assert float(percentile(f, 99)) <= valid.max()


def test_envi_data_ignore_value_in_a_video_and_as_text(tmp_path):
    a = np.concatenate([scene(np.uint16), scene(np.uint16) + 7])  # two frames of H lines
    a[H:, 0, 2] = 0  # frame 2: one pixel's band 2 is no-data
    hdr = write_envi(tmp_path, a, "bil", extra=("frames = 2", "data ignore value = 0"))
    s = cube.open(hdr)
    np.testing.assert_array_equal(s.frame(0), scene(np.uint16))
    f = s.frame(1)
    assert (f[:, 0, 2] == (scene(np.uint16) + 7)[:, 1:, 2].min()).all() and f[0, 0, 1] == a[H, 0, 1]
    hdr.write_text(hdr.read_text().replace("data ignore value = 0", "data ignore value = none"))
    s = cube.open(hdr)
    assert s.meta["warnings"] == [f"{hdr}: ENVI header: data ignore value = none is not a number; ignored"]
    np.testing.assert_array_equal(s.frame(1), a[H:])


def test_envi_nan_declared_as_data_ignore_value_is_repaired_without_a_warning(tmp_path):
    import warnings

    a = scene(np.float32)
    a[0, :2] = np.nan
    hdr = write_envi(tmp_path, a, "bsq", extra=("data ignore value = NaN",))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f = cube.open(hdr).frame(0)
    assert np.isfinite(f).all() and (f[0, :2] == np.nanmin(a)).all()


@pytest.mark.parametrize("interleave", ["bsq", "bil", "bip"])
def test_envi_bad_band_list_leaves_bad_bands_out(tmp_path, interleave):
    """'bbl' was not read: water-vapour bands of noise entered the false colour, the trackers' input
    and its scale. Bands marked 0 are left out of the frames, wavelengths, fwhm and default bands."""
    a = scene(np.int16)
    a[..., 1] = 30000  # a saturated bad band
    a[..., 3] = -5
    fwhm = ", ".join(str(10 + k) for k in range(B))
    hdr = write_envi(tmp_path, a, interleave, extra=("bbl = {1.0, 0.0, 1.0, 0, 1}", f"fwhm = {{{fwhm}}}",
                                                     "default bands = {5, 2, 1}",
                                                     "band names = {b1, b2, b3, b4, b5}"))
    s = cube.open(hdr)
    f = s.frame(0)
    np.testing.assert_array_equal(f, a[..., [0, 2, 4]])
    np.testing.assert_array_equal(s.meta["wavelengths"], [400, 420, 440])
    np.testing.assert_array_equal(s.meta["fwhm"], [10, 12, 14])
    assert s.meta["band_names"] == ["b1", "b3", "b5"] and s.meta["default_bands"] == [3, 1]
    assert s.meta["bad_bands"] == [1, 3] and s.meta["file_bands"] == B
    assert s.meta["warnings"] == [f"{hdr}: ENVI header: bbl marks 2 of {B} bands bad (band 2, 4, counted from 1); "
                                  f"left out, 3 bands read"]


def test_envi_bad_band_list_in_a_video_and_frame_folder(tmp_path):
    from workbench.core.data import hsi_convert

    frames = [scene(np.uint16) + 10 * t for t in range(3)]
    bbl = "bbl = {1, 1, 0, 1, 1}"
    hdr = hsi_convert.write_envi_video(tmp_path / "v" / "v.hdr", frames, wavelengths=np.arange(B) * 10 + 400.0,
                                       interleave="bil")
    hdr.write_text(hdr.read_text() + bbl + "\n")
    s = open_sequence(hdr)
    for t in range(3):
        np.testing.assert_array_equal(s.frame(t), frames[t][..., [0, 1, 3, 4]])
    folder = hsi_convert.write_envi_frames(tmp_path / "f", frames, wavelengths=np.arange(B) * 10 + 400.0)
    for h in sorted(folder.glob("*.hdr")):
        h.write_text(h.read_text() + bbl + "\n")
    s = open_sequence(folder)
    assert len(s) == 3 and s.frame(2).shape == (H, W, B - 1) and len(s.meta["wavelengths"]) == B - 1
    np.testing.assert_array_equal(s.frame(2), frames[2][..., [0, 1, 3, 4]])


@pytest.mark.parametrize("bbl, note", [("{1, 0}", "is not 5 values"), ("{0, 0, 0, 0, 0}", "every band bad"),
                                       ("{1, 2, 1, 1, 1}", "is not 5 values")])
def test_envi_bad_band_list_that_cannot_be_meant_is_ignored_with_a_warning(tmp_path, bbl, note):
    a = scene()
    hdr = write_envi(tmp_path, a, "bil", extra=(f"bbl = {bbl}",))
    s = cube.open(hdr)
    np.testing.assert_array_equal(s.frame(0), a)
    (w,) = s.meta["warnings"]
    assert w.startswith(f"{hdr}: ENVI header: bbl") and note in w


def test_hdf5_bands_first_cube_and_video_read_as_h_w_bands(tmp_path):
    """A (B, H, W) cube or (T, B, H, W) video, as tools that keep band planes write it, was read as
    H = B, W = H and W 'bands' (a scrambled cube; only '5 wavelengths for 9 bands' hinted at it). When
    the wavelengths' count matches the first axis of a frame and not its last, that axis is the bands."""
    import h5py

    a = scene(np.uint16)
    video = np.stack([a, a + 1, a + 2])
    wl = 400.0 + 10 * np.arange(B)
    with h5py.File(tmp_path / "cube.h5", "w") as f:
        f.create_dataset("reflectance", data=a.transpose(2, 0, 1))
        f.create_dataset("wavelengths", data=wl)
    with h5py.File(tmp_path / "video.h5", "w") as f:
        f.create_dataset("radiance", data=video.transpose(0, 3, 1, 2), chunks=(1, B, H, W), compression="gzip")
        f.create_dataset("groundtruth", data=np.tile([1.0, 1.0, 3.0, 2.0], (3, 1)))
        f["radiance"].attrs["wavelengths"] = wl
    s = open_sequence(tmp_path / "cube.h5")
    np.testing.assert_array_equal(s.frame(0), a)
    assert "bands first" in s.meta["warnings"][0] and str(tmp_path / "cube.h5") in s.meta["warnings"][0]
    s = open_sequence(tmp_path / "video.h5")
    assert len(s) == 3 and s.meta["band_axis"] == 1
    for t in range(3):
        np.testing.assert_array_equal(s.frame(t), video[t])
    assert not [w for w in s.meta["warnings"] if "outside" in w or "wavelengths for" in w]


def test_hdf5_bands_last_stays_when_the_count_matches_several_axes(tmp_path):
    import h5py

    a = np.arange(5 * 7 * 5, dtype=np.float32).reshape(5, 7, 5)  # H = B = 5: the usual (H, W, B) reading
    with h5py.File(tmp_path / "c.h5", "w") as f:
        f.create_dataset("cube", data=a)
        f.create_dataset("wavelengths", data=np.arange(5.0) + 500)
    s = open_sequence(tmp_path / "c.h5")
    np.testing.assert_array_equal(s.frame(0), a)
    assert not s.meta.get("warnings") and "band_axis" not in s.meta


@pytest.mark.parametrize("key, value", [("_FillValue", np.uint16(65535)), ("missing_value", 65535.0),
                                        ("nodata", b"65535")])
def test_hdf5_fill_value_attribute_does_not_set_the_stretch(tmp_path, key, value):
    """A dataset's declared no-data value (netCDF's _FillValue ...) was read as data: 65535 over a
    third of the frame became the 99.5th percentile of the stretch and HA-Net's input scale."""
    import h5py

    from workbench.core import spectral_color

    a = scene(np.uint16)
    a[:, :3] = 65535
    with h5py.File(tmp_path / "c.h5", "w") as f:
        f.create_dataset("cube", data=a).attrs[key] = value
    s = open_sequence(tmp_path / "c.h5")
    frame, valid = s.frame(0), scene(np.uint16)[:, 3:]
    np.testing.assert_array_equal(frame[:, 3:], valid)
    np.testing.assert_array_equal(frame[:, :3], np.broadcast_to(valid.min(axis=(0, 1)), (H, 3, B)))
    assert s.meta["no_data"] == 65535 and (spectral_color.percentile_levels(frame)[1] <= valid.max()).all()


def test_hdf5_fill_value_that_is_not_a_number_is_named(tmp_path):
    import h5py

    with h5py.File(tmp_path / "c.h5", "w") as f:
        f.create_dataset("cube", data=scene()).attrs["_FillValue"] = "none"
    s = open_sequence(tmp_path / "c.h5")
    np.testing.assert_array_equal(s.frame(0), scene())
    assert s.meta["warnings"] == [f"{tmp_path / 'c.h5'}: dataset '/cube' attribute _FillValue = none is not a number; "
                                  f"ignored"]


@pytest.mark.parametrize("values, units", [([0.45, 0.55, 0.65], "micrometres"), ([0.45, 0.55, 0.65], "\u03bcm"),
                                           ([0.45, 0.55, 0.65], "Unknown"), ([450, 550, 650], "Micrometers"),
                                           ([0.45, 0.55, 0.65], "Nanometers"), ([4.5e-4, 5.5e-4, 6.5e-4], "mm"),
                                           ([450, 550, 650], "Index")])
def test_wavelength_units_as_headers_spell_or_mislabel_them(values, units):
    """'micrometres', a Greek mu, 'Unknown' over 0.4-0.7 and a header saying 'Micrometers' over nm
    values gave 0.45 nm or 450 000 nm: the CIE colour fell back to a stretched spectrum and the
    default triplet to bands at the ends."""
    from workbench.core import spectral_color as sc

    np.testing.assert_allclose(sc.to_nm(values, units), [450, 550, 650])
    assert sc.cie_weights(values, units)[1] == "CIE 1931"


def test_hdf5_neon_like_layout_finds_wavelengths_units_no_data_and_scale(tmp_path):
    """NEON AOP reflectance HDF5: the cube deep in a group, 'Data_Ignore_Value' = -9999 and 'Scale_Factor'
    attributes, wavelengths in <group>/Metadata/Spectral_Data/Wavelength with 'Units'. The cube read with
    no wavelengths (no CIE colour) and its -9999 border as data."""
    import h5py

    a = scene(np.int16)
    a[:, :2] = -9999
    wl = 400.0 + 10 * np.arange(B)
    with h5py.File(tmp_path / "NEON_D17_site_reflectance.h5", "w") as f:
        g = f.create_group("SITE/Reflectance")
        d = g.create_dataset("Reflectance_Data", data=a, chunks=(4, 4, B), compression="gzip")
        d.attrs["Data_Ignore_Value"] = -9999.0
        d.attrs["Scale_Factor"] = 10000.0
        w = g.create_group("Metadata/Spectral_Data").create_dataset("Wavelength", data=wl)
        w.attrs["Units"] = "nanometers"
    s = open_sequence(tmp_path / "NEON_D17_site_reflectance.h5")
    f = s.frame(0)
    np.testing.assert_array_equal(s.meta["wavelengths"], wl)
    assert s.meta["wavelength_units"] == "nanometers" and s.meta["scale_factor"] == 10000.0
    assert s.meta["no_data"] == -9999 and f.min() == scene(np.int16)[:, 2:].min()
    np.testing.assert_array_equal(f[:, 2:], scene(np.int16)[:, 2:])


def test_hot_writer_scales_float_reflectance_and_clips_what_16_bits_cannot_hold(tmp_path):
    """Converting a float reflectance cube to HOT wrote astype(uint16): 0..1.4 became 0 / 1 (a black
    mosaic), and int16 -5 became 65531; now floats up to 6.55 are written x 10000 (the generator's
    counts), what 0..65535 cannot hold is clipped, and a warning says both."""
    from workbench.core.data import hot, hsi_convert
    from workbench.core.errors import DataWarning

    refl = [np.linspace(0.0, 1.4, 4 * 6 * 16, dtype=np.float32).reshape(4, 6, 16) + 0.01 * t for t in range(2)]
    with pytest.warns(DataWarning, match="float frames written as value x 10000"):
        hsi_convert.write_hot(tmp_path / "r", refl, false_color=False)
    s = hot.open(tmp_path / "r")
    np.testing.assert_array_equal(s.frame(1), np.rint(refl[1].astype(np.float64) * 10000).astype(np.uint16))
    counts = [np.arange(4 * 6 * 16, dtype=np.int16).reshape(4, 6, 16) - 5]
    with pytest.warns(DataWarning, match="5 of 384 values outside 0-65535"):
        hsi_convert.write_hot(tmp_path / "c", counts, false_color=False)
    np.testing.assert_array_equal(hot.open(tmp_path / "c").frame(0), np.clip(counts[0], 0, None))


def test_hot_rednir_frame_smaller_than_one_cell_is_named(tmp_path):
    """A RedNIR mosaic smaller than one 4x4 cell gave numpy's 'zero-size array to reduction operation
    minimum' (a traceback in `workbench list --dataset`) while looking for the empty band."""
    import cv2

    from workbench.core.data import hot

    (tmp_path / "RedNIR" / "car" / "HSI").mkdir(parents=True)
    png = tmp_path / "RedNIR" / "car" / "HSI" / "0001.png"
    cv2.imwrite(str(png), np.full((3, 3), 500, np.uint16))
    with pytest.raises(DataError, match="a 3x3 frame is smaller than one 4x4 mosaic cell") as e:
        hot.open(tmp_path / "RedNIR" / "car")
    assert e.value.path == png


def test_envi_frame_folder_with_a_truncated_frame_is_refused_on_open(tmp_path):
    """A frame folder whose fifth data file is cut short listed as fine ('8 frames') and a run stopped
    at that frame; each frame's data file is checked against its header on open (a stat)."""
    from workbench.core.data import hsi_convert

    folder = hsi_convert.write_envi_frames(tmp_path / "f", [scene(np.uint16) + t for t in range(6)])
    data = folder / "frame0005.img"
    data.write_bytes(data.read_bytes()[:-10])
    with pytest.raises(DataError, match=r"data file has \d+ bytes but the header frame0005.hdr says") as e:
        open_sequence(folder)
    assert e.value.path == data
    data.unlink()
    with pytest.raises(DataError, match="no ENVI data file beside the header") as e:
        open_sequence(folder)
    assert e.value.path == folder / "frame0005.hdr"


def test_generator_scene_from_counts_without_a_scale_factor_is_not_clipped_white(tmp_path):
    """A scene cube of int16 reflectance x 10000 whose header has no 'reflectance scale factor' (or a
    HOT video's uint16 counts) was clipped at reflectance 1.5 everywhere: a white scene under the
    target. It reads as the same scene as with the field, and says so; bands sharing a wavelength
    (overlapping spectrometers, as in AVIRIS) do not divide by zero."""
    from workbench.core.data import hsi_generate as gen
    from workbench.core.errors import DataWarning

    y, x, b = np.mgrid[0:20, 0:24, 0:12]
    a = (800 + 40 * y + 20 * x + 100 * np.sin(b / 3.0)).astype(np.int16)
    rows = ["ENVI", "samples = 24", "lines = 20", "bands = 12", "data type = 2", "interleave = bsq", "byte order = 0",
            "wavelength units = Nanometers",
            "wavelength = {" + ", ".join(str(v) for v in [450, 470, 490, 510, 530, 550, 550, 570, 590, 610, 630, 650]) + "}"]
    with_sf = write_envi(tmp_path, a, "bsq", name="sf", rows=rows + ["reflectance scale factor = 10000"])
    without = write_envi(tmp_path, a, "bsq", name="nosf", rows=rows)
    ref = gen.load_scene(with_sf, bands=16)
    with pytest.warns(DataWarning, match="no reflectance scale factor.*read as reflectance x 10000"):
        got = gen.load_scene(without, bands=16)
    assert np.isfinite(ref.data).all() and ref.data.max() < 0.3
    np.testing.assert_allclose(got.data, ref.data, rtol=1e-6)


def test_envi_samples_and_lines_swapped_are_named(tmp_path):
    """'samples' and 'lines' swapped in a header hold the same byte count: the cube read as a sheared
    image without a word. The smoothness check that names a wrong interleave names them too."""
    y, x, b = np.mgrid[0:40, 0:56, 0:30]
    a = (1000 + 300 * np.sin(y / 6.0) * np.cos(x / 9.0) + 10 * b + 3 * x).astype(np.int16)
    hdr = write_envi(tmp_path, a, "bil")
    assert not cube.open(hdr).meta.get("warnings")
    hdr.write_text(hdr.read_text().replace("samples = 56", "samples = 40").replace("lines = 40", "lines = 56"))
    (w,) = cube.open(hdr).meta["warnings"]
    assert w.startswith(f"{hdr}: samples = 40, lines = 56 look wrong") and "samples = 56, lines = 40" in w, w


@pytest.mark.parametrize("kind_dir, seq, n", [("NIR", "vision", 5), ("VIS", "nirvana", 4), ("HSI-NIR", "provision", 5),
                                              ("RedNIR", "visitor", 4)])
def test_hot_mosaic_kind_is_a_folder_word_not_letters_in_a_sequence_name(tmp_path, kind_dir, seq, n):
    """A NIR sequence named 'vision' was read as a 4x4 VIS mosaic (16 scrambled bands of a 5x5 camera),
    a VIS one named 'nirvana' as 5x5: the kind was any 'vis' / 'nir' inside a folder name."""
    import cv2

    from workbench.core.data import hot

    frames = tmp_path / kind_dir / seq / "HSI"
    frames.mkdir(parents=True)
    cube = np.arange(6 * 8 * n * n, dtype=np.uint16).reshape(6, 8, n * n) * 7 + 100
    cube[..., -1] = 0 if kind_dir == "RedNIR" else cube[..., -1]  # RedNIR's empty filter position
    cv2.imwrite(str(frames / "0001.png"), hot.cube2x(cube))
    s = hot.open(tmp_path / kind_dir / seq)
    assert s.meta["mosaic"] == n
    np.testing.assert_array_equal(s.frame(0), cube[..., :-1] if kind_dir == "RedNIR" else cube)


def test_numbered_envi_scenes_of_different_sizes_are_listed_one_by_one(tmp_path):
    """scene1.hdr, scene2.hdr, scene3.hdr of their own sizes in one folder were taken for the frames of
    one video: the dataset listed a single BAD entry and none of the cubes could be picked."""
    from workbench.core.data.detect import open_dataset

    root = tmp_path / "flight"
    root.mkdir()
    write_envi(root, scene(), "bil", name="scene1")
    write_envi(root, scene()[:5], "bil", name="scene2")
    write_envi(root, scene(np.float32), "bsq", name="scene3")
    for where in (root, tmp_path):
        entries = open_dataset(where, errors="collect")
        assert [(e.name, e.error) for e in entries] == [("scene1", None), ("scene2", None), ("scene3", None)]
        np.testing.assert_array_equal(entries[1].open().frame(0), scene()[:5])
    frames = tmp_path / "video"
    frames.mkdir()
    for t in range(3):  # same sizes: still one video
        write_envi(frames, scene() + t, "bil", name=f"frame{t + 1:04d}")
    (e,) = [e for e in open_dataset(tmp_path, errors="collect") if e.path == frames]
    assert e.error is None and len(e.open()) == 3


def test_hot_frame_of_another_size_is_refused_on_open(tmp_path):
    """One mosaic 4 rows taller than frame 1 listed as a good sequence and stopped a run at that frame."""
    import cv2

    from workbench.core.data import hot

    folder = tmp_path / "car" / "HSI"
    folder.mkdir(parents=True)
    for t in range(4):
        cv2.imwrite(str(folder / f"{t + 1:04d}.png"), np.full((24 + 4 * (t == 2), 32), 100 + t, np.uint16))
    with pytest.raises(DataError, match=r"mosaic frame is 32x28 but frame 1 \(0001.png\) is 32x24") as e:
        hot.open(tmp_path / "car")
    assert e.value.path == folder / "0003.png"


def test_big_endian_cubes_read_in_the_machine_s_byte_order(tmp_path):
    """ENVI 'byte order = 1' and big-endian HDF5 datasets gave frames of a '>' dtype: torch.from_numpy refuses
    them ('byte order different from the native byte order'), and a frame folder with frames of both orders
    was refused mid-run as 'frame 1 is 9x7x5 uint16 but frame 0 is 9x7x5 uint16'."""
    import h5py

    from workbench.core.data.hsi_convert import write_envi_frames

    a = scene(np.uint16)
    f = cube.open(write_envi(tmp_path, a, "bsq", byte_order=1)).frame(0)
    assert f.dtype.isnative and f.dtype == np.uint16
    np.testing.assert_array_equal(f, a)
    folder = write_envi_frames(tmp_path / "seq", [a, a + 1])
    hdr = sorted(folder.glob("*.hdr"))[1]
    data = hdr.with_suffix(".img")
    data.write_bytes(np.frombuffer(data.read_bytes(), "<u2").astype(">u2").tobytes())
    hdr.write_text(hdr.read_text().replace("byte order = 0", "byte order = 1"))
    s = cube.open(folder)
    np.testing.assert_array_equal(s.frame(1), a + 1)
    assert s.frame(1).dtype.isnative
    with h5py.File(tmp_path / "be.h5", "w") as h:
        h.create_dataset("cube", data=a.astype(">f4"))
    f = cube.open(tmp_path / "be.h5").frame(0)
    assert f.dtype.isnative and f.dtype == np.float32
    np.testing.assert_array_equal(f, a)
