"""The detector's post-processing: the per-frame rule (``keep_strongest``) and detections confirmed by
their trajectories over the whole sequence (``confirm``, the ``tracks`` setting).

A dim target moves smoothly from frame to frame; most false alarms of the per-frame detector do not
(clutter edges, noise, a sensor's blemish flicker in and out). ``confirm`` links the target-class
detections of every frame that score at least ``floor`` into trajectories (``mining.link``: greedy,
strongest first, to the nearest trajectory whose last point is at most ``max_step`` px per elapsed
frame away, gaps up to ``max_gap`` frames) and keeps a detection only when its trajectory has at least
``min_len`` points and their mean score is at least ``min_score``. With ``fill`` a kept trajectory also
gets a point in every frame of its span it has none (interpolated between its neighbours, the mean
score x 0.99): the misses of a target the detector saw just before and after. Last, the per-frame rule
(``relative``, ``max_targets``) runs on each frame's confirmed targets.

The paper uses trajectories to mine training data (false alarms and misses, ``mining.py``); here the
same linking is a test-time filter, as track-before-detect schemes confirm dim targets by their motion.
It needs the whole sequence, so it runs when a run ends (``SeqIRSTDetector.finish``); the frames shown
during a run are the per-frame rule's. Chosen by leave-one-recording-group-out, nested
(weights/PROVENANCE.md, "Trajectory confirmation").
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from workbench.core.data.irseq import TARGET
from workbench.core.errors import WorkbenchError
from workbench_seq_irst.config import TRACK_DEFAULTS


@dataclass(frozen=True)
class TrackRule:
    floor: float = TRACK_DEFAULTS["floor"]  # candidates: target detections scoring at least this
    min_len: int = TRACK_DEFAULTS["min_len"]  # points a trajectory needs
    min_score: float = TRACK_DEFAULTS["min_score"]  # the mean score its points need
    max_step: float = TRACK_DEFAULTS["max_step"]  # px per elapsed frame
    max_gap: int = TRACK_DEFAULTS["max_gap"]  # frames a trajectory may skip
    fill: bool = TRACK_DEFAULTS["fill"]  # interpolated points in the frames of a kept trajectory's span that have none

    def __post_init__(self):
        if not 0.0 <= self.floor <= 1.0 or not 0.0 <= self.min_score <= 1.0:
            raise WorkbenchError(f"track rule: floor and min_score are scores in 0..1, got {self.floor}, "
                                 f"{self.min_score}")
        if self.min_len < 1 or self.max_gap < 0 or not self.max_step > 0:
            raise WorkbenchError(f"track rule: min_len >= 1, max_gap >= 0 and max_step > 0 needed, got "
                                 f"{self.min_len}, {self.max_gap}, {self.max_step}")

    @property
    def key(self) -> str:
        return f"{self.floor:g}/{self.min_len}/{self.min_score:g}/{self.max_step:g}/{self.max_gap}/{int(self.fill)}"

    @classmethod
    def from_key(cls, key: str) -> "TrackRule":
        """``key``'s inverse (the first six fields of a sweep's setting, e.g. ``0.1/8/0.5/8/10/1/0.9``)."""
        floor, n, score, step, gap, fill = key.split("/")[:6]
        return cls(float(floor), int(n), float(score), float(step), int(gap), bool(int(fill)))


def keep_strongest(dets: list, relative: float = 0.0, max_targets: int = 0) -> list:
    """The frame's detections scoring at least ``relative`` x its best (0: all), best first, at most
    ``max_targets`` of them (0: no cap). Chosen by leave-one-recording-out (weights/PROVENANCE.md)."""
    if not dets or (relative <= 0 and max_targets <= 0):
        return dets
    dets = sorted(dets, key=lambda d: -d.score)
    if relative > 0:
        dets = [d for d in dets if d.score >= relative * dets[0].score]
    return dets[:max_targets] if max_targets > 0 else dets


def confirm(per_frame: list[list], rule: TrackRule, relative: float = 0.0, max_targets: int = 0) -> list[list]:
    """Per-frame ``Detection`` lists (any scores) -> the confirmed targets of each frame (per-frame rule
    applied last). Detections of other classes are not returned."""
    from workbench_seq_irst.mining import link
    from workbench_seq_irst.model import Detection

    cand = [[d for d in ds if d.score >= rule.floor and getattr(d, "cls", TARGET) == TARGET] for ds in per_frame]
    out: list[list] = [[] for _ in per_frame]
    for tr in link(cand, max_step=rule.max_step, max_gap=rule.max_gap, min_len=rule.min_len):
        mean = float(np.mean([d.score for d in tr.points.values()]))
        if mean < rule.min_score:
            continue
        for f, d in tr.points.items():
            out[f].append(d)
        if rule.fill:
            for f in range(tr.first + 1, tr.last):
                if f not in tr.points:
                    x, y = tr.position(f)
                    prev = tr.points[max(k for k in tr.points if k < f)]
                    out[f].append(Detection(x, y, prev.w, prev.h, mean * 0.99, TARGET, f))
    return [keep_strongest(ds, relative, max_targets) for ds in out]


# the grid the shipped rule was chosen from (``loso --sweep-tracks``); relative 0 / 0.9 after it; gaps of 5 and
# 10 frames joined it in round 7 (weights/PROVENANCE.md)
GRID_GAPS = (2, 5, 10)
GRID = [TrackRule(floor, n, s, step, gap, bool(fill)) for floor, n, s, step, gap, fill in itertools.product(
    (0.05, 0.1, 0.15, 0.25), (1, 2, 3, 5, 8), (0.15, 0.25, 0.35, 0.5), (4.0, 8.0), GRID_GAPS, (0, 1))]
GRID_RELATIVE = (0.0, 0.9)
