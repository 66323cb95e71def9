"""Cosmetic fits at 1280x720 (review item 14): the viewer's legend and the drawing hint fit the
view, the Spectrum plot starts afresh with each cube, the Colour combo is off where it has no
effect, and a refusal's status message goes once the run has ended."""
from __future__ import annotations

import pytest

from workbench.core.data import hsi_generate as gen

from tests.gui.conftest import make_registry, shown_window


@pytest.fixture(scope="module")
def cube(tmp_path_factory):  # written once: the tests only open it
    tmp = tmp_path_factory.mktemp("cube")
    v = gen.make_video(gen.load_scene(None, 16, seed=2), gen.VideoSpec(frames=6, width=96, height=64, seed=2))
    return gen.write_video(v, tmp / "c2", "h5")


@pytest.fixture
def small(qtbot, messages):
    yield from shown_window(qtbot, make_registry(), (1280, 720))


def test_legend_and_hint_fit_a_small_view(qtbot, small, cube, tmp_path):
    """At 1280x720 with the Dataset dock open the view is about 400 px wide."""
    w = small
    w.dataset.show()
    assert w.open_path(cube)
    view = w.view
    qtbot.waitUntil(lambda: view.width() < 700)
    view.set_show_gt_in_legend(True)
    view.set_results({"hanet": None, "hanet_rgb": None}, {"hanet": "#1f77b4", "hanet_rgb": "#ff7f0e"})
    view.set_hint("Drag on the frame to draw the initial box · wheel zooms · middle-drag pans · "
                  "a long hint that needs more room than a 1280x720 window gives the view")
    qtbot.waitUntil(lambda: view.hint.isVisible())
    vb = view.vb.sceneBoundingRect()
    lg = view.legend.sceneBoundingRect()
    assert lg.width() <= 0.26 * vb.width() + 1 and lg.height() <= 0.31 * vb.height() + 1
    assert view.rect().contains(view.hint.geometry())
    # every word is shown: the label is tall enough for its wrapped text
    assert view.hint.height() >= view.hint.heightForWidth(view.hint.width())
    view.grab().save(str(tmp_path / "legend_hint_1280.png"))  # to look at: under the test's own folder


def test_spectrum_plot_resets_with_a_new_cube(small, cube, tmp_path):
    """Opening a cube shows its own wavelength and value ranges before a pixel is clicked."""
    import numpy as np

    w = small
    v = gen.make_video(gen.load_scene(None, 25, seed=3), gen.VideoSpec(frames=4, width=80, height=60, seed=3))
    other = gen.write_video(v, tmp_path / "c3", "h5")
    assert w.open_path(cube)
    w.view.sigInitBox.emit((10.0, 12.0, 20.0, 14.0))  # the previous cube's curve sets its ranges
    w.spectrum.plot.getPlotItem().getViewBox().setRange(xRange=(2300, 3200), yRange=(470, 650))
    assert w.open_path(other)
    (x0, x1), (y0, y1) = w.spectrum.plot.getPlotItem().getViewBox().viewRange()
    wl = w.spectrum.wavelengths if w.spectrum.wavelengths is not None else np.arange(w.spectrum.bands)
    first = np.asarray(w.sequence.frame(0), float)
    span = wl.max() - wl.min()
    assert abs(x0 - wl.min()) < 0.1 * span and abs(x1 - wl.max()) < 0.1 * span
    vspan = np.nanmax(first) - np.nanmin(first)
    assert abs(y0 - np.nanmin(first)) < 0.1 * vspan and abs(y1 - np.nanmax(first)) < 0.1 * vspan


def test_colour_map_combo_off_in_colour_modes(small, cube, tmp_path):
    """The Colour (map) combo has no effect on CIE / triplet colour frames: disabled there, saying why."""
    from workbench.core.data.synthetic import write_demo

    w = small
    assert w.open_path(cube)
    dock = w.spectrum
    assert w.cmap_combo.isEnabled()
    for i in (1, 2):  # CIE 1931, band triplet
        dock.mode.setCurrentIndex(i)
        assert not w.cmap_combo.isEnabled() and "no effect" in w.cmap_combo.toolTip().lower()
    dock.mode.setCurrentIndex(0)
    assert w.cmap_combo.isEnabled()
    dock.mode.setCurrentIndex(1)
    assert w.open_path(cube)  # reopened in CIE mode: still off
    assert not w.cmap_combo.isEnabled()
    assert w.open_path(write_demo(tmp_path / "demo", frames=4, width=64, height=48))  # a gray sequence
    assert w.cmap_combo.isEnabled()
