"""Single-frame IR small-target segmentation metrics, computed the way DNANet / BasicIRSTD do.

Per image, ``update(logits, gt)``:

* the prediction is ``logits > 0`` (probability > 0.5); pass ``probabilities=True`` to give
  probabilities instead (then ``> 0.5``);
* mIoU: dataset-level foreground IoU, sum TP / sum (TP + FP + FN) over all images;
* nIoU: mean over images of the per-image IoU TP / (TP + FP + FN + eps) (an image with neither target
  nor prediction scores 0, as in BasicIRSTD);
* Pd: ground-truth targets are 8-connected components; each, in turn, is matched to the first still
  unmatched predicted component (8-connected) whose centroid lies under 3 px away (Euclidean, strict ``<``);
  Pd = matched targets / all targets. "In turn" and "first" are in the order of scikit-image's
  ``measure.label`` / ``regionprops``, which BasicIRSTD uses: components numbered by their first pixel in
  row-major order (OpenCV numbers them otherwise, which changed which of two close components a target took);
* Fa: pixels of predicted components left unmatched / all pixels (BasicIRSTD's ``dismatch_pixel /
  all_pixel``, its current ``true_img`` rule); ``fa`` is the plain fraction, ``fa_e6`` the same x 1e6 as the
  papers print it. ``fa_rule="areas"`` gives DNANet's and BasicIRSTD's earlier rule instead: a component is a
  false alarm when its AREA differs from every matched component's area (``[x for x in image_area_total if x
  not in image_area_match]``), so an unmatched component as large as a matched one is not counted;
* pixel precision, recall, F1 from the dataset sums;
* a score whose fraction is 0 / 0 (precision with no pixel predicted, recall / Pd with no target, ...) is 0, as the
  toolkits' eps makes it; the report names each such score and why (``zero_of_none``: the JSON's, and the note
  ``zero_note`` prints under ``segment``'s table), so that it is not read as measured;
* ROC: the threshold is swept over ``bins`` levels evenly spaced in logit (log-odds) over
  +-``LOGIT_RANGE`` (probabilities 1e-13 .. 1 - 1e-13), not in probability: a trained network puts
  nearly every background pixel under probability 0.005, so even probability bins leave one step
  (a straight line to (1, 1)) where the curve should be. TPR / FPR per pixel from histograms (exact for
  thresholds on the bin edges), thresholds reported as probabilities. AUC is the trapezoid area under
  (FPR, TPR) over the whole FPR range 0..1 on a linear axis; the field plots the curve with FPR on a
  log axis, where the low false-alarm region that matters is seen.
* DNANet's ROC (``ROCMetric``), when ``dnanet_bins`` is given (DNANet uses 10): the sigmoid of the logits in
  float32 thresholded with a strict ``>`` at k / bins, k = 0..bins; TPR = TP / (positives + 0.001), FPR =
  FP / (negatives + 0.001), pixels summed over the set (``report().dnanet_roc``). The ROC above is ours, not
  DNANet's: a paper table that quotes DNANet's curve needs this one.
* Pd-Fa curve (target level, the curve IR small-target papers plot beside the pixel ROC): the prediction
  is thresholded at each of ``PDFA_LOGITS`` (logits 30 .. -30 in steps of 2, the ROC's range: trained
  networks put most pixels' logits far beyond +-8; the operating point, logit 0 / probability 0.5, among them) and Pd / Fa are computed at each exactly as above
  (component matching, unmatched component pixels / all pixels). At logit 0 the curve's point is the
  report's Pd / Fa. Neither coordinate is monotone in the threshold in general: at a lenient
  threshold a target can merge with clutter and its centroid move out of reach.

``score_split`` scores a whole mask-labelled set with a segmenter or a logits function (report, per-image rows,
fps): the one scorer of such sets for every caller; box-labelled sets: ``irst_boxes.evaluate_boxes``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import cv2
import numpy as np

EPS = np.spacing(1)
MATCH_DISTANCE = 3.0
LOGIT_RANGE = 30.0  # the ROC's thresholds: logits -30 .. 30; scores beyond count in the end bins
PDFA_LOGITS = np.linspace(30.0, -30.0, 31)  # the Pd-Fa curve's thresholds, strict to lenient; 0.0 among them


def sigmoid(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, np.float64)
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # overflow-free


def components(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """8-connected components of a bool mask: (areas (n,), centroids (n, 2) as (x, y)), in OpenCV's label
    order (index i is label i + 1 of ``cv2.connectedComponents``)."""
    return _components(mask)[:2]


def _components(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``components`` and the indices of the components in scikit-image's order (by first pixel, row-major)."""
    n, labels, stats, cents = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    flat = labels.ravel()
    fg = flat[np.flatnonzero(flat)]
    _, first = np.unique(fg, return_index=True)  # labels 1..n-1: where each first appears, row-major
    order = np.argsort(first, kind="stable")
    return stats[1:, cv2.CC_STAT_AREA].astype(np.int64), cents[1:].astype(np.float64), order


