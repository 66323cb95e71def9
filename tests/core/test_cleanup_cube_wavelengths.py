"""The one search of a group under the root for a 1-D wavelength dataset (``cube._wavelength_in_groups``),
for a cube at the root (a plain 'wavelength(s)') and last for a cube in a group (any band wavelength name):
both read the wavelengths stored as text, and say that dataset's units (tiny generated files)."""
from __future__ import annotations

import numpy as np

from workbench.core.data.detect import open_sequence

WL = [450.5, 550.25, 650.0, 750.75]


def _write(path, cube_at, wl_at, text=True):
    import h5py

    with h5py.File(path, "w") as f:
        f.create_dataset(cube_at, data=np.arange(6 * 8 * 4, dtype=np.float32).reshape(6, 8, 4))
        values = np.array([f"{v:g}".encode() for v in WL]) if text else np.asarray(WL)
        f.create_dataset(wl_at, data=values).attrs["units"] = "nm"
    return path


def test_text_band_wavelengths_in_a_group_beside_a_cube_in_another_group_are_read(tmp_path):
    """A cube in a group, its band centres a text list named 'red_wavelength' in a group under the root (no
    dimension scales): the last search took numbers only and the cube had no wavelengths; the search a root
    cube's 'wavelengths' goes through took text. Now one search, text read for both."""
    s = open_sequence(_write(tmp_path / "c.h5", "observation_data/rhot_red", "sensor_band_parameters/red_wavelength"))
    np.testing.assert_allclose(s.meta["wavelengths"], WL)
    assert s.meta["wavelength_units"] == "nm"


def test_a_root_cube_reads_text_wavelengths_of_a_group_as_before(tmp_path):
    """EMIT's shape (cube at the root, sensor_band_parameters/wavelengths), as text and as numbers."""
    for text in (True, False):
        s = open_sequence(_write(tmp_path / f"e{text}.h5", "reflectance", "sensor_band_parameters/wavelengths", text))
        np.testing.assert_allclose(s.meta["wavelengths"], WL)
        assert s.meta["wavelength_units"] == "nm"
