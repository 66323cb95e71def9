"""ENVI ``data gain values`` / ``data offset values`` (the header spec: per band, stored values to radiance)
were left in the header: frames were raw counts whose bands are on scales of their own. They are applied
as each frame is read, after the no-data fill and with bbl's bad bands left out of them as of the
wavelengths. ``reflectance scale factor`` stays metadata (``meta["scale_factor"]``), frames as stored."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data import cube

from tests.helpers import shared, write_envi

H, W, B = 4, 5, 4
GAIN = [0.5, 2.0, 0.25, 4.0]
OFFSET = [1.0, -3.0, 0.0, 10.0]


def counts() -> np.ndarray:
    y, x, b = np.mgrid[0:H, 0:W, 0:B]
    return (100 + 20 * y + 3 * x + 7 * b).astype(np.int16)


def field(key: str, values) -> str:
    return f"{key} = {{" + ", ".join(str(v) for v in values) + "}"


@pytest.mark.parametrize("interleave", ["bsq", "bil", "bip"])
def test_gain_and_offset_are_applied_per_band_with_the_bad_bands_left_out(tmp_path, interleave):
    a = counts()
    a[1, 2, :] = -9999
    hdr = write_envi(tmp_path, a, interleave, extra=(field("data gain values", GAIN), field("data offset values", OFFSET),
                                                     "bbl = {1, 0, 1, 1}", "data ignore value = -9999"))
    s = cube.open(hdr)
    f = s.frame(0)
    keep = [0, 2, 3]
    filled = a[:, :, keep].astype(np.float64)
    filled[1, 2, :] = filled.reshape(-1, 3)[np.arange(H * W) != 1 * W + 2].min(axis=0)  # the fill, in stored units
    want = filled * np.asarray(GAIN)[keep] + np.asarray(OFFSET)[keep]
    assert f.dtype == np.float32 and f.shape == (H, W, 3)
    np.testing.assert_allclose(f, want, rtol=1e-6)
    np.testing.assert_array_equal(s.meta["wavelengths"], [400, 420, 430])
    assert s.meta["data_gain"] == [0.5, 0.25, 4.0] and s.meta["data_offset"] == [1.0, 0.0, 10.0]
    assert s.meta["file_dtype"] == "int16" and s.meta["scale_factor"] == 1.0
    assert not [w for w in s.meta.get("warnings", []) if "ENVI header: data" in w]


def test_reflectance_scale_factor_stays_metadata_and_gives_way_to_a_calibration(tmp_path):
    a = counts()
    s = cube.open(write_envi(tmp_path, a, "bil", name="refl", extra=("reflectance scale factor = 10000",)))
    np.testing.assert_array_equal(s.frame(0), a)  # as stored: int16, what ENVI and GDAL show
    assert s.frame(0).dtype == np.int16 and s.meta["scale_factor"] == 10000.0 and "data_gain" not in s.meta
    s = cube.open(write_envi(tmp_path, a, "bil", name="both", extra=(
        "reflectance scale factor = 10000", "data gain values = {0.0001, 0.0001, 0.0001, 0.0001}")))
    np.testing.assert_allclose(s.frame(0), a * 1e-4, rtol=1e-6)
    assert s.meta["scale_factor"] == 1.0  # dividing the calibrated frames again would scale them twice
    (w,) = s.meta["warnings"]
    assert "reflectance scale factor = 10000 describes the stored values" in w and str(tmp_path / "both.hdr") in w


@pytest.mark.parametrize("extra, why", [
    (("data gain values = {1, 2}",), "has 2 values for 4 bands"),
    (("data gain values = {1, x, 2, 3}",), "is not a list of numbers"),
    (("data gain values = {1, 0, 2, 3}",), "holds a gain of 0"),
    (("data gain values = {1, 2, 3, 4}", "data offset values = {0, nan, 0, 0}"), "holds a value that is not finite"),
])
def test_gain_or_offset_that_cannot_be_meant_is_named_and_neither_applied(tmp_path, extra, why):
    a = counts()
    s = cube.open(write_envi(tmp_path, a, "bsq", extra=extra))
    np.testing.assert_array_equal(s.frame(0), a)
    (w,) = s.meta["warnings"]
    assert w.startswith(f"{tmp_path / 'cube.hdr'}: ENVI header: data ") and why in w and "values read as stored" in w
    assert "data_gain" not in s.meta


def test_one_gain_for_every_band_and_neutral_values(tmp_path):
    a = counts()
    s = cube.open(write_envi(tmp_path, a, "bip", name="one", extra=("data gain values = {2}",)))
    np.testing.assert_allclose(s.frame(0), 2.0 * a)
    s = cube.open(write_envi(tmp_path, a, "bip", name="neutral", extra=(field("data gain values", [1] * B),
                                                                        field("data offset values", [0] * B))))
    assert s.frame(0).dtype == np.int16 and "data_gain" not in s.meta and "file_dtype" not in s.meta


def test_video_and_frame_folder_apply_frame_one_s_calibration(tmp_path):
    from workbench.core.data.hsi_convert import write_envi_frames

    frames = [counts() + 10 * t for t in range(3)]
    hdr = write_envi(tmp_path, np.concatenate(frames, axis=0), "bil", name="video",
                     extra=("frames = 3", field("data gain values", GAIN), field("data offset values", OFFSET)))
    s = cube.open(hdr)
    for t in range(3):
        np.testing.assert_allclose(s.frame(t), frames[t] * np.asarray(GAIN) + np.asarray(OFFSET), rtol=1e-6)
    folder = write_envi_frames(tmp_path / "seq", frames)
    hdrs = sorted(folder.glob("*.hdr"))
    for k, h in enumerate(hdrs):
        h.write_text(h.read_text() + field("data gain values", [g * (2 if k == 2 else 1) for g in GAIN]) + "\n")
    s = cube.open(folder)
    np.testing.assert_allclose(s.frame(2), frames[2] * np.asarray(GAIN), rtol=1e-6)  # frame 1's gains
    assert any(f"({hdrs[2].name}) give another bbl, data ignore value or data gain" in w for w in s.meta["warnings"])


def test_real_jasper_ridge_reads_as_stored_with_its_scale_factor_in_meta():
    """Jasper Ridge: int16, reflectance scale factor 10000, no gains: frames as stored, as before."""
    s = cube.open(shared("hsi/jasper_ridge/jasperRidge2_R198.hdr"))
    f = s.frame(0)
    raw = np.fromfile(s.meta["data_file"], "<i2").reshape(100, 198, 100).transpose(0, 2, 1)  # BIL
    assert f.dtype == np.int16 and np.array_equal(f, raw)
    assert s.meta["scale_factor"] == 10000.0 and "data_gain" not in s.meta and not s.meta.get("warnings")