FA_RULES = ("components", "areas")


def match_targets(pred: np.ndarray, gt: np.ndarray, distance: float = MATCH_DISTANCE,
                  fa_rule: str = "components") -> dict:
    """BasicIRSTD's Pd/Fa matching for one image.

    Returns ``targets`` (gt components), ``matched`` (gt matched), ``pred_components``,
    ``false_pixels`` (area of unmatched predicted components), ``matched_pred`` (indices), ``matched_gt``;
    indices are in ``components``' (OpenCV's) order, the matching goes in scikit-image's. ``fa_rule``:
    ``"components"`` (BasicIRSTD) or ``"areas"`` (DNANet), see the module's Fa.
    """
    _, g_cent, g_order = _components(gt)
    return _match(*_components(pred), g_cent, distance, g_order, fa_rule)


def _match(p_area: np.ndarray, p_cent: np.ndarray, p_order, g_cent: np.ndarray, distance: float,
           g_order=None, fa_rule: str = "components") -> dict:
    free = [int(i) for i in (range(len(p_area)) if p_order is None else p_order)]
    matched_pred, matched_gt = [], []
    for gi in (range(len(g_cent)) if g_order is None else g_order):
        if not free:
            break
        d = np.linalg.norm(p_cent[free] - g_cent[gi], axis=1)
        hit = np.flatnonzero(d < distance)
        if hit.size:  # the first still unmatched predicted component in scikit-image's label order
            k = int(hit[0])
            matched_pred.append(free[k])
            matched_gt.append(int(gi))
            del free[k]
    return {"targets": len(g_cent), "matched": len(matched_gt), "pred_components": len(p_area),
            "false_pixels": (int(p_area[free].sum()) if free else 0) if fa_rule == "components" else
            int(p_area[~np.isin(p_area, p_area[matched_pred])].sum()),
            "matched_pred": matched_pred, "matched_gt": matched_gt}


def pdfa_add(matched: np.ndarray, false: np.ndarray, logits: np.ndarray, match, at_zero: dict) -> None:
    """Add one image to a Pd-Fa curve's counts (``matched``, ``false``: one entry per ``PDFA_LOGITS``):
    ``match(logits > t)`` at each threshold t (a dict with ``matched`` and ``false_pixels``; masks and box
    labels have their own rule), ``at_zero`` the operating point's, already matched."""
    for k, t in enumerate(PDFA_LOGITS):
        r = at_zero if t == 0.0 else match(logits > t)
        matched[k] += r["matched"]
        false[k] += r["false_pixels"]


def image_counts(pred: np.ndarray, gt: np.ndarray) -> tuple[int, int, int]:
    pred = pred.astype(bool)
    gt = gt.astype(bool)
    tp = int(np.count_nonzero(pred & gt))
    fp = int(np.count_nonzero(pred & ~gt))
    fn = int(np.count_nonzero(~pred & gt))
    return tp, fp, fn


