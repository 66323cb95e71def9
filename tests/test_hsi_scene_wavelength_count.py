"""A scene cube whose header lists another number of wavelengths than it has bands: ``generate hsi-video`` said
"the scene cube has no wavelengths", which sent the user looking for a missing field; it says the counts now."""
from __future__ import annotations

import numpy as np

from workbench.cli import main


def test_scene_cube_with_more_wavelengths_than_bands_says_both_counts(tmp_path, capsys):
    np.random.default_rng(0).random((3, 12, 12)).astype("<f4").tofile(tmp_path / "c.img")
    (tmp_path / "c.hdr").write_text("ENVI\nsamples = 12\nlines = 12\nbands = 3\nheader offset = 0\n"
                                    "file type = ENVI Standard\ndata type = 4\ninterleave = bsq\nbyte order = 0\n"
                                    "wavelength = {400, 450, 500, 550, 600, 650, 700}\n")
    assert main(["generate", "hsi-video", "--cube", str(tmp_path / "c.hdr"), "--frames", "3",
                 "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "c.hdr" in err and "7 wavelengths for its 3 bands" in err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())
