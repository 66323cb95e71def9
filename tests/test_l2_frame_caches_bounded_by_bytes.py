"""Frame caches bounded by bytes as well as by count (workbench/core/data/frame_budget.py): 24 frames of a
1024x1024x224 float32 cube are 22 GB, 8 ENVI frames read into memory 7.5 GB."""
from __future__ import annotations

import numpy as np

from workbench.core.data import frame_budget as fb


def test_budget_is_a_share_of_free_memory_capped():
    assert fb.frame_budget(available=64 * 2**30) == fb.CAP_BYTES
    assert fb.frame_budget(available=2**30) == int(fb.SHARE * 2**30) < fb.CAP_BYTES
    assert 0 < fb.frame_budget() <= fb.CAP_BYTES  # this machine's


def test_bounded_frames_drop_the_least_recent_past_the_budget_never_below_two():
    kept = fb.BoundedFrames(24, budget=3000)
    for i in range(10):  # 1,000 bytes each: three fit
        kept.put(i, np.zeros(250, np.float32))
    assert kept.keys() == [7, 8, 9] and kept.bytes == 3000
    kept.get(7)  # used again: the next put drops 8
    kept.put(10, np.zeros(250, np.float32))
    assert kept.keys() == [9, 7, 10]
    big = fb.BoundedFrames(24, budget=3000)
    for i in range(5):  # each heavier than the whole budget: the last two stay
        big.put(i, np.zeros(10_000, np.uint8))
    assert big.keys() == [3, 4] and big.bytes == 20_000
    few = fb.BoundedFrames(3, budget=10**9)  # the count still bounds light frames
    for i in range(6):
        few.put(i, np.zeros(4, np.uint8))
    assert few.keys() == [3, 4, 5]


def test_a_view_of_a_memory_map_holds_no_bytes(tmp_path):
    path = tmp_path / "cube.raw"
    path.write_bytes(np.arange(4096, dtype=np.float32).tobytes())
    mm = np.memmap(path, dtype=np.float32, mode="r", shape=(16, 16, 16))
    assert fb.held_bytes(np.asarray(mm[3].transpose(1, 0))) == 0
    assert fb.held_bytes(np.asarray(mm)[:, :, [0, 1]]) == 16 * 16 * 2 * 4  # a band selection is a copy


def test_envi_frame_folder_keeps_frames_read_into_memory_by_bytes(tmp_path, monkeypatch):
    from workbench.core.data.cube import EnviFrames
    from workbench.core.data.hsi_convert import write_envi_frames

    frames = [np.full((8, 8, 4), t, np.float32) for t in range(8)]  # 1,024 bytes each
    folder = write_envi_frames(tmp_path / "seq", frames)
    hdrs = sorted(folder.glob("frame*.hdr"))
    monkeypatch.setattr(fb, "CAP_BYTES", 3 * 1024)
    copied = EnviFrames(hdrs, bands=np.arange(4))  # a band selection: each frame a copy in memory
    for i in range(8):
        assert float(copied.read(i)[0, 0, 0]) == i
    assert len(copied._open) == 3  # (it kept all 8 by count)
    mapped = EnviFrames(hdrs)  # views of the files' maps: no memory of their own, all kept
    for i in range(8):
        mapped.read(i)
    assert len(mapped._open) == 8
