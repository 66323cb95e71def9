"""hsi-convert copied a cube whose header the reader doubted (BIL data under `interleave = bip`: read as noise)
without a word; the reader's warnings are said before the copy is written."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data.hsi_convert import convert
from workbench.core.errors import DataWarning


def _envi(folder, written: str, said: str):
    rng = np.random.default_rng(0)
    lines, samples, bands = 40, 30, 120
    wl = np.linspace(0, 1, bands)
    yy, xx = np.mgrid[0:lines, 0:samples] / 40.0
    cube = (np.sin(5 * xx + 3 * yy)[..., None] * 0.3 + 0.5 + 0.2 * np.cos(4 * wl)[None, None]
            + rng.normal(scale=0.002, size=(lines, samples, bands))).astype("<f4")
    order = {"bip": (0, 1, 2), "bil": (0, 2, 1)}[written]
    folder.mkdir()
    np.ascontiguousarray(cube.transpose(order)).tofile(folder / "c.img")
    hdr = folder / "c.hdr"
    hdr.write_text(f"ENVI\nsamples = {samples}\nlines = {lines}\nbands = {bands}\nheader offset = 0\ndata type = 4\n"
                   f"interleave = {said}\nbyte order = 0\n")
    return hdr


def test_doubted_header_is_said_when_converted(tmp_path):
    hdr = _envi(tmp_path / "wrong", "bil", "bip")
    with pytest.warns(DataWarning, match="interleave"):
        convert(hdr, tmp_path / "out", "h5")


def test_right_header_converts_quietly(tmp_path, recwarn):
    hdr = _envi(tmp_path / "right", "bil", "bil")
    convert(hdr, tmp_path / "out", "h5")
    assert not [w for w in recwarn if issubclass(w.category, DataWarning)]
