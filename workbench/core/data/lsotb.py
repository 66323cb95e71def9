"""LSOTB-TIR's training set as published (layout ``lsotb``): ImageNet-VID-style folders, an XML file per frame::

    ROOT/TrainingData/TIR_training_00<k>/<video>/00000001.jpg ...
    ROOT/Annotations/TIR_training_00<k>/<video>/00000001.xml ...   <size>, <object><trackid><name><bndbox>
                                                                   (xmin, ymin, xmax, ymax)<occluded></object>

Established from public loaders of the download (``LSOTB-TIR_TrainingData``): a conversion script that walks
``Annotations/<subset>/<video>/*.xml`` for the subsets ``TIR_training_001`` ... ``004`` beside
``TrainingData/``, reading ``size``, each ``object``'s ``trackid``, ``name``, ``bndbox`` ``xmin`` / ``ymin`` /
``xmax`` / ``ymax`` and ``occluded``, and a got10k-style ``LSOTBTIR`` dataset class (``train/Annotations/<dir>/<seq>``
beside ``train/TrainingData/<dir>/<seq>/*.jpg``, box ``w = xmax - xmin``); both found by content in the code index,
which names no repository. The evaluation set (``sequences/<seq>/img`` + ``anno/<seq>.txt``) is ``otb``'s.

A sequence is ``ROOT/TrainingData/<subset>/<video>``, its frames in natural order; frame ``k``'s box is its
``<stem>.xml``'s object (the lowest ``trackid`` where a file holds several: said), ``(xmin, ymin, xmax - xmin,
ymax - ymin)`` as the loaders take it; a frame whose file holds no object, or that has no file, has no target (NaN:
said for missing files). The subset tags it (``meta["subset"]``) and ``meta["split"]`` is ``train``.

Coordinates: the boxes are the XML's, unshifted, and results are written in them (``box_convention`` is not
"1-based in file", so ``results.file_box_offset`` is 0): they stay in the coordinates of the dataset's own files.
Whether those count pixels from 0 or from 1 (as the evaluation set's ``anno/<seq>.txt``, read by the MATLAB
toolkit) is not published: the toolkit (QiaoLiuHit/LSOTB-TIR) ships no conversion and no training code; the public
loaders read the XML as written (bqm1111/LSOTB-TIR-toolkit ``datasets/LSOTBTIR.py``: ``x = xmin``,
``w = xmax - xmin``, for the training XML and the evaluation set's own per-frame XML alike) or train from text
files converted beforehand by scripts they do not publish (pytracking-style ``lib/train/dataset/lsotb.py`` of
laisimiao/ReFocus_TIR_Tracking, honggg-source/VSPT, TangHahahaha/SGLATrack); no sequence's XML and ``anno``
boxes are public side by side to compare.
The evaluation ``anno`` files themselves hold ``y = 0`` at the top border (``airplane_H_001``), so even they do not
keep to 1-based. A box drawn on its frame may sit a pixel off; scores against these files do not move.
"""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from workbench.core.data.images import has_image, list_frames, subfolders
from workbench.core.errors import DataError

NAME = "lsotb"
FRAMES, ANNOTATIONS = "TrainingData", "Annotations"


def _annotations_of(path: Path) -> Path | None:
    """``ROOT/Annotations/<subset>/<video>`` of the frames folder ``ROOT/TrainingData/<subset>/<video>``, or None."""
    path = Path(path)
    if path.parent.parent.name != FRAMES:
        return None
    ann = path.parent.parent.parent / ANNOTATIONS / path.parent.name / path.name
    return ann if ann.is_dir() else None


def probe(path: Path) -> bool:
    path = Path(path)
    try:
        return path.is_dir() and _annotations_of(path) is not None and has_image(path)
    except OSError:
        return False


