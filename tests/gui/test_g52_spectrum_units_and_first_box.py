"""The Spectrum dock on a cube whose wavelengths are in micrometres says them to the nanometre in the file's unit
(the band slider said "3 · 1 nm", the toolbar's band "3 · 1 µm", the info "0–1 µm", and the axis ticks read
500-650 with "(x0.001)" after "µm"); and a cube with groundtruth shows the box's mean spectrum as soon as it opens
(it was drawn only once the frame changed). Wavelengths of 0.4-2.5 with no unit, or labelled nm (what hsi-convert
wrote for a cube in micrometres), are micrometres as the colour and HA-Net read them: the axis said "(nm)"."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data import hsi_generate as gen
from workbench.core.data.hsi_convert import write_h5
from workbench.core.spectral_color import default_triplet, mean_spectrum

from tests.gui.conftest import make_registry, shown_window


@pytest.fixture
def w(qtbot, messages):
    yield from shown_window(qtbot, make_registry(), (1366, 768))


@pytest.fixture(scope="module")
def video():
    return gen.make_video(gen.load_scene(None, 16, seed=4), gen.VideoSpec(frames=3, width=64, height=48, seed=4))


def test_micrometres_said_to_the_nanometre_labelled_unlabelled_or_labelled_nm(w, video, tmp_path):
    # the three micrometre files in one window (a window each cost more than the checks), a nanometre cube opened
    # before each unlabelled / nm-labelled one so that its axis is not the last file's
    _micrometres_said_to_the_nanometre(w, video, tmp_path)
    for units in (None, "nm"):
        assert w.open_path(gen.write_video(video, tmp_path / f"before_{units}", "h5"))
        assert w.spectrum.plot.getPlotItem().getAxis("bottom").labelText.startswith("wavelength (nm")
        _micrometre_values_unlabelled_or_labelled_nm(w, video, tmp_path, units)


def _micrometres_said_to_the_nanometre(w, video, tmp_path):
    wl_um = np.asarray(video.wavelengths, float) / 1000.0  # 0.470 ... 0.647
    path = write_h5(tmp_path / "um.h5", [video.frame(i) for i in range(len(video))], len(video), wl_um,
                    video.groundtruth, units="micrometers")
    assert w.open_path(path)
    dock = w.spectrum
    top = int(np.argmax(wl_um))
    dock.band_slider.setValue(top)
    assert dock.band_text.text() == f"{top} · {wl_um[top]:.3f} µm"
    w.band_spin.setValue(0)  # the toolbar's band, followed by the dock
    assert dock.band_text.text() == f"0 · {wl_um[0]:.3f} µm"
    assert f"{wl_um.min():.3f}–{wl_um.max():.3f} µm" in dock.info.text()
    axis = dock.plot.getPlotItem().getAxis("bottom")
    assert axis.labelString().find("x0.001") < 0 and "wavelength (µm)" in axis.labelString()


def test_groundtruth_spectrum_shown_on_open(w, video, tmp_path):
    path = gen.write_video(video, tmp_path / "v", "h5")
    assert w.open_path(path)
    box = w.sequence.gt_box(0)
    assert box is not None
    sp = w.spectrum.spectra()
    assert sp["box"] is not None and len(sp["box"]) == 16
    order = np.argsort(w.spectrum.wavelengths)
    np.testing.assert_allclose(sp["box"], mean_spectrum(w.sequence.frame(0), tuple(box))[order])
    assert "mean in groundtruth box" in w.spectrum.info.text()


def _micrometre_values_unlabelled_or_labelled_nm(w, video, tmp_path, units):
    import h5py

    wl_um = np.asarray(video.wavelengths, float) / 1000.0
    path = tmp_path / f"c_{units}.h5"
    with h5py.File(path, "w") as f:
        f["cube"] = np.stack([video.frame(i) for i in range(len(video))])
        f["wavelengths"] = wl_um
        if units:
            f["wavelengths"].attrs["units"] = units
    assert w.open_path(path)
    dock = w.spectrum
    assert dock.plot.getPlotItem().getAxis("bottom").labelText == "wavelength (µm)", units
    top = int(np.argmax(wl_um))
    dock.band_slider.setValue(top)
    assert dock.band_text.text() == f"{top} · {wl_um[top]:.3f} µm", units


def test_envi_default_bands_are_the_first_triplet(w, video, tmp_path):
    """An ENVI header's ``default bands`` (1-based R, G, B: how ENVI and GDAL show the cube) are the triplet the
    cube is first shown in (they were ignored for the bands nearest 640 / 550 / 460 nm); three bands only."""
    from workbench.core.data.hsi_convert import write_envi_video

    frames = [video.frame(i) for i in range(len(video))]
    hdr = write_envi_video(tmp_path / "d.hdr", frames, video.wavelengths, video.groundtruth)
    hdr.write_text(hdr.read_text() + "default bands = {9, 5, 13}\n")
    assert w.open_path(hdr)
    assert [s.value() for s in w.spectrum.triplet] == [8, 4, 12]
    w.spectrum.mode.setCurrentIndex(2)
    assert "8, 4, 12" in w.band_label.text()
    hdr.write_text(hdr.read_text().replace("default bands = {9, 5, 13}", "default bands = {9}"))
    assert w.open_path(tmp_path / "d.hdr")
    assert [s.value() for s in w.spectrum.triplet] == list(default_triplet(video.wavelengths))
