"""export-video drew a hyperspectral sequence only as its band mean in grey (the window's export draws what the
Spectrum dock shows: CIE colour or a band triplet; the command line had no way to): ``--cube-colour cie`` draws the
colour from its wavelengths, ``R,G,B`` three bands (from 0); refused, naming the sequence, for frames that are no
cube and bands it has not, and a value it does not take, before anything is written."""
from __future__ import annotations

import numpy as np

from workbench.cli import main
from workbench.core.data import hsi_generate as gen
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
