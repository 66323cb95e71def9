"""Precision, recall and F1 of a detector against labelled frames (the paper's Eq. 5-7).

Matching rule (stated in every report): per frame, the ``target``-class detections, highest score
first, are each matched to the nearest still-unmatched ``target`` label whose centre is at most
``match_px`` pixels away (Euclidean centroid distance, default 3 px, as the workbench's Pd for
segmentation); a matched detection is a TP, an unmatched one an FP, an unmatched label an FN.
Interference labels and detections the network itself classes as interference are not targets and
count neither way. Frames without any label in an unlabelled region are still scored (a detection
there is an FP). Per sequence and overall; overall sums the counts (micro average).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from workbench.core.data.irseq import TARGET

RULE = "centroid distance <= {px:g} px, greedy by score, target class only"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    frames: int = 0

    def add(self, other: "Counts") -> "Counts":
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.frames + other.frames)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "tp": self.tp,
                "fp": self.fp, "fn": self.fn, "frames": self.frames}


def match_frame(dets, labels, match_px: float = 3.0) -> tuple[Counts, list[int], list[int]]:
    """Counts of one frame and which detections / labels matched (index lists of the matched ones).

    ``dets``: objects with cx, cy, score, cls; ``labels``: objects with cx, cy, cls."""
    d_idx = [k for k, d in enumerate(dets) if getattr(d, "cls", TARGET) == TARGET]
    d_idx.sort(key=lambda k: -dets[k].score)
    l_idx = [k for k, lab in enumerate(labels) if lab.cls == TARGET]
    free = set(l_idx)
    md, ml = [], []
    for k in d_idx:
        best, bd = None, match_px
        for j in free:
            dist = float(np.hypot(dets[k].cx - labels[j].cx, dets[k].cy - labels[j].cy))
            if dist <= bd:
                best, bd = j, dist
        if best is not None:
            free.discard(best)
            md.append(k)
            ml.append(best)
    c = Counts(tp=len(md), fp=len(d_idx) - len(md), fn=len(l_idx) - len(ml), frames=1)
    return c, md, ml


def score_sequence(dets_per_frame, labels_per_frame, match_px: float = 3.0, frames=None) -> Counts:
    total = Counts()
    idx = range(len(labels_per_frame)) if frames is None else frames
    for i in idx:
        total = total.add(match_frame(dets_per_frame[i], labels_per_frame[i], match_px)[0])
    return total


@dataclass
class Report:
    per_sequence: dict[str, Counts] = field(default_factory=dict)
    match_px: float = 3.0

    @property
    def overall(self) -> Counts:
        c = Counts()
        for v in self.per_sequence.values():
            c = c.add(v)
        return c

    def as_dict(self) -> dict:
        return {"rule": RULE.format(px=self.match_px), "match_px": self.match_px,
                **self.overall.as_dict(),
                "per_sequence": {k: v.as_dict() for k, v in self.per_sequence.items()}}
