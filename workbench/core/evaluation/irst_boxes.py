"""IR small-target scoring against boxes instead of masks (box-labelled sets such as IST-A: ``images/`` +
YOLO ``labels/``), and the adapter that lets any logits function be scored as a segmenter.

Pd / Fa by boxes follow ``BOX_CONVENTION``; the Pd-Fa curve sweeps the same thresholds as the mask metrics
(``segmentation.PDFA_LOGITS``). Used by every segmenter's scoring (LW-IRSTNet's ``segment``, the classic peers'
``segment``, the LW-IRSTNet Evaluate tab).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.core.jobs import JobContext
from workbench.core.loops import iter_segment
from workbench.core.evaluation.segmentation import LogitsSegmenter, scored_logits


BOX_MARGIN = 3.0  # px: a predicted centroid this far outside a box still counts (the 3 px rule of Pd)
BOX_CONVENTION = ("box-scored (no masks): a labelled box is detected when an unmatched predicted component "
                  "(8-connected, logits > 0) has its centroid inside the box grown by 3 px; Pd = detected boxes / "
                  "boxes; Fa = pixels of predicted components matched to no box / all pixels (x 1e-6, as "
                  "BasicIRSTD's Fa); mIoU / nIoU need masks and are not computed")


def match_boxes(pred: np.ndarray, boxes: np.ndarray, margin: float = BOX_MARGIN) -> dict:
    """Pd / Fa counts of one image against boxes (see ``BOX_CONVENTION``); ``matched_pred`` /
    ``matched_box``: the indices of the components and boxes that matched."""
    from workbench.core.evaluation.segmentation import components

    area, cent = components(pred)
    free = list(range(len(area)))
    matched_pred, matched_box = [], []
    for bi, (x, y, w, h) in enumerate(boxes):
        for k, pi in enumerate(free):
            cx, cy = cent[pi]
            if x - margin <= cx <= x + w + margin and y - margin <= cy <= y + h + margin:
                matched_pred.append(pi)
                matched_box.append(bi)
                del free[k]
                break
    return {"targets": len(boxes), "matched": len(matched_box), "false_pixels": int(area[free].sum()) if free else 0,
            "matched_pred": matched_pred, "matched_box": matched_box}


def is_box_dataset(root: str | Path) -> bool:
    """A folder with ``images/`` and YOLO ``labels/`` but no ``masks/`` (IST-A as stored here)."""
    root = Path(root)
    return (root / "images").is_dir() and (root / "labels").is_dir() and not (root / "masks").is_dir()


class BoxSet:
    """A box-labelled folder (``images/`` + YOLO ``labels/``, IST-A as stored here): the images that have a
    label file, their boxes (normalised; ``boxes(i, shape)`` in pixels of that image), ``names``. The label
    files are read and checked by the core's YOLO reader when the set is made, before any image is used; an
    image without a label file is left out (the core's rule) and ``warnings`` says so. ``split``: a split file
    (a path, or a name in ``splits/`` as for SIRST-style sets): only the images it names, in its order."""

    def __init__(self, root: str | Path, split: str | Path | None = None):
        from workbench.core.data import yolo
        from workbench.core.data.images import list_frames
        from workbench.core.data.sirst import read_split, resolve_split
        from workbench.core.errors import DataError

        self.root = root = Path(root)
        all_paths, twice = list_frames(root / yolo.IMAGES)  # 000003.png beside 000003.bmp: once
        if not all_paths:
            from workbench.core.data.folder import split_layout

            unread = split_layout(root)
            raise DataError(root / yolo.IMAGES, f"holds no images{': ' + unread if unread else ''}")
        self.split = resolve_split(root, split)
        self.warnings = twice
        if self.split is not None:
            names = read_split(self.split)
            if not names:
                raise DataError(self.split, "split file lists no images")
            by_stem = {p.stem: p for p in all_paths}
            absent = [n for n in names if n not in by_stem]
            if len(absent) == len(names):
                raise DataError(self.split, f"names none of the images in {root / yolo.IMAGES} "
                                            f"(first {names[0]!r})")
            if absent:
                self.warnings.append(f"{self.split}: {len(absent)} of {len(names)} names have no image in "
                                     f"{root / yolo.IMAGES} (first {absent[0]!r}); skipped")
            all_paths = [by_stem[n] for n in names if n in by_stem]
        self.paths, self.labels, missing = [], [], []
        for p in all_paths:
            lf = root / yolo.LABELS / f"{p.stem}.txt"
            if not lf.is_file():
                missing.append(lf.name)
                continue
            self.paths.append(p)
            # normalised boxes (an image of size 1 x 1), scaled to each image's size when it is scored
            self.labels.append(np.array([b[:4] for b in yolo.read_yolo(lf, 1, 1)], np.float64).reshape(-1, 4))
        if not self.paths:
            raise DataError(root / yolo.LABELS, f"no label file for any of the {len(all_paths)} images in "
                                                 f"{root / yolo.IMAGES}: nothing to score")
        self.names = [p.stem for p in self.paths]
        self.warnings += [f"{root / yolo.LABELS}: no label file for {len(missing)} of {len(all_paths)} images "
                          f"(first {missing[0]}); not scored"] if missing else []

    def __len__(self) -> int:
        return len(self.paths)

    def image(self, i: int) -> np.ndarray:
        from workbench.core.data.finite import finite_frame
        from workbench.core.data.images import read_image

        # NaN / inf pixels repaired and said, as the SIRST reader does
        return finite_frame(self, read_image(self.paths[i]), i, self.root, lambda: list(self.paths))

    def boxes(self, i: int, shape) -> np.ndarray:
        """(n, 4) x, y, w, h in pixels of an image of ``shape`` (H, W)."""
        h, w = shape[:2]
        return self.labels[i] * (w, h, w, h)


def evaluate_boxes(ctx: JobContext | None, root, method, split: str | Path | None = None, on_image=None) -> dict:
    """Pd / Fa of a segmenter (or logits function) on a box-labelled folder (``BOX_CONVENTION``; ``root`` a
    path or a ``BoxSet``; ``split``: only the images a split file names), with the Pd-Fa curve over
    ``PDFA_LOGITS`` and per-image counts. ``on_image(i, pred, boxes)``: called with each image's scored
    prediction (bool, logits > 0) and its boxes in pixels (masks and pictures of a run). ``zero_of_none``: Pd with
    no box (0 / 0, scored 0 as the mask scorer scores it) named, as ``SegmentationReport.zero_of_none``."""
    from workbench.core.data.sequence import ArrayFrames, Sequence
    from workbench.core.evaluation.segmentation import PDFA_LOGITS, pdfa_add, sigmoid, zero_reasons

    bs = root if isinstance(root, BoxSet) else BoxSet(root, split)
    seg = method if hasattr(method, "predict") else LogitsSegmenter(method)
    seq = Sequence(bs.root.name, ArrayFrames(len(bs), bs.image), "gray", uniform=False)  # an image set: sizes may differ
    targets = matched = false_pixels = pixels = 0
    curve_matched = np.zeros(len(PDFA_LOGITS), np.int64)
    curve_false = np.zeros(len(PDFA_LOGITS), np.int64)
    rows, secs = [], 0.0
    for i, out in iter_segment(seg, seq, ctx=ctx):
        logits = scored_logits(out)  # mask sets' rule (segmentation.score_split)
        h, w = logits.shape[:2]
        boxes = bs.boxes(i, (h, w))
        r = match_boxes(logits > 0, boxes)
        if on_image is not None:
            on_image(i, logits > 0, boxes)
        targets, matched, false_pixels, pixels = (targets + r["targets"], matched + r["matched"],
                                                  false_pixels + r["false_pixels"], pixels + h * w)
        pdfa_add(curve_matched, curve_false, logits, lambda pred: match_boxes(pred, boxes), r)  # the same rule
        secs += out.seconds
        rows.append({"name": bs.names[i], "targets": r["targets"], "matched": r["matched"],
                     "false_pixels": r["false_pixels"], "seconds": out.seconds})
    fa = false_pixels / pixels if pixels else 0.0
    curve = {"thresholds": sigmoid(PDFA_LOGITS).tolist(),
             "pd": (curve_matched / targets if targets else np.zeros(len(PDFA_LOGITS))).tolist(),
             "fa": (curve_false / pixels if pixels else np.zeros(len(PDFA_LOGITS))).tolist()}
    return {"pd": matched / targets if targets else 0.0, "fa": fa, "fa_e6": fa * 1e6, "images": len(bs),
            "targets": targets, "matched": matched, "miou": None, "niou": None,
            "fps": len(bs) / secs if secs > 0 else float("nan"), "convention": BOX_CONVENTION,
            "split": None if bs.split is None else str(bs.split),
            "warnings": list(bs.warnings), "pd_fa": curve, "per_image": rows,
            "zero_of_none": zero_reasons(targets=targets, pixels=pixels)}
