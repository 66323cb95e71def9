"""GOT-10k: ``<split>/<seq>/00000001.jpg`` with ``groundtruth.txt`` and per-frame label files.

A sequence folder holds its frames, ``groundtruth.txt`` (x,y,w,h, 0-based as the GOT-10k toolkit
writes and reads them; test-split sequences carry the first frame's box only, so later rows are
NaN), ``absence.label`` (1 = target absent: those groundtruth rows become NaN), ``cover.label``
(visible fraction in eighths, 0..8), ``cut_by_image.label`` (1 = truncated by the image border) and
``meta_info.ini`` (``key: value`` lines under a ``[METAINFO]`` header: object_class, motion_class,
url, resolution, ...). A split root lists its sequences in ``list.txt``.

Attributes: ``absence`` and ``cut_by_image`` are per-frame flags; ``cover.label`` becomes the
per-frame flags ``occlusion`` (cover below 8/8) and ``full_occlusion`` (cover 0: the frames the toolkit leaves
out, as the evaluation does) and the per-frame fraction ``meta["visible_ratio"]``;
``object_class`` and ``motion_class`` become sequence tags ("object_class: ant") and meta entries.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.core.data.folder import sequence_from_images
from workbench.core.data.groundtruth import count_mismatch, decode_text, read_boxes, read_flags, read_text
from workbench.core.data.images import has_image, list_frames
from workbench.core.errors import DataError

NAME = "got10k"
GT_FILE = "groundtruth.txt"
SPLITS = ("train", "val", "test")


def probe(path: Path) -> bool:
    path = Path(path)
    if not (path.is_dir() and (path / GT_FILE).is_file()):
        return False
    marked = ((path / "meta_info.ini").is_file() or (path / "absence.label").is_file()
              or path.name.startswith("GOT-10k_"))
    return marked and has_image(path)


def read_meta_info(file: Path) -> dict[str, str]:
    out = {}
    if not file.is_file():
        return out
    data = file.read_bytes()
    # UTF-16 with its BOM (Notepad's "Unicode") read as box files are: read as UTF-8 it gave no key, the
    # object / motion class tags dropped without a word
    text = decode_text(data, file, ascii_only=False) if data.startswith((b"\xff\xfe", b"\xfe\xff")) \
        else data.decode("utf-8-sig", errors="replace")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("[") or line.startswith(("#", ";")):
            continue
        if ":" in line:
            k, v = line.split(":", 1)
            out[k.strip()] = v.strip()
    return out


def read_levels(file: Path, n: int) -> np.ndarray:
    """Integer per-frame values, one per line (``cover.label``)."""
    lines = read_text(file, "cover file").splitlines()  # UTF-16 as the flag files (was "'\ufffd\ufffd8' is not ...")
    while lines and not lines[-1].strip():
        lines.pop()
    vals = []
    for lineno, line in enumerate(lines, start=1):
        try:
            vals.append(int(float(line.strip())))
        except (ValueError, OverflowError):  # OverflowError: int(inf)
            raise DataError(file, f"{line.strip()!r} is not a whole number", line=lineno) from None
    if len(vals) != n:
        raise DataError(file, f"has {len(vals)} values but the sequence has {n} frames")
    return np.asarray(vals)


def open(path: Path):  # noqa: A001
    path = Path(path)
    frames, twice = list_frames(path)  # 00000002.png beside 00000002.jpg: one frame, said
    if not frames:
        raise DataError(path, "no image files found")
    n = len(frames)
    gt_file = path / GT_FILE
    gt = read_boxes(gt_file)
    meta: dict = {"box_convention": "0-based (GOT-10k)", "warnings": twice}
    if len(gt) == 1 and n > 1:
        gt = np.vstack([gt, np.full((n - 1, 4), np.nan)])
        meta["groundtruth_note"] = "first frame only (test split)"
    elif len(gt) != n:
        raise count_mismatch(gt_file, len(gt), n, frames_dir=path)
    attrs: dict = {}
    if (path / "absence.label").is_file():
        absent = read_flags(path / "absence.label", expect_rows=n)
        gt[absent] = np.nan
        attrs["absence"] = absent
        meta["absence_file"] = str(path / "absence.label")  # a box it blanks is said as its (``gt_where``)
    if (path / "cut_by_image.label").is_file():
        attrs["cut_by_image"] = read_flags(path / "cut_by_image.label", expect_rows=n)
    if (path / "cover.label").is_file():
        cover = read_levels(path / "cover.label", n)
        attrs["occlusion"] = cover < 8
        attrs["full_occlusion"] = cover == 0  # not visible: the toolkit scores only frames with cover > 0
        meta["visible_ratio"] = cover / 8.0
    info = read_meta_info(path / "meta_info.ini")
    if info:
        meta["meta_info"] = info
        for key in ("object_class", "motion_class"):
            if info.get(key):
                meta[key] = info[key]
                attrs[f"{key}: {info[key]}"] = True
    return sequence_from_images(path.name, frames, gt_file, path, NAME, gt=gt, attributes=attrs, meta=meta,
                                read_labels=False)


def _split_entries(split: Path):
    from workbench.core.data.detect import SequenceEntry, listed_entries

    listed = listed_entries(split, NAME, probe, open)
    if listed is not None:
        return listed
    return [SequenceEntry(c.name, NAME, c, (lambda c=c: open(c)))
            for c in sorted(split.iterdir()) if c.is_dir() and probe(c)]


def list_root(root: Path):
    from workbench.core.data.detect import folder_itself

    root = Path(root)
    itself = folder_itself(root, NAME, probe, open)
    if itself is not None:
        return itself
    out = _split_entries(root)
    if not out:  # the dataset root above the split folders
        for s in SPLITS:
            if (root / s).is_dir():
                out += _split_entries(root / s)
    return out
