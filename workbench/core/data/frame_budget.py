"""How many bytes of decoded frames a reader or a window may keep for reading them again, and a cache of
frames bounded by it as well as by count.

A count alone was no bound: 24 frames are 24 MB of 640x512 16-bit thermal frames but 1.2 GB of 4K
16-bit RGB and 22 GB of a 1024x1024x224 float32 cube (0.94 GB a frame). The budget is a fraction of the
memory available when the cache is made, capped; a cache keeps at least ``MIN_FRAMES`` whatever they
weigh (scrubbing back one frame, the frame a tracker just read)."""
from __future__ import annotations

import mmap
import os
from collections import OrderedDict
from typing import Callable

import numpy as np

CAP_BYTES = 512 * 2**20  # what a frame cache holds at most, however much memory is free
SHARE = 0.125  # of the memory available when the cache is made
MIN_FRAMES = 2  # kept whatever they weigh
_FALLBACK_AVAILABLE = 2 * 2**30  # where the available memory cannot be read


def available_bytes() -> int:
    """The memory available to new allocations now (without swapping), as the OS says; a guess of 2 GiB
    where it cannot be read. Linux's own count first (psutil, where it is installed, elsewhere: its import
    left 2,000 objects more for the collector to walk, for a number the kernel gives in one line)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import psutil  # optional

        return int(psutil.virtual_memory().available)
    except Exception:  # noqa: BLE001 - not installed, or the platform's call failed
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return _FALLBACK_AVAILABLE


def share_of_available(share: float, cap: int, floor: int = 0, available: int | None = None) -> int:
    """A memory budget: ``share`` of ``available`` (default: ``available_bytes()``), at most ``cap``, at least
    ``floor`` (the frame caches' and the window's maps' budgets)."""
    if available is None:
        available = available_bytes()
    return int(max(floor, min(cap, share * available)))


def frame_budget(available: int | None = None) -> int:
    """Bytes of frames one cache may keep: ``SHARE`` of ``available`` (default: ``available_bytes()``),
    at most ``CAP_BYTES``."""
    return share_of_available(SHARE, CAP_BYTES, 0, available)


def held_bytes(frame) -> int:
    """The memory a kept frame holds: its array's bytes (0 for a memory map of its file, which the OS pages
    out at will; a numpy view of one counts as the map)."""
    a = frame
    while isinstance(a, np.ndarray):
        if isinstance(a, np.memmap):
            return 0
        a = a.base
    if isinstance(a, mmap.mmap):
        return 0
    return int(getattr(frame, "nbytes", 0))


class BoundedFrames:
    """Frames by index, the least recently used dropped once more than ``most`` are kept or their bytes
    (``held_bytes``) pass ``budget`` (default: ``frame_budget()``, taken now), never below ``MIN_FRAMES``."""

    def __init__(self, most: int, budget: int | None = None, weigh: Callable[[object], int] = held_bytes):
        self.most = max(1, int(most))
        self.budget = frame_budget() if budget is None else int(budget)
        self._weigh = weigh
        self._d: OrderedDict[int, tuple[object, int]] = OrderedDict()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._d)

    def __contains__(self, i: int) -> bool:
        return i in self._d

    def keys(self) -> list[int]:
        return list(self._d)

    def get(self, i: int):
        """Frame ``i`` (now the most recently used), or None."""
        got = self._d.get(i)
        if got is None:
            return None
        self._d.move_to_end(i)
        return got[0]

    def put(self, i: int, frame) -> None:
        old = self._d.pop(i, None)
        if old is not None:
            self.bytes -= old[1]
        size = self._weigh(frame)
        self._d[i] = (frame, size)
        self.bytes += size
        while len(self._d) > self.most or (self.bytes > self.budget and len(self._d) > MIN_FRAMES):
            _k, (_f, gone) = self._d.popitem(last=False)
            self.bytes -= gone

    def clear(self) -> None:
        self._d.clear()
        self.bytes = 0
