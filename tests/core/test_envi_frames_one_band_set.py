"""An ENVI frame folder is read with frame 1's bad-band list and no-data value on every frame: a frame
whose own header said otherwise (or nothing) came out with another band count, and a run stopped there."""
import numpy as np

from workbench.core.data import open_sequence

from tests.helpers import write_envi


def test_every_frame_has_frame_ones_bands_and_fill(tmp_path):
    rng = np.random.default_rng(0)
    folder = tmp_path / "video"
    folder.mkdir()
    cubes = [rng.integers(100, 200, size=(12, 10, 6)).astype(np.uint16) for _ in range(3)]
    for c in cubes:
        c[0, 0, :] = 65535  # the declared fill
    extras = [("bbl = {1, 0, 1, 1, 1, 1}", "data ignore value = 65535"), (),  # frame 2: no bbl, no fill
              ("bbl = {1, 1, 1, 1, 1, 0}", "data ignore value = 65535")]
    for k, (c, extra) in enumerate(zip(cubes, extras), start=1):
        write_envi(folder, c, name=f"frame{k:04d}", extra=extra)
    seq = open_sequence(folder)
    assert len(seq.meta["wavelengths"]) == 5 and seq.meta["bad_bands"] == [1]
    assert any("frame0002.hdr" in w and "frame0001.hdr's is used" in w for w in seq.meta["warnings"])
    for i in range(3):
        f = seq.frame(i)
        assert f.shape == (12, 10, 5), (i, f.shape)
        np.testing.assert_array_equal(f[1:, :, 0], cubes[i][1:, :, 0])
        np.testing.assert_array_equal(f[1:, :, 1], cubes[i][1:, :, 2])  # band 2 left out of every frame
        assert f.max() < 65535  # frame 1's fill is filled in every frame
