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
