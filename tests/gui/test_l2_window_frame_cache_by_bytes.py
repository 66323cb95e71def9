"""The window's frame cache (controllers/sequence.FrameCache) is bounded by bytes as well as by its 24
frames: 24 frames of a 1024x1024x224 float32 cube (0.94 GB each) or of 16-bit 4K frames took gigabytes."""
from __future__ import annotations

import numpy as np

from workbench.core.data import frame_budget as fb
from workbench.core.data.sequence import ArrayFrames, Sequence


def _seq(n: int, shape, dtype=np.float32) -> tuple[Sequence, list]:
    reads = []

    def make(i):
        reads.append(i)
        return np.full(shape, i, dtype)

    return Sequence("big", ArrayFrames(n, make), "hsi"), reads


def test_frames_kept_fit_the_budget_and_two_always_stay(monkeypatch):
    from workbench.gui.controllers.sequence import CACHE_FRAMES, FrameCache

    frame = 16 * 16 * 8 * 4  # 8 KiB a frame
    monkeypatch.setattr(fb, "CAP_BYTES", 5 * frame)
    seq, reads = _seq(40, (16, 16, 8))
    cache = FrameCache(seq)
    for i in range(30):
        cache.get(i)
    kept = [i for i in range(30) if cache.has(i)]
    assert kept == [25, 26, 27, 28, 29]  # (24 of them were kept by count)
    assert cache.bytes == 5 * frame <= cache.budget
    cache.get(27)  # kept: not read again
    assert reads.count(27) == 1
    # a frame heavier than the whole budget: the last two read stay (scrubbing back one frame costs nothing)
    monkeypatch.setattr(fb, "CAP_BYTES", frame // 2)
    cache = FrameCache(seq)
    for i in range(6):
        cache.get(i)
    assert [i for i in range(6) if cache.has(i)] == [4, 5]
    # light frames: the count still bounds them
    monkeypatch.setattr(fb, "CAP_BYTES", 2**30)
    small, _ = _seq(40, (2, 2), np.uint8)
    cache = FrameCache(small)
    for i in range(40):
        cache.get(i)
    assert sum(cache.has(i) for i in range(40)) == CACHE_FRAMES
