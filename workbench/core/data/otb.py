"""OTB-2015, PTB-TIR, LSOTB-TIR and DTB70: ``<seq>/img/*.jpg`` + ``groundtruth_rect.txt``.

The PTB-TIR and LSOTB-TIR evaluation toolkits keep the boxes apart: ``tirsequences/<seq>/img/`` with
``tiranno/<seq>.txt`` (PTB-TIR), ``sequences/<seq>/img/`` with ``anno/<seq>.txt`` (LSOTB-TIR), 0/1
attribute flags in ``<anno>/att/<seq>.txt``; both are read (the toolkit's folder lists as the dataset).

OTB-family box files count pixels from 1 (MATLAB); boxes are shifted to 0-based on reading so
that they line up with the image arrays. DTB70 ships 0-based-looking boxes in the same layout; the
one-pixel shift changes no IoU and moves centre errors by nothing (both boxes shift equally) only
when results come in the same convention, so results files are always kept as the tracker wrote them.
"""
from __future__ import annotations

import re
from pathlib import Path

from workbench.core.data.folder import sequence_from_images
from workbench.core.data.images import list_images
from workbench.core.data.groundtruth import read_boxes

NAME = "otb"


# PTB-TIR and LSOTB-TIR as their (OTB-derived) evaluation toolkits lay them out: <toolkit>/<frames>/<seq>/img/
# with the boxes in <toolkit>/<anno>/<seq>.txt and attribute flags in <toolkit>/<anno>/att/<seq>.txt
TOOLKIT_FOLDERS = {"tirsequences": "tiranno", "sequences": "anno"}  # frames folder -> annotation folder


def _toolkit_gt(path: Path) -> Path | None:
    anno = TOOLKIT_FOLDERS.get(path.parent.name)
    if anno is None:
        return None
    f = path.parent.parent / anno / f"{path.name}.txt"
    return f if f.is_file() else None


def _gt_file(path: Path) -> Path | None:
    for name in ("groundtruth_rect.txt", "groundtruth_rect.1.txt"):
        if (path / name).is_file():
            return path / name
    return _toolkit_gt(path)


def targets(path: Path) -> list[int]:
    """The numbers k of ``groundtruth_rect.<k>.txt`` files of a sequence with several targets (OTB's Jogging
    and Skating2: two people, one box file each, scored as Jogging-1 and Jogging-2); [] for one target."""
    path = Path(path)
    if (path / "groundtruth_rect.txt").is_file():
        return []
    ks = sorted(int(m.group(1)) for f in path.glob("groundtruth_rect.*.txt")
                if (m := re.fullmatch(r"groundtruth_rect\.(\d+)\.txt", f.name)))
    return ks if len(ks) > 1 else []


def probe(path: Path) -> bool:
    return path.is_dir() and (path / "img").is_dir() and _gt_file(path) is not None


def open(path: Path, target: int | None = None):  # noqa: A001
    """The sequence at ``path``; ``target``: which of several targets (``targets``), named ``<seq>-<k>`` as
    the OTB toolkits name them (without it, the first, so named, with a note that there are more)."""
    path = Path(path)
    several = targets(path)
    name, note = path.name, None
    if several:
        if target is None:
            target = several[0]
            note = (f"{path}: {len(several)} targets ({', '.join(f'groundtruth_rect.{k}.txt' for k in several)}): "
                    f"this is {path.name}-{target}; the dataset lists each")
        elif target not in several:
            from workbench.core.errors import DataError

            raise DataError(path / f"groundtruth_rect.{target}.txt", "no such target box file")
        name = f"{path.name}-{target}"
    gt_file = path / f"groundtruth_rect.{target}.txt" if several else _gt_file(path)
    frames = list_images(path / "img")
    gt = read_boxes(gt_file)
    # OTB ships a few sequences whose box file is shorter/longer than the frames (e.g. David,
    # Tiger1 start late): keep the frames the boxes cover when there are more frames than boxes
    gt[:, :2] -= 1.0
    if len(gt) != len(frames):
        from workbench.core.errors import DataError

        raise DataError(gt_file, f"has {len(gt)} boxes but {path / 'img'} has {len(frames)} images")
    attrs = {}
    if gt_file.parent.name in TOOLKIT_FOLDERS.values() and gt_file.parent != path:
        from workbench.core.data.groundtruth import read_attribute_flags

        attrs = read_attribute_flags(gt_file.parent / "att" / gt_file.name, {})
    meta = {"box_convention": "1-based in file, 0-based here"}
    if note:
        meta["warnings"] = [note]
    return sequence_from_images(name, frames, gt_file, path, NAME, gt=gt, attributes=attrs, meta=meta)


def list_root(root: Path):
    from workbench.core.data.detect import SequenceEntry

    root = Path(root)
    if not root.is_dir():
        return []
    if not probe(root):  # a toolkit's folder (PTB-TIR, LSOTB-TIR): its sequences are in its frames folder
        root = next((root / f for f, a in TOOLKIT_FOLDERS.items() if (root / f).is_dir() and (root / a).is_dir()), root)
    cands = [root] if probe(root) else [c for c in sorted(root.iterdir()) if c.is_dir() and probe(c)]
    out = []
    for c in cands:
        several = targets(c)
        out += ([SequenceEntry(f"{c.name}-{k}", NAME, c, (lambda c=c, k=k: open(c, k))) for k in several] if several
                else [SequenceEntry(c.name, NAME, c, (lambda c=c: open(c)))])
    return out