@dataclass
class SegmentationReport:
    miou: float
    niou: float
    precision: float
    recall: float
    f1: float
    pd: float
    fa: float
    auc: float
    images: int
    targets: int
    roc_fpr: np.ndarray
    roc_tpr: np.ndarray
    roc_thresholds: np.ndarray
    pdfa_thresholds: np.ndarray | None = None  # probabilities, strict to lenient
    pdfa_pd: np.ndarray | None = None
    pdfa_fa: np.ndarray | None = None  # fractions of all pixels (x 1e6 as printed)
    dnanet_roc: dict | None = None  # DNANet's ROCMetric: thresholds, tpr, fpr, recall, precision (dnanet_bins)
    # the scores that were 0 / 0 and are 0 by the IRST toolkits' convention (BasicIRSTD's eps), each with why:
    # {"precision": "no pixel predicted", ...}; written beside the numbers so that a 0 there is not read as measured
    zero_of_none: dict = field(default_factory=dict)

    @property
    def fa_e6(self) -> float:
        return self.fa * 1e6

    def as_dict(self, curves: bool = False) -> dict:
        d = {"miou": self.miou, "niou": self.niou, "f1": self.f1, "precision": self.precision,
             "recall": self.recall, "pd": self.pd, "fa": self.fa, "fa_e6": self.fa_e6, "auc": self.auc,
             "images": self.images, "targets": self.targets, "zero_of_none": dict(self.zero_of_none)}
        if curves:
            d["roc"] = {"fpr": self.roc_fpr.tolist(), "tpr": self.roc_tpr.tolist(),
                        "thresholds": self.roc_thresholds.tolist()}
            if self.pdfa_pd is not None:
                d["pd_fa"] = {"thresholds": self.pdfa_thresholds.tolist(), "pd": self.pdfa_pd.tolist(),
                              "fa": self.pdfa_fa.tolist()}
            if self.dnanet_roc is not None:
                d["roc_dnanet"] = {k: list(map(float, v)) for k, v in self.dnanet_roc.items()}
        return d


