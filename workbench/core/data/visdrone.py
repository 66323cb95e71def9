"""VisDrone-SOT (2018-2021): ``sequences/<seq>/img0000001.jpg`` + ``annotations/<seq>.txt``.

Root layout::

    <root>/sequences/<seq>/img0000001.jpg ...
    <root>/annotations/<seq>.txt             x,y,w,h per frame (comma)
    <root>/attributes/<seq>_attr.txt         optional, one line of 12 comma 0/1 values

The VisDrone SOT toolkit is the OTB toolkit of Wu et al. modified (its README says so), and it
defines the visual attributes "as same as" UAV123's, so the attribute file is read with UAV123's
twelve names in UAV123's order and the boxes are treated as OTB's: 1-based, shifted to 0-based.
Test-challenge copies ship only the first frame's box: the remaining rows become NaN (reported in
``meta["warnings"]``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.core.data.folder import sequence_from_images
from workbench.core.data.groundtruth import count_mismatch, read_boxes
from workbench.core.data.images import has_image, list_frames
from workbench.core.data.uav123 import read_attributes
from workbench.core.errors import DataError

NAME = "visdrone"
ANNO_DIRS = ("annotations", "annotation", "initialization")


def anno_file(seq_dir: Path) -> Path | None:
    if seq_dir.parent.name != "sequences":
        return None
    for d in ANNO_DIRS:
        f = seq_dir.parent.parent / d / f"{seq_dir.name}.txt"
        if f.is_file():
            return f
    return None


def probe(path: Path) -> bool:
    path = Path(path)
    return path.is_dir() and anno_file(path) is not None and has_image(path)


def open(path: Path):  # noqa: A001
    path = Path(path)
    gt_file = anno_file(path)
    if gt_file is None:
        raise DataError(path, "no annotations/<sequence>.txt beside the sequences/ folder")
    frames, warnings = list_frames(path)  # img0000002.png beside img0000002.jpg: one frame, said
    gt = read_boxes(gt_file)
    if len(gt) == 1 and len(frames) > 1:
        warnings.append(f"{gt_file}: only the first frame is annotated")
        gt = np.vstack([gt, np.full((len(frames) - 1, 4), np.nan)])
    elif len(gt) != len(frames):
        raise count_mismatch(gt_file, len(gt), len(frames), numbered=frames)
    gt[:, :2] -= 1.0
    attrs = read_attributes(path.parent.parent / "attributes" / f"{path.name}_attr.txt")
    return sequence_from_images(path.name, frames, gt_file, path, NAME, gt=gt, attributes=attrs,
                                meta={"box_convention": "1-based in file (OTB toolkit), 0-based here",
                                      "warnings": warnings})


def list_root(root: Path):
    from workbench.core.data.detect import SequenceEntry, folder_itself

    root = Path(root)
    itself = folder_itself(root, NAME, probe, open)
    if itself is not None:
        return itself
    seq_root = root if root.name == "sequences" else root / "sequences"
    if not seq_root.is_dir():
        return []
    cands = [c for c in sorted(seq_root.iterdir()) if c.is_dir() and probe(c)]
    return [SequenceEntry(c.name, NAME, c, (lambda c=c: open(c))) for c in cands]
