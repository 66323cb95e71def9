"""Scores of a detector's or a segmenter's run over a sequence as its frames come in.

Both keep per-frame counts (a frame not done yet is NaN) and give, for the window's timeline, per-frame
curves and the scores accumulated over the frames done so far, in frame order; ``summary()`` is the
whole run's scores by the same rules as the batch scorers:

* ``RunningDetection``: the matching rule of ``evaluation.detection`` (``match_frame``) against the
  sequence's point labels; precision, recall, F1 from the summed TP / FP / FN.
* ``RunningSegmentation``: per-frame numbers from ``SegmentationMetrics.update`` (or a frame without a
  label mask: its predicted targets only); mIoU from the summed TP / FP / FN, nIoU the mean per-frame
  IoU, Pd matched / labelled targets, Fa unmatched predicted pixels / pixels (x 1e6 as the papers print).
  A box- / point-labelled sequence's frames: ``irst_boxes.match_boxes``' counts, Pd and Fa alone.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from workbench.core.evaluation.detection import MATCH_PX, Counts, match_frame, scores_dict


def _so_far(done: np.ndarray, *columns: np.ndarray) -> list[np.ndarray]:
    """Cumulative sums over the frames done, in frame order (NaN at frames not done)."""
    out = []
    for c in columns:
        v = np.cumsum(np.where(done, np.nan_to_num(c), 0.0))
        v[~done] = np.nan
        out.append(v)
    return out


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(b > 0, a / np.where(b > 0, b, 1), 0.0)
    r[~np.isfinite(a)] = np.nan
    return r


def _defined_ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a / b, NaN where b is 0 (undefined) or a is NaN (a frame not done)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1), np.nan)


class RunningDetection:
    """``add(i, points, scores, is_target)`` per frame; ``labels``: ``[(cx, cy, cls), ...]`` per frame,
    or None for a sequence without point labels (then only the counts of detections are kept)."""

    def __init__(self, n: int, labels: Sequence | None = None, match_px: float = MATCH_PX,
                 unlabelled: Sequence[int] | None = None):
        self.n = int(n)
        self.labels = labels
        self.match_px = float(match_px)
        self.unlabelled = set(int(i) for i in (unlabelled or ()))  # frames the labels do not cover: not scored
        self.count = np.full(self.n, np.nan)
        self.target_count = np.full(self.n, np.nan)  # detections of the target class (what TP + FP count)
        self.labelled = np.full(self.n, np.nan)
        self.tp = np.full(self.n, np.nan)
        self.fp = np.full(self.n, np.nan)
        self.fn = np.full(self.n, np.nan)

    @property
    def scored(self) -> bool:
        return self.labels is not None

    def add(self, i: int, points, scores, is_target: Sequence[bool] | None = None) -> Counts | None:
        if not 0 <= i < self.n:
            raise IndexError(f"frame {i} outside 0..{self.n - 1}")
        self.count[i] = len(np.asarray(scores).reshape(-1))
        self.target_count[i] = self.count[i] if is_target is None else int(np.sum(np.asarray(is_target, bool)))
        if self.labels is None or i in self.unlabelled:
            return None
        labs = self.labels[i] if i < len(self.labels) else []
        c = match_frame(points, scores, labs, self.match_px, is_target)[0]
        self.labelled[i] = c.tp + c.fn
        self.tp[i], self.fp[i], self.fn[i] = c.tp, c.fp, c.fn
        return c

    @property
    def done(self) -> np.ndarray:
        return np.isfinite(self.count)

    def series(self) -> dict[str, np.ndarray]:
        s = {"count": self.count.copy()}
        if self.scored:
            done = self.done
            tp, fp, fn = _so_far(done, self.tp, self.fp, self.fn)
            # as ``detection.Counts``: undefined (0 / 0: no detections so far, no precision) is NaN, a gap in the
            # Timeline's curve, not 0; F1 = 2 TP / (2 TP + FP + FN)
            s.update(labelled=self.labelled.copy(), precision=_defined_ratio(tp, tp + fp),
                     recall=_defined_ratio(tp, tp + fn), f1=_defined_ratio(2 * tp, 2 * tp + fp + fn))
        return s

    def counts(self) -> Counts:
        d = self.done & np.isfinite(self.tp)  # done and scored (an unlabelled frame is only counted)
        return Counts(int(np.nansum(self.tp[d])), int(np.nansum(self.fp[d])), int(np.nansum(self.fn[d])),
                      int(d.sum()))

    def summary(self) -> dict | None:
        """The run's scores over the frames done (``scores_dict``), or None without labels."""
        return scores_dict(self.counts(), self.match_px) if self.scored else None