def read_box(file: Path) -> tuple[list[float] | None, int]:
    """The box ``(x, y, w, h)`` of the frame annotation ``file`` (its lowest-``trackid`` object; None where it has
    none) and how many objects it holds. A file that is no such XML is a DataError naming it."""
    try:
        objects = ET.parse(file).getroot().findall("object")
    except (ET.ParseError, OSError) as exc:
        from xml.parsers.expat import errors

        if isinstance(exc, ET.ParseError):  # the zeros a file never fully written ends in (a crash, a full disk)
            # were "not an annotation XML (not well-formed (invalid token) ...)"
            from workbench.core.data.groundtruth import refuse_zero_bytes

            try:
                data = Path(file).read_bytes()
            except OSError:
                data = b""
            if data.endswith(b"\0") and b"\0" not in data.rstrip(b"\0"):  # (UTF-16's zeros are not such a tail)
                try:
                    refuse_zero_bytes(data.decode("latin-1"), file)  # (a character a byte: its lines counted alike)
                except DataError as said:
                    raise said from None

        cut = {errors.codes[errors.XML_ERROR_NO_ELEMENTS], errors.codes[errors.XML_ERROR_UNCLOSED_TOKEN]}
        if getattr(exc, "code", None) in cut:  # was "not an annotation XML (unclosed token: line 3, column 36)"
            raise DataError(file, f"ends before its tags close (a copy or download cut short?): {exc}; copy it "
                                  "again") from None
        raise DataError(file, f"not an annotation XML ({exc})") from None

    def trackid(obj) -> float:
        try:
            return float(obj.findtext("trackid", "0"))
        except ValueError:
            return 0.0

    if not objects:
        return None, 0
    obj = min(objects, key=trackid)
    box = obj.find("bndbox")
    try:
        x0, y0, x1, y1 = (float(box.findtext(k)) for k in ("xmin", "ymin", "xmax", "ymax"))
    except (AttributeError, TypeError, ValueError):
        raise DataError(file, "an <object> without a numeric <bndbox> xmin, ymin, xmax, ymax") from None
    return [x0, y0, x1 - x0, y1 - y0], len(objects)


def open(path: Path):  # noqa: A001 - the layout protocol's name
    from workbench.core.data.folder import sequence_from_images

    path = Path(path).absolute()
    ann = _annotations_of(path)
    if ann is None:
        raise DataError(path, f"expected ROOT/{FRAMES}/<subset>/<video> with ROOT/{ANNOTATIONS}/<subset>/<video> beside it")
    frames, warnings = list_frames(path)
    if not frames:
        raise DataError(path, "no image files found")
    gt = np.full((len(frames), 4), np.nan)
    missing: list[str] = []
    several: list[str] = []
    try:
        with os.scandir(ann) as it:
            held = {e.name for e in it}
    except OSError as exc:
        raise DataError(ann, f"cannot be read: {exc.strerror or exc}") from None
    for i, f in enumerate(frames):
        name = f"{Path(f).stem}.xml"
        if name not in held:
            missing.append(Path(f).name)
            continue
        box, count = read_box(ann / name)
        if box is not None:
            gt[i] = box
        if count > 1:
            several.append(name)
    if missing:
        warnings.append(f"{ann}: no annotation for {len(missing)} of {len(frames)} frames (first {missing[0]}); "
                        "read as frames without the target")
    if several:
        warnings.append(f"{ann}: {len(several)} file(s) hold several objects (first {several[0]}); the lowest "
                        "trackid is the target")
    meta = {"box_convention": "as in the LSOTB-TIR training XML (x = xmin, w = xmax - xmin; 0- or 1-based not "
                              "published)", "warnings": warnings,
            "split": "train", "subset": path.parent.name, "annotations": str(ann)}
    return sequence_from_images(path.name, frames, None, path, NAME, gt=gt, meta=meta, read_labels=False)


def sequence_paths(root: Path) -> list[Path]:
    """The videos at ``root``: the download's root (``TrainingData/`` beside ``Annotations/``), its ``TrainingData/``,
    one subset folder, or one video."""
    root = Path(root)
    if probe(root):
        return [root]
    if (root / FRAMES).is_dir() and (root / ANNOTATIONS).is_dir():
        subsets = subfolders(root / FRAMES)
    elif root.name == FRAMES and (root.parent / ANNOTATIONS).is_dir():
        subsets = subfolders(root)
    elif root.parent.name == FRAMES:
        subsets = [root]
    else:
        return []
    return [v for s in subsets for v in subfolders(s) if probe(v)]


def list_root(root: Path) -> list:
    from workbench.core.data.detect import SequenceEntry

    return [SequenceEntry(p.name, NAME, p, (lambda p=p: open(p))) for p in sequence_paths(root)]
