"""Issue 21 item 5: the hyperspectral views — the box's mean spectrum follows a drawn box, the plot
marks the shown band and has wavelength units, the toolbar names the colour mode, a new cube starts
at its mean, and several maps of one tracker show side by side with colour bars."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.boxes import Box
from workbench.core.data import hsi_generate as gen
from workbench.core.methods import MapLayer, TrackOutput
from workbench.core.registry import Plugin
from workbench.core.spectral_color import mean_spectrum

from tests.gui.conftest import FakeConfig, make_registry, shown_window

MAPS = ("response", "response_hsi", "response_fused")


class ThreeMaps:
    """Publishes three maps of different ranges (like HA-Net's), keeps the box still."""

    modalities = ("hsi", "rgb", "gray")

    def __init__(self, cfg, device):
        self.box = None

    def initialize(self, frame, box):
        self.box = Box(*box)

    def track(self, frame):
        yy, xx = np.mgrid[0:17, 0:17]
        g = np.exp(-((xx - 8) ** 2 + (yy - 8) ** 2) / 8.0)
        b = self.box
        region = Box(b.x - b.w, b.y - b.h, 3 * b.w, 3 * b.h)
        return TrackOutput(self.box, 1.0, {m: MapLayer(g * (k + 1) - k, region) for k, m in enumerate(MAPS)})


@pytest.fixture(scope="module")
def cubes(tmp_path_factory):
    """Two cubes written once for the module: the tests only open them (a run saves into the test's workspace)."""
    tmp = tmp_path_factory.mktemp("cubes")
    out = []
    for seed, bands in ((2, 16), (3, 25)):
        v = gen.make_video(gen.load_scene(None, bands, seed=seed), gen.VideoSpec(frames=20, width=96, height=64,
                                                                               seed=seed))
        out.append(gen.write_video(v, tmp / f"c{seed}", "h5"))
    return out


@pytest.fixture
def hw(qtbot, messages):
    reg = make_registry()
    reg.add(Plugin("three", "tracker", ThreeMaps, title="Three maps", config=FakeConfig, modalities=("hsi",)))
    yield from shown_window(qtbot, reg, (1366, 768))


def test_spectrum_line_breaks_at_removed_bands():
    """AVIRIS cubes lack the water-absorption bands: the line is not drawn across such a gap."""
    from workbench.gui.spectrum_dock import gap_connect

    x = np.r_[np.arange(400, 1000, 10), np.arange(1500, 2000, 10)].astype(float)
    conn = gap_connect(x)
    assert not conn[59] and conn.sum() == len(x) - 1
    assert gap_connect(np.arange(5.0)).all() and gap_connect(np.array([1.0, 2.0])).all()


def _drawn_box_updates_the_mean_spectrum(w):
    """(Asked in the band control's window, a cube just opened: a window each cost more than the checks.)"""
    w.set_frame(3)
    box = (10.0, 12.0, 20.0, 14.0)
    w.view.sigInitBox.emit(box)
    sp = w.spectrum.spectra()
    order = np.argsort(w.spectrum.wavelengths)
    np.testing.assert_allclose(sp["box"], mean_spectrum(w.sequence.frame(3), box)[order])
    assert "mean in drawn box" in w.spectrum.info.text()
    box2 = (40.0, 30.0, 12.0, 12.0)
    w.view.sigInitBox.emit(box2)
    np.testing.assert_allclose(w.spectrum.spectra()["box"], mean_spectrum(w.sequence.frame(3), box2)[order])
    conn = w.spectrum.box_curve.opts["connect"]  # evenly spaced bands: one unbroken line
    assert isinstance(conn, np.ndarray) and conn.all() and len(conn) == len(order)


def test_band_control_only_with_a_hyperspectral_sequence_and_the_drawn_box_spectrum(hw, cubes, tmp_path):
    """No band control on the toolbar before anything is open, or with a gray sequence open; with the cube open,
    the box's mean spectrum follows a drawn box."""
    from workbench.core.data.synthetic import write_demo

    w = hw
    assert not w.band_label_action.isVisible() and not w.band_spin_action.isVisible()
    assert w.open_path(cubes[0])
    assert w.band_label_action.isVisible()
    _drawn_box_updates_the_mean_spectrum(w)
    assert w.open_path(write_demo(tmp_path / "demo", frames=4, width=64, height=48))
    assert not w.band_label_action.isVisible() and not w.band_spin_action.isVisible()


def test_band_marker_units_toolbar_mode_and_band_reset_per_cube(hw, cubes):
    w = hw
    assert w.open_path(cubes[0])
    dock = w.spectrum
    assert dock.plot.getPlotItem().getAxis("bottom").labelText.startswith("wavelength (nm")
    assert not dock.band_line.isVisible()
    dock.band_slider.setValue(3)
    assert w.band_spin.value() == 3
    assert dock.band_line.isVisible() and dock.band_line.value() == pytest.approx(dock.wavelengths[3])
    assert "nm" in dock.band_text.text()
    w.band_spin.setValue(5)
    assert dock.band_line.value() == pytest.approx(dock.wavelengths[5])
    assert w.band_label.text().strip() == "Band" and w.band_spin_action.isVisible()
    dock.mode.setCurrentIndex(1)  # colour from wavelengths
    assert "CIE" in w.band_label.text() and "Band" not in w.band_label.text()
    assert not w.band_spin_action.isVisible() and not dock.band_line.isVisible()
    dock.mode.setCurrentIndex(2)
    assert "R, G, B" in w.band_label.text()
    dock.mode.setCurrentIndex(0)
    assert w.band_label.text().strip() == "Band" and w.band_spin_action.isVisible()
    # the band choice resets per cube (asked here, the modes tried first: a window of its own before)
    w.band_spin.setValue(12)
    assert w.spectrum.band_slider.value() == 12
    assert w.open_path(cubes[1])
    assert w.band_spin.value() == -1 and w.spectrum.band_slider.value() == -1, "the band choice kept for a new cube"
    assert w.band_spin.maximum() == 24
    assert w.view.image.image.ndim == 2  # the mean of the new cube


def test_three_maps_side_by_side_with_colour_bars(qtbot, hw, cubes):
    from workbench.gui.inspector import ALL_MAPS

    w = hw
    assert w.open_path(cubes[0])
    w.view.sigInitBox.emit((30.0, 20.0, 12.0, 10.0))
    assert w.run_selected(["three"])
    qtbot.waitUntil(lambda: not w.busy, timeout=30000)
    insp = w.response_inspector
    insp.show()
    insp.raise_()
    insp.tracker.setCurrentText("Three maps" if insp.tracker.findText("Three maps") >= 0 else insp.tracker.itemText(0))
    assert set(insp.map_names()) == set(MAPS)
    # one map: its own colour bar spans the map's range
    insp.map_name.setCurrentText("response_fused")
    w.set_frame(5)
    lo, hi = insp.bar.levels()
    assert lo == pytest.approx(-2.0, abs=1e-3) and hi == pytest.approx(1.0, abs=1e-3)
    # the axes name what they count, and one cell's size in frame pixels (the region it covers / 17 cells)
    pi = insp.plot.getPlotItem()
    assert pi.getAxis("left").labelText == "map row"
    assert pi.getAxis("bottom").labelText.startswith("map column (1 cell = ") and "frame px" in \
        pi.getAxis("bottom").labelText
    insp.map_name.setCurrentText(ALL_MAPS)
    w.set_frame(6)
    assert insp.grid.isVisibleTo(insp) and not insp.plot.isVisibleTo(insp)
    assert list(insp.panels) == insp.map_names()
    for k, name in enumerate(MAPS):
        _pi, img, bar = insp.panels[name]
        assert img.image is not None and img.image.shape == (17, 17)
        assert bar.levels()[1] == pytest.approx(1.0, abs=1e-3)
        assert bar.levels()[0] == pytest.approx(-k, abs=1e-3)