class RunningSegmentation:
    """``add(i, n_targets, frame_scores, pixels)`` per frame; ``frame_scores`` is the dict
    ``SegmentationMetrics.update`` returns for the frame against its label mask, or the counts
    ``irst_boxes.match_boxes`` gives against its labelled boxes (a box- / point-labelled sequence, no masks:
    Pd and Fa only, by the box rule ``segment`` scores such sets with; ``boxes`` then True); None: the frame has
    neither."""

    def __init__(self, n: int):
        self.n = int(n)
        nan = lambda: np.full(self.n, np.nan)  # noqa: E731
        self.count, self.iou = nan(), nan()
        self.tp, self.fp, self.fn = nan(), nan(), nan()
        self.targets, self.matched, self.false_pixels, self.pixels = nan(), nan(), nan(), nan()
        self.boxes = False  # scored against labelled boxes (``BOX_CONVENTION``), not masks: no mIoU / nIoU

    def add(self, i: int, n_targets: int, frame_scores: dict | None = None, pixels: int | None = None) -> None:
        if not 0 <= i < self.n:
            raise IndexError(f"frame {i} outside 0..{self.n - 1}")
        self.count[i] = n_targets
        if frame_scores is not None:
            f = frame_scores
            if "iou" in f:
                self.iou[i] = f["iou"]
                self.tp[i], self.fp[i], self.fn[i] = f["tp"], f["fp"], f["fn"]
            else:  # match_boxes' counts: Pd / Fa only
                self.boxes = True
            self.targets[i], self.matched[i] = f["targets"], f["matched"]
            self.false_pixels[i] = f["false_pixels"]
            self.pixels[i] = pixels if pixels is not None else np.nan

    @property
    def done(self) -> np.ndarray:
        """The frames scored so far (against a mask or boxes)."""
        return np.isfinite(self.targets)

    @property
    def scored(self) -> bool:
        return bool(self.done.any())

    def series(self) -> dict[str, np.ndarray]:
        s = {"count": self.count.copy()}
        if self.scored:
            done = self.done
            tp, fp, fn, t, m, fpx, px = _so_far(done, self.tp, self.fp, self.fn, self.targets, self.matched,
                                                  self.false_pixels, self.pixels)
            # Pd before any labelled target is 0 / 0: NaN (a gap in the curve, nothing in the readout), not 0
            pd, fa_e6 = _defined_ratio(m, t), _ratio(fpx, px) * 1e6
            if self.boxes:  # by the box rule (its own curves, named so); boxes give no IoU
                s.update(box_pd=pd, box_fa_e6=fa_e6)
            else:
                s.update(iou=self.iou.copy(), miou=_ratio(tp, tp + fp + fn), pd=pd, fa_e6=fa_e6)
        return s

    def summary(self) -> dict | None:
        """mIoU, nIoU, Pd, Fa (and x 1e6), the counts, over the labelled frames done; None without any. A 0 / 0
        score is 0 as the batch scorer has it, and named in ``zero_of_none`` (``segmentation.zero_reasons``).
        Box-scored (``boxes``): Pd and Fa as ``irst_boxes.evaluate_boxes`` gives them (mIoU / nIoU None),
        ``convention`` its rule."""
        from workbench.core.evaluation.segmentation import zero_reasons

        done = self.done
        if not done.any():
            return None
        t, m = float(np.sum(self.targets[done])), float(np.sum(self.matched[done]))
        px = float(np.nansum(self.pixels[done]))
        fa = float(np.sum(self.false_pixels[done])) / px if px > 0 else 0.0
        if self.boxes:
            from workbench.core.evaluation.irst_boxes import BOX_CONVENTION

            return {"miou": None, "niou": None, "pd": m / t if t else 0.0, "fa": fa, "fa_e6": fa * 1e6,
                    "images": int(done.sum()), "targets": int(t), "matched": int(m), "convention": BOX_CONVENTION,
                    "zero_of_none": zero_reasons(targets=t, pixels=px)}
        tp, fp, fn = (float(np.sum(a[done])) for a in (self.tp, self.fp, self.fn))
        return {"miou": tp / (tp + fp + fn) if tp + fp + fn else 0.0, "niou": float(np.mean(self.iou[done])),
                "pd": m / t if t else 0.0, "fa": fa, "fa_e6": fa * 1e6, "images": int(done.sum()),
                "targets": int(t), "matched": int(m),
                "zero_of_none": zero_reasons(targets=t, pixels=px, tp=tp, fp=fp, fn=fn, images=int(done.sum()),
                                             empty_images=int(np.sum((self.tp + self.fp + self.fn)[done] == 0)))}
