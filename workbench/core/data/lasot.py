"""LaSOT (and LaSOT-ext): ``<class>/<class>-<k>/img/00000001.jpg``.

A sequence folder holds ``img/``, ``groundtruth.txt`` (x,y,w,h comma, 1-based: the benchmark's
toolkit is MATLAB and OTB-style; shifted to 0-based here), ``full_occlusion.txt`` and
``out_of_view.txt`` (every frame's 0/1 flag on ONE comma-separated line) and ``nlp.txt`` (a
sentence describing the target; kept in ``meta["nlp"]``).

Absent targets: the flags become per-frame attributes ``full_occlusion`` and ``out_of_view`` and
their union ``absent``; the boxes of those frames are KEPT as the file has them. The evaluation
(``evaluation.ope``) reads ``attributes["absent"]`` as absent-target frames: left out by default, or
kept in every denominator as failures with ``absent="failure"`` (``workbench eval --absent failure``), as
the LaSOT toolkit and pysot-toolkit count them (flagged frames dropped, counts divided by all frames).

A LaSOT root (``<root>/<class>/<class>-<k>``), a class folder, or one sequence folder can be listed.
"""
from __future__ import annotations

from pathlib import Path

from workbench.core.data.folder import sequence_from_images
from workbench.core.data.groundtruth import read_boxes, read_flags
from workbench.core.data.images import list_frames
from workbench.core.errors import DataError

NAME = "lasot"
GT_FILE = "groundtruth.txt"
FLAG_FILES = ("full_occlusion.txt", "out_of_view.txt")


def probe(path: Path) -> bool:
    path = Path(path)
    return (path.is_dir() and (path / GT_FILE).is_file() and (path / "img").is_dir()
            and any((path / f).is_file() for f in (*FLAG_FILES, "nlp.txt")))


def open(path: Path):  # noqa: A001
    path = Path(path)
    # 00000002.png beside 00000002.jpg: one frame, said (images.one_per_name)
    frames, twice = list_frames(path / "img") if (path / "img").is_dir() else ([], [])
    if not frames:
        raise DataError(path / "img", "no image files found")
    n = len(frames)
    gt_file = path / GT_FILE
    gt = read_boxes(gt_file, expect_rows=n, numbered=frames)
    gt[:, :2] -= 1.0
    attrs = {}
    for f in FLAG_FILES:
        if (path / f).is_file():
            attrs[f[:-4]] = read_flags(path / f, expect_rows=n)
    if attrs:
        absent = None
        for v in attrs.values():
            absent = v.copy() if absent is None else absent | v
        attrs["absent"] = absent
    meta = {"box_convention": "1-based in file, 0-based here",
            "absent_frames": "boxes kept; the frames flagged in attributes['absent'] are scored as absent"}
    if twice:
        meta["warnings"] = twice
    if (path / "nlp.txt").is_file():
        meta["nlp"] = (path / "nlp.txt").read_text(encoding="utf-8", errors="replace").strip()
    category = path.name.rsplit("-", 1)[0] if "-" in path.name else None
    if category:
        meta["object_class"] = category
    return sequence_from_images(path.name, frames, gt_file, path, NAME, gt=gt, attributes=attrs, meta=meta,
                                read_labels=False)


def list_root(root: Path):
    from workbench.core.data.detect import SequenceEntry, folder_itself

    root = Path(root)
    itself = folder_itself(root, NAME, probe, open)
    if itself is not None:
        return itself
    found = []
    for child in sorted(c for c in root.iterdir() if c.is_dir() and not c.name.startswith(".")):
        if probe(child):
            found.append(child)
        elif (child / "img").is_dir() or (child / GT_FILE).is_file():
            continue  # some other layout's sequence folder: do not descend into it
        else:  # a class folder: its sequences are named <class>-<k>
            found += [g for g in sorted(child.glob(f"{child.name}-*")) if probe(g)]
    return [SequenceEntry(c.name, NAME, c, (lambda c=c: open(c))) for c in found]
