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


def probe(path: Path) -> bool:
    return path.is_dir() and (path / "img").is_dir() and _gt_file(path) is not None


def open(path: Path):  # noqa: A001
    path = Path(path)
    gt_file = _gt_file(path)
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
    return sequence_from_images(path.name, frames, gt_file, path, NAME, gt=gt, attributes=attrs,
                                meta={"box_convention": "1-based in file, 0-based here"})


def list_root(root: Path):
    from workbench.core.data.detect import SequenceEntry

    root = Path(root)
    if not root.is_dir():
        return []
    if not probe(root):  # a toolkit's folder (PTB-TIR, LSOTB-TIR): its sequences are in its frames folder
        root = next((root / f for f, a in TOOLKIT_FOLDERS.items() if (root / f).is_dir() and (root / a).is_dir()), root)
    cands = [root] if probe(root) else [c for c in sorted(root.iterdir()) if c.is_dir() and probe(c)]
    return [SequenceEntry(c.name, NAME, c, (lambda c=c: open(c))) for c in cands]
