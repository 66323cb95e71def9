"""A hyperspectral cube of 2-4 bands is a cube for the toolbar too: only frames of more than 4 bands counted, so the
band spin box was hidden with its range capped at 0, and the Spectrum dock's band slider, which follows the spin box,
could not pick a band (each band chosen came back as band 0). A colour image of 3 bands stays an image."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.core.data.hsi_convert import write_h5

from tests.gui.conftest import make_registry, shown_window


@pytest.fixture
def w(qtbot, messages):
    yield from shown_window(qtbot, make_registry(), (1000, 700))


def test_each_band_of_a_few_band_cube_can_be_shown_and_a_colour_image_is_not_a_cube(w, qtbot, tmp_path):
    # the three cubes, then the colour image, opened one after another in one window (a window each cost more
    # than the checks); a cube opened after a cube of more bands gets its own range
    view = w.view.image
    for bands in (4, 3, 2):
        rng = np.random.default_rng(bands)
        frames = [rng.integers(100, 4000, (24, 32, bands)).astype(np.uint16) for _ in range(3)]
        path = write_h5(tmp_path / f"b{bands}.h5", frames, 3, np.linspace(470.0, 650.0, bands),
                        np.tile([4.0, 5.0, 8.0, 6.0], (3, 1)))
        assert w.open_path(path)
        qtbot.waitUntil(lambda: view.image is not None and view.image.ndim == 2
                        and np.allclose(view.image, frames[0].mean(axis=2, dtype=np.float32)), timeout=5000)
        assert w.band_spin_action.isVisible() and w.band_spin.maximum() == bands - 1, (bands, w.band_spin.maximum())
        last = bands - 1
        w.spectrum.band_slider.setValue(last)  # the dock's slider: the toolbar follows, the view shows that band
        assert w.band_spin.value() == last and w.spectrum.band_slider.value() == last, bands
        qtbot.waitUntil(lambda: np.array_equal(view.image, frames[0][:, :, last]), timeout=5000)

    folder = tmp_path / "rgb"
    folder.mkdir()
    for i in range(3):
        cv2.imwrite(str(folder / f"{i + 1:04d}.png"), np.full((24, 32, 3), 40 * (i + 1), np.uint8))
    assert w.open_path(folder)
    qtbot.waitUntil(lambda: w.view.image.image is not None and w.view.image.image.ndim == 3, timeout=5000)
    assert not w.band_spin_action.isVisible() and w.band_spin.maximum() == 0, "a colour image taken for a cube"
