"""Sequential IR frames with per-frame point labels as a tracking-style ``Sequence`` (layout ``irseq``).

The frames and labels are read by ``irseq.open_irseq`` (DAUB ``frames/`` + ``anno_xy.txt``, our
``labels.csv``); this module makes them a layout of ``detect``: a folder opens as a Sequence whose
``meta["point_labels"]`` holds every frame's labelled objects as ``[(cx, cy, class index), ...]``
(what detectors are scored against) and ``meta["point_sizes"]`` their ``[(w, h), ...]``, whose groundtruth is the first target's box per frame, and whose
sequence-level attribute ``points`` says so. Opening the ``frames/`` subfolder itself opens the
labelled folder above it (named after that folder, not "frames"). Videos are not claimed here: a
video with a ``.labels.csv`` beside it is opened with ``open_irseq`` directly.
"""
from __future__ import annotations

from pathlib import Path

from workbench.core.data import irseq
from workbench.core.data.sequence import Sequence

NAME = "irseq"


def labelled_root(path: Path) -> Path | None:
    """The labelled sequence folder ``path`` is (or is the frames folder of), or None."""
    path = Path(path)
    if not path.is_dir():
        return None
    if irseq.probe(path):
        return path
    if path.name in irseq.FRAME_DIRS and irseq.probe(path.parent):
        return path.parent
    return None


def probe(path: Path) -> bool:
    return labelled_root(path) is not None


def sequence_name(path: Path) -> str:
    root = labelled_root(path)
    return (root or Path(path)).name


def as_sequence(labelled: irseq.IRSequence) -> Sequence:
    """An ``IRSequence`` as a core Sequence with its points in ``meta["point_labels"]``."""
    seq = labelled.to_sequence()
    seq.meta["layout"] = labelled.meta.get("layout", NAME)
    seq.meta["point_labels"] = ([[(lab.cx, lab.cy, lab.cls) for lab in labs] for labs in labelled.labels]
                                if labelled.labelled else None)
    # each label's size, as the other labelled layouts give it: what its frames are box-scored against
    # (``irst_boxes.sequence_boxes``: a segmenter's run in the window, as ``segment`` scores the folder)
    seq.meta["point_sizes"] = ([[(lab.w, lab.h) for lab in labs] for labs in labelled.labels]
                               if labelled.labelled else None)
    if labelled.label_file is not None:
        seq.meta["label_file"] = str(labelled.label_file)
    if labelled.labelled and labelled.meta.get("unlabelled_frames"):
        seq.meta["unlabelled_frames"] = list(labelled.meta["unlabelled_frames"])
    if labelled.labelled:
        seq.attributes["points"] = True
    return seq


def open(path: Path) -> Sequence:  # noqa: A001 - the layout protocol's name
    root = labelled_root(path) or Path(path)
    return as_sequence(irseq.open_irseq(root))
