"""UAVDT single-object tracking (UAV-benchmark-S).

Layout of the download::

    <root>/UAV-benchmark-S/<seq>/img000001.jpg ...
    <root>/UAV-benchmark-SOT_v1.0/anno/<seq>_gt.txt          x,y,w,h per frame, comma separated
    <root>/UAV-benchmark-SOT_v1.0/anno/att/<seq>_att.txt     one line of comma 0/1 attributes

(some copies unpack ``UAV-benchmark-SOT_v1.0`` inside ``UAV-benchmark-S``; both are found).

Box convention: no UAVDT document states the origin. The SOT toolkit shipped with the benchmark is
the OTB MATLAB toolkit, whose boxes count pixels from 1, and the public loaders (pysot-style json
converters, pytracking-style dataset files) read the files unchanged exactly as they do OTB's. We
therefore treat them like OTB: 1-based in the file, shifted by -1 here (``meta["box_convention"]``).

Attribute names: the UAVDT paper lists eight SOT attributes (background clutter, camera rotation,
object rotation, small object, illumination variation, object blur, scale variation, large
occlusion); a nine-value file is read with a public converter's naming that adds long-term tracking
before large occlusion. Other lengths keep numbered names.
"""
from __future__ import annotations

from pathlib import Path

from workbench.core.data.folder import sequence_from_images
from workbench.core.data.groundtruth import read_attribute_flags, read_boxes
from workbench.core.data.images import has_image, list_frames
from workbench.core.errors import DataError

NAME = "uavdt"
SEQ_DIR = "UAV-benchmark-S"
SOT_DIR = "UAV-benchmark-SOT_v1.0"
ATTRIBUTES_8 = ("Background Clutter", "Camera Rotation", "Object Rotation", "Small Object",
                "Illumination Variation", "Object Blur", "Scale Variation", "Large Occlusion")
ATTRIBUTES_9 = ("Background Clutter", "Camera Motion", "Object Motion", "Small Object",
                "Illumination Variation", "Object Blur", "Scale Variation", "Long-term Tracking",
                "Large Occlusion")


def _anno_dirs(seq_dir: Path) -> list[Path]:
    parent = seq_dir.parent
    cands = [parent.parent / SOT_DIR / "anno", parent / SOT_DIR / "anno"]
    if parent.name == SEQ_DIR:
        cands.append(parent.parent / "anno")
    return cands


def anno_file(seq_dir: Path) -> Path | None:
    for d in _anno_dirs(seq_dir):
        if (d / f"{seq_dir.name}_gt.txt").is_file():
            return d / f"{seq_dir.name}_gt.txt"
    return None


def probe(path: Path) -> bool:
    path = Path(path)
    return path.is_dir() and anno_file(path) is not None and has_image(path)


def read_attributes(file: Path) -> dict[str, bool]:
    return read_attribute_flags(file, {8: ATTRIBUTES_8, 9: ATTRIBUTES_9})


def open(path: Path):  # noqa: A001
    path = Path(path)
    gt_file = anno_file(path)
    if gt_file is None:
        raise DataError(path, f"no {path.name}_gt.txt found in {SOT_DIR}/anno beside {SEQ_DIR}")
    frames, twice = list_frames(path)  # img000002.png beside img000002.jpg: one frame, said
    gt = read_boxes(gt_file, expect_rows=len(frames), numbered=frames)
    gt[:, :2] -= 1.0
    attrs = read_attributes(gt_file.parent / "att" / f"{path.name}_att.txt")
    return sequence_from_images(path.name, frames, gt_file, path, NAME, gt=gt, attributes=attrs,
                                meta={"box_convention": "1-based in file (OTB toolkit), 0-based here",
                                      "warnings": twice})


def list_root(root: Path):
    from workbench.core.data.detect import SequenceEntry, folder_itself

    root = Path(root)
    itself = folder_itself(root, NAME, probe, open)
    if itself is not None:
        return itself
    seq_root = root if root.name == SEQ_DIR else root / SEQ_DIR
    if not seq_root.is_dir():
        return []
    cands = [c for c in sorted(seq_root.iterdir()) if c.is_dir() and c.name != SOT_DIR and probe(c)]
    return [SequenceEntry(c.name, NAME, c, (lambda c=c: open(c))) for c in cands]
