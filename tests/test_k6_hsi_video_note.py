"""`generate hsi-video` printed "false-colour difference of distractors 3.64e-17", which an analyst cannot read; it
says what the distractors are: the target's false colour with another spectrum (the point of the video), or, with
too few bands, the target's spectrum too."""
from workbench.cli import main


def test_the_distractors_are_said_in_words(tmp_path, capsys):
    base = ["generate", "hsi-video", "--synthetic-scene", "--frames", "2", "--size", "32x24", "--format", "h5"]
    assert main(base + ["--out", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    assert "2 distractors: the same false colour (RGB) as the target, spectra 35% away" in out, out
    assert "only the spectrum tells them apart" in out and "e-1" not in out
    assert main(base + ["--out", str(tmp_path / "b"), "--bands", "3"]) == 0
    assert "nothing tells them apart; give more --bands" in capsys.readouterr().out
