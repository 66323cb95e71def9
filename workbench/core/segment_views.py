"""Pictures of a segmenter scored on a labelled image set (``segment --views``): what the score saw, per image.

The colours of the IR small-target papers' figures (LW-IRSTNet's Fig. 5): a predicted component matched to a
target in red, a target nobody matched in green, a predicted component matched to none (a false alarm) in blue,
by the same rule as Pd / Fa (mask sets: ``segmentation.match_targets``; box sets: ``irst_boxes.match_boxes``).
Every segmenter's ``segment`` draws them (LW-IRSTNet's and the core's, which the classic peers use); pictures of
images without labels are ``segment_plain.found_view`` (no truth: nothing is called correct or a false alarm).
"""
from __future__ import annotations

import numpy as np

from workbench.core.segment_plain import overlaid

CORRECT = (230, 25, 25)
MISSED = (20, 200, 20)
FALSE_ALARM = (40, 90, 255)
VIEWS_KEY = "red: detected, green: missed, blue: false alarm"  # said where the pictures are written
BOX_VIEWS_KEY = f"{VIEWS_KEY}; boxes outlined red when detected, green when missed"


def _pred_layers(pred: np.ndarray, hit: set) -> tuple[list, np.ndarray]:
    """(mask, colour) of each predicted component (red when its index is in ``hit``, else blue), and
    the components' stats rows."""
    import cv2

    _, plab, pstats, _ = cv2.connectedComponentsWithStats(pred.astype(np.uint8), connectivity=8)
    return [(plab == i, CORRECT if (i - 1) in hit else FALSE_ALARM) for i in range(1, pstats.shape[0])], pstats[1:]


def detection_view(image: np.ndarray, pred: np.ndarray, gt: np.ndarray, alpha: float = 0.55,
                   boxes: bool = True, distance: float = 3.0) -> np.ndarray:
    """RGB uint8 picture of one image: predicted components matched to a target (correct) in red,
    ground-truth targets nobody matched (missed) in green, unmatched predictions (false alarms) in
    blue; the same centroid rule as Pd / Fa. ``image`` any dtype, gray or colour."""
    import cv2

    from workbench.core.evaluation.segmentation import match_targets

    pred = np.asarray(pred, bool)
    gt = np.asarray(gt, bool)
    m = match_targets(pred, gt, distance)
    layers, stats = _pred_layers(pred, set(m["matched_pred"]))
    _, glab, gstats, _ = cv2.connectedComponentsWithStats(gt.astype(np.uint8), connectivity=8)
    matched_g = set(m["matched_gt"])
    for i in range(1, gstats.shape[0]):
        if (i - 1) not in matched_g:
            layers.append((glab == i, MISSED))
            stats = np.vstack([stats, gstats[i:i + 1]])
    out = overlaid(image, layers, alpha)
    if boxes:
        for (_, colour), st in zip(layers, stats):
            x, y, w, h = (int(v) for v in st[:4])
            cv2.rectangle(out, (x - 2, y - 2), (x + w + 1, y + h + 1), colour, 1)
    return out


def box_detection_view(image: np.ndarray, pred: np.ndarray, boxes: np.ndarray, alpha: float = 0.55) -> np.ndarray:
    """``detection_view`` for a box-labelled image: predicted components matched to a box (the box rule) in
    red, unmatched ones (false alarms) in blue; detected boxes outlined in red, missed boxes in green."""
    import cv2

    from workbench.core.evaluation.irst_boxes import match_boxes

    pred = np.asarray(pred, bool)
    m = match_boxes(pred, boxes)
    out = overlaid(image, _pred_layers(pred, set(m["matched_pred"]))[0], alpha)
    found = set(m["matched_box"])
    for bi, (x, y, w, h) in enumerate(boxes):
        x0, y0 = int(round(x)), int(round(y))
        x1, y1 = int(round(x + w)), int(round(y + h))
        cv2.rectangle(out, (x0 - 1, y0 - 1), (max(x1, x0 + 1), max(y1, y0 + 1)), CORRECT if bi in found else MISSED, 1)
    return out
