"""Layout detection: which reader opens a folder or file, and how a dataset root lists sequences.

Each layout module exposes ``NAME``, ``probe(path) -> bool`` (is ``path`` one sequence of mine?),
``open(path) -> Sequence`` and optionally ``list_root(root) -> list[SequenceEntry]``
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
    "uav123", "uavdt", "visdrone", "lasot", "got10k", "hot", "vot", "otb", "video", "cube", "image", "folder",
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
    path = Path(path).absolute()  # errors name files the user can find from anywhere
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

    Benchmark layouts list their own roots (``list_root``); every child of ``root`` that no lister
    claimed (and that holds no claimed sequence) is probed on its own, so an OTB folder, a VOT
    folder and a video side by side are all listed. A root that is itself one sequence gives a
    one-entry list.
    """
    root = Path(root)
    if not root.exists():
        raise DataError(root, "no such folder")
    entries: dict[str, SequenceEntry] = {}
    claimed: set[Path] = set()

    def add(e: SequenceEntry) -> None:
        key = e.name if e.name not in entries else f"{e.name} ({e.layout})"
        n = 2
        while key in entries:
            key = f"{e.name} ({e.layout} {n})"
            n += 1
        entries[key] = e

    for mod in _layouts():
        lister = getattr(mod, "list_root", None)
        if lister is None:
            continue
        # one layout may list several entries on one path (UAV123 sub-sequences of one folder);
        # only paths claimed by an earlier (more specific) layout are skipped
        found = [e for e in lister(root) if e.path not in claimed]
        for e in found:
            add(e)
        claimed.update(e.path for e in found)
    root_layout = detect_layout(root)
    if root_layout is not None and all(e.path == root for e in entries.values()):
        if not entries:
            name = root.stem if root.is_file() else root.name
            add(SequenceEntry(name, root_layout, root, lambda: open_sequence(root)))
        return list(entries.values())
    if root.is_dir():
        for child in sorted(p for p in root.iterdir() if not p.name.startswith(".")):
            if any(c == child or child in c.parents for c in claimed):
                continue
            name = detect_layout(child)
            if name is None or name == "image":  # loose images are frames of a folder, not sequences
                continue
            claimed.add(child)
            add(SequenceEntry(child.stem if child.is_file() else child.name, name, child,
                              (lambda c=child: open_sequence(c))))
    if not entries:
        raise DataError(root, "no sequences found")
    return [entries[k] for k in sorted(entries, key=str.lower)]
