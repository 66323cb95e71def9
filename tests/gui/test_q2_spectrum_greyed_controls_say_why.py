"""The Spectrum dock's R, G, B band boxes were greyed with no tooltip at all (on a gray sequence, and on a cube
in every Show mode but the triplet one), its band slider and Show list greyed on a gray sequence with only what
they do: each greyed control says why (no cube open, or which Show mode sets it). Seen at 1366x768 on the Jasper
Ridge cube and the horse sequence."""
from __future__ import annotations

import pytest

from workbench.core.data import hsi_generate as gen

from tests.gui.conftest import make_registry, shown_window


@pytest.fixture
def w(qtbot, messages):
    yield from shown_window(qtbot, make_registry(), (1366, 768))


def test_greyed_spectrum_controls_say_why(w, tmp_path):
    dock = w.spectrum
    for c in (dock.mode, dock.band_slider, *dock.triplet):  # nothing open yet
        assert not c.isEnabled() and c.toolTip().startswith("Open a hyperspectral cube first"), c.toolTip()
        assert "this sequence" not in c.toolTip()  # (it named a sequence at startup, none open)
    video = gen.make_video(gen.load_scene(None, 16, seed=2), gen.VideoSpec(frames=2, width=32, height=24, seed=2))
    assert w.open_path(gen.write_video(video, tmp_path / "v", "h5"))
    assert dock.mode.isEnabled() and dock.mode.toolTip() == "How the cube is drawn in the viewer"
    assert dock.band_slider.isEnabled() and "Choose" not in dock.band_slider.toolTip()
    for sp, colour in zip(dock.triplet, ("red", "green", "blue")):  # the band mode: the triplet is not used
        assert not sp.isEnabled()
        assert sp.toolTip().startswith("Choose Show › Band triplet (R, G, B)"), sp.toolTip()
        assert sp.toolTip().endswith(f"Band shown in {colour}")
    dock.mode.setCurrentText("Band triplet (R, G, B)")
    assert all(sp.isEnabled() and sp.toolTip().startswith("Band shown in") for sp in dock.triplet)
    assert not dock.band_slider.isEnabled()
    assert dock.band_slider.toolTip().startswith("Choose Show › Band (slider) / mean"), dock.band_slider.toolTip()
    # a gray sequence opened after it: "this sequence is not one" now that one is open
    import cv2
    import numpy as np

    gray = tmp_path / "gray"
    gray.mkdir()
    for k in range(2):
        cv2.imwrite(str(gray / f"{k + 1:04d}.png"), np.full((24, 32), 40 * k, np.uint8))
    assert w.open_path(gray)
    seq = getattr(w, "sequence", None)
    assert seq is not None and seq.modality != "hsi"
    for c in (dock.mode, dock.band_slider, *dock.triplet):
        assert not c.isEnabled(), c
        assert c.toolTip().startswith("Open a hyperspectral cube first: this sequence is not one."), c.toolTip()
