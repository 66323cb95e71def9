"""Multi-frame IR small-target sets labelled by a mask per frame (layout ``maskseq``).

The way IRDST, TSIRMT, NUDT-MIRSDT (as the multi-frame detectors' loaders rearrange it) and MIST are read::

    ROOT/images/<seq>/<frame>.png     (MIST: image/<seq>/)  frames, any IMAGE_SUFFIXES, natural order
    ROOT/masks/<seq>/<frame>.png      (MIST: mask/<seq>/)   one binary mask per frame, named as its frame
    ROOT/ImageSets/train_new.txt ...  (or ROOT/*.txt)       sequence names, one a line

Frame names are numbers, often unpadded (IRDST ``1.png ... 166.png``): they are taken in natural order, never
as text (``1, 10, 100, 2`` would be a shuffled sequence). A sequence is ``ROOT/images/<seq>``: its frames one
video's (one size), ``meta["mask_files"]`` each frame's mask (None where it has none: said, read as
unlabelled), and its targets as points for detectors: every 8-connected component of a frame's mask is one
target at its centroid (``meta["point_labels"]``, ``[(cx, cy, class 0)]`` a frame, 0-based pixel centres,
largest component first; ``meta["point_sizes"]`` each one's box size). The groundtruth box of a frame is its
largest component's bounding box (ties: the first in row-major order), so a multi-target sequence follows one
rule on every frame. Each mask is read at its own frame's size. Masks are read when a frame's targets are first
asked for (``FrameTargets``), not on opening: listing a set of thousands of frames opens every sequence.

A folder named as a split (``train``, ``val``, ``test``, ``trainval`` ...: ``SPLIT_NAMES``) is not a sequence:
``images/train`` + ``masks/train`` is a SIRST-style or YOLO-seg set of unrelated images split in folders, read (or
refused) as the ``masks`` layout reads it. A split file of sequence names tags each sequence (``meta["split"]``:
the file's stem).
"""
from __future__ import annotations

from collections.abc import Sequence as _SequenceABC
from pathlib import Path

import numpy as np

from workbench.core.data.images import list_frames, modality_of
from workbench.core.data.maskseq_dirs import (
    DIR_PAIRS, SPLIT_NAMES, _mask_dir, _sets, dirs_of, is_split_name, label_folders, probe, root_of, sequence_paths,
    splits_of)
from workbench.core.data.sequence import ImageFiles, Sequence, point_labelled
from workbench.core.errors import DataError

NAME = "maskseq"

# the layout protocol's probe and the folder tests, where callers have always found them
__all__ = ["NAME", "DIR_PAIRS", "SPLIT_NAMES", "dirs_of", "is_split_name", "label_folders", "list_root", "open", "probe",
           "root_of", "sequence_paths", "splits_of", "MaskSequence", "FrameTargets", "mask_components", "mask_points"]
# (frames folder, masks folder) names, as the published sets and their loaders spell them
def mask_components(mask: np.ndarray) -> list[tuple[float, float, float, float, float, float, int]]:
    """``(cx, cy, x, y, w, h, area)`` of each 8-connected component of a bool mask: 0-based pixel centroid, its
    bounding box (left, top, width, height in pixels) and pixel count; the largest first (ties: the first in
    row-major order)."""
    import cv2

    n, _lab, stats, cents = cv2.connectedComponentsWithStats(np.asarray(mask, np.uint8), connectivity=8)
    comps = [(float(cents[k][0]), float(cents[k][1]), float(stats[k][0]), float(stats[k][1]), float(stats[k][2]),
              float(stats[k][3]), int(stats[k][4])) for k in range(1, n)]
    return sorted(comps, key=lambda c: -c[6])  # stable: equal areas stay in row-major order


def mask_points(mask: np.ndarray) -> list[tuple[float, float, float, float]]:
    """``(cx, cy, w, h)`` of each 8-connected component of a bool mask (``mask_components``' order)."""
    return [(cx, cy, w, h) for cx, cy, _x, _y, w, h, _a in mask_components(mask)]