class SegmentationMetrics:
    """Accumulates over a dataset; ``update`` per image, ``report()`` at any time."""

    def __init__(self, bins: int = 600, distance: float = MATCH_DISTANCE, fa_rule: str = "components",
                 dnanet_bins: int | None = None):
        if fa_rule not in FA_RULES:
            raise ValueError(f"fa_rule must be one of {', '.join(FA_RULES)}, not {fa_rule!r}")
        if dnanet_bins is not None and int(dnanet_bins) < 1:
            raise ValueError(f"dnanet_bins must be at least 1, not {dnanet_bins!r}")
        self.dnanet_bins = None if dnanet_bins is None else int(dnanet_bins)
        self.bins = int(bins)
        self.distance = float(distance)
        self.fa_rule = fa_rule
        self.reset()

    def reset(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.ious: list[float] = []
        self.empty_images = 0  # images with neither target nor predicted pixel: per-image IoU 0 / 0, scored 0
        self.targets = self.matched = 0
        self.false_pixels = 0
        self.pixels = 0
        self.pos_hist = np.zeros(self.bins, np.int64)
        self.neg_hist = np.zeros(self.bins, np.int64)
        self.pdfa_matched = np.zeros(len(PDFA_LOGITS), np.int64)
        self.pdfa_false = np.zeros(len(PDFA_LOGITS), np.int64)
        k = (self.dnanet_bins or 0) + 1
        self.dn_tp, self.dn_fp, self.dn_pos, self.dn_neg = (np.zeros(k, np.int64) for _ in range(4))

    def update(self, scores: np.ndarray, gt: np.ndarray, probabilities: bool = False) -> dict:
        """Add one image: ``scores`` logits (or probabilities) (H, W), ``gt`` bool / 0-255 (H, W).

        Returns that image's numbers (iou, tp, fp, fn, targets, matched, false_pixels).
        """
        scores = np.asarray(scores)
        scores = scores.reshape(scores.shape[-2:]) if scores.ndim > 2 else scores
        gt = np.asarray(gt).reshape(scores.shape) > 0
        prob = np.asarray(scores, np.float64) if probabilities else sigmoid(scores)
        pred = prob > 0.5
        tp, fp, fn = image_counts(pred, gt)
        iou = tp / (tp + fp + fn + EPS)
        self.empty_images += tp + fp + fn == 0
        self.tp += tp
        self.fp += fp
        self.fn += fn
        self.ious.append(iou)
        m = match_targets(pred, gt, self.distance, self.fa_rule)
        self.targets += m["targets"]
        self.matched += m["matched"]
        self.false_pixels += m["false_pixels"]
        self.pixels += gt.size
        logit = np.asarray(scores, np.float64) if not probabilities else \
            np.log(np.clip(prob, 1e-300, None)) - np.log1p(-np.clip(prob, None, 1 - 1e-16))
        idx = np.clip(np.floor((logit + LOGIT_RANGE) / (2 * LOGIT_RANGE) * self.bins).astype(np.int64),
                      0, self.bins - 1)
        self.pos_hist += np.bincount(idx[gt], minlength=self.bins)
        self.neg_hist += np.bincount(idx[~gt], minlength=self.bins)
        if self.dnanet_bins:
            self._dnanet_add(scores, gt, probabilities)
        _, g_cent, g_order = _components(gt)
        pdfa_add(self.pdfa_matched, self.pdfa_false, logit,
                 lambda pred: _match(*_components(pred), g_cent, self.distance, g_order, self.fa_rule), m)
        return {"iou": iou, "tp": tp, "fp": fp, "fn": fn, "targets": m["targets"], "matched": m["matched"],
                "false_pixels": m["false_pixels"]}

    def _dnanet_add(self, scores: np.ndarray, gt: np.ndarray, probabilities: bool) -> None:
        """DNANet's ``cal_tp_pos_fp_neg`` at each of its thresholds: ``sigmoid(output) > k / bins`` in float32."""
        x = np.asarray(scores, np.float32)
        with np.errstate(over="ignore"):
            prob = x if probabilities else (np.float32(1.0) / (np.float32(1.0) + np.exp(-x))).astype(np.float32)
        pos, neg = int(np.count_nonzero(gt)), int(gt.size - np.count_nonzero(gt))
        for k in range(self.dnanet_bins + 1):
            pred = prob > np.float32(k / self.dnanet_bins)
            tp = int(np.count_nonzero(pred & gt))
            self.dn_tp[k] += tp
            self.dn_fp[k] += int(np.count_nonzero(pred)) - tp
            self.dn_pos[k] += pos
            self.dn_neg[k] += neg

    def roc(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(fpr, tpr, thresholds): predicted positive when probability >= threshold; from 1 down to 0."""
        edges = np.linspace(-LOGIT_RANGE, LOGIT_RANGE, self.bins + 1)[1:-1]
        thr = np.r_[1.0, sigmoid(edges)[::-1], 0.0]  # 1.0 ... 0.0
        # pixels with bin >= b are those with logit >= the b-th edge
        pos_ge = np.concatenate([np.cumsum(self.pos_hist[::-1])[::-1], [0]])[::-1]
        neg_ge = np.concatenate([np.cumsum(self.neg_hist[::-1])[::-1], [0]])[::-1]
        tpr = pos_ge / max(int(self.pos_hist.sum()), 1)
        fpr = neg_ge / max(int(self.neg_hist.sum()), 1)
        return fpr.astype(np.float64), tpr.astype(np.float64), thr

    def zero_of_none(self) -> dict:
        """``SegmentationReport.zero_of_none``: each score whose fraction is 0 / 0 here (scored 0), with why."""
        return zero_reasons(targets=self.targets, pixels=self.pixels, tp=self.tp, fp=self.fp, fn=self.fn,
                            images=len(self.ious), empty_images=self.empty_images,
                            pos=int(self.pos_hist.sum()), neg=int(self.neg_hist.sum()))

    def report(self) -> SegmentationReport:
        fpr, tpr, thr = self.roc()
        prec = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        rec = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        auc = float(np.trapezoid(tpr, fpr)) if hasattr(np, "trapezoid") else float(np.trapz(tpr, fpr))
        return SegmentationReport(
            zero_of_none=self.zero_of_none(),
            miou=self.tp / (self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 0.0,
            niou=float(np.mean(self.ious)) if self.ious else 0.0,
            precision=prec, recall=rec, f1=f1,
            pd=self.matched / self.targets if self.targets else 0.0,
            fa=self.false_pixels / self.pixels if self.pixels else 0.0,
            auc=auc, images=len(self.ious), targets=self.targets,
            roc_fpr=fpr, roc_tpr=tpr, roc_thresholds=thr,
            pdfa_thresholds=sigmoid(PDFA_LOGITS),
            pdfa_pd=self.pdfa_matched / self.targets if self.targets else np.zeros(len(PDFA_LOGITS)),
            pdfa_fa=self.pdfa_false / self.pixels if self.pixels else np.zeros(len(PDFA_LOGITS)),
            dnanet_roc=None if not self.dnanet_bins else {
                "thresholds": np.arange(self.dnanet_bins + 1) / self.dnanet_bins,
                "tpr": self.dn_tp / (self.dn_pos + 0.001), "fpr": self.dn_fp / (self.dn_neg + 0.001),
                "recall": self.dn_tp / (self.dn_pos + 0.001),
                "precision": self.dn_tp / (self.dn_tp + self.dn_fp + 0.001)})


ZERO_RULE = "0 / 0 scored 0, as the IRST toolkits (BasicIRSTD's eps) score it"


def zero_reasons(*, targets, pixels, tp=None, fp=None, fn=None, images=None, empty_images=0, pos=None,
                 neg=None) -> dict:
    """The scores whose fraction is 0 / 0 over these counts (scored 0 by ``ZERO_RULE``), each with why: the one
    rule of ``zero_of_none`` for the mask scorer, the box scorer (``irst_boxes``: Pd and Fa only) and the
    window's running scores (``running``); a count not given (None) has no score here."""
    z = {}
    pixel_counts = None not in (tp, fp, fn)
    if pixel_counts and tp + fp + fn == 0:
        z["miou"] = "no target or predicted pixel"
    if images is not None and not images:
        z["niou"] = "no image"
    elif images is not None and empty_images:
        z["niou"] = f"{empty_images} of {images} images with no target or predicted pixel (each 0)"
    if pixel_counts and tp + fp + fn == 0:
        z["f1"] = "no target or predicted pixel"
    if pixel_counts and tp + fp == 0:
        z["precision"] = "no pixel predicted"
    if pixel_counts and tp + fn == 0:
        z["recall"] = "no target pixel"
    if not targets:
        z["pd"] = "no target"
    if not pixels:
        z["fa"] = "no image"
    if pos is not None and neg is not None and (not pos or not neg):
        z["auc"] = "no target pixel" if not pos else "no background pixel"
    return z


def zero_note(report) -> str:
    """The line under a scores table saying which of ``report``'s scores are 0 of nothing (``zero_of_none``: an
    attribute, or a key of a result dict such as ``irst_boxes.evaluate_boxes``'), empty when none is."""
    z = (report.get("zero_of_none") if isinstance(report, dict) else getattr(report, "zero_of_none", None)) or {}
    return f"note: {zero_text(z)}" if z else ""


def zero_text(zero: dict) -> str:
    """``zero_of_none`` said ('pd no target; ...: ZERO_RULE'; empty for none): ``zero_note``'s line and the
    Scores dock's segmentation note."""
    return f"{'; '.join(f'{k} {why}' for k, why in zero.items())}: {ZERO_RULE}" if zero else ""


def evaluate_masks(pairs, probabilities: bool = False, **kw) -> SegmentationReport:
    """Convenience: ``pairs`` iterable of (scores, gt) -> report."""
    acc = SegmentationMetrics(**kw)
    for s, g in pairs:
        acc.update(s, g, probabilities=probabilities)
    return acc.report()


@dataclass
class ImageResult:
    """One image's row of a scored set: per-image IoU (NaN when scored by boxes), targets, matched targets,
    pixels of unmatched predicted components, and the seconds of the method's call."""

    name: str
    iou: float
    targets: int
    matched: int
    false_pixels: int
    seconds: float


@dataclass
class EvalResult:
    """A scored set: the report, one ``ImageResult`` per image, the dataset's warnings."""

    report: SegmentationReport
    images: list[ImageResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def fps(self) -> float:
        """Images per second of the method's calls alone (NaN when none was timed)."""
        t = sum(i.seconds for i in self.images)
        return len(self.images) / t if t > 0 else float("nan")


class SplitFrames:
    """A mask-labelled set (``SirstDataset``) seen as a sequence of frames, so it runs through the core's
    ``iter_segment``."""

    def __init__(self, dataset, name: str | None = None):
        self.dataset = dataset
        self.name = name or (Path(dataset.split).stem if getattr(dataset, "split", None) else "all")

    def __len__(self) -> int:
        return len(self.dataset)

    def frame(self, i: int) -> np.ndarray:
        return self.dataset.image(i)


class LogitsSegmenter:
    """A bare logits function (native frame -> (H, W) logits) as a ``Segmenter`` publishing its logits."""

    name = "logits"
    modalities = ()

    def __init__(self, fn: Callable[[np.ndarray], np.ndarray]):
        self.fn = fn

    def predict(self, frame: np.ndarray):
        from workbench.core.methods import MapLayer, SegOutput

        logits = np.asarray(self.fn(frame), np.float32)
        return SegOutput(saliency=np.empty((0, 0), np.float32), mask=logits > 0, maps={"logits": MapLayer(logits)})


def _logit(p: np.ndarray) -> np.ndarray:
    """Saliency back to logits for a segmenter that does not publish them (0.5 maps to 0)."""
    p = np.clip(np.asarray(p, np.float64), 1e-7, 1 - 1e-7)
    return np.log(p / (1 - p)).astype(np.float32)


def scored_logits(out) -> np.ndarray:
    """The logits a segmenter's output ``out`` (a ``SegOutput``) is scored on, 0 their threshold: its
    ``maps["logits"]`` where it publishes them, else the logits of its saliency (0.5 maps to 0). The one rule of
    ``score_split``, ``irst_boxes.evaluate_boxes`` and the pictures of what was scored (``segment --views``)."""
    return out.maps["logits"].data if "logits" in out.maps else _logit(out.saliency)


def score_split(ctx, dataset, method, bins: int = 600, on_output=None, batch: int = 1,
                warm_up: bool = False, fa_rule: str = "components", dnanet_bins: int | None = None) -> EvalResult:
    """Score a mask-labelled set (``image(i)``, ``mask(i, shape)``, ``len``, optional ``names`` and
    ``warnings``; a ``SirstDataset``) with the metrics above: the one scorer of mask sets (LW-IRSTNet's
    ``segment`` and Evaluate tab, the classic peers' ``segment``, ``bench irst_peers``; box-labelled sets:
    ``irst_boxes.evaluate_boxes``).

    ``method`` is a ``Segmenter`` (scored on its ``maps['logits']``, else on the logits of its saliency) or a
    logits function (native frame -> (H, W) logits, 0 the threshold); every image goes through the core's
    ``iter_segment`` (``batch`` images per call where the segmenter has ``predict_batch``). A job (``ctx`` may be
    None): progress per image, cancellable between images (partial results are not returned).
    ``on_output(i, SegOutput)`` sees each image's output (mask files, pictures). ``warm_up``: one call on the
    first image before any is timed (the first call pays for allocations and kernel choice). ``fa_rule``: Fa as
    BasicIRSTD (``"components"``, default) or DNANet (``"areas"``) counts it; ``dnanet_bins``: DNANet's ROC too."""
    from workbench.core.loops import iter_segment
    from workbench.core.methods import call_method, checked_seg_output

    seg = method if hasattr(method, "predict") else LogitsSegmenter(method)
    names = list(getattr(dataset, "names", None) or [f"{i:06d}" for i in range(len(dataset))])
    if warm_up and len(dataset):
        # held to the contract as every scored call is: a plugin's exception or wrong return is its one line
        frame, where = dataset.image(0), f"{names[0]!r} (warm-up)"
        checked_seg_output(call_method(seg, "segmenter", "predict", frame, where=where), seg, np.shape(frame), where)
    acc = SegmentationMetrics(bins=bins, fa_rule=fa_rule, dnanet_bins=dnanet_bins)
    rows = []
    for i, out in iter_segment(seg, SplitFrames(dataset), ctx=ctx, batch=batch):
        logits = scored_logits(out)
        r = acc.update(logits, dataset.mask(i, logits.shape[:2]))
        rows.append(ImageResult(names[i], r["iou"], r["targets"], r["matched"], r["false_pixels"], out.seconds))
        if on_output is not None:
            on_output(i, out)
    return EvalResult(acc.report(), rows, list(getattr(dataset, "warnings", ())))

