"""VOT challenge sequences (VOT2013-2022, VOT-TIR, VOT-RGBT, VOT-LT).

A sequence folder holds ``groundtruth.txt`` and its frames in ``color/`` (VOT2020 and later; the
``sequence`` metadata file there names the channels, e.g. ``channels.color=color/%08d.jpg``),
``ir/`` (RGBT / TIR), ``img/`` or the folder itself (VOT2013-2019, VOT-TIR2016). Groundtruth
lines are 4 values (x, y, w, h), polygons (x1, y1, ..., x4, y4; reduced to their axis-aligned
bounding box), ``0`` / NaN for an absent target, or VOT2020 masks ``m<x>,<y>,<w>,<h>,<rle...>``
(the RLE counts alternate zeros and ones, row by row, over the w x h patch at x, y: the mask becomes
the frame's box and, full-size, the sequence's ``masks``). VOT counts pixels from 0: no shift.

Per-frame ``*.label`` / ``*.tag`` files hold 0/1 flags, one per line. A tag file shorter than the
sequence is padded with 0 (the frames it leaves out carry no tag) and the padding is reported in
``meta["warnings"]``. A VOT root (``list.txt`` naming the sequences, possibly under
``sequences/``) is listed by ``list_root``.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.core.data.folder import sequence_from_images
from workbench.core.data.groundtruth import parse_boxes, read_flags, read_text, whole_number
from workbench.core.data.images import has_image, list_frames
from workbench.core.errors import DataError

NAME = "vot"
GT_FILE = "groundtruth.txt"
CHANNEL_DIRS = ("color", "ir", "img")
MAX_MASK_PIXELS = 1 << 27  # a mask's patch lies inside its frame: four 8K frames' pixels is no frame's


def _sequence_file(path: Path) -> dict[str, str]:
    """``key=value`` lines of a VOT2020+ ``sequence`` metadata file ({} when there is none)."""
    f = path / "sequence"
    if not f.is_file():
        return {}
    out = {}
    for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def _fps(text: str | None) -> float | None:
    """A ``sequence`` file's ``fps=`` value as a frame rate (VOT2020+ write ``fps=30``), None where it is missing or
    not a positive, finite number."""
    try:
        fps = float(text) if text else None
    except ValueError:
        return None
    return fps if fps is not None and np.isfinite(fps) and fps > 0 else None


def _has_images(folder: Path) -> bool:
    return folder.is_dir() and has_image(folder)


def image_dir(path: Path) -> Path | None:
    meta = _sequence_file(path)
    named = [v.split("/")[0] for k, v in meta.items() if k.startswith("channels.") and "/" in v]
    for cand in [*named, *CHANNEL_DIRS]:
        if _has_images(path / cand):
            return path / cand
    return path if _has_images(path) else None


def _looks_like_vot(path: Path) -> bool:
    """Something only VOT sequences have, so a plain folder with ``groundtruth.txt`` stays 'folder'."""
    if (path / "sequence").is_file() or (path / "color").is_dir():
        return True
    if any(path.glob("*.tag")) or any(path.glob("*.label")):
        return True
    try:
        with (path / GT_FILE).open(encoding="utf-8", errors="replace") as f:
            first = f.readline().strip()
    except OSError:
        return False
    return first.startswith("m") or len([t for t in first.replace("\t", ",").replace(" ", ",").split(",") if t]) >= 6


def probe(path: Path) -> bool:
    path = Path(path)
    return path.is_dir() and (path / GT_FILE).is_file() and image_dir(path) is not None and _looks_like_vot(path)


# --- VOT2020 masks ------------------------------------------------------------------------
def _parse_mask(line: str, path: Path, lineno: int) -> tuple[int, int, int, int, np.ndarray]:
    # whole numbers only: int(float(t)) raised OverflowError on 'inf' and made 2.5 a 2
    vals = [whole_number(t) for t in line[1:].replace(" ", "").split(",") if t != ""]
    if len(vals) < 4 or any(v is None or v < 0 for v in vals):
        raise DataError(path, "malformed mask line (expected m<x>,<y>,<w>,<h>,<rle counts>)", line=lineno)
    x, y, w, h = vals[:4]
    if w * h > MAX_MASK_PIXELS:  # the patch is made w x h: a damaged 'm0,0,100000,100000,...' asked for 10 GB
        raise DataError(path, f"mask patch {w}x{h} is larger than any frame", line=lineno)
    if sum(vals[4:]) > w * h:  # summed as Python ints: a damaged 1e30 count overflowed int64
        raise DataError(path, f"mask run lengths cover {sum(vals[4:])} pixels, more than its {w}x{h} patch", line=lineno)
    counts = np.asarray(vals[4:], dtype=np.int64)
    return x, y, w, h, counts


def _patch(w: int, h: int, counts: np.ndarray) -> np.ndarray:
    flat = np.repeat((np.arange(len(counts)) % 2).astype(bool), counts)
    flat = np.concatenate([flat, np.zeros(w * h - len(flat), dtype=bool)])
    return flat.reshape(h, w)


def _mask_box(x: int, y: int, w: int, h: int, counts: np.ndarray) -> np.ndarray:
    m = _patch(w, h, counts)
    rows, cols = np.flatnonzero(m.any(axis=1)), np.flatnonzero(m.any(axis=0))
    if not len(rows):
        return np.full(4, np.nan)
    return np.array([x + cols[0], y + rows[0], cols[-1] - cols[0] + 1, rows[-1] - rows[0] + 1], dtype=np.float64)


class MaskFrames:
    """Full-size uint8 (0/1) masks from VOT2020 RLE lines; frames without a mask read as zeros."""

    def __init__(self, masks: list, shape: tuple[int, int]):
        self._masks = masks
        self._shape = shape

    def __len__(self) -> int:
        return len(self._masks)

    def read(self, i: int) -> np.ndarray:
        out = np.zeros(self._shape, dtype=np.uint8)
        m = self._masks[i]
        if m is not None:
            x, y, w, h, counts = m
            patch = _patch(w, h, counts)
            H, W = self._shape
            ph, pw = max(0, min(h, H - y)), max(0, min(w, W - x))
            out[y:y + ph, x:x + pw] = patch[:ph, :pw]
        return out


def _text(path: Path) -> str:
    """A groundtruth file's text as ``read_regions`` and ``file_regions`` read it (read once by ``open``): a
    missing, unreadable or non-text file is a DataError naming it (``groundtruth.read_text``)."""
    return read_text(path)


def file_regions(path: Path, text: str | None = None) -> list:
    """The groundtruth file's regions as the VOT toolkit reads them, one per line (``vot_region.region``: a
    rectangle, a polygon kept as one, None for a code, NaN or a mask line; masks are scored by their box).
    ``text``: the file's text when it was read already (``_text``)."""
    from workbench.core.evaluation.vot_region import region

    out = []
    for line in (_text(path) if text is None else text).splitlines():
        s = line.strip()
        if not s:
            continue
        if s.startswith("m"):
            out.append(None)
            continue
        try:
            out.append(region([float(t) for t in s.replace("\t", ",").replace(" ", ",").split(",") if t]))
        except ValueError:
            out.append(None)
    return out


