"""A BIL file whose header says BIP was opened without a word when its band count is near a multiple of its samples
(Jasper Ridge's 198 bands, 100 samples): read as BIP each step lands near a true neighbour (two bands, two samples
over), so the cube reads almost as smooth (0.93 against 0.97) and the neighbour test saw an image. The values of a BIL
file jump where a row of one band ends, not where a BIP pixel's spectrum would: that is said, naming bil."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from workbench.core.data import open_sequence

JASPER = Path("/work/shared/data/hsi/jasper_ridge/jasperRidge2_R198.hdr")
ORDER = {"bip": (0, 1, 2), "bil": (0, 2, 1), "bsq": (2, 0, 1)}  # (lines, samples, bands) -> the file's axes


def _scene(lines: int, samples: int, bands: int, seed: int) -> np.ndarray:
    """A mixed scene as Jasper Ridge is one: four smooth spectra in smooth abundance maps, a little noise."""
    rng = np.random.default_rng(seed)
    wl = np.linspace(0, 1, bands)
    spectra = np.stack([np.abs(np.cumsum(rng.normal(size=bands))) / np.sqrt(bands) + 0.2
                        + 0.5 * np.sin(3 * wl + k) ** 2 for k in range(4)])
    yy, xx = np.mgrid[0:lines, 0:samples] / max(lines, samples)
    ab = np.stack([np.exp(2 * np.sin(6 * xx * rng.uniform(.5, 2) + rng.uniform(0, 6))
                          * np.cos(5 * yy * rng.uniform(.5, 2) + rng.uniform(0, 6))) for _ in range(4)])
    cube = np.einsum("kls,kb->lsb", ab / ab.sum(0), spectra)
    return (cube + rng.normal(scale=0.002, size=cube.shape)).astype("<f4")


def _envi(folder: Path, cube: np.ndarray, written: str, said: str) -> Path:
    lines, samples, bands = cube.shape
    folder.mkdir(parents=True, exist_ok=True)
    np.ascontiguousarray(cube.transpose(ORDER[written])).tofile(folder / "c.img")
    hdr = folder / "c.hdr"
    hdr.write_text(f"ENVI\nsamples = {samples}\nlines = {lines}\nbands = {bands}\nheader offset = 0\ndata type = 4\n"
                   f"interleave = {said}\nbyte order = 0\n")
    return hdr


def _warnings(hdr: Path) -> list[str]:
    return list(open_sequence(hdr).meta.get("warnings") or [])


@pytest.mark.parametrize("shape", [(100, 100, 198), (60, 50, 150), (100, 60, 176)])
def test_bil_said_bip_is_doubted_and_right_headers_are_not(tmp_path, shape):
    cube = _scene(*shape, seed=0)
    said = _warnings(_envi(tmp_path / "wrong", cube, "bil", "bip"))
    assert any("interleave = bip looks wrong" in w and "interleave = bil" in w for w in said), said
    for layout in ("bil", "bip"):
        assert not _warnings(_envi(tmp_path / layout, cube, layout, layout))


def test_jasper_ridge_said_bip(tmp_path):
    if not JASPER.is_file():
        pytest.skip(f"{JASPER}: the real Jasper Ridge cube is not on this machine")
    (tmp_path / "c.img").symlink_to(JASPER.with_suffix(".img"))
    text = JASPER.read_text()
    assert "interleave = bil" in text
    (tmp_path / "c.hdr").write_text(text.replace("interleave = bil", "interleave = bip"))
    said = _warnings(tmp_path / "c.hdr")
    assert any("interleave = bip looks wrong" in w and "interleave = bil" in w for w in said), said
    assert not _warnings(JASPER)
