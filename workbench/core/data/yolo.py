"""Frames with YOLO box labels: ``images/<stem>.<ext>`` + ``labels/<stem>.txt`` (layout ``yolo``).

IST-A and the Anti-UAV challenge's thermal frames are distributed this way: one label file per image,
one line per object ``class cx cy w h`` normalised by the image's width and height; an empty file is a
frame without target, a missing one is reported in ``meta["warnings"]`` and read as unlabelled. The
images are taken in natural order as consecutive frames. They may differ in size (a labelled image set:
the Anti-UAV frames mix 640x512 and 512x512): each box is then in its own image's pixels, each frame is
read at its own size (``Sequence.uniform`` False) and ``meta["frame_sizes"]`` says which sizes there are. Every box becomes a point label (its
centre, class ``target``) in ``meta["point_labels"]``, its pixel box in ``meta["boxes"]``
(``[(x, y, w, h, yolo class), ...]`` per frame); the groundtruth is the first box of each frame.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.core.data import irseq
from workbench.core.data.groundtruth import decode_text, refuse_zero_bytes, whole_number
from workbench.core.data.images import has_image, list_frames
from workbench.core.data.sequence import ImageFiles, Sequence, mark_image_set
from workbench.core.errors import DataError

NAME = "yolo"
IMAGES, LABELS = "images", "labels"


def root_of(path: Path) -> Path | None:
    """The folder holding ``images/`` and ``labels/`` (``path`` itself or its parent), or None."""
    path = Path(path)
    for cand in (path, path.parent if path.name == IMAGES else None):
        if cand is not None and (cand / IMAGES).is_dir() and (cand / LABELS).is_dir() \
                and any(True for _ in (cand / LABELS).glob("*.txt")) and has_image(cand / IMAGES):
            return cand
    return None


def probe(path: Path) -> bool:
    return Path(path).is_dir() and root_of(path) is not None


def sequence_name(path: Path) -> str:
    return (root_of(path) or Path(path)).name


def read_yolo(path: Path, width: int, height: int) -> list[tuple[float, float, float, float, int]]:
    """One YOLO label file -> pixel boxes ``(x, y, w, h, class)``. Boxes centred outside the image (tolerated
    up to half an image beyond it) are said once per file as a data warning: no detection can match them."""
    out = []
    outside: list[str] = []
    # UTF-16 with its BOM (Notepad's "Unicode") read as it is, as box files are (was "not a number in '\ufffd\ufffd1'")
    text = decode_text(path.read_bytes(), path)
    refuse_zero_bytes(text, path)
    for ln, raw in enumerate(text.splitlines(), 1):
        parts = raw.replace(",", " ").split()
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) != 5:
            raise DataError(path, f"expected 'class cx cy w h', got {_token(raw)}", ln)
        try:
            cx, cy, w, h = (float(v) for v in parts[1:])
        except ValueError:
            raise DataError(path, f"not a number in {raw[:60]!r}", ln) from None
        cls = whole_number(parts[0])
        if cls is None or cls < 0:  # was int(float(...)): 'inf' a traceback, '2.7' class 2 without a word
            raise DataError(path, f"class must be a whole number from 0, not {parts[0][:20]!r}", ln)
        if not np.isfinite([cx, cy, w, h]).all():  # was "box is not normalised to the image" of a NaN
            raise DataError(path, f"not a finite number (NaN / inf) in {raw[:60]!r}: a box of a target that is there, "
                                  "or no line where there is none", ln)
        if not (w > 0 and h > 0 and -0.5 <= cx <= 1.5 and -0.5 <= cy <= 1.5
                and w <= 2 and h <= 2):
            raise DataError(path, f"box is not normalised to the image (0..1) in {raw[:60]!r}", ln)
        if not (0 <= cx <= 1 and 0 <= cy <= 1):
            outside.append(f"line {ln}: ({cx:g}, {cy:g})")
        out.append((cx * width - w * width / 2, cy * height - h * height / 2, w * width, h * height, cls))
    if outside:
        from workbench.core.errors import warn_data

        warn_data(f"{path}: {len(outside)} box(es) centred outside the image (first {outside[0]}), "
                  "scored as missed targets")
    return out


def image_files(root: Path):
    """(the images of ``root/images`` in natural order, one file a name; the warnings naming the names held in more
    than one file, ``images.one_per_name``): ``000005.png`` beside a converted ``000005.bmp`` were two frames, the
    copy taking the label again and splitting a run of frames in two at it (``images.list_frames``)."""
    return list_frames(root / IMAGES)


def open(path: Path) -> Sequence:  # noqa: A001 - the layout protocol's name
    from workbench.core.data.pointseq import as_sequence

    root = root_of(path)
    if root is None:
        raise DataError(path, f"expected {IMAGES}/ and {LABELS}/ with YOLO .txt files")
    files, warnings = image_files(root)
    frames = ImageFiles(files)
    first = frames.read(0)
    height, width = first.shape[:2]
    # each image's own size from its header (a damaged one: frame 0's; its read says what is wrong)
    sizes = [s or (width, height) for s in frames.sizes()]
    labels, boxes, unlabelled = frame_labels(root, files, width, height, sizes)
    if unlabelled:
        warnings.append(f"{root / LABELS}: no label file for {len(unlabelled)} of {len(files)} images "
                        f"(first {label_name(files[unlabelled[0]])}); not scored")
    seq = irseq.IRSequence(root.name, frames, labels, True, root, root / LABELS,
                           {"layout": NAME, "warnings": warnings, "unlabelled_frames": unlabelled,
                            "point_centres": irseq.CONTINUOUS})  # box centres x + w / 2: no half pixel added
    out = as_sequence(seq)
    out.meta["boxes"] = boxes
    mark_image_set(out, frames.sizes())
    return out


def label_name(image: Path) -> str:
    """The name of ``image``'s label file in ``labels/``."""
    return f"{Path(image).stem}.txt"


def frame_labels(root: Path, files: list[Path], width: int, height: int, sizes=None):
    """(point labels, pixel boxes, the frames without a label file) of ``files`` (frames 0..n-1) from
    ``root/labels/<stem>.txt``: each box a ``target`` label at its centre with its size; a missing file
    an unlabelled frame (its index in the third list: ``meta["unlabelled_frames"]``, each file checked once).
    ``sizes``: each image's (width, height) (default: all ``width`` x ``height``), the size its normalised
    boxes are read in."""
    labels: list[list[irseq.Label]] = []
    boxes: list[list[tuple]] = []
    missing: list[int] = []
    for i, f in enumerate(files):
        lf = root / LABELS / label_name(f)
        if not lf.is_file():
            missing.append(i)
            labels.append([])
            boxes.append([])
            continue
        bx = read_yolo(lf, *(sizes[i] if sizes is not None else (width, height)))
        boxes.append(bx)
        labels.append([irseq.Label(i, x + w / 2, y + h / 2, w, h, irseq.TARGET) for x, y, w, h, _c in bx])
    return labels, boxes, missing


def _token(raw: str) -> str:
    """A bad line as a short quoted token: binary junk would otherwise fill the message with escapes."""
    text = raw[:30].encode("ascii", "backslashreplace").decode("ascii")
    return repr(text[:40] + ("..." if len(raw) > 30 or len(text) > 40 else ""))

