"""An ENVI frame folder is read with frame 1's bad-band list and no-data value on every frame: a frame
whose own header said otherwise (or nothing) came out with another band count, and a run stopped there."""
import numpy as np

from workbench.core.data import open_sequence


def _frame(folder, k, cube, extra=""):
    lines, samples, bands = cube.shape
    cube.transpose(2, 0, 1).astype("<u2").tofile(folder / f"frame{k:04d}.img")  # bsq
    (folder / f"frame{k:04d}.hdr").write_text(
        f"ENVI\nsamples = {samples}\nlines = {lines}\nbands = {bands}\nheader offset = 0\n"
        f"data type = 12\ninterleave = bsq\nbyte order = 0\n"
        f"wavelength = {{{', '.join(str(500 + 10 * b) for b in range(bands))}}}\n{extra}")


def test_every_frame_has_frame_ones_bands_and_fill(tmp_path):
    rng = np.random.default_rng(0)
    folder = tmp_path / "video"
    folder.mkdir()
    cubes = [rng.integers(100, 200, size=(12, 10, 6)).astype(np.uint16) for _ in range(3)]
    for c in cubes:
        c[0, 0, :] = 65535  # the declared fill
    _frame(folder, 1, cubes[0], "bbl = {1, 0, 1, 1, 1, 1}\ndata ignore value = 65535\n")
    _frame(folder, 2, cubes[1])  # no bbl, no data ignore value
    _frame(folder, 3, cubes[2], "bbl = {1, 1, 1, 1, 1, 0}\ndata ignore value = 65535\n")
    seq = open_sequence(folder)
    assert len(seq.meta["wavelengths"]) == 5 and seq.meta["bad_bands"] == [1]
    assert any("frame0002.hdr" in w and "frame0001.hdr's is used" in w for w in seq.meta["warnings"])
    for i in range(3):
        f = seq.frame(i)
        assert f.shape == (12, 10, 5), (i, f.shape)
        np.testing.assert_array_equal(f[1:, :, 0], cubes[i][1:, :, 0])
        np.testing.assert_array_equal(f[1:, :, 1], cubes[i][1:, :, 2])  # band 2 left out of every frame
        assert f.max() < 65535  # frame 1's fill is filled in every frame
