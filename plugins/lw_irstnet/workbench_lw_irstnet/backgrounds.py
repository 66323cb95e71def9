"""Target-free real backgrounds for LW-IRSTNet training (``--backgrounds ROOT ...``).

SIRST-style training sets are a few hundred images of a few kinds of scene; the clutter of another
sensor (buildings, pylons, tree lines, cloud edges, a sky-line) is what a network trained on them takes
for targets elsewhere. Any recording the readers open (a DAUB or YOLO-labelled frame folder, an image
folder, a video, a tracking sequence) can lend its frames as negatives: at most ``per_sequence`` frames
of each sequence, evenly spaced, every *labelled* object in them removed by inpainting (OpenCV Telea),
so what is left holds no known target. The frames join the training side only (never a held-out fold)
and need ``--aug paste``: every crop of one gets one or two real targets pasted into it, whose pixels are
its whole mask. As plain negatives (empty masks) they drove a cross-validation fold into predicting nothing,
under the per-crop SoftIoU (pasted only half the time) and under the batch-level one (never pasted) alike.

What is removed: target masks (SIRST-style mask sets, grown by ``BOX_MARGIN`` px), YOLO boxes
(``meta["boxes"]``) and tracking groundtruth boxes, each grown by ``BOX_MARGIN`` px; point labels (DAUB ``anno_xy``) as discs of ``POINT_RADIUS`` px joined with the object grown from
the point (``grown_point``: a point label gives no size, and an extended aircraft outgrows any fixed disc). A frame a labelled sequence leaves unlabelled (no label
file or mask, a NaN groundtruth row: the target may be there unmarked) is skipped, as is a frame more than
``MAX_REMOVED`` of which would be inpainted. Frames over ``MAX_SIDE`` px on their long side are downscaled
to it first (the device data path pads every cached image to the largest one). A sequence without any labels is taken as it is: the user vouches that it holds no target.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from workbench.core.errors import DataError, WorkbenchError

PER_SEQUENCE = 24
POINT_RADIUS = 8
BOX_MARGIN = 3
MAX_REMOVED = 0.25  # a frame with more of its area labelled than this is skipped
MAX_SIDE = 640  # longer frames are downscaled to this (INTER_AREA) before use
GROW_WINDOW = 24  # a point label's object is looked for this far around it


def grown_point(grey: np.ndarray, cx: float, cy: float, window: int = GROW_WINDOW) -> np.ndarray | None:
    """The extent of the object at a point label, (H, W) bool, or None: within ``window`` px of the point,
    the 8-connected pixels that stand out from the window's median by more than 3 robust sigmas (either
    polarity) and touch the disc of ``POINT_RADIUS`` about the point (labels sit off an extended
    object's centre), grown by 2 px; None when nothing there stands out or
    what does fills over a quarter of the window (clutter, not an object)."""
    h, w = grey.shape
    x, y = int(round(cx)), int(round(cy))
    if not (0 <= x < w and 0 <= y < h):
        return None
    y0, y1, x0, x1 = max(0, y - window), min(h, y + window + 1), max(0, x - window), min(w, x + window + 1)
    win = grey[y0:y1, x0:x1].astype(np.float32)
    med = float(np.median(win))
    sigma = 1.4826 * float(np.median(np.abs(win - med))) + 1e-6
    hot = (np.abs(win - med) > 3 * sigma).astype(np.uint8)
    n, lab = cv2.connectedComponents(hot, connectivity=8)
    disc = np.zeros_like(hot)
    cv2.circle(disc, (x - x0, y - y0), POINT_RADIUS, 1, -1)
    ids = [c for c in np.unique(lab[disc > 0]) if c]
    if not ids:
        return None
    obj = np.isin(lab, ids)
    if obj.sum() > obj.size / 4:
        return None
    out = np.zeros((h, w), bool)
    out[y0:y1, x0:x1] = cv2.dilate(obj.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    return out


def known_targets(seq, i: int, img: np.ndarray) -> np.ndarray | None:
    """A bool (H, W) mask of every labelled object of frame ``i`` (``img``; grown as the module says), all
    False for a sequence without labels, or None for a frame that a labelled sequence leaves unlabelled."""
    from workbench.core.data.masks import mask_files, read_frame_mask

    h, w = img.shape[:2]
    meta = seq.meta or {}
    if i in set(meta.get("unlabelled_frames") or ()):
        return None
    m = np.zeros((h, w), np.uint8)
    files = mask_files(seq)
    if files is not None:
        if files[i] is None:
            return None
        grown = cv2.dilate(read_frame_mask(files[i], (h, w)).astype(np.uint8),
                           np.ones((2 * BOX_MARGIN + 1, 2 * BOX_MARGIN + 1), np.uint8))
        m |= grown

    def box(x, y, bw, bh):
        if not np.isfinite([x, y, bw, bh]).all() or bw <= 0 or bh <= 0:
            return
        x0, y0 = int(np.floor(x - BOX_MARGIN)), int(np.floor(y - BOX_MARGIN))
        x1, y1 = int(np.ceil(x + bw + BOX_MARGIN)), int(np.ceil(y + bh + BOX_MARGIN))
        m[max(0, y0):max(0, min(h, y1)), max(0, x0):max(0, min(w, x1))] = 1

    boxes = meta.get("boxes")
    if boxes is not None and i < len(boxes):
        for b in boxes[i]:
            box(*b[:4])
    points = meta.get("point_labels")
    if points is not None and i < len(points) and len(points[i]):
        grey = img.astype(np.float32) if img.ndim == 2 else img[:, :, :3].astype(np.float32).mean(axis=2)
        for p in points[i]:
            if np.isfinite(p[:2]).all():
                cv2.circle(m, (int(round(p[0])), int(round(p[1]))), POINT_RADIUS, 1, -1)
                obj = grown_point(grey, p[0], p[1])
                if obj is not None:
                    m[obj] = 1
    listed = boxes is not None or points is not None  # per-frame object lists: an empty one means no object
    if seq.groundtruth is not None and i < len(seq.groundtruth) and not listed:
        if not np.isfinite(seq.groundtruth[i]).all():
            return None  # absent, or not labelled in this frame: cannot tell
        box(*seq.groundtruth[i])
    return m.astype(bool)


def inpaint(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """(C, H, W) float32 with ``mask`` filled from its surroundings (OpenCV Telea), channel by channel.
    Telea runs on a 16-bit copy of each channel: this OpenCV's float32 inpainting fills with a checkerboard."""
    if not mask.any():
        return x
    m8 = mask.astype(np.uint8)
    out = np.empty_like(x)
    for c in range(x.shape[0]):
        lo, hi = float(x[c].min()), float(x[c].max())
        span = max(hi - lo, 1e-6)
        u = np.round((x[c] - lo) / span * 65535.0).astype(np.uint16)
        f = cv2.inpaint(u, m8, 5, cv2.INPAINT_TELEA).astype(np.float32) * (span / 65535.0) + lo
        out[c] = np.where(mask, f, x[c])
    return out


def evenly(n: int, k: int) -> list[int]:
    """At most ``k`` of ``range(n)``, evenly spaced, first and last included."""
    if n <= k:
        return list(range(n))
    return sorted({int(round(v)) for v in np.linspace(0, n - 1, k)})


def load_backgrounds(roots, per_sequence: int = PER_SEQUENCE, invert: bool = False, log=print, ctx=None):
    """(inputs, empty masks, names) of the background frames under ``roots`` (standardized (3, H, W) as
    ``sirst.to_input`` makes them). A root that lists nothing, or whose frames all are skipped, is an
    error naming it: a training silently without the negatives it was asked for would mislead."""
    from workbench.core.data.detect import _close, open_dataset
    from workbench.core.data.sirst import to_input

    if per_sequence < 1:
        raise WorkbenchError(f"--bg-frames {per_sequence}: at least 1 frame per sequence")
    xs, ms, names = [], [], []
    for root in roots:
        entries = open_dataset(root)
        if not entries:
            raise DataError(Path(root), "no sequence or image set the readers open is there (--backgrounds)")
        got, skipped = 0, 0
        for e in entries:
            seq = e.open()
            try:
                for i in evenly(len(seq), per_sequence):
                    if ctx is not None:
                        ctx.check()
                    img = seq.frame(i)
                    known = known_targets(seq, i, img)
                    if known is None or known.mean() > MAX_REMOVED:
                        skipped += 1
                        continue
                    try:
                        x = to_input(img, 3, invert)
                    except ValueError as exc:
                        raise DataError(Path(e.path), f"frame {i}: {exc}") from None
                    x = inpaint(x, known)
                    big = max(x.shape[1:])
                    if big > MAX_SIDE:
                        size = (max(1, round(x.shape[2] * MAX_SIDE / big)), max(1, round(x.shape[1] * MAX_SIDE / big)))
                        x = cv2.resize(x.transpose(1, 2, 0), size, interpolation=cv2.INTER_AREA).transpose(2, 0, 1)
                    xs.append(np.ascontiguousarray(x, np.float32))
                    ms.append(np.zeros(x.shape[1:], bool))
                    names.append(f"{Path(root).name}/{e.name}#{i}")
                    got += 1
            finally:
                _close(seq)
        if not got:
            raise DataError(Path(root), f"every one of its {skipped} frames was skipped (unlabelled frames of a "
                                        "labelled sequence, or mostly labelled area): no background left")
        log(f"backgrounds: {got} frames from {len(entries)} sequence(s) under {root}"
            + (f" ({skipped} skipped: unlabelled or mostly target)" if skipped else ""))
    return xs, ms, names
