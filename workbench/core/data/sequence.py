"""``Sequence``: lazy frames, groundtruth, attributes.

Frames are read on demand from a ``FrameSource``; nothing holds a whole video in memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator, Protocol, Sequence as TypingSequence

import numpy as np

from workbench.core.boxes import Box, absent_mask
from workbench.core.data.frame_path_list import FramePaths
from workbench.core.errors import DataError

MODALITIES = ("gray", "rgb", "hsi", "ir16")


class FrameSource(Protocol):
    """Anything that gives frame ``i`` as a numpy array in its native dtype."""

    def __len__(self) -> int: ...

    def read(self, i: int) -> np.ndarray: ...


class ImageFiles:
    """One image file per frame; read with ``images.read_image`` (native dtype, RGB order)."""

    def __init__(self, paths: TypingSequence[Path], sizes=None):
        """``sizes``: the files' (width, height) when already read from their headers (else read on demand)."""
        self.paths = paths if isinstance(paths, FramePaths) else FramePaths(paths)  # (each a Path when asked for)
        self._sizes: list | None = None if sizes is None else list(sizes)
        self._finite = None  # a FiniteFrames, made at the first float frame

    def __len__(self) -> int:
        return len(self.paths)

    def read(self, i: int) -> np.ndarray:
        from workbench.core.data.finite import finite_frame
        from workbench.core.data.images import read_image

        # float TIFFs (radiometric thermal exports) mark dead or saturated pixels NaN / inf: left in, a tracker's
        # statistics turn NaN and its box stops where it started without a word
        return finite_frame(self, read_image(self.paths[i]), i, self.paths[i].parent, lambda: self.paths)

    def sizes(self) -> list[tuple[int, int] | None]:
        """Every frame's (width, height) from its file's header (None where the header does not say),
        read once and kept."""
        if self._sizes is None:
            from workbench.core.data.images import image_sizes

            self._sizes = image_sizes(self.paths)
        return self._sizes


def _sources(source):
    """``source`` and the sources it wraps (``.source``: the window's locked and shown frames;
    ``.seq.frames``: a labelled IR sequence's gray frames), outermost first. Those wrappers keep each
    frame's size; one that changes it defines its own ``sizes()``, which ends the search."""
    for _ in range(8):
        if source is None:
            return
        yield source
        nxt = getattr(source, "source", None)
        if nxt is None:
            nxt = getattr(getattr(source, "seq", None), "frames", None)
        source = nxt


def frame_sizes(source) -> list[tuple[int, int] | None] | None:
    """Every frame's (width, height) where the frame source can tell without decoding (image files),
    else None (videos and cubes are of one size by construction)."""
    for s in _sources(source):
        fn = getattr(s, "sizes", None)
        if callable(fn):
            sizes = fn()
            return list(sizes) if sizes is not None and len(sizes) == len(source) else None
    return None


def size_problem(sizes, paths, where, what: str, start: int = 0, stop: int | None = None):
    """(where, one line) when frames ``start``..``stop - 1`` of ``sizes`` ((width, height) or None per
    frame, as ``frame_sizes`` gives them) differ in size, naming two files of ``paths`` (or frame numbers)
    and their folder, for what needs one size (``what``); else None."""
    if not sizes:
        return None
    stop = len(sizes) if stop is None else min(stop, len(sizes))
    known = [(i, s) for i, s in enumerate(sizes[start:stop], start) if s is not None]
    if not known:
        return None
    i0, first = known[0]
    other = next(((j, s) for j, s in known if s != first), None)
    if other is None:
        return None
    j, second = other
    more = len({s for _i, s in known} - {first, second})

    def said(k: int, s) -> str:
        return f"{s[0]}x{s[1]} ({paths[k].name})" if paths else f"{s[0]}x{s[1]} (frame {k + 1})"

    if paths:
        dirs = {p.parent for p in (paths[i0], paths[j])}
        where = dirs.pop() if len(dirs) == 1 else where
    return where, (f"its images differ in size, {said(i0, first)} and {said(j, second)}"
                   + (f" and {more} other size{'s' if more > 1 else ''}" if more else "")
                   + f"; {what} needs frames of one size")


def frame_paths(source) -> TypingSequence[Path] | None:
    """The frame files of an image-file source (through its wrappers), or None. An ``ImageFiles``' own
    (``FramePaths``, which cannot change): listed again, 20,000 ``Path`` objects were made at every
    size check of a run's start."""
    for s in _sources(source):
        paths = getattr(s, "paths", None)
        if paths is not None:
            if len(paths) != len(source):
                return None
            return paths if isinstance(paths, FramePaths) else list(paths)
    return None


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


