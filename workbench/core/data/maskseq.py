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

import os
from collections.abc import Sequence as _SequenceABC
from pathlib import Path

import numpy as np

from workbench.core.data.images import has_image, list_frames, modality_of, natural_key
from workbench.core.data.sequence import ImageFiles, Sequence
from workbench.core.errors import DataError

NAME = "maskseq"
# (frames folder, masks folder) names, as the published sets and their loaders spell them
DIR_PAIRS = (("images", "masks"), ("image", "mask"))
SPLIT_DIRS = ("ImageSets", "splits", "img_idx", ".")
# folder names of a set split into folders of single images, never a sequence's
SPLIT_NAMES = frozenset({"train", "val", "test", "trainval", "valid", "validation", "training", "testing"})

_HOLDS_IMAGE: dict[str, tuple[int, bool]] = {}  # folder -> (its mtime, whether it holds an image of its own)
_SPLITS: dict[str, tuple[tuple, dict]] = {}  # set root -> (its split files' and folders' mtimes, splits_of)


def is_split_name(name: str) -> bool:
    return name.lower() in SPLIT_NAMES


def _subdir_names(d: Path) -> list[str]:
    """The names of the folders in ``d`` (one directory read; hidden ones left out)."""
    try:
        with os.scandir(d) as it:
            return [e.name for e in it if not e.name.startswith(".") and e.is_dir()]
    except OSError:
        return []


def _holds_image(d: Path) -> bool:
    """``has_image(d)``, once a version of the folder: every sequence of a set asks it of the same images/ folder."""
    try:
        mtime = d.stat().st_mtime_ns
    except OSError:
        return False
    got = _HOLDS_IMAGE.get(str(d))
    if got is None or got[0] != mtime:
        got = _HOLDS_IMAGE[str(d)] = (mtime, has_image(d))
    return got[1]


def dirs_of(root: str | Path) -> tuple[Path, Path] | None:
    """``(ROOT/images, ROOT/masks)`` when ``root`` is such a set: its frames folder holds sequence folders (and no
    images of its own: a SIRST-style set is ``masks``'), one of which, not named as a split, has a masks folder of
    the same name."""
    root = Path(root)
    for img, msk in DIR_PAIRS:
        i, m = root / img, root / msk
        if not (i.is_dir() and m.is_dir()) or _holds_image(i):
            continue
        if any(not is_split_name(n) and (i / n).is_dir() for n in _subdir_names(m)):
            return i, m
    return None


def root_of(path: str | Path) -> Path | None:
    """The set ``path`` is a sequence of (``ROOT/images/<seq>`` with ``ROOT/masks/<seq>``), or None. Its own masks
    folder is looked for first: no listing of the set's other sequences."""
    path = Path(path)
    for img, msk in DIR_PAIRS:
        if path.parent.name != img:
            continue
        root = path.parent.parent
        if is_split_name(path.name) or not (root / msk / path.name).is_dir() or not path.is_dir():
            return None
        return None if _holds_image(path.parent) else root
    return None


def _mask_dir(path: Path) -> Path:
    return path.parent.parent / dict(DIR_PAIRS)[path.parent.name] / path.name


def probe(path: Path) -> bool:
    """One sequence of such a set (``ROOT/images/<seq>`` with ``ROOT/masks/<seq>``) holding frames."""
    return root_of(path) is not None and has_image(Path(path))


def sequence_paths(root: str | Path) -> list[Path]:
    """The sequences of the set ``root`` in natural order of their names (``images/<seq>`` with frames)."""
    pair = dirs_of(root)
    if pair is None:
        return []
    masks = set(_subdir_names(pair[1]))
    return sorted((pair[0] / n for n in _subdir_names(pair[0])
                   if n in masks and not is_split_name(n) and has_image(pair[0] / n)), key=natural_key)


def _mtime(p: Path) -> int | None:
    try:
        return p.stat().st_mtime_ns
    except OSError:
        return None


def splits_of(root: Path) -> dict[str, str]:
    """Sequence name -> the stem of the split file naming it (``ImageSets/val_new.txt``: ``val_new``); files that
    name none of the set's sequences are not split files (a README, a list of frames). Read once a version of
    the set's split files and folders (every sequence opened asks it)."""
    root = Path(root)
    pair = dirs_of(root)
    if pair is None:
        return {}
    files = [f for d in SPLIT_DIRS if (root / d).is_dir() for f in sorted((root / d).glob("*.txt"))]
    key = tuple((str(p), _mtime(p)) for p in [*pair, *files])
    got = _SPLITS.get(str(root))
    if got is not None and got[0] == key:
        return got[1]
    names = set(_subdir_names(pair[0])) & set(_subdir_names(pair[1]))
    out: dict[str, str] = {}
    for f in files:
        try:
            lines = [ln.strip() for ln in f.read_text(encoding="utf-8", errors="replace").splitlines()]
        except OSError:
            continue
        listed = [ln for ln in lines if ln in names]
        if listed and len(listed) == len([ln for ln in lines if ln]):
            for n in listed:
                out.setdefault(n, f.stem)
    _SPLITS[str(root)] = (key, out)
    return out


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
    order), and the warnings. One directory read: no stat per frame."""
    from workbench.core.data.sirst import _MASK_NAMES

    try:
        with os.scandir(mask_dir) as it:
            there = {e.name for e in it}
    except OSError:
        there = set()

    def find(stem: str) -> Path | None:
        for pat in _MASK_NAMES:
            suf = Path(pat).suffix
            for cand in (pat.format(name=stem), pat[:-len(suf)].format(name=stem) + suf.upper()):
                if cand in there:
                    return mask_dir / cand
        return None

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
    mask_dir = _mask_dir(path)
    masks, said = frame_masks(path, mask_dir, files)
    warnings += said
    frames = ImageFiles(files)
    first = frames.read(0)
    targets = FrameTargets([str(f) for f in files], masks)
    meta = {"layout": NAME, "mask_files": masks, "mask_dir": str(mask_dir), "warnings": warnings,
            "point_labels": targets.view("points"), "point_sizes": targets.view("sizes"),
            "unlabelled_frames": [i for i, m in enumerate(masks) if m is None]}
    split = splits_of(root).get(path.name)
    if split:
        meta["split"] = split
    gt = _Pending(targets) if any(m is not None for m in masks) else None
    seq = MaskSequence(name=path.name, frames=frames, modality=modality_of(first), groundtruth=gt, path=path,
                       meta=meta)
    seq.attributes["points"] = True
    return seq


def _sets(root: Path) -> list[Path]:
    if dirs_of(root) is not None:
        return [root]
    return [root / n for n in sorted(_subdir_names(root)) if dirs_of(root / n) is not None]


def list_root(root: Path) -> list:
    """The sequences of a set at ``root`` or one folder down (a folder of such sets)."""
    from workbench.core.data.detect import SequenceEntry

    root = Path(root)
    if not root.is_dir():
        return []
    return [SequenceEntry(p.name, NAME, p, (lambda p=p: open(p))) for s in _sets(root) for p in sequence_paths(s)]


def label_folders(root: Path) -> list[Path]:
    """The masks folders of the sets at ``root`` or one folder down (labels: no dataset listing takes them for
    sequences)."""
    root = Path(root)
    if not root.is_dir():
        return []
    return [dirs_of(s)[1] for s in _sets(root)]
