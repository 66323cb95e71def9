"""Detection scores against labelled points: precision, recall and F1 with the TP / FP / FN counts,
one rule for the CLI (``workbench detect``), the plugins and the window.

Matching rule (stated in every report, ``RULE``): per frame, the target-class detections, highest
score first, are each matched to the nearest still-unmatched target label whose centre is at most
``match_px`` pixels away (Euclidean centroid distance, default 3 px, as Pd for segmentation; on a
tie the later label wins); a matched detection is a TP, an unmatched one an FP, an unmatched target
label an FN. Labels and detections of other classes (interference) count neither way. A frame
without labels is still scored (a detection there is an FP). Over frames the counts are summed
(micro average).

Undefined scores (0 / 0) are None, null in JSON, and written "—" by ``score_text`` (every reader's one
formatter), never 0: precision TP / (TP + FP) with no detections, recall TP / (TP + FN) with no target labels.
F1 is 2 TP / (2 TP + FP + FN), the harmonic mean of P and R where both are defined and, as scikit-learn's
``f1_score`` counts it, 0 where TP = 0 but something was labelled or detected (no detections against labels:
F1 0, P undefined; false alarms on frames without labels: F1 0, R undefined); None only with neither labels
nor detections (TP + FP + FN = 0: nothing to score).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

TARGET = 0  # the class index of a target in point labels
MATCH_PX = 3.0
RULE = "centroid distance <= {px:g} px, greedy by score, target class only"


UNDEFINED = "\u2014"  # an undefined score (0 / 0) as text, as plots.spread_text writes an undefined spread


def precision_of(tp: int, fp: int) -> float | None:
    """TP / (TP + FP); None without detections (undefined, not 0)."""
    return tp / (tp + fp) if tp + fp else None


def recall_of(tp: int, fn: int) -> float | None:
    """TP / (TP + FN); None without target labels (undefined, not 0)."""
    return tp / (tp + fn) if tp + fn else None


def f1_of(tp: int, fp: int, fn: int) -> float | None:
    """2 TP / (2 TP + FP + FN): 0 where TP = 0 and anything was labelled or detected; None where neither was."""
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None


def score_text(value, digits: int = 3, percent: bool = False) -> str:
    """A precision / recall / F1 as text: ``UNDEFINED`` ("\u2014") for None or NaN (0 / 0, see the module's
    docstring), else the value to ``digits`` decimals (x 100 with ``percent``). Every reader of these scores
    (the CLI, the plugins' tables and logs, the window) writes them with this."""
    if value is None:
        return UNDEFINED
    v = float(value)
    if v != v:
        return UNDEFINED
    return f"{100 * v if percent else v:.{digits}f}"


def mean_defined(values) -> tuple[float | None, int]:
    """(the mean of the defined values (None and NaN left out), how many there were); (None, 0) when none is:
    a fold mean where a fold's score is undefined (no detections: no precision) is taken over the other folds."""
    vals = [float(v) for v in values if v is not None and float(v) == float(v)]
    return (sum(vals) / len(vals) if vals else None), len(vals)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    frames: int = 0

    def add(self, other: "Counts") -> "Counts":
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.frames + other.frames)

    @property
    def precision(self) -> float | None:
        return precision_of(self.tp, self.fp)

    @property
    def recall(self) -> float | None:
        return recall_of(self.tp, self.fn)

    @property
    def f1(self) -> float | None:
        return f1_of(self.tp, self.fp, self.fn)

    def as_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "tp": self.tp,
                "fp": self.fp, "fn": self.fn, "frames": self.frames}


def match_frame(points, scores, labels: Sequence, match_px: float = MATCH_PX,
                is_target: Sequence[bool] | None = None) -> tuple[Counts, list[int], list[int]]:
    """One frame: ``(Counts, matched detection indices, matched label indices)``.

    ``points``: (K, 2) detection centres (x, y); ``scores``: (K,); ``labels``: ``(cx, cy, cls)`` per
    labelled point; ``is_target``: per detection, whether it is of the target class (None: all are)."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    sc = np.asarray(scores, dtype=np.float64).reshape(-1)
    dets = [k for k in range(len(pts)) if is_target is None or bool(is_target[k])]
    dets.sort(key=lambda k: -float(sc[k]))  # stable: equal scores keep the detector's order
    targets = [j for j, lab in enumerate(labels) if int(lab[2]) == TARGET]
    free = list(targets)
    md, ml = [], []
    for k in dets:
        best, bd = None, match_px
        for j in free:
            d = float(np.hypot(pts[k, 0] - float(labels[j][0]), pts[k, 1] - float(labels[j][1])))
            if d <= bd:
                best, bd = j, d
        if best is not None:
            free.remove(best)
            md.append(k)
            ml.append(best)
    return Counts(tp=len(md), fp=len(dets) - len(md), fn=len(targets) - len(ml), frames=1), md, ml


def score_detections(frames: Iterable[tuple], match_px: float = MATCH_PX) -> Counts:
    """Summed counts over frames; each item is ``(points, scores, labels)`` or
    ``(points, scores, labels, is_target)`` as ``match_frame`` takes them."""
    total = Counts()
    for item in frames:
        points, scores, labels = item[:3]
        is_target = item[3] if len(item) > 3 else None
        total = total.add(match_frame(points, scores, labels, match_px, is_target)[0])
    return total


def scores_dict(counts: Counts, match_px: float = MATCH_PX) -> dict:
    """The counts as a report: precision, recall, F1, TP / FP / FN, frames, the rule."""
    return {**counts.as_dict(), "match_px": match_px, "rule": RULE.format(px=match_px)}
