"""A single image file as a one-frame sequence (a SIRST image, a snapshot), groundtruth from a
``<stem>.txt`` box file beside it when present."""
from __future__ import annotations

from pathlib import Path

from workbench.core.data.groundtruth import read_boxes, with_box_warnings
from workbench.core.data.images import is_image, modality_of
from workbench.core.data.sequence import ImageFiles, Sequence

NAME = "image"


def probe(path: Path) -> bool:
    return Path(path).is_file() and is_image(Path(path))


def open(path: Path) -> Sequence:  # noqa: A001 - the layout protocol's verb
    path = Path(path)
    src = ImageFiles([path])
    first = src.read(0)  # reads (and validates) the file now: a corrupt image fails on opening
    box_file = path.with_suffix(".txt")
    gt = read_boxes(box_file, expect_rows=1) if box_file.is_file() else None
    meta = with_box_warnings({"layout": NAME, "groundtruth_file": str(box_file) if gt is not None else None},
                             gt, box_file, first.shape[1], first.shape[0])
    return Sequence(name=path.stem, frames=src, modality=modality_of(first), groundtruth=gt, path=path, meta=meta)