def frame_masks(seq_dir: Path, mask_dir: Path, files) -> tuple[list[Path | None], list[str]]:
    """Each frame's mask in ``mask_dir`` (named as the frame, any mask format ``sirst.find_mask`` takes, in its
    order; a name in another case, ``1.Png``, where none matches exactly: the listing's own spelling), and the
    warnings. One directory read (``sirst.MaskFinder``): no stat per frame."""
    from workbench.core.data.sirst import MaskFinder

    find = MaskFinder(mask_dir)
    masks = [find(Path(f).stem) for f in files]
    missing = [Path(f).name for f, m in zip(files, masks) if m is None]
    said = [f"{mask_dir}: no mask for {len(missing)} of {len(files)} frames (first {missing[0]}); read as "
            "unlabelled"] if missing else []
    return masks, said


def read_targets(mask_file, frame_file) -> list[tuple[float, float, float, float, float, float, int]]:
    """``mask_components`` of one frame's mask, read at the frame's own size (its header; the mask's size where
    the header says none)."""
    from workbench.core.data.images import image_size
    from workbench.core.data.masks import read_frame_mask
    from workbench.core.data.sirst import read_mask

    size = image_size(frame_file)
    mask = read_frame_mask(mask_file, (size[1], size[0])) if size is not None else read_mask(mask_file)
    return mask_components(mask)


class FrameTargets(_SequenceABC):
    """Each frame's targets, its mask read and labelled when the frame is first asked for (then kept).
    ``kind``: what an item is: ``"points"`` ``[(cx, cy, 0), ...]`` (``meta["point_labels"]``), ``"sizes"``
    ``[(w, h), ...]`` or ``"components"`` (``mask_components``). Views of one cache share it (``view``)."""

    def __init__(self, frame_files, mask_files, kind: str = "components", _cache: dict | None = None):
        self.frame_files, self.mask_files, self.kind = list(frame_files), list(mask_files), kind
        self._cache = {} if _cache is None else _cache

    def view(self, kind: str) -> "FrameTargets":
        return FrameTargets(self.frame_files, self.mask_files, kind, self._cache)

    def components(self, i: int) -> list:
        got = self._cache.get(i)
        if got is None:
            m = self.mask_files[i]
            got = self._cache[i] = read_targets(m, self.frame_files[i]) if m is not None else []
        return got

    def __len__(self) -> int:
        return len(self.mask_files)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        n = len(self)
        if not -n <= i < n:
            raise IndexError(f"frame {i} out of range ({n} frames)")
        comps = self.components(i % n)
        if self.kind == "points":
            return [(c[0], c[1], 0) for c in comps]
        if self.kind == "sizes":
            return [(c[4], c[5]) for c in comps]
        return list(comps)

    def __eq__(self, other):
        """As the lists it stands for (``meta["point_labels"]`` was a list of lists): equal to another of the same
        frames, masks and kind without reading a mask, else item by item (every mask read)."""
        if isinstance(other, FrameTargets) and (self.kind, self.frame_files, self.mask_files) == (
                other.kind, other.frame_files, other.mask_files):
            return True
        if not isinstance(other, (FrameTargets, list)):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # a list's stand-in: unhashable, as a list

    def __repr__(self) -> str:  # reads nothing (a debugger's or a log's repr must not read every mask)
        return f"<FrameTargets {self.kind} of {len(self)} frames, {len(self._cache)} masks read>"

    def groundtruth(self) -> np.ndarray:
        """(N, 4) xywh: each frame's largest component's bounding box, NaN where it has none."""
        gt = np.full((len(self), 4), np.nan)
        for i in range(len(self)):
            comps = self.components(i)
            if comps:
                gt[i] = comps[0][2:6]
        return gt


class _Pending:
    """A groundtruth not read yet (``MaskSequence``): the masks' targets it comes from."""

    def __init__(self, targets: FrameTargets):
        self.targets = targets

    def __repr__(self) -> str:
        return f"<not read yet: {len(self.targets)} frames' masks>"


