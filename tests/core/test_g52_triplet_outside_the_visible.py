"""The band triplet a cube is first shown in takes three different bands also where the bands do not cover the
visible: a near-infrared camera's (XIMEA NIR, 671-947 nm) was band 0 three times, a grey image under "Bands R, G, B";
a red-edge one's (600-850 nm) two of three the same. They are picked as the cube's colour is made (the band range
stretched onto the visible), R the longest wavelength; a visible camera keeps its bands nearest 640 / 550 / 460 nm."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core import spectral_color as sc
from workbench.core.data import hot


@pytest.mark.parametrize("kind", ["nir", "rednir"])
def test_three_bands_long_to_short(kind):
    wl = hot.WAVELENGTHS[kind]
    r, g, b = sc.default_triplet(wl)
    assert len({r, g, b}) == 3
    assert wl[r] > wl[g] > wl[b]
    # spread over the range, as the colour's stretch puts them (640 / 550 / 460 of 420-680 nm)
    lo, hi = wl.min(), wl.max()
    for band, target in ((r, 640.0), (g, 550.0), (b, 460.0)):
        assert abs(wl[band] - (lo + (target - 420.0) / 260.0 * (hi - lo))) <= np.max(np.diff(np.sort(wl)))


def test_visible_and_micrometres_unchanged():
    assert sc.default_triplet(hot.WAVELENGTHS["vis"]) == (3, 6, 2)
    assert sc.default_triplet(hot.WAVELENGTHS["vis"] / 1000.0, units="micrometers") == (3, 6, 2)
    aviris = np.linspace(399.0, 2457.0, 198)
    assert [round(aviris[k]) for k in sc.default_triplet(aviris)] == [639, 545, 462]
    assert sc.default_triplet(None, 10) == (9, 5, 0)
