"""Multi-frame IR small-target sets labelled by a mask per frame (layout ``maskseq``).

The way IRDST, TSIRMT, NUDT-MIRSDT (as the multi-frame detectors' loaders rearrange it) and MIST are read::

    ROOT/images/<seq>/<frame>.png     (MIST: image/<seq>/)  frames, any IMAGE_SUFFIXES, natural order
    ROOT/masks/<seq>/<frame>.png      (MIST: mask/<seq>/)   one binary mask per frame, named as its frame
    ROOT/ImageSets/train_new.txt ...  (or ROOT/*.txt)       sequence names, one a line

Frame names are numbers, often unpadded (IRDST ``1.png ... 166.png``): they are taken in natural order, never
as text (``1, 10, 100, 2`` would be a shuffled sequence). A sequence is ``ROOT/images/<seq>``: its frames one
video's (one size), ``meta["mask_files"]`` each frame's mask (None where it has none: said, read as
unlabelled), and its targets as points for detectors: every 8-connected component of a frame's mask is one
target at its centroid (``meta["point_labels"]``, ``[(cx, cy, class 0)]`` a frame, 0-based pixel centres;
``mask_points`` also gives each component's box size). The groundtruth is the first component's box.
A split file of sequence names tags each sequence (``meta["split"]``: the file's stem).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.core.data.images import has_image, list_frames, modality_of
from workbench.core.data.sequence import ImageFiles, Sequence
from workbench.core.errors import DataError

NAME = "maskseq"
# (frames folder, masks folder) names, as the published sets and their loaders spell them
DIR_PAIRS = (("images", "masks"), ("image", "mask"))
SPLIT_DIRS = ("ImageSets", "splits", "img_idx", ".")


def _subdirs(d: Path) -> list[Path]:
    try:
        return [p for p in d.iterdir() if p.is_dir() and not p.name.startswith(".")]
    except OSError:
        return []


def dirs_of(root: str | Path) -> tuple[Path, Path] | None:
    """``(ROOT/images, ROOT/masks)`` when ``root`` is such a set: its frames folder holds sequence folders (and no
    images of its own: a SIRST-style set is ``masks``'), one of which has a masks folder of the same name."""
    root = Path(root)
    for img, msk in DIR_PAIRS:
        i, m = root / img, root / msk
        if not (i.is_dir() and m.is_dir()) or has_image(i):
            continue
        if any((m / s.name).is_dir() for s in _subdirs(i)):
            return i, m
    return None


def root_of(path: str | Path) -> Path | None:
    """The set ``path`` is a sequence of (``ROOT/images/<seq>``), or None."""
    path = Path(path)
    if not path.is_dir():
        return None
    pair = dirs_of(path.parent.parent)
    if pair is None or path.parent != pair[0] or not (pair[1] / path.name).is_dir():
        return None
    return path.parent.parent


def probe(path: Path) -> bool:
    """One sequence of such a set (``ROOT/images/<seq>`` with ``ROOT/masks/<seq>``) holding frames."""
    return root_of(path) is not None and has_image(Path(path))


def sequence_paths(root: str | Path) -> list[Path]:
    """The sequences of the set ``root`` in natural order of their names (``images/<seq>`` with frames)."""
    from workbench.core.data.images import natural_key

    pair = dirs_of(root)
    if pair is None:
        return []
    return sorted((s for s in _subdirs(pair[0]) if (pair[1] / s.name).is_dir() and has_image(s)),
                  key=natural_key)


def splits_of(root: Path) -> dict[str, str]:
    """Sequence name -> the stem of the split file naming it (``ImageSets/val_new.txt``: ``val_new``); files that
    name none of the set's sequences are not split files (a README, a list of frames)."""
    names = {p.name for p in sequence_paths(root)}
    out: dict[str, str] = {}
    for d in SPLIT_DIRS:
        folder = root / d
        if not folder.is_dir():
            continue
        for f in sorted(folder.glob("*.txt")):
            try:
                lines = [ln.strip() for ln in f.read_text(encoding="utf-8", errors="replace").splitlines()]
            except OSError:
                continue
            listed = [ln for ln in lines if ln in names]
            if listed and len(listed) == len([ln for ln in lines if ln]):
                for n in listed:
                    out.setdefault(n, f.stem)
    return out


def mask_points(mask: np.ndarray) -> list[tuple[float, float, float, float]]:
    """``(cx, cy, w, h)`` of each 8-connected component of a bool mask: 0-based pixel centroid, box size in
    pixels; in the order of their first pixel (row-major)."""
    import cv2

    n, _lab, stats, cents = cv2.connectedComponentsWithStats(np.asarray(mask, np.uint8), connectivity=8)
    return [(float(cents[k][0]), float(cents[k][1]), float(stats[k][2]), float(stats[k][3])) for k in range(1, n)]


def frame_masks(seq_dir: Path, mask_dir: Path, files) -> tuple[list[Path | None], list[str]]:
    """Each frame's mask in ``mask_dir`` (named as the frame, any mask format), and the warnings."""
    from workbench.core.data.sirst import find_mask

    masks = [find_mask(mask_dir, Path(f).stem) for f in files]
    missing = [Path(f).name for f, m in zip(files, masks) if m is None]
    said = [f"{mask_dir}: no mask for {len(missing)} of {len(files)} frames (first {missing[0]}); read as "
            "unlabelled"] if missing else []
    return masks, said


def read_points(mask_files, shape: tuple[int, int]) -> list[list[tuple[float, float, float, float]]]:
    """Every frame's targets ``mask_points`` (``[]`` where a frame has no mask)."""
    from workbench.core.data.masks import read_frame_mask

    return [mask_points(read_frame_mask(m, shape)) if m is not None else [] for m in mask_files]


def open(path: Path) -> Sequence:  # noqa: A001 - the layout protocol's name
    path = Path(path).absolute()
    root = root_of(path)
    if root is None:
        raise DataError(path, "expected ROOT/images/<seq>/ with ROOT/masks/<seq>/ beside it")
    files, warnings = list_frames(path)
    if not files:
        raise DataError(path, "holds no frames")
    mask_dir = dirs_of(root)[1] / path.name
    masks, said = frame_masks(path, mask_dir, files)
    warnings += said
    frames = ImageFiles(files)
    first = frames.read(0)
    points = read_points(masks, first.shape[:2])
    gt = np.full((len(files), 4), np.nan)
    for i, pts in enumerate(points):
        if pts:
            cx, cy, w, h = pts[0]
            gt[i] = (cx - w / 2, cy - h / 2, w, h)
    meta = {"layout": NAME, "mask_files": masks, "mask_dir": str(mask_dir), "warnings": warnings,
            "point_labels": [[(cx, cy, 0) for cx, cy, _w, _h in pts] for pts in points],
            "unlabelled_frames": [i for i, m in enumerate(masks) if m is None]}
    split = splits_of(root).get(path.name)
    if split:
        meta["split"] = split
    seq = Sequence(name=path.name, frames=frames, modality=modality_of(first), groundtruth=gt, path=path, meta=meta)
    seq.attributes["points"] = True
    return seq


def list_root(root: Path) -> list:
    """The sequences of a set at ``root`` or one folder down (a folder of such sets)."""
    from workbench.core.data.detect import SequenceEntry

    root = Path(root)
    if not root.is_dir():
        return []
    sets = [root] if dirs_of(root) is not None else [c for c in sorted(_subdirs(root)) if dirs_of(c) is not None]
    return [SequenceEntry(p.name, NAME, p, (lambda p=p: open(p))) for s in sets for p in sequence_paths(s)]


def label_folders(root: Path) -> list[Path]:
    """The masks folders of the sets at ``root`` or one folder down (labels: no dataset listing takes them for
    sequences)."""
    root = Path(root)
    if not root.is_dir():
        return []
    sets = [root] if dirs_of(root) is not None else [c for c in sorted(_subdirs(root)) if dirs_of(c) is not None]
    return [dirs_of(s)[1] for s in sets]
