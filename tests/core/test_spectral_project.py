"""``spectral_color.project`` reads a cube in the order it lies in memory (ENVI BIP, BIL, BSQ seen as
H x W x B, or any other strides), a block of rows at a time, cast to float32 per block: the same
projection as a float64 reference, and inside ``jobs.reporting`` it reports and stops at Cancel."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core import jobs, spectral_color
from workbench.core.errors import Cancelled


def _layouts(cube):
    h, w, b = cube.shape
    yield "bip", cube
    yield "bil", np.ascontiguousarray(cube.transpose(0, 2, 1)).transpose(0, 2, 1)
    yield "bsq", np.ascontiguousarray(cube.transpose(2, 0, 1)).transpose(1, 2, 0)
    yield "other", np.asfortranarray(cube)[:, ::-1][:, ::-1]
    yield "every other column", np.ascontiguousarray(np.repeat(cube, 2, axis=1))[:, ::2]


@pytest.mark.parametrize("dtype", [np.float32, np.uint16, np.int16])
@pytest.mark.parametrize("block", [1, 7 * 13 * 3, 1 << 22])
def test_every_layout_projects_alike(monkeypatch, dtype, block):
    monkeypatch.setattr(spectral_color, "PROJECT_BLOCK_VALUES", block)
    rng = np.random.default_rng(0)
    cube = (rng.random((11, 7, 13)) * 1000).astype(dtype)
    weights = rng.standard_normal((13, 3))
    ref = cube.astype(np.float64) @ weights
    assert spectral_color.memory_order(cube) == (0, 1, 2)
    orders = {}
    for name, c in _layouts(cube):
        assert np.array_equal(c, cube)
        orders[name] = spectral_color.memory_order(c)
        got = spectral_color.project(c, weights)
        assert got.dtype == np.float32 and got.shape == (11, 7, 3) and got.flags.c_contiguous
        np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-2, err_msg=name)
    assert orders["bil"] == (0, 2, 1) and orders["bsq"] == (2, 0, 1)


def test_projection_reports_and_stops_at_cancel(monkeypatch):
    monkeypatch.setattr(spectral_color, "PROJECT_BLOCK_VALUES", 5 * 4)  # one row a block
    cube = np.ones((50, 5, 4), np.float32)
    said = []
    ctx = jobs.JobContext(lambda f, m: said.append((f, m)))
    with jobs.reporting(ctx):
        out = spectral_color.project(cube, np.eye(4, 3))
    assert said and "colour from bands" in said[0][1]
    assert np.array_equal(out, np.ones((50, 5, 3), np.float32))
    ctx.cancel()
    with jobs.reporting(ctx), pytest.raises(Cancelled):
        spectral_color.project(cube, np.eye(4, 3))
