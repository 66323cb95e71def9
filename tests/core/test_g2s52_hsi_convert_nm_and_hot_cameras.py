"""hsi-convert and generate, written as they are read back:

- a cube in micrometres was written with its 0.4-2.5 labelled nm (the HDF5 attribute and the ENVI header alike);
  envi-frames dropped the reflectance scale factor, ENVI its description, band widths and default bands;
- every HOT video went into ``HSI/``, which the reader takes for a 4x4 VIS camera: a 60x100 video of 25 bands read
  back as 75x125x16, a RedNIR one (15 bands) as 16 bands with its empty band in; now ``HSI-NIR`` / ``HSI-RedNIR``
  (HOT2023's names), and a band count HOT has no mosaic for is refused;
- ``--interleave`` was ignored without a word for h5 and hot."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data import open_sequence
from workbench.core.data.hsi_convert import convert, write_h5
from workbench.core.errors import WorkbenchError

from tests.helpers import shared, write_envi


def _micrometre_cube(tmp_path):
    """A 3-frame ENVI video in micrometres, written by hand (not by the writer under test)."""
    rng = np.random.default_rng(0)
    video = rng.integers(0, 1000, (3 * 8, 10, 6)).astype(np.int16)  # frames stacked along the lines
    h, w, b = video.shape
    rows = ["ENVI", "description = {my cube}", f"samples = {w}", f"lines = {h}", f"bands = {b}", "header offset = 0",
            "data type = 2", "interleave = bil", "byte order = 0", "wavelength units = Micrometers",
            "wavelength = {0.45, 0.49, 0.53, 0.57, 0.61, 0.65}", "fwhm = {0.01, 0.01, 0.01, 0.01, 0.01, 0.01}",
            "default bands = {5, 3, 1}", "reflectance scale factor = 1000", "frames = 3"]
    return write_envi(tmp_path, video, "bil", name="um", rows=rows)


@pytest.mark.parametrize("fmt", ["h5", "envi", "envi-frames"])
def test_micrometres_written_as_nanometres_with_the_header_kept(tmp_path, fmt):
    src = _micrometre_cube(tmp_path)
    out = convert(src, tmp_path / "out" / ("c.h5" if fmt == "h5" else "c.hdr" if fmt == "envi" else "c"), fmt)
    seq = open_sequence(out)
    np.testing.assert_allclose(seq.meta["wavelengths"], np.linspace(450.0, 650.0, 6))
    assert seq.meta["wavelength_units"].lower() in ("nm", "nanometers")
    assert seq.meta["scale_factor"] == 1000.0
    # kept by every format (h5 too since ccb262b: attributes description / default_bands, a fwhm dataset)
    np.testing.assert_allclose(seq.meta["fwhm"], [10.0] * 6)  # in the unit of the wavelengths
    assert seq.meta["default_bands"] == [5, 3, 1] and seq.meta["description"] == "my cube"


def test_real_jasper_ridge_to_envi_frames_keeps_its_scale_factor(tmp_path):
    hdr = shared("hsi/jasper_ridge/jasperRidge2_R198.hdr")
    frames = convert(hdr, tmp_path / "jr", "envi-frames")
    seq = open_sequence(frames)  # a one-frame frames folder opens as a one-frame sequence (ef33d56)
    assert seq.meta["scale_factor"] == 10000.0  # 1 before: reflectance read 10000 times too high
    assert seq.meta["default_bands"] == [32, 17, 4]
    np.testing.assert_allclose(seq.meta["wavelengths"], open_sequence(hdr).meta["wavelengths"], rtol=1e-5)


@pytest.mark.parametrize("bands, kind, folder", [(25, "nir", "HSI-NIR"), (15, "rednir", "HSI-RedNIR"),
                                                 (16, "vis", "HSI")])
def test_hot_written_for_its_camera_reads_back_as_written(tmp_path, bands, kind, folder):
    rng = np.random.default_rng(bands)
    frames = [rng.integers(100, 4000, (60, 100, bands)).astype(np.uint16) for _ in range(2)]
    src = write_h5(tmp_path / "src.h5", frames, 2, np.linspace(480.0, 900.0, bands))
    out = convert(src, tmp_path / "hot" / "seq", "hot")
    assert sorted(p.name for p in out.iterdir()) == sorted([folder, "HSI-FalseColor"])
    seq = open_sequence(out)
    assert seq.meta["kind"] == kind and seq.frame(0).shape == (60, 100, bands)
    np.testing.assert_array_equal(seq.frame(1), frames[1])


def test_generate_hot_nir_over_a_vis_video_leaves_the_nir_one(tmp_path, capsys):
    base = ["generate", "hsi-video", "--synthetic-scene", "--size", "20x12", "--frames", "2", "--format", "hot",
            "--out", str(tmp_path)]
    assert main(base) == 0
    assert main(base + ["--bands", "25", "--force"]) == 0
    seq = open_sequence(tmp_path / "hsi_0000")
    assert sorted(p.name for p in (tmp_path / "hsi_0000").iterdir()) == ["HSI-FalseColor", "HSI-NIR"]
    assert seq.frame(0).shape == (12, 20, 25)


def test_a_band_count_hot_has_no_mosaic_for_is_refused(tmp_path, capsys):
    src = write_h5(tmp_path / "src.h5", [np.ones((8, 8, 9), np.uint16)] * 2, 2)
    with pytest.raises(WorkbenchError, match=r"16 bands \(VIS.*25 \(NIR.*15 \(RedNIR.*this cube has 9 bands"):
        convert(src, tmp_path / "hot" / "seq", "hot")
    assert not (tmp_path / "hot").exists()
    code = main(["generate", "hsi-video", "--synthetic-scene", "--bands", "9", "--format", "hot",
                 "--out", str(tmp_path / "gen")])
    assert code == 2 and "this cube has 9 bands" in capsys.readouterr().err
    assert not (tmp_path / "gen").exists()


@pytest.mark.parametrize("fmt", ["h5", "hot"])
def test_interleave_for_a_format_without_one_is_refused(tmp_path, capsys, fmt):
    src = write_h5(tmp_path / "src.h5", [np.ones((8, 8, 16), np.uint16)] * 2, 2)
    code = main(["generate", "hsi-convert", str(src), "--out", str(tmp_path / "out"), "--format", fmt,
                 "--interleave", "bsq"])
    assert code == 2 and f"--format {fmt} has no interleave" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_vis_video_under_a_folder_named_like_another_camera(tmp_path):
    """HSI/ takes its camera from the folders above (HOT2022's <root>/NIR/<seq>/HSI/): a VIS video generated into
    'nir_runs' read back as a 5x5 NIR mosaic (20x40x16 as 16x32x25); it goes into HSI-VIS/ there."""
    out = tmp_path / "nir_runs"
    assert main(["generate", "hsi-video", "--synthetic-scene", "--size", "40x20", "--frames", "2", "--format", "hot",
                 "--out", str(out)]) == 0
    seq = open_sequence(out / "hsi_0000")
    assert seq.meta["kind"] == "vis" and seq.frame(0).shape == (20, 40, 16)
    assert (out / "hsi_0000" / "HSI-VIS").is_dir()