def read_regions(path: Path, n: int, text: str | None = None, numbered=None) -> tuple[np.ndarray, list | None]:
    """Boxes of a VOT groundtruth file; masks (per-frame RLE or None) when it has mask lines. ``text``: the file's
    text when it was read already (``_text``); a file without mask lines is parsed as any box file is
    (``groundtruth.parse_boxes``, its messages; ``numbered``: the frames' files), from that text."""
    if text is None:
        text = _text(path)
    if not any(ln.lstrip().startswith("m") for ln in text.splitlines()):
        return parse_boxes(text, path, expect_rows=n, numbered=numbered), None
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    rows, masks = [], []
    for lineno, line in enumerate(lines, start=1):
        s = line.strip()
        if s.startswith("m"):
            m = _parse_mask(s, path, lineno)
            rows.append(_mask_box(*m))
            masks.append(m)
            continue
        masks.append(None)
        try:
            vals = np.array([float(t) for t in s.replace("\t", ",").replace(" ", ",").split(",") if t], dtype=np.float64)
        except ValueError:
            raise DataError(path, f"{s!r} is neither a box, a polygon nor a mask", line=lineno) from None
        if len(vals) == 1 and (vals[0] == 0 or np.isnan(vals[0])):
            rows.append(np.full(4, np.nan))
        elif len(vals) == 4:
            rows.append(vals)
        elif len(vals) >= 6 and len(vals) % 2 == 0:
            from workbench.core.boxes import polygon_to_xywh

            rows.append(polygon_to_xywh(vals)[0])
        else:
            raise DataError(path, f"expected 4 values, a polygon or a mask, found {len(vals)} values", line=lineno)
    if len(rows) != n:
        raise DataError(path, f"has {len(rows)} regions but the sequence has {n} frames")
    return np.vstack(rows), masks


