"""GOT-10k's measures, AO, SR0.5 and SR0.75, as the GOT-10k toolkit (``got10k.experiments.ExperimentGOT10k``,
its validation report; the evaluation server reports the same three) computes them from result files.

- Frames: every frame after the first tracked one (the toolkit drops frame 1, the initialisation), and of
  those only the frames where the target is visible: GOT-10k's ``cover.label`` above 0 (the reader's per-frame
  ``full_occlusion`` flag is cover 0) and, for other layouts, a present groundtruth box (NaN / zero size and
  the ``absent`` / ``absence`` flags are left out): "ignore frames where the target is absent".
- IoU: ``rect_iou`` with ``bound`` = the image size (width, height): both boxes clipped to the image first
  (x, y into 0..W / 0..H, then w, h into what is left), no +1 pixel convention, eps in the denominator.
- AO = mean IoU, SR0.5 / SR0.75 = fraction of IoU > 0.5 / > 0.75, over the frames of ALL sequences pooled (a
  long sequence weighs more), as the toolkit's overall figures; per sequence the same over its frames.
- A missing box (NaN, a stopped run) is IoU 0 (the toolkit's ``np.mean`` would turn AO into NaN).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from workbench.core.boxes import absent_mask, as_boxes
from workbench.core.evaluation.ope import absent_flags

CONVENTION = ("GOT-10k (toolkit's ExperimentGOT10k): frames after the first with the target visible (cover > 0, "
              "absent-target frames excluded), IoU of boxes clipped to the image, AO = mean IoU, SR0.5 / SR0.75 = "
              "IoU > 0.5 / 0.75, frames pooled over sequences")


def bounded_iou(pred, gt, bound=None) -> np.ndarray:
    """Row-wise IoU of ``x,y,w,h`` boxes, both clipped to ``bound`` = (width, height) as ``rect_iou`` clips them;
    NaN rows give 0."""
    a, b = as_boxes(pred).astype(float).copy(), as_boxes(gt).astype(float).copy()
    if bound is not None:
        w, h = float(bound[0]), float(bound[1])
        for r in (a, b):
            r[:, 0] = np.clip(r[:, 0], 0, w)
            r[:, 1] = np.clip(r[:, 1], 0, h)
            r[:, 2] = np.clip(r[:, 2], 0, w - r[:, 0])
            r[:, 3] = np.clip(r[:, 3], 0, h - r[:, 1])
    x0, y0 = np.maximum(a[:, 0], b[:, 0]), np.maximum(a[:, 1], b[:, 1])
    x1 = np.minimum(a[:, 0] + a[:, 2], b[:, 0] + b[:, 2])
    y1 = np.minimum(a[:, 1] + a[:, 3], b[:, 1] + b[:, 3])
    inter = np.maximum(x1 - x0, 0) * np.maximum(y1 - y0, 0)
    union = a[:, 2] * a[:, 3] + b[:, 2] * b[:, 3] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        ious = np.clip(inter / (union + np.finfo(float).eps), 0.0, 1.0)
    return np.nan_to_num(ious, nan=0.0)


@dataclass
class Got10kScores:
    ious: np.ndarray = field(repr=False)  # the scored frames' IoU

    @property
    def frames(self) -> int:
        return int(len(self.ious))

    def scores(self) -> dict:
        n = len(self.ious)
        nan = float("nan")
        return {"ao": float(np.mean(self.ious)) if n else nan,
                "sr_50": float(np.mean(self.ious > 0.5)) if n else nan,
                "sr_75": float(np.mean(self.ious > 0.75)) if n else nan,
                "frames": n}


def sequence_ious(pred, gt, start: int = 0, bound=None, hidden: np.ndarray | None = None) -> np.ndarray:
    """The scored frames' IoU of one sequence: frames after ``start`` (the initialisation) whose target is
    visible (present box, not flagged in ``hidden``)."""
    pred, gt = as_boxes(pred), as_boxes(gt)
    if len(pred) != len(gt):
        raise ValueError(f"{len(pred)} predicted boxes for {len(gt)} groundtruth boxes")
    keep = ~absent_mask(gt)
    if hidden is not None:
        keep &= ~np.asarray(hidden, bool)
    keep[:start + 1] = False
    return bounded_iou(pred[keep], gt[keep], bound)


@dataclass
class Got10kReport:
    tracker: str
    sequences: dict[str, Got10kScores]
    missing: list[str] = field(default_factory=list)
    partial: dict = field(default_factory=dict)

    @property
    def overall(self) -> Got10kScores:
        parts = [s.ious for s in self.sequences.values()]
        return Got10kScores(np.concatenate(parts) if parts else np.zeros(0))


def evaluate(folder_scores, groundtruth: dict, attributes: dict | None = None,
             sizes: dict | None = None) -> list[Got10kReport]:
    """``Got10kReport`` per tracker of ``folders.score_folder``'s result (its boxes and start frames);
    ``sizes``: ``{seq: (width, height)}``, the clipping bound."""
    out = []
    for r in folder_scores.reports:
        res, starts = folder_scores.results[r.tracker], folder_scores.starts[r.tracker]
        seqs = {}
        for seq, boxes in res.items():
            gt = groundtruth[seq]
            seqs[seq] = Got10kScores(sequence_ious(boxes, gt, starts.get(seq, 0), (sizes or {}).get(seq),
                                                   absent_flags((attributes or {}).get(seq), len(gt))))
        out.append(Got10kReport(r.tracker, seqs, list(r.missing), dict(r.partial)))
    return out


def report_dict(reports: list[Got10kReport]) -> dict:
    from workbench.core.evaluation.ope import partial_fields

    out = {}
    for r in reports:
        d = {seq: {**s.scores(), **partial_fields(r, seq)} for seq, s in r.sequences.items()}
        d["_all"] = {**r.overall.scores(), "sequences": len(r.sequences), "convention": CONVENTION,
                     "partial_sequences": sorted(r.partial)}
        if r.missing:
            d["_missing"] = list(r.missing)
        out[r.tracker] = d
    return out


def format_table(reports: list[Got10kReport], with_sequences: bool = False) -> str:
    from workbench.core.evaluation.plots import render_table

    rows = []
    for r in reports:
        items = (sorted(r.sequences.items()) if with_sequences else []) + [("ALL", r.overall)]
        for seq, s in items:
            sc = s.scores()
            rows.append([r.tracker + (" *" if r.partial and seq == "ALL" else ""), seq, f"{sc['ao']:.3f}",
                         f"{sc['sr_50']:.3f}", f"{sc['sr_75']:.3f}", str(sc["frames"])])
    return render_table(["tracker", "sequence", "AO", "SR0.5", "SR0.75", "frames"], rows) + "\n" + CONVENTION
