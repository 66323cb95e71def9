"""An RGB sequence opened after a hyperspectral cube had its first frame shown grey (the band mean of a "cube", a
float 2-D image) until the frame changed, and Export… drew it so: whether frames are cubes was the Spectrum dock's
state (its band count of the last cube), which the window reset only after drawing the new sequence's first frame.
It is now the sequence's own (``modality == "hsi"``), at the draw and in the exports' look."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.core.data.hsi_convert import write_h5
from tests.gui.conftest import make_registry, shown_window


@pytest.fixture
def w(qtbot):
    yield from shown_window(qtbot, make_registry(), (900, 650))


def _cube(path, bands: int):
    rng = np.random.default_rng(bands)
    frames = [rng.integers(100, 4000, (24, 32, bands)).astype(np.uint16) for _ in range(3)]
    return write_h5(path, frames, 3, np.linspace(470.0, 650.0, bands), np.tile([4.0, 5.0, 8.0, 6.0], (3, 1)))


def _rgb_folder(folder):
    folder.mkdir()
    img = np.zeros((40, 50, 3), np.uint8)
    img[..., 2] = 250  # red (BGR on disk)
    img[10:20, 10:20] = (0, 200, 0)
    for i in range(3):
        cv2.imwrite(str(folder / f"{i:04d}.png"), img)
    return folder


def test_rgb_after_a_cube_in_colour_and_a_cube_after_rgb_as_a_cube(w, qtbot, tmp_path):
    # in one window (a window each cost more than the checks): a 3-band cube, an RGB sequence, a 16-band cube, an
    # RGB sequence, then a 3-band cube: each RGB sequence opened after a cube, the last cube after an RGB sequence
    for bands in (3, 16):
        _rgb_sequence_after_a_cube_is_shown_and_exported_in_colour(w, qtbot, tmp_path / f"after{bands}", bands)
    _a_cube_after_an_rgb_sequence_is_drawn_as_a_cube(w, qtbot, tmp_path)


def _rgb_sequence_after_a_cube_is_shown_and_exported_in_colour(w, qtbot, tmp_path, bands):
    tmp_path.mkdir()
    assert w.open_path(_cube(tmp_path / "c.h5", bands))
    qtbot.waitUntil(lambda: w.sequences.sequence is not None and w.sequences.sequence.modality == "hsi"
                    and w.view.image.image is not None, timeout=5000)
    assert w.sequences.sequence.modality == "hsi" and w.spectrum.bands == bands
    name = f"rgbseq{bands}"
    assert w.open_path(_rgb_folder(tmp_path / name))
    qtbot.waitUntil(lambda: w.sequences.sequence is not None and w.sequences.sequence.name == name,
                    timeout=5000)
    shown = w.view.image.image
    # the first frame, as drawn at the open (before any frame change): colour, red with a green square
    assert shown.ndim == 3 and shown.shape[:2] == (40, 50) and shown.dtype == np.uint8, (bands, shown.shape,
                                                                                         shown.dtype)
    assert tuple(shown[30, 30]) == (250, 0, 0) and tuple(shown[15, 15]) == (0, 200, 0), bands
    # the frame export's look of it is colour too
    look = w.exporter.look()
    assert not look.hsi.cube, bands
    drawn = look.rgb(w.sequences.frame_now())
    assert drawn.ndim == 3 and tuple(drawn[30, 30]) == (250, 0, 0), bands


def _a_cube_after_an_rgb_sequence_is_drawn_as_a_cube(w, qtbot, tmp_path):
    assert w.sequences.sequence.name.startswith("rgbseq") and w.view.image.image is not None  # the RGB one open
    assert w.open_path(_cube(tmp_path / "c3.h5", 3))
    qtbot.waitUntil(lambda: w.sequences.sequence is not None and w.sequences.sequence.modality == "hsi",
                    timeout=5000)
    # 3 bands of a cube are bands, not RGB: shown as the band mean (the mode chosen), as the dock sees it
    hsi = w.spectrum.view()
    assert hsi.cube and hsi.mode == "band"
    shown = w.view.image.image
    assert shown.ndim == 2, shown.shape
    assert w.exporter.look().hsi.cube
    drawn = w.exporter.look().rgb(w.sequences.frame_now())
    assert np.array_equal(drawn[..., 0], drawn[..., 1])  # the grey band mean, not the three bands as R, G, B
