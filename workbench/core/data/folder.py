"""A plain folder of images, with or without a box file beside them.

Box files recognised (first found): ``groundtruth_rect.txt``, ``groundtruth.txt``, ``gt.txt``,
``boxes.txt``, ``<folder>.txt``. Images may sit in the folder itself or in ``img/``.

Without a box file the folder may be an image set whose images differ in size (mixed cameras, a
labelled set's images): each is then read at its own size (``Sequence.uniform`` False, the sizes in
``meta["frame_sizes"]``), read from the files' headers at opening. With a box file it is a video's
frames, and a frame of another size is refused when read (``Sequence.frame``).
"""
from __future__ import annotations

import os
from pathlib import Path

from workbench.core.data.groundtruth import count_mismatch, read_boxes
from workbench.core.data.images import has_image, list_frames, modality_of
from workbench.core.data.sequence import ImageFiles, Sequence, mark_image_set
from workbench.core.data.mdfa import paired_frames_said
from workbench.core.errors import DataError

NAME = "folder"
BOX_FILES = ("groundtruth_rect.txt", "groundtruth.txt", "gt.txt", "boxes.txt")
# the names the layouts give a sequence's frames folder (OTB / LaSOT img, VOT color / ir, DAUB frames, ...): such
# a folder opened by itself opens as the sequence it is the frames of, or plain when that is refused (detect)
FRAMES_FOLDER_NAMES = frozenset({"img", "imgs", "images", "frames", "color", "ir", "rgb", "visible", "infrared"})


def image_dir(path: Path) -> Path | None:
    for cand in (path / "img", path / "imgs", path / "images", path):
        if cand.is_dir() and has_image(cand):
            return cand
    return None


def probe(path: Path) -> bool:
    return path.is_dir() and image_dir(path) is not None


def find_box_file(path: Path) -> Path | None:
    for name in BOX_FILES + (f"{path.name}.txt",):
        if (path / name).is_file():
            return path / name
    return None


def sequence_from_images(name: str, frames: list[Path], gt_path: Path | None, path: Path, layout: str,
                         gt=None, **kw) -> Sequence:
    """Shared tail of the image-folder layouts: check counts, find the modality from frame 0.

    ``read_labels=False`` leaves the folder's ``*.label`` / ``*.tag`` files to the caller (layouts
    whose label files are not plain 0/1 flags, or that tolerate short ones).
    """
    if not frames:
        raise DataError(path, "no image files found")
    frames_dir = _frames_folder_to_view(frames, gt_path)
    if gt is None and gt_path is not None:
        gt = read_boxes(gt_path, expect_rows=len(frames), frames_dir=frames_dir)
    elif gt is not None and len(gt) != len(frames):
        raise count_mismatch(gt_path or path, len(gt), len(frames), frames_dir=frames_dir)
    src = ImageFiles(frames)
    first = src.read(0)
    attrs = kw.pop("attributes", {})
    if kw.pop("read_labels", True):
        attrs = {**label_files(path, len(frames)), **attrs}
    meta = {"layout": layout, "groundtruth_file": str(gt_path) if gt_path else None}
    meta.update(kw.pop("meta", {}))
    if gt is not None:
        from workbench.core.data.groundtruth import check_boxes

        found = check_boxes(gt, gt_path or path, width=first.shape[1], height=first.shape[0])
        if found:
            meta["warnings"] = list(meta.get("warnings", [])) + found
    return Sequence(name=name, frames=src, modality=modality_of(first), groundtruth=gt, path=path, meta=meta,
                    attributes=attrs, **kw)


def _frames_folder_to_view(frames: list[Path], gt_path: Path | None) -> Path | None:
    """The folder to name in a count refusal as the way to view ``frames`` without the box file ``gt_path``:
    their folder when the box file lies in it (moved aside, the folder opens plain) or when it is a frames folder
    (``img/`` ...) that opens plain once its parent's sequence is refused; else None (not known to open)."""
    if gt_path is None:
        return None
    dirs = {os.path.dirname(f) for f in frames}  # (strings: a Path each was 0.1 ms a frame)
    if len(dirs) != 1:
        return None
    folder = Path(dirs.pop())
    return folder if folder == Path(gt_path).parent or folder.name.lower() in FRAMES_FOLDER_NAMES else None


def label_files(path: Path, n: int) -> dict:
    """Per-frame 0/1 flags from ``*.label`` / ``*.tag`` files in the sequence folder (VOT style)."""
    from workbench.core.data.groundtruth import read_flags

    out = {}
    for f in sorted(list(path.glob("*.label")) + list(path.glob("*.tag"))):
        out[f.stem] = read_flags(f, expect_rows=n)
    return out


def open(path: Path) -> Sequence:  # noqa: A001 - the layout protocol's verb
    path = Path(path)
    idir = image_dir(path)
    if idir is None:
        raise DataError(path, "no image files found")
    gt_path = find_box_file(path)
    # 0001.png beside 0001.bmp (a converted copy): one frame, as every image-set reader takes it (plain segment
    # wrote 4 masks' worth of rows for 3 files, one name twice)
    frames, twice = list_frames(idir)
    seq = sequence_from_images(path.name, frames, gt_path, path, NAME)
    if twice:
        seq.meta["warnings"] = list(seq.meta.get("warnings") or []) + twice
    if gt_path is None:
        mark_image_set(seq, seq.frames.sizes())
        unread = split_layout(path)
        if unread:  # images/val of a YOLO set: its labels beside it must not vanish without a word
            seq.meta["warnings"] = list(seq.meta.get("warnings") or []) + [f"{path}: {unread}"]
        # a box file's name on a folder (an unpacking slip): the boxes the user meant are not read, said
        folders = [path / n for n in BOX_FILES + (f"{path.name}.txt",) if (path / n).is_dir()]
        if folders:
            seq.meta["warnings"] = list(seq.meta.get("warnings") or []) + [
                f"{p}: is a folder, not a box file; the sequence is read without groundtruth" for p in folders]
        paired = paired_frames_said(path, frames)
        if paired:  # MDvsFA's training/ renamed (mdfa_train/): its masks read as every other frame
            seq.meta["warnings"] = list(seq.meta.get("warnings") or []) + [paired]
    return seq


def split_layout(path: Path) -> str | None:
    """One line when ``path`` is (or holds) the Ultralytics split layout, ``images/<split>/`` with its labels
    in ``labels/<split>/``, which is not read as labelled frames (a YOLO folder here is ``images/`` +
    ``labels/`` side by side); else None."""
    path = Path(path)
    try:
        if path.parent.name == "images" and (path.parent.parent / "labels" / path.name).is_dir():
            labels = path.parent.parent / "labels" / path.name
            return (f"its YOLO labels in {labels} are not read (Ultralytics' images/<split>/ + labels/<split>/): "
                    "put a split's images/ and labels/ side by side in one folder")
        if (path / "images").is_dir() and (path / "labels").is_dir():
            splits = sorted(d.name for d in (path / "images").iterdir()
                            if d.is_dir() and (path / "labels" / d.name).is_dir())
            if splits:
                return (f"images/ and labels/ hold splits ({', '.join(splits[:4])}{' ...' if len(splits) > 4 else ''}; "
                        "Ultralytics' layout), not read: put a split's images/ and labels/ side by side in one folder")
    except OSError:
        return None
    return None