class MaskSequence(Sequence):
    """A ``maskseq`` sequence: its groundtruth boxes read from the masks when first asked for (every mask of the
    sequence read then), not on opening. The window's opener asks for them on its worker (the sequence's score
    key), not on the GUI thread."""

    @property
    def groundtruth(self):
        gt = self.__dict__.get("_gt")
        if isinstance(gt, _Pending):
            gt = self.__dict__["_gt"] = gt.targets.groundtruth()
        return gt

    @groundtruth.setter
    def groundtruth(self, value):
        self.__dict__["_gt"] = value

    @property
    def has_groundtruth(self) -> bool:
        return self.__dict__.get("_gt") is not None

    def __post_init__(self):
        pending, self.__dict__["_gt"] = self.__dict__.get("_gt"), None  # the base's check would read it
        super().__post_init__()
        self.__dict__["_gt"] = pending

    def __repr__(self) -> str:
        """The dataclass's repr, the groundtruth shown as not read yet where it is not (no mask read)."""
        import dataclasses

        def shown(name: str):
            return self.__dict__.get("_gt") if name == "groundtruth" else getattr(self, name)

        fields = ", ".join(f"{f.name}={shown(f.name)!r}" for f in dataclasses.fields(self) if f.repr)
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other):
        """The dataclass's ==, the groundtruth compared last: sequences that differ elsewhere (another folder, other
        frames) are unequal without a mask read; two not read yet of the same masks are equal unread."""
        import dataclasses

        if other.__class__ is not self.__class__:
            return NotImplemented
        names = [f.name for f in dataclasses.fields(self) if f.compare and f.name != "groundtruth"]
        if tuple(getattr(self, k) for k in names) != tuple(getattr(other, k) for k in names):
            return False
        mine, theirs = self.__dict__.get("_gt"), other.__dict__.get("_gt")
        if isinstance(mine, _Pending) and isinstance(theirs, _Pending):
            return mine.targets == theirs.targets
        return (self.groundtruth,) == (other.groundtruth,)  # as the dataclass compares it

    __hash__ = None

    def with_frames(self, frames) -> "MaskSequence":
        import copy

        out = copy.copy(self)  # not dataclasses.replace: it would read the groundtruth
        out.frames = frames
        return out


def open(path: Path) -> Sequence:  # noqa: A001 - the layout protocol's name
    path = Path(path).absolute()
    root = root_of(path)
    if root is None:
        raise DataError(path, "expected ROOT/images/<seq>/ with ROOT/masks/<seq>/ beside it (a sequence folder, "
                              f"not one named as a split: {', '.join(sorted(SPLIT_NAMES))})")
    files, warnings = list_frames(path)
    if not files:
        raise DataError(path, "holds no frames")
    return mask_labelled(NAME, path, ImageFiles(files), files, path, _mask_dir(path), warnings,
                         splits_of(root).get(path.name))


def mask_labelled(layout: str, path: Path, frames, files: list, frames_dir: Path, mask_dir: Path, warnings: list,
                  split: str | None) -> MaskSequence:
    """A sequence of ``frames`` (read from ``files`` in ``frames_dir``) whose targets are the components of its masks
    in ``mask_dir`` (a mask a frame, read when first asked for): ``maskseq``'s and ``mirsdt``'s sequences."""
    from workbench.core.data.masks import size_said_anew

    size_said_anew(mask_dir)  # (a new reading: its masks of another size are said again, once)
    masks, said = frame_masks(frames_dir, mask_dir, files)
    first = frames.read(0)
    targets = FrameTargets([str(f) for f in files], masks)
    meta = {"layout": layout, "mask_files": masks, "mask_dir": str(mask_dir), "warnings": list(warnings) + said,
            "point_labels": targets.view("points"), "point_sizes": targets.view("sizes"),
            "unlabelled_frames": [i for i, m in enumerate(masks) if m is None]}
    gt = _Pending(targets) if any(m is not None for m in masks) else None
    return point_labelled(MaskSequence, path, frames, modality_of(first), gt, meta, split)


def list_root(root: Path) -> list:
    """The sequences of a set at ``root`` or one folder down (a folder of such sets)."""
    from workbench.core.data.detect import SequenceEntry

    root = Path(root)
    if not root.is_dir():
        return []
    return [SequenceEntry(p.name, NAME, p, (lambda p=p: open(p))) for s in _sets(root) for p in sequence_paths(s)]
