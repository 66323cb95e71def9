"""``results.write_maps`` compresses the maps into their file as it goes: the archive is not built in memory first
(a whole copy of it, and another as bytes: about 19 MB more for 3,000 frames' maps). What it writes and records is
as before: read back whole, its ``bytes`` the file's size."""
from __future__ import annotations

import tracemalloc

import numpy as np

from workbench.core.methods import MapLayer
from workbench.core.results import read_maps, write_maps


def test_maps_written_to_the_file_as_they_are_compressed(tmp_path):
    rng = np.random.default_rng(54)
    n, side = 48, 128  # random float16: barely compressible, so an in-memory archive is as large as the maps
    maps = {i: {name: MapLayer(rng.random((side, side), dtype=np.float32).astype(np.float16), (i, 2, 30, 40))
                for name in ("response", "cos", "peak")} for i in range(n)}
    one_map = n * side * side * 2  # one name's maps
    target = tmp_path / "kcf.maps.npz"
    tracemalloc.start()
    try:
        rec = write_maps(target, maps, n, sequence="seqA")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # the three names' stacks and numpy's copies of one as it writes it: about 6 maps' worth; the old code held the
    # archive so far in memory, then copied it whole as bytes: about 8 (the peak of a single name is numpy's write)
    assert peak < 7 * one_map, (peak / one_map)
    assert rec["bytes"] == target.stat().st_size and rec["frames"] == n and rec["dtype"] == "float16"
    assert sorted(rec["names"]) == ["cos", "peak", "response"]
    assert not [p for p in tmp_path.iterdir() if p.name != target.name]  # no temporary file left beside it
    back = read_maps(target, n)
    assert sorted(back) == list(range(n))
    assert np.array_equal(np.asarray(back[7]["peak"].data), maps[7]["peak"].data)
    assert tuple(back[7]["cos"].region) == (7, 2, 30, 40)
