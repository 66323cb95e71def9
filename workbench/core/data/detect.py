"""Layout detection: which reader opens a folder or file, and how a dataset root lists sequences.

Each layout module exposes ``NAME``, ``probe(path) -> bool`` (is ``path`` one sequence of mine?),
``open(path) -> Sequence`` and optionally ``list_root(root) -> list[Sequence-opening callables]``
(the sequences of a whole benchmark root in my layout). Probes run in ``LAYOUTS`` order, most
specific first; the plain image folder comes last.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from workbench.core.data.sequence import Sequence
from workbench.core.errors import DataError

# module names under workbench.core.data, most specific first
LAYOUT_MODULES = [
    "uav123", "uavdt", "visdrone", "lasot", "got10k", "vot", "otb", "video", "cube", "folder",
]


def _layouts():
    mods = []
    for name in LAYOUT_MODULES:
        try:
            mods.append(importlib.import_module(f"workbench.core.data.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"workbench.core.data.{name}":
                raise
    return mods


@dataclass
class SequenceEntry:
    """A sequence of a dataset root, not yet opened (opening reads its groundtruth)."""

    name: str
    layout: str
    path: Path
    opener: Callable[[], Sequence]
    frames: int | None = None

    def open(self) -> Sequence:
        return self.opener()


def detect_layout(path: str | Path) -> str | None:
    path = Path(path)
    for mod in _layouts():
        if mod.probe(path):
            return mod.NAME
    return None


def open_sequence(path: str | Path, layout: str | None = None) -> Sequence:
    """Open one sequence (a folder, a video file, a cube), detecting its layout."""
    path = Path(path)
    if not path.exists():
        raise DataError(path, "no such file or folder")
    for mod in _layouts():
        if (layout is None and mod.probe(path)) or (layout is not None and mod.NAME == layout):
            return mod.open(path)
    if path.is_dir():
        raise DataError(path, "no images, video or known dataset layout found in this folder")
    raise DataError(path, "not a known sequence format (image folder, video, ENVI .hdr, HDF5 cube)")


def open_dataset(root: str | Path) -> list[SequenceEntry]:
    """Every sequence under a dataset root, whatever mix of layouts it holds, sorted by name.

    A root that is itself one sequence gives a one-entry list.
    """
    root = Path(root)
    if not root.exists():
        raise DataError(root, "no such folder")
    entries: dict[str, SequenceEntry] = {}
    claimed: set[Path] = set()
    for mod in _layouts():
        lister = getattr(mod, "list_root", None)
        if lister is None:
            continue
        for e in lister(root):
            if e.path in claimed:
                continue
            claimed.add(e.path)
            key = e.name if e.name not in entries else f"{e.name} ({e.layout})"
            entries[key] = e
    if not entries:
        # not a benchmark root: maybe a folder of sequence folders, or a single sequence
        for child in sorted(p for p in root.iterdir() if not p.name.startswith(".")) if root.is_dir() else []:
            name = detect_layout(child)
            if name is not None and name != "folder" or (child.is_dir() and name == "folder"):
                entries[child.name] = SequenceEntry(child.stem if child.is_file() else child.name, name, child,
                                                    (lambda c=child: open_sequence(c)))
        if not entries and detect_layout(root) is not None:
            entries[root.name] = SequenceEntry(root.name, detect_layout(root), root, lambda: open_sequence(root))
    if not entries:
        raise DataError(root, "no sequences found")
    return [entries[k] for k in sorted(entries, key=str.lower)]
