"""Where the ``maskseq`` layout's sets and sequences are (``ROOT/images/<seq>`` + ``ROOT/masks/<seq>``): the folder
tests alone, without reading a frame or a mask. A module of its own so that the layouts that must stand aside for
a mask-per-frame set (``masks``, ``sirst``, the dataset listing in ``detect``) ask it without importing ``maskseq``,
which reads masks through them.
"""
from __future__ import annotations

import os
from pathlib import Path

from workbench.core.data.images import has_image, natural_key

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
    # files only: a FIFO of the name (reading it waits for a writer) held every opening of the set's sequences
    files = [f for d in SPLIT_DIRS if (root / d).is_dir() for f in sorted((root / d).glob("*.txt")) if f.is_file()]
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


def _sets(root: Path) -> list[Path]:
    if dirs_of(root) is not None:
        return [root]
    return [root / n for n in sorted(_subdir_names(root)) if dirs_of(root / n) is not None]


def label_folders(root: Path) -> list[Path]:
    """The masks folders of the sets at ``root`` or one folder down (labels: no dataset listing takes them for
    sequences)."""
    root = Path(root)
    if not root.is_dir():
        return []
    return [dirs_of(s)[1] for s in _sets(root)]
