"""Anti-UAV (the CVPR Anti-UAV challenges' thermal drone tracking sets): a sequence folder with ``IR_label.json``.

Anti-UAV410 / Anti-UAV600 (2nd-4th challenges)::

    <root>/<split>/<seq>/000001.jpg ...     thermal frames (train / val / test splits)
    <root>/<split>/<seq>/IR_label.json      {"exist": [1, 1, 0, ...], "gt_rect": [[x, y, w, h], [], ...]}

Anti-UAV (2020, the first challenge) keeps each recording as a video beside its labels: ``<seq>/IR.mp4`` +
``IR_label.json`` (and ``RGB.mp4`` + ``RGB_label.json``, the visible camera); the thermal one is read.

One ``gt_rect`` entry and one ``exist`` flag per frame. A frame where the drone is not visible has ``exist``
0 and an empty box (``[]``, ``[0]`` or ``[0, 0, 0, 0]``): its groundtruth row is NaN (absent, left out of the
scores) and the per-frame attribute ``absent`` is set. Boxes are pixels counted from 0 (the challenge's
toolkit compares results with them as they are): no shift. Each box's centre is also the frame's target point
(``meta["point_labels"]``, ``meta["point_sizes"]`` its size; none where the drone is absent: a frame without
target), what the detectors and the window's running Pd score against.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from workbench.core.data.groundtruth import count_mismatch
from workbench.core.data.images import has_image, list_frames
from workbench.core.errors import DataError

NAME = "antiuav"
LABEL_FILE = "IR_label.json"
VIDEO_STEMS = ("IR", "infrared")


def _video(path: Path) -> Path | None:
    from workbench.core.data.video import VIDEO_SUFFIXES

    for stem in VIDEO_STEMS:
        for suf in VIDEO_SUFFIXES:
            if (path / f"{stem}{suf}").is_file():
                return path / f"{stem}{suf}"
    return None


def probe(path: Path) -> bool:
    path = Path(path)
    return (path.is_dir() and (path / LABEL_FILE).is_file()
            and (has_image(path) or _video(path) is not None))


def _short(value) -> str:
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:40] + "..."


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def read_label_json(path: str | Path, n: int | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """``(boxes (N, 4) with NaN rows where the drone is absent, exist flags or None)`` of an Anti-UAV label
    file; ``n``: the frames it must cover."""
    path = Path(path)
    from workbench.core.data.groundtruth import decode_text, json_problem, refuse_zero_bytes

    text = ""
    try:
        # decoded as box files are: UTF-16 with its BOM (a Windows tool's "Unicode") was refused as "not a text
        # file"; bytes that are no text are said with the line and byte
        text = decode_text(path.read_bytes(), path, ascii_only=False)
        refuse_zero_bytes(text, path)
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(path, json_problem(exc, text), line=exc.lineno) from None
    except OSError as exc:
        raise DataError(path, f"cannot be read: {exc.strerror or exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("gt_rect"), list):
        raise DataError(path, "expected an object with a 'gt_rect' list (and an 'exist' list): "
                              '{"exist": [1, ...], "gt_rect": [[x, y, w, h], ...]}')
    rows = []
    for i, r in enumerate(data["gt_rect"]):
        if r is None or (isinstance(r, list) and (len(r) == 0 or (len(r) == 1 and r[0] == 0))):
            rows.append([np.nan] * 4)
        elif isinstance(r, list) and len(r) == 4 and all(_is_number(v) for v in r):
            rows.append([float(v) for v in r])
        else:
            raise DataError(path, f"gt_rect entry {i + 1} is {_short(r)}, not [x, y, w, h] or [] (absent)")
    boxes = np.array(rows, dtype=np.float64).reshape(-1, 4)
    exist = data.get("exist")
    flags = None
    if exist is not None:
        if not isinstance(exist, list) or not all(_is_number(v) for v in exist):
            raise DataError(path, "'exist' must be a list of 0 / 1 flags, one per frame")
        if len(exist) != len(boxes):
            raise DataError(path, f"has {len(exist)} 'exist' flags but {len(boxes)} 'gt_rect' boxes")
        flags = np.asarray(exist, dtype=np.float64) != 0
        boxes[~flags] = np.nan
    with np.errstate(invalid="ignore"):
        empty = np.all(boxes == 0, axis=1)  # [0, 0, 0, 0]: another way the files say absent
    boxes[empty] = np.nan
    if n is not None and len(boxes) != n:
        raise count_mismatch(path, len(boxes), n, unit="gt_rect entry", absent="[] where the target is absent")
    return boxes, flags


def point_labels(gt: np.ndarray) -> tuple[list, list]:
    """(each frame's target point ``[(cx, cy, 0)]``, its box size ``[(w, h)]``): none where the drone is absent."""
    ok = np.isfinite(gt).all(axis=1)
    pts = [[(float(b[0] + b[2] / 2), float(b[1] + b[3] / 2), 0)] if k else [] for b, k in zip(gt, ok)]
    return pts, [[(float(b[2]), float(b[3]))] if k else [] for b, k in zip(gt, ok)]


def open(path: Path):  # noqa: A001 - the layout protocol's verb
    from workbench.core.data.folder import sequence_from_images
    from workbench.core.data.sequence import Sequence

    path = Path(path)
    label = path / LABEL_FILE
    frames, twice = list_frames(path)  # 000002.png beside 000002.jpg: one frame, said
    meta = {"box_convention": "0-based (Anti-UAV)", "warnings": twice}
    if frames:
        gt, exist = read_label_json(label, len(frames))
        meta["point_labels"], meta["point_sizes"] = point_labels(gt)
        attrs = {"absent": ~exist} if exist is not None else {}
        return sequence_from_images(path.name, frames, label, path, NAME, gt=gt, attributes=attrs, meta=meta,
                                    read_labels=False)
    vid = _video(path)
    if vid is None:
        raise DataError(path, f"no frames and no IR video beside {LABEL_FILE}")
    from workbench.core.data import video

    seq = video.open(vid)
    gt, exist = read_label_json(label, len(seq))
    from workbench.core.data.groundtruth import with_box_warnings

    first = seq.frame(0)
    seq_meta = dict(seq.meta)
    seq_meta.update(meta, layout=NAME, groundtruth_file=str(label), video=str(vid),
                    warnings=list(seq.meta.get("warnings") or []))
    with_box_warnings(seq_meta, gt, label, first.shape[1], first.shape[0])
    seq_meta["point_labels"], seq_meta["point_sizes"] = point_labels(gt)
    return Sequence(name=path.name, frames=seq.frames, modality=seq.modality, groundtruth=gt, path=path,
                    meta=seq_meta, attributes={"absent": ~exist} if exist is not None else {})


#: an Anti-UAV410 / 600 root's split folders, in the order listed (the tracking reader's ``list_root``, the IR
#: sequence sets' ``irseq.list_irseq`` and the split rule ``irseq.antiuav_split`` all take this one list)
ANTIUAV_SPLITS = ("train", "val", "validation", "test")


def list_root(root: Path):
    from workbench.core.data.detect import SequenceEntry, folder_itself, listed_entries

    root = Path(root)
    itself = folder_itself(root, NAME, probe, open)
    if itself is not None:
        return itself
    out = []
    # its split folders as the sequence sets' reader takes them (irseq.list_irseq), in that order
    for base in [root] + [root / s for s in ANTIUAV_SPLITS]:
        if not base.is_dir():
            continue
        listed = listed_entries(base, NAME, probe, open)
        if listed is not None:  # a list.txt names the sequences (none of them ours: another layout's split,
            out += listed       # GOT-10k's train/ of 9335 folders, each probed once more without this)
            continue
        out += [SequenceEntry(c.name, NAME, c, (lambda c=c: open(c)))
                for c in sorted(base.iterdir()) if c.is_dir() and probe(c)]
    return out
