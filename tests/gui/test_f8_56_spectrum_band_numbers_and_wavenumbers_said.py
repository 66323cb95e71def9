"""The Spectrum dock's band slider and R, G, B boxes count bands from 0 and did not say so: an ENVI header's
'default bands = {3,2,1}' (1-based, as ENVI and GDAL count) showed as 2, 1, 0, read as a misreading; the labels say
'from 0' and their tooltips how that meets the header's numbers. A cube of 'wavelength units = Wavenumber' (cm⁻¹,
kept as the file gives them) had its axis said 'wavelength (nm)' and its bands '1250 nm': said in cm⁻¹."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data.cube import open_envi

HEADER = """ENVI
samples = 4
lines = 3
bands = 3
header offset = 0
data type = 4
interleave = bsq
byte order = 0
default bands = {{3,2,1}}
wavelength units = {units}
wavelength = {{{wl}}}
"""


def _dock(qtbot, tmp_path, units: str, wl: str):
    from workbench.gui.spectrum_dock import SpectrumDock

    (tmp_path / "c.hdr").write_text(HEADER.format(units=units, wl=wl))
    (np.arange(36, dtype="<f4") + 1).tofile(tmp_path / "c.img")
    seq = open_envi(tmp_path / "c.hdr")
    dock = SpectrumDock(None)
    qtbot.addWidget(dock)
    dock.on_sequence(seq)
    assert dock.bands == 3
    return dock


def test_band_numbers_said_from_0_against_the_headers_from_1(qtbot, tmp_path):
    dock = _dock(qtbot, tmp_path, "Nanometers", "450, 550, 650")
    assert [sp.value() for sp in dock.triplet] == [2, 1, 0]  # the header's {3,2,1}
    assert "from 0" in dock.triplet_label.text() and "from 0" in dock.band_label.text()
    for w in (dock.triplet_label, dock.band_label):
        assert "from 0" in w.toolTip() and "'default bands'" in w.toolTip() and "count from 1" in w.toolTip()
    assert "from 0" in dock.band_slider.toolTip()


@pytest.mark.parametrize("units", ["Wavenumber", "cm-1"])
def test_a_wavenumber_cube_is_said_in_wavenumbers(qtbot, tmp_path, units):
    dock = _dock(qtbot, tmp_path, units, "1250, 1000, 800")
    assert dock.plot.getPlotItem().getAxis("bottom").labelText == "wavenumber (cm⁻¹)"
    dock.band_slider.setValue(0)
    assert dock.band_text.text() == "0 · 1250 cm⁻¹"
    assert "800–1250 cm⁻¹" in dock.info.text() and "nm" not in dock.info.text()


def test_a_nanometre_cube_is_still_said_in_wavelengths(qtbot, tmp_path):
    dock = _dock(qtbot, tmp_path, "Nanometers", "450, 550, 650")
    assert dock.plot.getPlotItem().getAxis("bottom").labelText == "wavelength (nm)"
    dock.band_slider.setValue(2)
    assert dock.band_text.text() == "2 · 650 nm"


def test_the_toolbars_band_box_says_it_counts_from_0_too(window):
    from workbench.gui.spectrum_dock import FROM_0

    assert FROM_0 in window.band_spin.toolTip()
