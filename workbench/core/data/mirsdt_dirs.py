"""Where NUDT-MIRSDT's sequences are (``ROOT/Sequence<n>/images`` + ``masks/`` beside ``masks_centroid/`` or ``Mix/``,
``mirsdt``'s layout): the folder tests alone, without reading a frame or a mask. A module of its own so that the
readers ``mirsdt`` stands beside (``sirst``'s mask-scored roots) ask it without importing ``mirsdt``, which reads
masks through ``maskseq`` and so through them (an import loop otherwise: ``tests/test_layers.py``).
"""
from __future__ import annotations

import re
from pathlib import Path

from workbench.core.data.images import has_image, subfolders

NAME = "mirsdt"
IMAGES, MASKS, CENTROIDS, MIX = "images", "masks", "masks_centroid", "Mix"
SPLIT_FILES = ("train.txt", "test.txt", "val.txt")
# the split folders of single-frame SIRST sets: LESPS prepares NUAA-SIRST / NUDT-SIRST / IRSTD-1k for point
# supervision as images/ + masks/ + masks_centroid/ + 50_50/train.txt (CVPR2023ID6230/LESPS utils/dataset.py)
SIRST_SPLIT_DIRS = ("50_50", "idx_427", "img_idx", "splits")  # DNANet's, BasicIRSTD's, ours
SEQUENCE_NAME = re.compile(r"Sequence\d+", re.IGNORECASE)
_SPLITS: dict[str, tuple[tuple, dict]] = {}  # root -> (its split files' mtimes, sequence name -> split)


def _is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except OSError:
        return False


def _marked(path: Path) -> bool:
    """``path`` holds ``masks/`` with ``masks_centroid/`` or ``Mix/`` and is a NUDT-MIRSDT sequence by its own
    evidence: ``Mix/``, a ``Sequence<n>`` name, or its parent's split file naming it; never with a single-frame
    SIRST set's split folder (``SIRST_SPLIT_DIRS``: a LESPS-prepared set has ``masks_centroid/`` too)."""
    if not _is_dir(path / MASKS) or not (_is_dir(path / CENTROIDS) or _is_dir(path / MIX)):
        return False
    if any(_is_dir(path / d) for d in SIRST_SPLIT_DIRS):
        return False
    return (_is_dir(path / MIX) or SEQUENCE_NAME.fullmatch(path.name) is not None
            or path.name in splits_of(path.parent))


def probe(path: Path) -> bool:
    """One NUDT-MIRSDT sequence folder (``_marked``) with its frames in ``images/`` (or ``Mix/`` alone: opened
    to say what it lacks)."""
    path = Path(path)
    if not _marked(path):
        return False
    frames = path / IMAGES
    if _is_dir(frames):
        try:
            return has_image(frames)
        except OSError:
            return False
    return _is_dir(path / MIX)


def splits_of(root: Path) -> dict[str, str]:
    """Sequence name -> the stem of the split file whose lines name it (``Sequence85/Mix/00001.mat``: ``test``);
    read once a version of the files."""
    root = Path(root)
    files = [root / n for n in SPLIT_FILES if (root / n).is_file()]
    key = tuple((str(f), f.stat().st_mtime_ns) for f in files)
    got = _SPLITS.get(str(root))
    if got is not None and got[0] == key:
        return got[1]
    out: dict[str, str] = {}
    from workbench.core.data.groundtruth import decode_text
    from workbench.core.errors import DataError

    for f in files:
        try:  # UTF-16 / a BOM read as every other split file is (``sirst.split_lines``)
            text = decode_text(f.read_bytes(), f, ascii_only=False)
        except (OSError, DataError):
            continue
        for line in text.splitlines():
            line = line.strip().replace("\\", "/").removeprefix("./")  # (lstrip took a name's own leading dots)
            if line and not line.startswith("#"):
                out.setdefault(line.split("/", 1)[0], f.stem)
    _SPLITS[str(root)] = (key, out)
    return out


# root -> (its mtime, its subfolders, what ``probe``'s answers on them depend on, its sequences)
_SEQUENCES: dict[str, tuple[int, list[Path], tuple, list[Path]]] = {}


def _stamp(p: Path) -> int | None:
    try:
        return p.stat().st_mtime_ns
    except (OSError, ValueError):
        return None


def _probed_version(root: Path, folders: list[Path]) -> tuple:
    """The mtimes ``probe``'s answers on ``root`` and ``folders`` depend on: each folder's own (its ``images/``,
    ``masks/``, ``Mix/`` made or taken away) and its ``images/`` (frames arriving), and the split files that name
    sequences (``splits_of``: ``root``'s and its parent's). A stat each, not a probe (a listing of ``images/``)."""
    splits = tuple(_stamp(d / n) for d in (root, root.parent) for n in SPLIT_FILES)
    return splits + tuple((_stamp(p), _stamp(p / IMAGES)) for p in (root, *folders))


def sequence_paths(root: Path) -> list[Path]:
    """The sequences directly under ``root`` (or ``root`` itself), in natural order of their names. The folders
    under ``root`` are listed once a version of it (its mtime: a folder added or taken away changes it) and probed
    again only when one of them changes (``_probed_version``: a sequence whose frames arrive in its ``images/``
    later, which the root's mtime alone kept missing). One command asks several readers of a root (the dataset
    listing, the SIRST-style reader, the mask / box scorers' tests, ``segment``'s plain-folder test): each scanned
    it and probed every sequence folder again."""
    root = Path(root)
    stamp = _stamp(root)
    if stamp is None:
        return []
    key = str(root.absolute())
    got = _SEQUENCES.get(key)
    folders = got[1] if got is not None and got[0] == stamp else subfolders(root)
    version = _probed_version(root, folders)
    if got is None or got[0] != stamp or got[2] != version:
        found = [root] if probe(root) else [p for p in folders if probe(p)]
        got = _SEQUENCES[key] = (stamp, folders, version, found)
    return list(got[3])
