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

from workbench.core.data.irseq import TARGET  # noqa: F401 - the class index, as the core scorer's
from workbench.core.evaluation.detection import RULE, Counts  # noqa: F401 - public names of this module
from workbench.core.evaluation.detection import match_frame as _match_points


def match_frame(dets, labels, match_px: float = 3.0) -> tuple[Counts, list[int], list[int]]:
    """Counts of one frame and which detections / labels matched (index lists of the matched ones),
    by the core's rule (``workbench.core.evaluation.detection``).

    ``dets``: objects with cx, cy, score, cls; ``labels``: objects with cx, cy, cls."""
    points = [(d.cx, d.cy) for d in dets]
    scores = [d.score for d in dets]
    is_target = [getattr(d, "cls", TARGET) == TARGET for d in dets]
    return _match_points(points, scores, [(lab.cx, lab.cy, lab.cls) for lab in labels], match_px, is_target)


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
