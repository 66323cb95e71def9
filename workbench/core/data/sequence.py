"""``Sequence``: lazy frames, groundtruth, attributes.

Frames are read on demand from a ``FrameSource``; nothing holds a whole video in memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Protocol, Sequence as TypingSequence

import numpy as np

from workbench.core.boxes import Box, absent_mask
from workbench.core.errors import DataError

MODALITIES = ("gray", "rgb", "hsi", "ir16")


class FrameSource(Protocol):
    """Anything that gives frame ``i`` as a numpy array in its native dtype."""

    def __len__(self) -> int: ...

    def read(self, i: int) -> np.ndarray: ...


class ImageFiles:
    """One image file per frame; read with ``images.read_image`` (native dtype, RGB order)."""

    def __init__(self, paths: TypingSequence[Path]):
        self.paths = [Path(p) for p in paths]

    def __len__(self) -> int:
        return len(self.paths)

    def read(self, i: int) -> np.ndarray:
        from workbench.core.data.images import read_image

        return read_image(self.paths[i])


class ArrayFrames:
    """Frames made by a function of the index (generated data) or taken from an array."""

    def __init__(self, n: int, make: Callable[[int], np.ndarray]):
        self._n = n
        self._make = make

    def __len__(self) -> int:
        return self._n

    def read(self, i: int) -> np.ndarray:
        return self._make(i)

    @classmethod
    def from_array(cls, frames: np.ndarray) -> "ArrayFrames":
        return cls(len(frames), lambda i: frames[i])


def _describe_ref(shape: tuple, dtype) -> str:
    size = f"{shape[1]}x{shape[0]}" if len(shape) >= 2 else "x".join(map(str, shape))
    ch = f"x{shape[2]}" if len(shape) == 3 else ""
    return f"{size}{ch} {np.dtype(dtype).name}"


def _describe(f: np.ndarray) -> str:
    return _describe_ref(f.shape, f.dtype)


def is_file_name(text: str) -> bool:
    """Whether ``text`` can name a file in a folder as it is: one path component, not ``.`` / ``..``,
    no control characters."""
    return bool(text) and text not in (".", "..") and not any(c in "/\\" or ord(c) < 32 for c in text)


@dataclass
class Sequence:
    """A named run of frames with optional groundtruth.

    ``groundtruth``: (N, 4) float64 xywh, 0-based pixels, NaN rows where the target is absent; ``None``
    when the sequence has no annotation. ``attributes``: per-frame flags (name -> (N,) bool) and
    sequence-level tags (name -> True) as the dataset provides them. ``masks``: optional per-frame
    segmentation masks (a FrameSource). ``meta``: free-form facts (layout, source files, wavelengths).
    """

    name: str
    frames: FrameSource
    modality: str = "gray"
    groundtruth: np.ndarray | None = None
    attributes: dict[str, np.ndarray | bool] = field(default_factory=dict)
    masks: FrameSource | None = None
    path: Path | None = None
    meta: dict = field(default_factory=dict)
    # False for collections of unrelated images (each its own size) that are never tracked through
    uniform: bool = True
    _ref: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        name = str(self.name)
        if not is_file_name(name):  # results are saved as <name>.txt: a name from a file's contents must not be a path
            stem = Path(self.path).stem if self.path is not None else ""
            fallback = stem if is_file_name(stem) else "sequence"
            clean = "".join("_" if c in "/\\" or ord(c) < 32 else c for c in name).strip(". ") or fallback
            self.meta = dict(self.meta)
            self.meta["warnings"] = list(self.meta.get("warnings") or []) + [
                f"{self.path or name}: sequence name {name!r} is not a file name; it is called {clean!r} here"]
            name = clean
        self.name = name
        if self.modality not in MODALITIES:
            raise ValueError(f"modality must be one of {MODALITIES}, got {self.modality!r}")
        if self.groundtruth is not None:
            gt = np.asarray(self.groundtruth, dtype=np.float64)
            if gt.ndim != 2 or gt.shape[1] != 4:
                raise ValueError(f"groundtruth must be (N, 4), got {gt.shape}")
            self.groundtruth = gt

    def __len__(self) -> int:
        return len(self.frames)

    def frame(self, i: int) -> np.ndarray:
        n = len(self)
        if not -n <= i < n:
            raise IndexError(f"frame {i} out of range for {self.name!r} with {n} frames")
        i %= n
        f = self.frames.read(i)
        if self.uniform:
            self._check_like_first(i, f)
        return f

    def _check_like_first(self, i: int, f: np.ndarray) -> None:
        """A frame of another size, channel count or dtype than frame 0 is refused: a tracker given
        it would place its box in the wrong coordinates without a word. Shape and dtype only, so the
        check costs nothing next to decoding."""
        ref = self._ref
        if ref is None:
            first = f if i == 0 else self.frames.read(0)
            ref = self._ref = (first.shape, first.dtype)
        if f.shape == ref[0] and f.dtype == ref[1]:
            return
        paths = getattr(self.frames, "paths", None)
        where = paths[i] if paths is not None and i < len(paths) else (self.path or self.name)
        first = f"{paths[0].name} (frame 0)" if paths is not None and len(paths) else "frame 0"
        raise DataError(where, f"frame {i} is {_describe(f)} but {first} is "
                               f"{_describe_ref(*ref)}; every frame of a sequence must match")

    def __iter__(self) -> Iterator[np.ndarray]:
        for i in range(len(self)):
            yield self.frame(i)

    @property
    def has_groundtruth(self) -> bool:
        return self.groundtruth is not None

    def gt_box(self, i: int) -> Box | None:
        """Groundtruth of frame ``i``, or None when absent / not annotated."""
        if self.groundtruth is None:
            return None
        row = self.groundtruth[i]
        if absent_mask(row)[0]:
            return None
        return Box(*row)

    def gt_where(self, i: int) -> str:
        """Where frame ``i``'s groundtruth comes from, for messages: ``FILE, line N`` for box files
        (one row per frame from ``meta["groundtruth_first_line"]``, 1 by default), else the
        sequence's path and the frame."""
        src = self.meta.get("groundtruth_file")
        if src:
            return f"{src}, line {int(self.meta.get('groundtruth_first_line', 1)) + i}"
        return f"{self.path or self.name}, frame {i}"

    def first_valid_frame(self) -> int | None:
        if self.groundtruth is None:
            return None
        ok = np.flatnonzero(~absent_mask(self.groundtruth))
        return int(ok[0]) if len(ok) else None

    def frame_attributes(self) -> dict[str, np.ndarray]:
        return {k: v for k, v in self.attributes.items() if isinstance(v, np.ndarray)}

    def tags(self) -> list[str]:
        """Sequence-level attributes plus per-frame ones present anywhere in the sequence."""
        out = [k for k, v in self.attributes.items() if v is True]
        out += [k for k, v in self.frame_attributes().items() if np.any(v)]
        return sorted(set(out))

    def describe(self) -> str:
        f0 = self.frame(0) if len(self) else None
        shape = "x".join(str(s) for s in f0.shape) if f0 is not None else "-"
        dtype = str(f0.dtype) if f0 is not None else "-"
        gt = "gt" if self.has_groundtruth else "no gt"
        return f"{self.name}: {len(self)} frames, {shape} {dtype}, {self.modality}, {gt}"
