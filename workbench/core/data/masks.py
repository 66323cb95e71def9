"""Images with target masks: ``images/<name>.<ext>`` + ``masks/<name>[_pixels0].png`` (layout ``masks``).

The SIRST / SIRST-V2 / IRSTD-1k / NUDT-SIRST way of labelling IR small targets: one binary mask per
image (any nonzero pixel is target; the mask names ``sirst.MASK_PATTERNS`` knows). The images are taken
in natural order as frames (they may differ in size); ``meta["mask_files"]`` holds each frame's mask
path (None where an image has none: reported in ``meta["warnings"]`` and read as unlabelled), and the
window scores a segmenter's run against them (mIoU, nIoU, Pd, Fa) as it goes. ``read_frame_mask``
reads one at the frame's size.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import cv2
import numpy as np

import workbench.core.data.maskseq_dirs as maskseq
from workbench.core.data.images import list_frames, list_images, modality_of
from workbench.core.data.sequence import ImageFiles, Sequence, mark_image_set
from workbench.core.data.mdfa import mask_stem, set_images
from workbench.core.data.sirst import MaskFinder, find_mask, image_mask_dirs, read_mask
from workbench.core.errors import DataError

NAME = "masks"
IMAGES, MASKS = "images", "masks"


def _root(path: Path) -> Path | None:
    """The folder holding ``images/`` and ``masks/`` (``path`` itself or its parent) whose first image
    has a mask, or whose ``images/`` holds no image (``open`` then says so; such a root was listed as a
    dataset whose ``masks/`` was a sequence of mask images), or None."""
    path = Path(path)
    for cand in (path, path.parent if path.name == IMAGES else None):
        pair = image_mask_dirs(cand) if cand is not None else None
        if pair is None or maskseq.dirs_of(cand) is not None:  # images/<seq>/ + masks/<seq>/: ``maskseq``'s
            continue
        first = set_images(list_images(pair[0]), *pair)[:1]  # (MDvsFA's training/: its <k>_1 images)
        if not first or find_mask(pair[1], mask_stem(first[0].stem, *pair)) is not None:
            return cand
    return None


def probe(path: Path) -> bool:
    return Path(path).is_dir() and _root(path) is not None


def sequence_name(path: Path) -> str:
    return (_root(path) or Path(path)).name


def open(path: Path) -> Sequence:  # noqa: A001 - the layout protocol's name
    root = _root(path)
    if root is None:
        raise DataError(path, f"expected {IMAGES}/ and {MASKS}/ with a mask for the first image")
    img_dir, mask_dir = image_mask_dirs(root)
    # f1.png beside f1.jpg: once, as the SIRST reader takes it (the window's mIoU counted that image twice)
    files, warnings = list_frames(img_dir)
    files = set_images(files, img_dir, mask_dir)
    if not files:
        raise DataError(img_dir, f"holds no images (the {mask_dir.name}/ beside it has the labels, not the frames)")
    size_said_anew(mask_dir)  # (a new reading: its masks of another size are said again)
    find = MaskFinder(mask_dir)  # (one listing of masks/: no stat an image)
    masks = [find(mask_stem(f.stem, img_dir, mask_dir)) for f in files]
    missing = [f.name for f, m in zip(files, masks) if m is None]
    if missing:
        warnings.append(f"{mask_dir}: no mask for {len(missing)} of {len(files)} images (first {missing[0]}); "
                        "read as unlabelled")
    frames = ImageFiles(files)
    first = frames.read(0)
    meta = {"layout": NAME, "mask_files": masks, "mask_dir": str(mask_dir), "warnings": warnings}
    # an image set, not a video: its images may differ in size (SIRST's do; said in meta["frame_sizes"])
    seq = Sequence(name=root.name, frames=frames, modality=modality_of(first), groundtruth=None, path=root,
                   meta=meta, uniform=False)
    return mark_image_set(seq, frames.sizes())


def mask_files(seq) -> list | None:
    """The per-frame mask paths of a sequence opened from a masks layout, or None."""
    m = (getattr(seq, "meta", None) or {}).get("mask_files")
    return m if m is not None and len(m) == len(seq) else None


_SIZE_SAID: set[str] = set()  # mask folders whose masks of another size were said in their reading (once a folder: a
# 1,000-frame set of such masks printed 1,000 warnings, the window's scorer one a frame each time it passed); a layout's
# ``open`` forgets its mask folder's (``size_said_anew``): it was once a process, and a user who fixed half of the
# masks and opened the set again, or opened it as a second dataset, was told nothing of the rest
_SIZE_SAID_LOCK = threading.Lock()  # (the window reads masks on its worker and on the GUI thread)


def _folder_key(folder) -> str:
    return os.path.normcase(os.path.abspath(folder))


def size_said_anew(mask_dir) -> None:
    """A new reading of the masks in ``mask_dir`` and its subfolders (a layout's ``open``): their masks of another
    size than their frames are said again, once a folder (``read_frame_mask``)."""
    top = _folder_key(mask_dir)
    with _SIZE_SAID_LOCK:
        for f in [f for f in _SIZE_SAID if f == top or f.startswith(top.rstrip(os.sep) + os.sep)]:
            _SIZE_SAID.discard(f)


def read_frame_mask(path, shape: tuple[int, int]) -> np.ndarray:
    """A label mask as bool at ``shape`` (H, W): nearest-neighbour resized when its size differs, and said (as the
    SIRST reader says it: a mask of another size may be another image's; it was resized without a word) once a
    mask folder a reading of it (``size_said_anew``), naming the first such mask (the others there are resized too,
    unsaid)."""
    m = read_mask(path)
    if m.shape != tuple(shape):
        folder = _folder_key(Path(path).parent)
        with _SIZE_SAID_LOCK:
            first = folder not in _SIZE_SAID
            _SIZE_SAID.add(folder)
        if first:
            from workbench.core.errors import warn_data

            warn_data(f"{path}: mask {m.shape[1]}x{m.shape[0]} differs from its image's {shape[1]}x{shape[0]}; "
                      "resized with nearest neighbour (said once for its folder: its other masks of another size "
                      "are resized too)", paths=(Path(path).parent,))
        m = cv2.resize(m.astype(np.uint8), (shape[1], shape[0]), interpolation=cv2.INTER_NEAREST) > 0
    return m
