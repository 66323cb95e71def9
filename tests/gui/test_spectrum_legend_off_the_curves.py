"""The Spectrum dock's legend said "clicked pixel" before any pixel was clicked (an entry for an empty
curve), and sat inside the plot, top left, over the top of the spectrum (a vegetation spectrum's peak at
500-600 nm). It lists only the curves drawn, and sits above the plot's data area."""
from __future__ import annotations

import pytest

from workbench.core.data import hsi_generate as gen

from tests.gui.conftest import make_registry, shown_window


@pytest.fixture
def cube(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cube")
    v = gen.make_video(gen.load_scene(None, 16, seed=2), gen.VideoSpec(frames=4, width=64, height=48, seed=2))
    return gen.write_video(v, tmp / "c2", "h5")


@pytest.fixture
def hw(qtbot, messages):
    yield from shown_window(qtbot, make_registry(), (1366, 768))


def _texts(dock) -> list:
    legend = dock.plot.getPlotItem().legend
    return [label.text for _s, label in legend.items] if legend.isVisible() else []


def _off_the_data(qtbot, dock):
    dock.legend = dock.plot.getPlotItem().legend
    vb = dock.plot.getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: not dock.legend.sceneBoundingRect().intersects(vb.sceneBoundingRect()), timeout=3000)
    legend = dock.legend.sceneBoundingRect()
    assert legend.bottom() <= vb.sceneBoundingRect().top() + 0.5  # above the curves
    assert dock.plot.getPlotItem().sceneBoundingRect().adjusted(-1, -1, 1, 1).contains(legend)  # in the plot widget
    for _sample, label in dock.legend.items:
        assert legend.adjusted(-1, -1, 1, 1).contains(label.sceneBoundingRect())


def test_spectrum_legend_lists_drawn_curves_above_the_data(qtbot, hw, cube):
    w = hw
    assert w.open_path(cube)
    dock = w.spectrum
    dock.raise_()
    assert _texts(dock) == []  # nothing drawn yet: no legend
    w.view.sigInitBox.emit((10.0, 12.0, 20.0, 14.0))
    dock.spectra()
    assert _texts(dock) == ["mean in box"]  # no pixel clicked: no "clicked pixel"
    _off_the_data(qtbot, dock)
    dock.set_pixel(30, 20)
    dock.spectra()
    assert _texts(dock) == ["clicked pixel", "mean in box"]
    _off_the_data(qtbot, dock)
