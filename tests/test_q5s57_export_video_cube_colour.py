"""export-video drew a hyperspectral sequence only as its band mean in grey (the window's export draws what the
Spectrum dock shows: CIE colour or a band triplet; the command line had no way to): ``--cube-colour cie`` draws the
colour from its wavelengths, ``R,G,B`` three bands (from 0); refused, naming the sequence, for frames that are no
cube and bands it has not, and a value it does not take, before anything is written."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data import hot, hsi_generate as gen
from workbench.core.data.synthetic import write_demo

from tests.helpers import video_frames


def _spread(frames) -> float:
    """The mean over the frames of the largest difference between a pixel's colour channels."""
    return float(np.mean([np.abs(f.max(axis=2) - f.min(axis=2)).mean() for f in frames]))


def test_export_video_draws_a_cube_in_colour_or_bands(tmp_path, capsys):
    video = gen.make_video(gen.load_scene(None, 16, seed=6), gen.VideoSpec(frames=3, width=48, height=32, seed=6))
    seq = gen.write_video(video, tmp_path / "hot", "hot")
    (tmp_path / "res" / "kcf").mkdir(parents=True)
    (tmp_path / "res" / "kcf" / f"{seq.name}.txt").write_text("3,5,7,7\n" * 3)
    cmd = ["export-video", "--sequence", str(seq), "--results", str(tmp_path / "res"), "--no-gt"]
    assert main(cmd + ["--out", str(tmp_path / "grey.mp4")]) == 0
    assert main(cmd + ["--out", str(tmp_path / "cie.mp4"), "--cube-colour", "cie"]) == 0
    assert main(cmd + ["--out", str(tmp_path / "bands.mp4"), "--cube-colour", "3,6,2"]) == 0
    grey, cie, bands = (video_frames(tmp_path / f"{n}.mp4") for n in ("grey", "cie", "bands"))
    assert len(grey) == len(cie) == len(bands) == 3
    assert _spread(grey) < 4 < _spread(cie) and _spread(bands) > 4  # (the codec's chroma: a few levels)
    capsys.readouterr()

    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(cmd + ["--out", str(tmp_path / "x.mp4"), "--cube-colour", "3,6,16"]) == 2
    assert f"{seq}: band 16 is not a band of '{seq.name}': its 16 bands are 0 to 15" in capsys.readouterr().err
    assert main(cmd + ["--out", str(tmp_path / "x.mp4"), "--cube-colour", "red"]) == 2
    assert "--cube-colour 'red': give mean, cie, or three band indices" in capsys.readouterr().err
    write_demo(tmp_path / "data", frames=3, width=32, height=24, seed=1, name="s")
    demo = ["export-video", "--sequence", str(tmp_path / "data" / "s"), "--results", str(tmp_path / "res")]
    assert main(demo + ["--out", str(tmp_path / "y.mp4"), "--cube-colour", "cie"]) == 2
    assert "a cube colour (cie) is for hyperspectral sequences; 's' has" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before + ["data"])  # nothing written


def test_cie_refused_without_wavelengths_and_said_pseudo_for_a_nir_cube(tmp_path, capsys):
    """``--cube-colour cie`` on a cube without wavelengths was drawn from three band groups as if it were its
    colour, and on a near-infrared (HOT NIR) cube without the Spectrum dock's 'pseudo colour' note: refused naming
    the file and pointing to R,G,B / mean, before anything is written; the NIR one is written and said."""
    from workbench.core import video
    from workbench.core.data.hsi_convert import write_envi_video
    from workbench.core.errors import WorkbenchError

    rng = np.random.default_rng(3)
    frames = [rng.integers(100, 4000, (12, 16, 6)).astype(np.uint16) for _ in range(2)]
    hdr = write_envi_video(tmp_path / "nowl.hdr", frames, None, [[2, 2, 6, 6]] * 2)
    (tmp_path / "res" / "kcf").mkdir(parents=True)
    (tmp_path / "res" / "kcf" / "nowl.txt").write_text("2,2,6,6\n" * 2)
    before = sorted(p.name for p in tmp_path.iterdir())
    cmd = ["export-video", "--sequence", str(hdr), "--results", str(tmp_path / "res"), "--no-gt",
           "--out", str(tmp_path / "v.mp4"), "--cube-colour", "cie"]
    assert main(cmd) == 2
    err = capsys.readouterr().err
    assert f"{hdr}: cie colour is made from the wavelengths, and 'nowl' has none; give three bands (from 0) " \
           "as R,G,B, e.g. 0,1,2, or mean for the band mean" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written

    class Cube:  # wavelengths read for another band count
        name, path, modality, meta = "c", tmp_path / "c.hdr", "hsi", {"bands": 6, "wavelengths": [500.0, 600.0]}
    with pytest.raises(WorkbenchError) as exc:
        video.check_cube_colour(Cube(), "cie")
    assert f"{tmp_path / 'c.hdr'}: cie colour is made from one wavelength a band, and 'c' has 2 wavelengths " \
           "for its 6 bands" in str(exc.value)

    nir = gen.write_video(gen.make_video(gen.load_scene(None, 25, seed=2),
                                         gen.VideoSpec(frames=2, width=30, height=20, seed=2)), tmp_path / "NIR", "hot")
    (tmp_path / "res" / "kcf" / f"{nir.name}.txt").write_text("3,3,6,6\n" * 2)
    assert main(["export-video", "--sequence", str(nir), "--results", str(tmp_path / "res"), "--no-gt",
                 "--out", str(tmp_path / "nir.mp4"), "--cube-colour", "cie"]) == 0
    err = capsys.readouterr().err
    lo, hi = (f"{v:.0f}" for v in (min(hot.WAVELENGTHS["nir"]), max(hot.WAVELENGTHS["nir"])))
    assert f"pseudo colour, stretched spectrum ({lo}-{hi} nm shown as 420-680 nm)" in err, err
    assert len(video_frames(tmp_path / "nir.mp4")) == 2
