"""The Spectrum dock's value axis says what the numbers are: a cube stored as reflectance x 10000 (ENVI's
``reflectance scale factor``, AVIRIS Jasper Ridge, the generated cubes) plotted 3500-6000 under a bare
"value", with nothing to say that 5437 is a reflectance of 0.54. It reads "value (reflectance × 10000)"
there, and "value" where the file gives no scale (or a calibration made it no longer hold)."""
from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.data import hsi_generate as gen

from tests.gui.conftest import make_registry, shown_window

JASPER = Path(__file__).resolve().parents[3] / "shared" / "data" / "hsi" / "jasper_ridge" / "jasperRidge2_R198.hdr"


@pytest.fixture
def w(qtbot, messages):
    yield from shown_window(qtbot, make_registry(), (1366, 768))


def _value_label(w) -> str:
    return w.spectrum.plot.getPlotItem().getAxis("left").labelText


def test_reflectance_scale_said_on_the_value_axis_and_none_without_a_scale(w, tmp_path):
    if JASPER.is_file():  # the real AVIRIS cube (int16, reflectance scale factor 10000)
        assert w.open_path(JASPER)
        assert w.sequence.meta.get("scale_factor") == 10000
        assert _value_label(w) == "value (reflectance × 10000)"
    video = gen.make_video(gen.load_scene(None, 8, seed=1), gen.VideoSpec(frames=2, width=32, height=24, seed=1))
    assert w.open_path(gen.write_video(video, tmp_path / "v", "h5"))
    sf = w.sequence.meta.get("scale_factor")
    assert sf and sf != 1
    assert _value_label(w) == f"value (reflectance × {sf:g})"
    # then a cube without a scale, in this window (a window of its own cost more than the check): the axis said
    # the reflectance a moment ago, so "value" is this file's
    _no_scale_no_reflectance_said(w, tmp_path)


def _no_scale_no_reflectance_said(w, tmp_path):
    from workbench.core.data.hsi_convert import write_h5

    video = gen.make_video(gen.load_scene(None, 8, seed=2), gen.VideoSpec(frames=2, width=32, height=24, seed=2))
    path = write_h5(tmp_path / "plain.h5", [video.frame(i) for i in range(len(video))], len(video),
                    video.wavelengths, video.groundtruth, scale_factor=1.0)
    assert w.open_path(path)
    assert float(w.sequence.meta.get("scale_factor", 1.0)) == 1.0
    assert _value_label(w) == "value"
