"""A gray sequence opened after a cube: the Spectrum dock said "Not a hyperspectral sequence." over an empty
plot that kept the cube's axes (wavelength (nm), 400-2500, its value range). They are a fresh dock's again."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data import hsi_generate as gen

from tests.gui.conftest import make_registry, shown_window


@pytest.fixture
def w(qtbot, messages):
    yield from shown_window(qtbot, make_registry(), (1280, 720))


def test_gray_sequence_after_a_cube_clears_the_spectrum_axes(w, tmp_path):
    import cv2

    item = w.spectrum.plot.getPlotItem()
    fresh_x, fresh_y = (tuple(r) for r in item.getViewBox().viewRange())
    video = gen.make_video(gen.load_scene(None, 8, seed=1), gen.VideoSpec(frames=2, width=32, height=24, seed=1))
    assert w.open_path(gen.write_video(video, tmp_path / "v", "h5")), w.last_error
    assert item.getAxis("bottom").labelText.startswith("wavelength")
    cube_x = tuple(item.getViewBox().viewRange()[0])
    assert cube_x[1] > 100  # nanometres
    frames = tmp_path / "gray" / "img"
    frames.mkdir(parents=True)
    for i in range(3):
        assert cv2.imwrite(str(frames / f"{i + 1:04d}.png"), np.full((24, 32), 40 * i, np.uint8))
    assert w.open_path(frames.parent), w.last_error
    assert w.spectrum.info.text() == "Not a hyperspectral sequence."
    axis = item.getAxis("bottom")
    assert not (axis.label.isVisible() and axis.labelText), axis.labelText  # no "wavelength (nm)" left
    x, y = (tuple(r) for r in item.getViewBox().viewRange())
    assert x == pytest.approx(fresh_x) and y == pytest.approx(fresh_y), (x, y, cube_x)
