"""Hyperspectral cubes of 2 to 4 bands (``generate hsi-video --bands 2``; HA-Net tracks them) are shown as cubes:
a 2-band cube went to the view as a 2-channel image (stripes of colour), a 3- or 4-band one as RGB, whatever band,
colour or triplet the toolbar and the Spectrum dock chose; `export-video` stopped on a 2-band cube with OpenCV's
traceback (putText on 2 channels). (The toolbar's band spin box is offered for a hyperspectral sequence's cubes
whatever their band count since b2896cf: tests/gui/test_g2s52_few_band_cube_band_spin.py.)"""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.core.data.detect import open_sequence
from workbench.core.data.hsi_convert import write_h5
from workbench.core.video import write_video

from tests.gui.conftest import make_registry, shown_window


def _cube(tmp_path, bands: int):
    rng = np.random.default_rng(bands)
    frames = [rng.integers(100, 4000, (24, 32, bands)).astype(np.uint16) for _ in range(3)]
    wl = np.linspace(470.0, 650.0, bands)
    gt = np.tile([4.0, 5.0, 8.0, 6.0], (3, 1))
    return write_h5(tmp_path / f"b{bands}.h5", frames, 3, wl, gt), frames


@pytest.fixture
def w(qtbot, messages):
    yield from shown_window(qtbot, make_registry(), (1000, 700))


def test_band_mean_colour_and_triplet(w, qtbot, tmp_path):
    # the 2-, 3- and 4-band cubes opened one after another in one window (a window each cost more than the checks),
    # each in band mode when it opens, as in a new window
    view = w.view.image
    for bands in (2, 3, 4):
        path, frames = _cube(tmp_path, bands)
        w.spectrum.mode.setCurrentIndex(0)
        assert w.open_path(path)
        mean = frames[0].mean(axis=2, dtype=np.float32)
        qtbot.waitUntil(lambda: view.image is not None and view.image.ndim == 2
                        and np.allclose(view.image, mean), timeout=5000)  # this cube's, not the last one's
        np.testing.assert_allclose(view.image, mean, err_msg=f"{bands} bands: not the mean of the bands")
        for mode in (1, 2):  # colour from the wavelengths, the band triplet: drawn as colour of the bands
            w.spectrum.mode.setCurrentIndex(mode)
            qtbot.waitUntil(lambda: view.image.ndim == 3 and view.image.dtype == np.uint8, timeout=5000)
            assert view.image.shape == (24, 32, 3), (bands, mode)


def test_export_video_of_a_two_band_cube(tmp_path):
    path, _frames = _cube(tmp_path, 2)
    seq = open_sequence(path)
    out = write_video(seq, [], tmp_path / "b2.mp4").path
    cap = cv2.VideoCapture(str(out))
    try:
        assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == 3
        ok, img = cap.read()
        assert ok and img.ndim == 3 and img.shape[2] == 3
    finally:
        cap.release()


def test_colour_mode_says_when_it_is_not_true_colour(w, qtbot, tmp_path):
    """A near-infrared cube's colour is its band range stretched onto the visible, a cube without wavelengths' three
    band groups: said in the Spectrum dock's line and kept there as frames change (the 'no wavelengths' note was
    replaced by the plot's at the next frame; the stretch was never said, the toolbar says 'CIE 1931'). Both cubes
    in one window, each opened in band mode (where the previous one ended)."""
    from workbench.core.data import hot

    for kind in ("nir", None):
        wl = hot.WAVELENGTHS["nir"] if kind else None
        rng = np.random.default_rng(5)
        frames = [rng.integers(100, 4000, (24, 32, 25)).astype(np.uint16) for _ in range(3)]
        path = write_h5(tmp_path / f"c_{kind}.h5", frames, 3, wl, np.tile([4.0, 5.0, 8.0, 6.0], (3, 1)))
        assert w.open_path(path)
        w.spectrum.mode.setCurrentIndex(1)
        w.set_frame(2)
        # HOT's NIR band centres span 674.9-951.7 nm since f9cb893 (position 4 at its 951.7 nm peak, not 673.4)
        want = "stretched spectrum (675-952 nm shown as 420-680 nm)" if kind else "no wavelengths"
        qtbot.waitUntil(lambda: "frame 3" in w.spectrum.info.text(), timeout=5000)
        assert want in w.spectrum.info.text().lower(), (kind, w.spectrum.info.text())
        w.spectrum.mode.setCurrentIndex(0)  # band mode: true to the file, nothing to say
        w.set_frame(1)
        qtbot.waitUntil(lambda: "frame 2" in w.spectrum.info.text(), timeout=5000)
        assert want not in w.spectrum.info.text().lower(), (kind, w.spectrum.info.text())
