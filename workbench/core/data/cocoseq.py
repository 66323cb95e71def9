"""Multi-frame IR small-target sets with COCO box annotations (layout ``cocoseq``): ITSDT-15K as published (and
DAUB-R / IRDST-H in the same form, MoPKL's and its successors' loaders)::

    ROOT/images/<seq>/<k>.bmp               frames, 0-based unpadded numbers (0.bmp, 1.bmp ... 10.bmp)
    ROOT/instances_train2017.json           COCO: images[].file_name '<seq>/<k>.bmp' (relative to images/),
    ROOT/instances_test2017.json            annotations[].bbox [x, y, w, h] (top-left, 0-based pixels)

Each ``ROOT/images/<seq>`` is a sequence, its frames in natural order (never text order: 0, 1, 10, 11, 2 ...).
A frame the files list without a box has no target; a frame no file lists is unlabelled (said, not scored). Every
box is a target point at its centre (``meta["point_labels"]``, class 0) and a box (``meta["boxes"]``, ``(x, y,
w, h, COCO category id)`` a frame); the groundtruth is each frame's first box. The file that lists a sequence's
frames tags it (``meta["split"]``: ``train`` / ``test``, the file's name between ``instances_`` and ``2017``).

A ``file_name`` is matched to a frame as ``<seq>/<k>.bmp`` relative to ``images/`` (a leading ``images/`` or any
folders before ``<seq>/`` left out), else by its bare name where only one frame of the set has it. A set none
of whose frames a file names is a DataError naming the files and the form expected. A root whose ``labels/``
mirrors ``images/`` (``images/train`` + ``labels/train``) is a YOLO split set with a COCO copy of its labels, not
ITSDT's sequences: left to the YOLO reader.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from workbench.core.data.groundtruth import whole_number
from workbench.core.data.images import has_image, list_frames, modality_of, subfolders
from workbench.core.data.sequence import ImageFiles, Sequence, point_labelled
from workbench.core.errors import DataError

NAME = "cocoseq"
IMAGES = "images"
_CACHE: dict = {}
_INDEX: dict = {}


def json_files(root: Path) -> list[Path]:
    """The COCO instance files of a set root (``instances_*.json``)."""
    try:
        return sorted(p for p in Path(root).glob("instances*.json") if p.is_file())
    except OSError:
        return []


def _split_name(path: Path) -> str:
    m = re.fullmatch(r"instances_?(.*?)(\d{4})?", path.stem)
    return (m.group(1) if m and m.group(1) else path.stem)


def _category(path: Path, a: dict, i: int) -> int:
    """Annotation ``a``'s (the ``i``-th of ``path``) ``category_id`` (1 where it has none), or a DataError naming the
    annotation and the value: an Infinity / NaN (json reads both), 2.5 or a list is no category (``int`` raised
    OverflowError on Infinity, and made 2.5 category 2 without a word)."""
    value = a.get("category_id", 1)
    category = whole_number(value)  # None for a list, a dict, an integer past float's range too
    if category is None:
        which = f"annotation {a['id']}" if "id" in a else f"annotation number {i + 1} (no id)"
        raise DataError(path, f"{which}: category_id {str(value)[:40]} is not a whole number")
    return category


def annotations(root: Path,
                files: list[Path] | None = None) -> dict[str, tuple[str, list[tuple[float, float, float, float, int]]]]:
    """``file_name`` -> (split, boxes ``(x, y, w, h, category)``) over the set's COCO files (``files``: its
    ``json_files`` where the caller has them; read once a version of them). A malformed file is a DataError naming
    it."""
    files = json_files(root) if files is None else files
    key = tuple((str(f), f.stat().st_mtime_ns) for f in files)
    if _CACHE.get(str(root), (None,))[0] == key:
        return _CACHE[str(root)][1]
    out: dict[str, tuple[str, list]] = {}
    for f in files:
        try:
            text = f.read_text(encoding="utf-8-sig")
            from workbench.core.data.groundtruth import json_problem, refuse_zero_bytes

            refuse_zero_bytes(text, f)  # a file never fully written: was "not valid JSON (Extra data ...)"
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:  # was "not a COCO instances file (JSONDecodeError: ...)"
                raise DataError(f, json_problem(exc, text), line=exc.lineno) from None
            names = {im["id"]: str(im["file_name"]).replace("\\", "/") for im in data["images"]}
            split = _split_name(f)
            for n in names.values():
                out.setdefault(n, (split, []))
            for i, a in enumerate(data.get("annotations", [])):
                x, y, w, h = (float(v) for v in a["bbox"])
                out[names[a["image_id"]]][1].append((x, y, w, h, _category(f, a, i)))
        except (ValueError, KeyError, TypeError, OverflowError) as exc:  # (a bbox number past float's range)
            raise DataError(f, f"not a COCO instances file ({type(exc).__name__}: {exc})") from None
        except OSError as exc:  # no permission: was the system's PermissionError
            raise DataError(f, f"cannot be read: {exc.strerror or exc}") from None
    _CACHE[str(root)] = (key, out)
    return out


def _yolo_split(root: Path) -> bool:
    """``ROOT/labels/<x>`` beside an ``ROOT/images/<x>``: a YOLO split set (its labels mirror its images)."""
    import os

    try:
        with os.scandir(root / "labels") as it:
            return any(e.is_dir() and (root / IMAGES / e.name).is_dir() for e in it)
    except OSError:
        return False


def root_of(path: str | Path) -> Path | None:
    """The set ``path`` is a sequence of (``ROOT/images/<seq>`` beside ``ROOT/instances_*.json``, no ``labels/``
    mirroring ``images/``), or None."""
    path = Path(path)
    if path.parent.name != IMAGES or not path.is_dir() or not json_files(path.parent.parent) \
            or _yolo_split(path.parent.parent):
        return None
    return path.parent.parent


def probe(path: Path) -> bool:
    return root_of(path) is not None and has_image(Path(path))


def sequence_paths(root: str | Path) -> list[Path]:
    root = Path(root)
    if not json_files(root) or not (root / IMAGES).is_dir() or _yolo_split(root):
        return []
    try:
        return [p for p in subfolders(root / IMAGES) if has_image(p)]
    except OSError:
        return []


def _parts(name: str) -> list[str]:
    return [p for p in name.split("/") if p not in ("", ".")]


def _index(root: Path, anns: dict) -> tuple[dict, dict, set]:
    """(``<seq>/<name>`` -> file_name: its last two parts, a leading ``images/`` or any folders before them left
    out; a bare name -> file_name where only one file_name ends in it and that one is not under a sequence's
    folder; the ``<seq>`` parts), once a version of ``anns``."""
    got = _INDEX.get(str(root))
    if got is not None and got[0] is anns:
        return got[1]
    import os

    try:
        with os.scandir(root / IMAGES) as it:
            seqs = {e.name for e in it if e.is_dir()}
    except OSError:
        seqs = set()
    tails: dict[str, str] = {}
    bases: dict[str, list[str]] = {}
    for n in anns:
        parts = _parts(n)
        if len(parts) >= 2:
            tails.setdefault("/".join(parts[-2:]), n)
        if parts:  # a name under a sequence's folder is that sequence's frame, never another's by its bare name
            bases.setdefault(parts[-1], []).append(n if len(parts) < 2 or parts[-2] not in seqs else "")
    out = (tails, {b: ns[0] for b, ns in bases.items() if len(ns) == 1 and ns[0]}, {t.split("/")[0] for t in tails})
    _INDEX[str(root)] = (anns, out)
    return out


def _lookup(anns: dict, index: tuple[dict, dict, set], seq: str, name: str):
    key = f"{seq}/{name}"
    n = key if key in anns else index[0].get(key)
    if n is None and seq not in index[2]:
        n = index[1].get(name)  # a bare name (or under other folders): where only one file of the set has it
    return anns.get(n) if n is not None else None


def _names_a_frame(root: Path, index: tuple[dict, dict, set]) -> bool:
    """Whether the set's files name a frame of ``images/``: a ``<seq>/<name>`` of one of its sequences, or a bare
    name one of the others holds (asked only when a sequence has no frame the files name)."""
    import os

    seqs = {p.name for p in sequence_paths(root)}
    if seqs & index[2]:
        return True
    for s in sorted(seqs - index[2]):
        try:
            with os.scandir(root / IMAGES / s) as it:
                if any(e.name in index[1] for e in it):
                    return True
        except OSError:
            continue
    return False


def frame_boxes(path: Path, files, root: Path | None = None,
                jsons: list[Path] | None = None) -> tuple[list, list[int], str | None]:
    """(each frame's boxes, the frames no COCO file lists, the split of the first listed one). When no frame of
    the sequence nor of the set is named by the files: a DataError naming them and the form expected. ``root``,
    ``jsons``: the set's root and its ``json_files`` where the caller has them (``open``: looked for once)."""
    root = root_of(path) if root is None else root
    jsons = json_files(root) if jsons is None else jsons
    anns = annotations(root, jsons)
    index = _index(root, anns)
    boxes, unlabelled, split = [], [], None
    for i, f in enumerate(files):
        got = _lookup(anns, index, path.name, Path(f).name)
        if got is None:
            boxes.append([])
            unlabelled.append(i)
            continue
        split = split or got[0]
        boxes.append(list(got[1]))
    if files and len(unlabelled) == len(files) and not _names_a_frame(root, index):
        first = f" (the first is {next(iter(anns))!r})" if anns else " (it lists no image)"
        also = f" (nor does {', '.join(f.name for f in jsons[1:])})" if len(jsons) > 1 else ""
        raise DataError(jsons[0],
                        f"no file_name names a frame of {root / IMAGES}{first}{also}; expected '<seq>/<k>.bmp' relative "
                        f"to {IMAGES}/ (as '{path.name}/{Path(files[0]).name}'), or a bare frame name only one "
                        "sequence has")
    return boxes, unlabelled, split


def open(path: Path) -> Sequence:  # noqa: A001 - the layout protocol's name
    path = Path(path).absolute()
    root = root_of(path)
    if root is None:
        raise DataError(path, "expected ROOT/images/<seq>/ with ROOT/instances_*.json (COCO) beside images/")
    files, warnings = list_frames(path)
    if not files:
        raise DataError(path, "holds no frames")
    jsons = json_files(root)  # (root_of found some: looked for again once, not by each step below)
    boxes, unlabelled, split = frame_boxes(path, files, root, jsons)
    if unlabelled:
        warnings.append(f"{root}: sequence {path.name}: {len(unlabelled)} of its {len(files)} frames are in no "
                        f"{', '.join(f.name for f in jsons)} (first {Path(files[unlabelled[0]]).name}); "
                        "not scored")
    # a NaN / Infinity coordinate (Python's json reads both) made a NaN target point: such a box is dropped, as
    # Anti-UAV's non-finite boxes are, and said once
    bad = [i for i, bs in enumerate(boxes) for b in bs if not np.isfinite(b[:4]).all()]
    if bad:
        boxes = [[b for b in bs if np.isfinite(b[:4]).all()] for bs in boxes]
        warnings.append(f"{root}: sequence {path.name}: {len(bad)} box(es) with a coordinate that is not a finite "
                        f"number (NaN / Infinity) in {', '.join(f.name for f in jsons)} dropped (first on "
                        f"{Path(files[bad[0]]).name})")
    gt = np.full((len(files), 4), np.nan)
    for i, bs in enumerate(boxes):
        if bs:
            gt[i] = bs[0][:4]
    frames = ImageFiles(files)
    meta = {"layout": NAME, "warnings": warnings, "boxes": boxes, "unlabelled_frames": unlabelled,
            "point_labels": [[(x + w / 2, y + h / 2, 0) for x, y, w, h, _c in bs] for bs in boxes],
            "point_sizes": [[(w, h) for _x, _y, w, h, _c in bs] for bs in boxes],
            "label_file": ", ".join(str(f) for f in jsons)}
    return point_labelled(Sequence, path, frames, modality_of(frames.read(0)), gt, meta, split)


def list_root(root: Path) -> list:
    """The sequences of a set at ``root`` or one folder down."""
    from workbench.core.data.detect import SequenceEntry

    root = Path(root)
    if not root.is_dir():
        return []
    found = sequence_paths(root)
    if not found:
        try:
            # images/ first: a glob for the JSON files reads the whole folder (a sequence's thousands of frames)
            sets = [c for c in sorted(root.iterdir()) if c.is_dir() and not c.name.startswith(".")
                    and (c / IMAGES).is_dir() and json_files(c)]
        except OSError:
            sets = []
        found = [p for s in sets for p in sequence_paths(s)]
    return [SequenceEntry(p.name, NAME, p, (lambda p=p: open(p))) for p in found]
