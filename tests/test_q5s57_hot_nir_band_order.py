"""HOT's NIR band centres were listed sorted by wavelength, where a cube's band k is the 5x5 cell's filter position k:
each NIR band was said to be at another's wavelength (band 0, 885 nm, at 673 nm). The XIMEA filter profiles (listed
in position order, as the 4x4 sensor's, whose position order is HOT's VIS one) peak, each, at the centre now given
for its position."""
from __future__ import annotations

import numpy as np

from tests.helpers import shared
from workbench.core.data import hot
from workbench.core.data.matfile import read_mat_array


def test_nir_band_centres_are_in_filter_position_order():
    filters = shared("hsi/ximea_vis16_filters")  # (skipped, saying so, where the real data is not there)
    vis = np.asarray(read_mat_array(filters / "Xemia_16_corrected.mat", "wavelengths_corrected"), float).ravel()
    np.testing.assert_allclose(hot.WAVELENGTHS["vis"], vis, atol=0.5)  # the 4x4's centres in position order
    path = filters / "Xemia_25.mat"
    profiles = np.asarray(read_mat_array(path, "Spectral_Profiles"), float)  # (25, 601): 400-1000 nm, 1 nm apart
    centres = np.sort(np.asarray(read_mat_array(path, "wavelengths"), float).ravel())
    nm = 400.0 + np.arange(profiles.shape[1])
    nir = hot.WAVELENGTHS["nir"]
    np.testing.assert_allclose(np.sort(nir), centres, atol=0.06)  # the sensor's 25 centres, each once
    for k, (wl, row) in enumerate(zip(nir, profiles)):
        at = np.interp(wl, nm, row)
        near = row[np.abs(nm - wl) <= 15].max()
        strongest = row[(nm >= 660) & (nm <= 960)].max()
        # its centre is on a peak of its profile, and no trace (a fifth of its strongest response or more)
        assert at >= 0.85 * near and at >= 0.2 * strongest, (k, wl)
