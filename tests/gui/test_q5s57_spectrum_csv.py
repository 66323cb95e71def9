"""The Spectrum dock's spectra could not be had as numbers (no export; a screenshot of the plot only): its
*Export CSV…* writes them, a row a band in the plot's wavelength order with the band's index from 0 (a HOT mosaic's
filter position: band 2 is 470 nm), the clicked pixel's values and the box's mean, each column naming its pixel /
box and frame; greyed without a cube, saying why."""
from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog

from workbench.core.data import hsi_generate as gen
from workbench.core.spectral_color import mean_spectrum

from tests.gui.conftest import make_registry, shown_window


@pytest.fixture
def w(qtbot, messages):
    yield from shown_window(qtbot, make_registry(), (1366, 768))


def test_spectrum_exported_as_csv_in_wavelength_order(w, tmp_path, monkeypatch):
    assert not w.spectrum.export_button.isEnabled()
    assert "Open a hyperspectral cube first" in w.spectrum.export_button.toolTip()
    video = gen.make_video(gen.load_scene(None, 16, seed=3), gen.VideoSpec(frames=3, width=48, height=32, seed=3))
    path = gen.write_video(video, tmp_path / "hot", "hot")  # HOT mosaics: bands in filter-position order
    assert w.open_path(path), w.last_error
    dock = w.spectrum
    assert dock.export_button.isEnabled()
    w.view.sigClicked.emit(10.5, 7.2)
    out = tmp_path / "out" / "spec.csv"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    dock.export_button.click()
    assert w.statusBar().currentMessage() == f"Exported the spectrum to {out}"
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    assert head[:2] == ["band", "wavelength (nm)"]
    assert head[2] == "pixel (10, 7), frame 1" and head[3].startswith("mean in groundtruth box (")
    assert len(body) == 16
    wl = np.array([float(r[1]) for r in body])
    assert np.all(np.diff(wl) > 0) and wl[0] == 470.0 and body[0][0] == "2"  # XIMEA VIS: position 2 is 470 nm
    cube = w.sequence.frame(0)
    bands = [int(r[0]) for r in body]
    np.testing.assert_allclose([float(r[2]) for r in body], cube[7, 10, bands].astype(float))
    box = w.sequence.gt_box(0)
    np.testing.assert_allclose([float(r[3]) for r in body], mean_spectrum(cube, tuple(box))[bands], rtol=1e-6)


def test_a_grab_right_after_a_frame_change_shows_that_frames_spectrum(w, tmp_path, monkeypatch):
    """``--screenshot`` grabbed the window right after moving to 60 % of the run: the Spectrum dock's throttled redraw
    had not come, and it showed the last frame's spectrum, said as 'frame 30' under frame 18. (The throttle's interval
    made long: on a loaded machine 0.2 s passed between the two frame changes, the second drawn at once, and the test
    passed without the grab's flush.)"""
    from workbench.gui import spectrum_dock
    from workbench.gui.app import grab

    monkeypatch.setattr(spectrum_dock, "PLOT_INTERVAL_S", 30.0)
    video = gen.make_video(gen.load_scene(None, 16, seed=3), gen.VideoSpec(frames=4, width=48, height=32, seed=3))
    assert w.open_path(gen.write_video(video, tmp_path / "v", "h5")), w.last_error
    for i in (3, 1):  # two changes within the throttle's interval: the second is held back
        w.set_frame(i)
    grab(w, tmp_path / "shot.png")
    assert w.spectrum.info.text().startswith("mean in groundtruth box · frame 2")
    box = w.sequence.gt_box(1)
    order = np.argsort(w.spectrum.wavelengths)
    np.testing.assert_allclose(w.spectrum.box_curve.getData()[1],
                               mean_spectrum(w.sequence.frame(1), tuple(box))[order], rtol=1e-6)