def mark_image_set(seq: "Sequence", sizes) -> "Sequence":
    """A set of images of more than one size (``sizes``: their (width, height), None where unknown):
    each frame is read at its own size (``uniform`` False) and the sizes are said in
    ``meta["frame_sizes"]`` (a fact, not a warning: image sets and mixed cameras legitimately mix them).
    Of one size, the sequence stays as it is."""
    from workbench.core.data.images import describe_sizes

    if sizes is not None and len({s for s in sizes if s is not None}) > 1:
        seq.uniform = False
        seq.meta = dict(seq.meta)
        seq.meta["frame_sizes"] = describe_sizes(sizes)
    return seq


def _describe_ref(shape: tuple, dtype) -> str:
    size = f"{shape[1]}x{shape[0]}" if len(shape) >= 2 else "x".join(map(str, shape))
    ch = f"x{shape[2]}" if len(shape) == 3 else ""
    return f"{size}{ch} {np.dtype(dtype).name}"


def _describe(f: np.ndarray) -> str:
    return _describe_ref(f.shape, f.dtype)


def require_annotated(root, groundtruths, least: int = 1, flag: str = "--data") -> None:
    """Refuse a training's ``flag`` root none of whose sequences has ``least`` annotated frames (boxes not
    absent) in ``groundtruths`` (None: no groundtruth): SIRST's unlabelled images, a frame folder, boxes all
    NaN gave no training sample, and the run went on with the generated data alone."""
    if not any(gt is not None and int((~absent_mask(gt)).sum()) >= least for gt in groundtruths):
        what = "groundtruth boxes" if least <= 1 else f"at least {'two' if least == 2 else least} annotated frames (boxes)"
        raise DataError(root, f"no sequence with {what} here; {flag} takes labelled tracking sequences (OTB, LaSOT, "
                              "GOT-10k, UAV123 ... layouts)")


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
    # False for collections of images each read at its own size (image sets: SIRST masks, YOLO-labelled
    # frames, a plain folder of mixed sizes); what needs one size asks ``one_size_problem`` first
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

    def with_frames(self, frames) -> "Sequence":
        """This sequence reading its frames through ``frames`` (a wrapper of the same frames: a lock, a
        count), with frame 0's shape and dtype kept when already read (the size check of a later frame
        reads it again otherwise)."""
        out = replace(self, frames=frames)
        out._ref = self._ref
        return out

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
        paths = frame_paths(self.frames)
        where = paths[i] if paths is not None and i < len(paths) else (self.path or self.name)
        first = f"{paths[0].name} (frame 0)" if paths is not None and len(paths) else "frame 0"
        raise DataError(where, f"frame {i} is {_describe(f)} but {first} is "
                               f"{_describe_ref(*ref)}; every frame of a sequence must match")

    def frame_sizes(self) -> list[tuple[int, int] | None] | None:
        """Every frame's (width, height) from the image files' headers (None for a frame whose header
        does not say), or None where the frames are not image files (a video, a cube: one size) or the
        sequence is strict (``uniform``: one video's frames, a frame of another size refused when read,
        naming its file): no header is read for those (20,000 frames cost 0.1 s warm, 1.6 s and more
        from disk)."""
        if self.uniform:
            return None
        return frame_sizes(self.frames)

    def one_size_problem(self, what: str, start: int = 0, stop: int | None = None) -> str | None:
        """None when frames ``start``..``stop - 1`` (default: to the end) are of one size as far as their
        headers say, else one line naming the folder and the two sizes, for what needs one size
        (``what``: "tracking", "a video"). Cheap: headers are read once."""
        found = self._one_size(what, start, stop)
        return None if found is None else f"{found[0]}: {found[1]}"

    def require_one_size(self, what: str, start: int = 0, stop: int | None = None) -> None:
        """Raise ``one_size_problem``'s line as a DataError where there is one."""
        found = self._one_size(what, start, stop)
        if found is not None:
            raise DataError(*found)

    def _one_size(self, what: str, start: int, stop: int | None):
        return size_problem(self.frame_sizes(), frame_paths(self.frames), self.path or self.name, what, start, stop)

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
        sequence's path and the frame; a box a flag file marks absent (GOT-10k's ``absence.label``,
        ``meta["absence_file"]``) as that file's line: the box file's line holds a box ("groundtruth.txt, line 1:
        no groundtruth box")."""
        flags, by = self.attributes.get("absence"), self.meta.get("absence_file")
        if by and isinstance(flags, np.ndarray) and 0 <= i < len(flags) and flags[i]:
            return f"{by}, line {i + 1} (1: target absent)"
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


def point_labelled(cls: type[Sequence], path: Path, frames: FrameSource, modality: str, groundtruth, meta: dict,
                   split: str | None = None) -> Sequence:
    """A sequence folder's ``cls`` (``Sequence`` or a subclass) named as its folder, labelled by points
    (``meta["point_labels"]``; the ``points`` attribute set), ``meta["split"]`` its split where the set names one:
    the end of the ``open`` of the point-labelled layouts (cocoseq, maskseq, mirsdt)."""
    if split:
        meta["split"] = split
    seq = cls(name=path.name, frames=frames, modality=modality, groundtruth=groundtruth, path=path, meta=meta)
    seq.attributes["points"] = True
    return seq
