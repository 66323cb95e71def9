"""Post-processing of a saliency / logit map (paper Section III-C), pure numpy + OpenCV, no Qt.

``threshold -> cluster (8-connected) -> filter``: clustering runs once per frame; the feature filter
(pixel size in [m, k], box aspect ratio width / height in [l, n], inclusive) works on the clustered
components, so a GUI slider re-filters without re-running the network or re-labelling.
(The paper's Eq. (4) drops a target when size <= m or >= k ...: our bounds are kept values, inclusive.)
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from workbench.core.methods import Target


@dataclass
class Components:
    """8-connected components of a binary mask: the label image and one ``Target`` per label 1..n."""

    labels: np.ndarray  # int32 (H, W), 0 background
    targets: list[Target] = field(default_factory=list)

    def mask(self, keep: list[int] | None = None) -> np.ndarray:
        """Bool mask of the components with indices ``keep`` (0-based into ``targets``; None: all)."""
        if keep is None:
            return self.labels > 0
        lut = np.zeros(len(self.targets) + 1, bool)
        lut[np.asarray(keep, int) + 1] = True
        return lut[self.labels]


def binarize(logits: np.ndarray, threshold: float = 0.0) -> np.ndarray:
    return np.asarray(logits) > threshold


def cluster(mask: np.ndarray, scores: np.ndarray | None = None) -> Components:
    """Eight-connected clustering with ``cv2.connectedComponentsWithStats``; a target's ``score`` is
    the largest ``scores`` value inside it (when given)."""
    n, labels, stats, cents = cv2.connectedComponentsWithStats(np.asarray(mask, np.uint8), connectivity=8)
    targets = []
    peak = None
    if scores is not None and n > 1:
        peak = np.full(n, -np.inf)
        np.maximum.at(peak, labels.ravel(), np.asarray(scores, np.float64).ravel())
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        targets.append(Target(centroid=(float(cents[i][0]), float(cents[i][1])), pixels=area,
                              aspect_ratio=w / h, box=(float(x), float(y), float(w), float(h)),
                              score=float(peak[i]) if peak is not None else float("nan")))
    return Components(labels, targets)


def filter_indices(targets: list[Target], min_pixels: float = 0, max_pixels: float = np.inf,
                   min_aspect: float = 0.0, max_aspect: float = np.inf) -> list[int]:
    """Indices of the targets with ``min_pixels <= pixels <= max_pixels`` and
    ``min_aspect <= aspect_ratio <= max_aspect``."""
    return [i for i, t in enumerate(targets)
            if min_pixels <= t.pixels <= max_pixels and min_aspect <= t.aspect_ratio <= max_aspect]


def filter_targets(targets: list[Target], **bounds) -> list[Target]:
    return [targets[i] for i in filter_indices(targets, **bounds)]


def postprocess(logits: np.ndarray, threshold: float = 0.0, **bounds) -> tuple[np.ndarray, list[Target], Components]:
    """logits -> (filtered bool mask, kept targets, all components)."""
    comps = cluster(binarize(logits, threshold), logits)
    keep = filter_indices(comps.targets, **bounds)
    return comps.mask(keep), [comps.targets[i] for i in keep], comps