def read_tags(path: Path, n: int, warnings: list[str]) -> dict[str, np.ndarray]:
    out = {}
    for f in sorted(list(path.glob("*.label")) + list(path.glob("*.tag"))):
        if f.stat().st_size == 0:
            out[f.stem] = np.zeros(n, dtype=bool)
            continue
        flags = read_flags(f)
        if len(flags) < n:
            warnings.append(f"{f}: {len(flags)} flags for {n} frames; the last {n - len(flags)} frames read as 0")
            flags = np.concatenate([flags, np.zeros(n - len(flags), dtype=bool)])
        elif len(flags) > n:
            raise DataError(f, f"has {len(flags)} flags but the sequence has {n} frames")
        out[f.stem] = flags
    return out


def open(path: Path):  # noqa: A001 - the layout protocol's verb
    path = Path(path)
    idir = image_dir(path)
    if idir is None:
        raise DataError(path, "no image files found (looked in color/, ir/, img/ and the folder itself)")
    frames, warnings = list_frames(idir)  # 00000002.png beside 00000002.jpg: one frame, said
    gt_file = path / GT_FILE
    text = _text(gt_file)  # read once: the regions, masks and boxes come from it
    gt, masks = read_regions(gt_file, len(frames), text, numbered=frames)
    attrs = read_tags(path, len(frames), warnings)
    meta = {"box_convention": "0-based (VOT)", "image_dir": str(idir), "warnings": warnings}
    seqfile = _sequence_file(path)
    if seqfile:
        meta["vot_sequence"] = seqfile
        fps = _fps(seqfile.get("fps"))
        if fps is not None:  # the frame rate the sequence was recorded at: export-video's default, as a video's
            meta["fps"] = fps
        elif seqfile.get("fps"):
            warnings.append(f"{path / 'sequence'}: fps={seqfile['fps'][:20]!r} is not a frame rate (a positive "
                            "number); not used")
    seq = sequence_from_images(path.name, frames, gt_file, path, NAME, gt=gt, attributes=attrs, meta=meta,
                               read_labels=False)
    if masks is not None:
        seq.masks = MaskFrames(masks, seq.frame(0).shape[:2])
    regions = file_regions(gt_file, text)
    if len(regions) == len(frames):  # polygons as polygons: the VOT protocol's overlap uses them
        seq.regions = regions
    return seq


def list_root(root: Path):
    from workbench.core.data.detect import SequenceEntry, folder_itself, listed_entries

    root = Path(root)
    itself = folder_itself(root, NAME, probe, open)
    if itself is not None:
        return itself
    base = root / "sequences" if (root / "sequences" / "list.txt").is_file() else root
    listed = listed_entries(base, NAME, probe, open)  # [] for a list.txt of some other layout (GOT-10k splits)
    if listed is not None:
        return listed
    return [SequenceEntry(c.name, NAME, c, (lambda c=c: open(c)))
            for c in sorted(base.iterdir()) if c.is_dir() and probe(c)]
