"""``workbench export-video --map NAME``: saved maps are read a frame at a time, not as whole stacks."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.methods import MapLayer
from workbench.core.results import find_runs, read_maps, record_maps, write_maps

W, H = 96, 80


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A kcf run whose saved 'response' maps are 23 frames of 200 x 200 (random: ~80 KB a frame, compressed
    or not, 1.8 MB in all), beside a second map name the video does not want."""
    d = tmp_path_factory.mktemp("maps_big")
    s = write_demo(d / "data", frames=24, width=W, height=H, seed=2, name="s1")
    assert main(["run", "--tracker", "kcf", "--sequence", str(s), "--out", str(d / "res"), "--save-maps"]) == 0
    (run,) = find_runs(d / "res")
    rng = np.random.default_rng(0)
    maps = {i: {"response": MapLayer(rng.random((200, 200), np.float32) * 10, (i, 2.0, 50.0, 40.0)),
                "other": MapLayer(rng.random((200, 200), np.float32), None)} for i in range(1, 24)}
    rec = write_maps(run.folder / "s1_maps.npz", maps, 24, sequence="s1")
    assert record_maps(run.folder, "s1", rec)
    return d, s


def test_saved_maps_are_read_a_frame_at_a_time(big):
    import tracemalloc

    from workbench.core import video

    d, s = big
    seq = open_sequence(s)
    (vr,) = video.runs_from_folders(seq, d / "res", ["kcf"])
    ref = read_maps(vr.run.maps_file("s1"), len(seq))
    tracemalloc.start()
    try:
        maps, said = video.saved_maps(seq, vr, "response")
        assert "using the 'response' maps saved with kcf" in said and "23 frames, frames 2..24" in said
        assert 0 not in maps and maps.get(0, {}).get("response") is None
        peak = 0
        layer = None
        for i in range(1, len(seq)):  # as write_video reads them: in order, one frame after another
            del layer
            tracemalloc.reset_peak()
            layer = maps.get(i, {}).get("response")
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            assert np.array_equal(layer.data, ref[i]["response"].data)
            assert tuple(layer.region) == tuple(ref[i]["response"].region)
        # a frame asked for again (backwards) is read again, the same
        assert np.array_equal(maps[2]["response"].data, ref[2]["response"].data)
    finally:
        tracemalloc.stop()
        close = getattr(maps, "close", None)
        if close:
            close()
    stack = 23 * 200 * 200 * 2
    assert peak < stack / 4, f"{peak} bytes at the peak for a {stack}-byte stack: not a frame at a time"
