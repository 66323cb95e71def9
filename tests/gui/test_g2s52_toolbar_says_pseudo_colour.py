"""The toolbar said 'Colour: CIE 1931' in the colour mode whatever the cube: a near-infrared camera's colour is its
band range stretched onto the visible (pseudo colour), a cube without wavelengths' three band groups; the toolbar
now says which, with the Spectrum dock's note as its tooltip, and 'CIE 1931' where it is true colour."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data import hot
from workbench.core.data.hsi_convert import write_h5

from tests.gui.conftest import make_registry, shown_window


@pytest.fixture
def w(qtbot, messages):
    yield from shown_window(qtbot, make_registry(), (1000, 700))


CASES = [("nir", "Colour: pseudo colour", "stretched spectrum"), ("vis", "Colour: CIE 1931", ""),
         (None, "Colour: band groups", "no wavelengths")]


def test_toolbar_names_the_colour_shown(w, qtbot, tmp_path):
    # the three cubes one after another in one window (a window each cost more than the checks), each opened in
    # band mode and then shown in colour
    for k, (kind, said, tip) in enumerate(CASES):
        wl = hot.WAVELENGTHS[kind] if kind else None
        bands = len(wl) if kind else 25
        rng = np.random.default_rng(7)
        frames = [rng.integers(100, 4000, (24, 32, bands)).astype(np.uint16) for _ in range(2)]
        w.spectrum.mode.setCurrentIndex(0)
        qtbot.waitUntil(lambda: w.view.image.image is None or w.view.image.image.ndim == 2, timeout=5000)
        path = write_h5(tmp_path / f"c{k}.h5", frames, 2, wl, np.tile([4.0, 5.0, 8.0, 6.0], (2, 1)))
        assert w.open_path(path)
        assert w.spectrum.bands == bands, kind
        w.spectrum.mode.setCurrentIndex(1)  # colour from the wavelengths
        qtbot.waitUntil(lambda: w.view.image.image is not None and w.view.image.image.ndim == 3, timeout=5000)
        assert w.band_label.text().strip() == said, (kind, w.band_label.text())
        assert tip in w.band_label.toolTip().lower() and (tip or not w.band_label.toolTip()), (kind,
                                                                                              w.band_label.toolTip())
