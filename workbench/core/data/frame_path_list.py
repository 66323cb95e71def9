"""``FramePaths``: an image sequence's frame files as strings (its own module: the image lister hands it out and the
sequence module reads images, so neither imports the other)."""
from __future__ import annotations

import os
from collections import abc
from pathlib import Path
from typing import Iterator, Sequence as TypingSequence


class FramePaths(abc.Sequence):
    """Frame files kept as one list of str, each given as a ``Path`` when asked for (indexing, iterating).
    A list of 20,000 ``Path`` objects, each with its list of parts, was 40,000 of the 40,300 objects the
    garbage collector walked while a 20,000-frame sequence was open in the window (a full collection runs
    on the GUI thread); str objects are not walked."""

    __slots__ = ("_s",)

    def __init__(self, paths: TypingSequence = ()):
        self._s = list(paths._s) if isinstance(paths, FramePaths) else [os.fspath(p) for p in paths]

    def __len__(self) -> int:
        return len(self._s)

    def __getitem__(self, i):
        if isinstance(i, slice):
            out = FramePaths()
            out._s = self._s[i]
            return out
        return Path(self._s[i])

    def __iter__(self) -> Iterator[Path]:
        return map(Path, self._s)

    def __eq__(self, other) -> bool:
        if isinstance(other, FramePaths):
            return self._s == other._s
        if isinstance(other, (list, tuple)):
            return len(other) == len(self._s) and all(Path(a) == Path(b) for a, b in zip(self._s, other))
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"FramePaths({len(self._s)} files{', first ' + self._s[0] if self._s else ''})"
