"""RGB-T scores as the RGB-T toolkits compute them: one result file scored against the visible and the thermal
groundtruth of a sequence, the better of the two per frame (maximum precision / success rate, MPR / MSR), with each
benchmark's own thresholds, frame rules and averaging. ``RULES`` holds one ``RgbtRule`` per benchmark; the reader
(``data.rgbt``) says which benchmark a sequence is of and gives both streams' boxes (``StreamPair`` in
``seq.meta["rgbt"]``); ``truth_of`` turns that into what is scored.

What the toolkits do (read from their public code; facts, not their code):

- GTOT (its MATLAB toolkit: ``calcPlotErr.m`` per frame, the plot script over frames): a result row is an 8-value
  corner polygon made a box by ``corner2rect`` (left = value 1, top = 2, right = 3, bottom = 6; ``round`` of
  left, top, right - left, bottom - top); the groundtruth's ``x1 y1 x2 y2`` become ``w = x2 - x1``; centres are
  ``x + w / 2`` (the groundtruth's ``(x1 + x2) / 2``); IoU is ``calcRectInt`` (the OTB toolkit's: the same as an
  IoU without the +1 pixel convention); per frame ``max`` of the two IoUs and ``min`` of the two centre errors; every
  frame counted (no frame skipped, none replaced). Precision thresholds ``0:0.5:25`` counted with a STRICT ``<``,
  the counts of ALL sequences' frames pooled (a long sequence weighs more); MPR = the rate at 5 px (the Python
  ``rgbt`` toolkit's ``MPR_GTOT`` the same). MSR = the area under the success curve (``>``), taken as the one public
  implementation takes it, the Python toolkit's ``MSR_GTOT``: trapezoids over 21 thresholds ``0:0.05:1``, frames
  pooled. NOT PINNED: the MATLAB plot script's own success grid and its ``auc.m`` (no public copy found); a finer
  grid gives another area (IoU 0.43 on one frame: 0.425 over 21 thresholds, 0.430 over 51).
- RGBT234 (its MATLAB toolkit: ``calcPlotErr_TPR.m``, the plot script; the Python ``rgbt`` toolkit's ``MPR`` /
  ``MSR``, identical): the same per-frame MPR / MSR on ``visible.txt`` and ``infrared.txt`` (x,y,w,h, made corners
  ``x + w`` and back: centres ``x + w / 2``); precision thresholds ``0:1:50`` with ``<=``, success ``0:0.05:1`` (21)
  with ``>``, a rate per sequence and their mean over sequences (every sequence weighs the same); MPR = the rate at
  20 px, MSR = the MEAN of the 21 success rates.
- VTUAV (its MATLAB toolkit, RGBT234's scripts with ``rgb.txt`` / ``ir.txt``): RGBT234's rule on the annotated frames
  only (it scores every 10th result row against the box every 10 frames; here the frames between have no boxes).
- RGBT210 (the Python ``rgbt`` toolkit's ``PR`` / ``SR``; one box file, ``init.txt``, for both streams): PR / SR
  on that one groundtruth, frame 1 scored with the groundtruth box ("ignore the first frame"), RGBT234's thresholds
  and averaging.
- LasHeR (the Python ``rgbt`` toolkit's ``PR_LasHeR`` / ``SR_LasHeR`` / ``NPR``, the rules of the LaSOT toolkit's
  ``calc_seq_err_robust.m`` it was made from): PR / NPR / SR on ONE groundtruth (not the best of two), frame 1 scored
  with the groundtruth box, a result row from frame 2 on with width or height <= 0 takes the previous row's box, a
  groundtruth row with any value <= 0 scores IoU -1 (a failure at every threshold) and centre errors -1 (a hit at
  every threshold) and stays in the denominators; PR at 20 px (``<=`` 0..50), NPR at 0.2 (``<=``, centre errors over
  the groundtruth's width / height, thresholds ``0:0.01:0.5``), SR the mean of 21 rates (``>``); means over sequences.
- Rounding of result boxes (``RgbtRule.rounding``): the MATLAB toolkits round the boxes of 8-value corner rows
  (``corner2rect``'s ``round``, half away from zero: GTOT, RGBT234); VTUAV's ``calcPlotErr_TPR`` takes a 4-value
  x,y,w,h row as it is (its ``rect`` type: ``rectMat = results.res``, not rounded), the layout ``export-results
  --toolkit vtuav`` writes, so VTUAV's boxes are not rounded; the Python toolkit's ``.round(0)`` as it reads a
  result file is numpy's, halves to even (30.5 -> 30), and RGBT210 / LasHeR are scored by that toolkit alone.
- Centres: the ``-1`` in the toolkits' ``x + (w - 1) / 2`` / ``(x1 + x2) / 2`` centre definitions cancels in a centre
  error (both boxes take it), so one centre definition serves all of them.

What stays the workbench's (said in every convention line): frames before a run's start frame (a run started at a
later frame: NaN rows) are left out, and "frame 1" of RGBT210 / LasHeR is the run's first tracked frame; a missing
result box (NaN: after a stop) is a failure (IoU 0, infinite centre error) where the LaSOT MATLAB toolkit would hold
the previous box (the Python toolkit fails it too); dataset per-frame absent flags are not used (none of these
toolkits reads any).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from workbench.core.boxes import as_boxes, center_error, iou, normalized_center_error
from workbench.core.evaluation.ope import (CE_THRESHOLDS, IOU_THRESHOLDS, NCE_THRESHOLDS, Curves, TrackerReport,
                                           score_sequences, weights)
from workbench.core.toolkits import RGBT_RULES

AUTO = "auto"
OFF = "off"
MATLAB, TO_EVEN, NO_ROUNDING = "matlab", "even", "none"  # ``RgbtRule.rounding``
ROUNDINGS = {MATLAB: "halves away from zero, as MATLAB's round", TO_EVEN: "halves to even, as numpy's round"}


@dataclass(frozen=True)
class RgbtRule:
    """One RGB-T benchmark's scoring rule (see the module's docstring for where each part comes from)."""

    key: str  # "gtot", "rgbt234", "rgbt210", "lasher", "vtuav"
    benchmark: str  # as the reader names it (``StreamPair.benchmark``)
    both: bool  # the better of the visible and the thermal groundtruth per frame (MPR / MSR)
    precision_thresholds: np.ndarray
    precision_at: float  # px: the headline precision's threshold
    strict_precision: bool  # centre error < threshold (GTOT) rather than <=
    success_thresholds: np.ndarray
    auc: str  # "mean" of the success rates, or "trapezoid" (the area under them)
    pooled: bool  # frames of all sequences pooled (GTOT), else a mean of per-sequence rates
    first_frame_gt: bool = False  # the first tracked frame scored with the groundtruth box
    hold_invalid: bool = False  # a result box with width or height <= 0 takes the previous one
    invalid_gt: bool = False  # a groundtruth row with a value <= 0: IoU -1, centre errors -1
    norm_precision: bool = False  # NPR reported (LasHeR)
    rounding: str = MATLAB  # result boxes: MATLAB's round (halves away from zero), numpy's (to even), or none
    source: str = ""

    @property
    def precision_label(self) -> str:
        return f"{'MPR' if self.both else 'PR'}@{self.precision_at:g}"

    @property
    def success_label(self) -> str:
        return "MSR" if self.both else "SR"

    def convention(self) -> str:
        """The line every table, JSON and plot of these scores carries."""
        truth = ("best of the visible and thermal boxes per frame" if self.both else "one groundtruth")
        auc = "mean of" if self.auc == "mean" else "area (trapezoids) under"
        avg = "frames pooled over sequences" if self.pooled else "mean of per-sequence rates"
        extra = []
        if self.first_frame_gt:
            extra.append("first tracked frame scored with the groundtruth box")
        if self.hold_invalid:
            extra.append("a result box with w or h <= 0 takes the previous one")
        if self.invalid_gt:
            extra.append("groundtruth rows with a value <= 0: IoU fail, centre hit")
        extra.append("result boxes " + ("not rounded" if self.rounding == NO_ROUNDING else
                                        f"rounded to whole pixels ({ROUNDINGS[self.rounding]})"))
        npr = ", NPR at 0.2 (<=, 0..0.5)" if self.norm_precision else ""
        return (f"RGB-T {self.benchmark} ({self.source}): {truth}; {self.precision_label} = centre error "
                f"{'<' if self.strict_precision else '<='} {self.precision_at:g} px (thresholds "
                f"{self.precision_thresholds[0]:g}..{self.precision_thresholds[-1]:g} step "
                f"{self.precision_thresholds[1] - self.precision_thresholds[0]:g}), {self.success_label} = {auc} "
                f"{len(self.success_thresholds)} success rates (IoU >){npr}; {avg}; " + "; ".join(extra)
                + "; frames before a run's start left out, a missing box a failure")

    def convention_short(self) -> str:
        npr = ", NPR@0.2" if self.norm_precision else ""
        return (f"RGB-T · {self.benchmark}: {self.success_label} ({'mean' if self.auc == 'mean' else 'area'} of "
                f"{len(self.success_thresholds)} IoU thr, >), {self.precision_label}px "
                f"({'<' if self.strict_precision else '<='}){npr}, "
                f"{'frames pooled' if self.pooled else 'per-sequence mean'}")


_PX_50 = np.arange(0, 51, dtype=np.float64)
_IOU_21 = np.linspace(0.0, 1.0, 21)
_MATLAB_RGBT = "RGBT234 MATLAB toolkit calcPlotErr_TPR + plot script, Python rgbt MPR/MSR"
RULES = {
    "gtot": RgbtRule("gtot", "GTOT", both=True, precision_thresholds=np.linspace(0.0, 25.0, 51), precision_at=5.0,
                     strict_precision=True, success_thresholds=_IOU_21, auc="trapezoid", pooled=True,
                     source="GTOT MATLAB toolkit calcPlotErr, Python rgbt MPR_GTOT/MSR_GTOT"),
    "rgbt234": RgbtRule("rgbt234", "RGBT234", both=True, precision_thresholds=_PX_50, precision_at=20.0,
                        strict_precision=False, success_thresholds=_IOU_21, auc="mean", pooled=False,
                        source=_MATLAB_RGBT),
    "vtuav": RgbtRule("vtuav", "VTUAV", both=True, precision_thresholds=_PX_50, precision_at=20.0,
                      strict_precision=False, success_thresholds=_IOU_21, auc="mean", pooled=False,
                      rounding=NO_ROUNDING, source="VTUAV MATLAB toolkit (RGBT234's scripts, annotated frames only)"),
    "rgbt210": RgbtRule("rgbt210", "RGBT210", both=False, precision_thresholds=_PX_50, precision_at=20.0,
                        strict_precision=False, success_thresholds=_IOU_21, auc="mean", pooled=False,
                        first_frame_gt=True, rounding=TO_EVEN, source="Python rgbt toolkit PR/SR"),
    "lasher": RgbtRule("lasher", "LasHeR", both=False, precision_thresholds=_PX_50, precision_at=20.0,
                       strict_precision=False, success_thresholds=_IOU_21, auc="mean", pooled=False,
                       first_frame_gt=True, hold_invalid=True, invalid_gt=True, norm_precision=True, rounding=TO_EVEN,
                       source="Python rgbt toolkit PR_LasHeR/SR_LasHeR/NPR, LaSOT toolkit calc_seq_err_robust"),
}
BY_BENCHMARK = {r.benchmark: r for r in RULES.values()}
CHOICES = tuple(RGBT_RULES)  # what ``--rgbt`` takes: auto, a rule of ``RULES``, off


@dataclass(frozen=True)
class RgbtTruth:
    """What a sequence's results are scored against under ``rule``: its groundtruths (the visible and the thermal
    one for the rules taking the better of two, else the opened stream's own), all (N, 4) x,y,w,h."""

    rule: RgbtRule
    boxes: tuple
    note: str = ""  # said once per dataset where the pair was not whole (one groundtruth scored)
    last: int | None = None  # the last frame scored (a run still going); None: every frame

    def until(self, last: int) -> "RgbtTruth":
        """The same truth scored up to frame ``last`` (a run still going: the frames tracked so far). The frames
        after it are left out of the mask ``frame_errors`` gives; their boxes are not blanked, since the LasHeR
        rule keeps frames of invalid groundtruth (and NaN rows would have counted as such: hits in precision)."""
        return RgbtTruth(self.rule, self.boxes, self.note, last)


def is_rgbt(item) -> bool:
    """Whether a sequence or a dataset entry is RGB-T: an opened sequence by the pair the RGB-T reader gave it
    (``meta["rgbt"]``, what ``truth_of`` scores against), an entry not opened yet (``data.detect.SequenceEntry``)
    by its layout, one of the RGB-T reader's (``data.rgbt.LAYOUTS``: rgbt, gtot, vtuav)."""
    meta = getattr(item, "meta", None)
    if isinstance(meta, dict):
        return meta.get("rgbt") is not None
    return getattr(item, "layout", None) in _rgbt_layout_names()


@functools.cache
def _rgbt_layout_names() -> frozenset[str]:
    from workbench.core.data.rgbt import LAYOUTS

    return frozenset(lay.name for lay in LAYOUTS)


def truth_of(seq, rule: str = AUTO) -> RgbtTruth | None:
    """The RGB-T truth of a sequence the RGB-T reader opened (its ``meta["rgbt"]``), under its benchmark's rule
    (``rule="auto"``) or the rule named; None for a sequence of another layout, without groundtruth, or ``"off"``."""
    pair = (getattr(seq, "meta", None) or {}).get("rgbt")
    if rule == OFF or pair is None or getattr(seq, "groundtruth", None) is None:
        return None
    chosen = BY_BENCHMARK.get(pair.benchmark) if rule == AUTO else RULES.get(rule)
    if chosen is None:
        raise ValueError(f"unknown RGB-T rule {rule!r}; have {', '.join(CHOICES)}")
    own = np.asarray(seq.groundtruth, dtype=np.float64)
    if not chosen.both:
        return RgbtTruth(chosen, (own,))
    other = pair.visible if pair.stream == "thermal" else pair.thermal
    if other is None or len(other) != len(own):
        return RgbtTruth(chosen, (own,), f"{seq.name}: {pair.missing or 'the other stream has no boxes that pair'}; "
                                         "scored on its own groundtruth alone")
    return RgbtTruth(chosen, (np.asarray(pair.visible, np.float64), np.asarray(pair.thermal, np.float64)))


def matlab_round(a: np.ndarray) -> np.ndarray:
    """MATLAB's ``round``: halves away from zero (numpy's rounds them to even); NaN stays NaN."""
    return np.sign(a) * np.floor(np.abs(a) + 0.5)


def _held(pred: np.ndarray) -> np.ndarray:
    """Rows from the second on with width or height <= 0 take the last row before them that has neither (the
    LaSOT / LasHeR toolkits' "invalid tracking result" rule; NaN compares false: kept NaN, as the Python toolkit)."""
    bad = (pred[:, 2] <= 0) | (pred[:, 3] <= 0)
    bad[:1] = False
    if not bad.any():
        return pred
    src = np.where(bad, 0, np.arange(len(pred)))
    return pred[np.maximum.accumulate(src)]


def frame_errors(pred, truth: RgbtTruth, start: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per frame (IoU, centre error, normalized centre error) of ``pred`` under ``truth``'s rule, and the mask of
    frames scored: from ``start`` on, where some groundtruth has a box (VTUAV's frames between its boxes have none).
    A failure is IoU 0 / centre error inf; the LasHeR rule's invalid groundtruth rows are IoU -1 / errors -1."""
    rule = truth.rule
    pred = as_boxes(pred).copy()
    gts = [as_boxes(g) for g in truth.boxes]
    n = len(pred)
    if any(len(g) != n for g in gts):
        raise ValueError(f"{n} predicted boxes for {'/'.join(str(len(g)) for g in gts)} groundtruth boxes")
    if rule.rounding != NO_ROUNDING:
        pred = matlab_round(pred) if rule.rounding == MATLAB else np.round(pred)
    if rule.first_frame_gt and start < n:
        pred[start] = gts[0][start]
    if rule.hold_invalid:
        pred[start:] = _held(pred[start:])
    ious, ces, nces = [], [], []
    for g in gts:
        i, c, nc = iou(pred, g), center_error(pred, g), normalized_center_error(pred, g)
        c, nc = np.where(np.isnan(c), np.inf, c), np.where(np.isnan(nc), np.inf, nc)  # a missing box: a miss
        if rule.invalid_gt:
            bad = np.any(g <= 0, axis=1)  # the toolkit's ``sum(gt[i] <= 0)``: NaN compares false, not invalid
            i, c, nc = np.where(bad, -1.0, i), np.where(bad, -1.0, c), np.where(bad, -1.0, nc)
        ious.append(i)
        ces.append(c)
        nces.append(nc)
    scored = np.zeros(n, bool)
    scored[start:] = True
    scored &= np.any(np.stack([np.all(np.isfinite(g), axis=1) for g in gts]), axis=0) | rule.invalid_gt
    if truth.last is not None:
        scored[truth.last + 1:] = False  # not tracked yet: neither a hit nor a failure
    return np.max(ious, axis=0), np.min(ces, axis=0), np.min(nces, axis=0), scored


@dataclass
class RgbtCurves(Curves):
    """``Curves`` on the one-pass grids (what the plots draw: IoU 0..1 by 0.05, 0..50 px, 0..0.5) under an RGB-T
    rule, with the rule's own grids (``toolkit_success`` / ``toolkit_precision``) the headline scores are read from:
    ``success_auc`` is its MSR / SR, ``precision_headline`` its MPR / PR at its threshold (GTOT: 5 px)."""

    rule: RgbtRule | None = None
    toolkit_success: np.ndarray | None = field(default=None, repr=False)
    toolkit_precision: np.ndarray | None = field(default=None, repr=False)

    @property
    def success_auc(self) -> float:
        s = self.toolkit_success
        if self.rule.auc == "trapezoid":
            area = np.trapezoid if hasattr(np, "trapezoid") else np.trapz  # numpy 1.x (pyproject allows >=1.24)
            return float(area(s, self.rule.success_thresholds))
        return float(np.mean(s))

    @property
    def precision_label(self) -> str:
        return self.rule.precision_label

    @property
    def success_label(self) -> str:
        return self.rule.success_label

    @property
    def precision_headline(self) -> float:
        k = int(np.argmin(np.abs(self.rule.precision_thresholds - self.rule.precision_at)))
        return float(self.toolkit_precision[k])

    def scores(self) -> dict:
        out = super().scores()
        p = "mpr" if self.rule.both else "pr"
        out.update({p: self.precision_headline, p + "_threshold_px": self.rule.precision_at,
                    ("msr" if self.rule.both else "sr"): self.success_auc, "benchmark": self.rule.benchmark})
        if self.rule.norm_precision:
            out["npr"] = self.norm_precision_02
        return out


def _rates(values: np.ndarray, thresholds: np.ndarray, above: bool, strict: bool) -> np.ndarray:
    if not len(values):
        return np.zeros(len(thresholds))
    v = values[:, None]
    t = thresholds[None, :]
    hit = (v > t) if above else ((v < t) if strict else (v <= t))
    return np.mean(hit, axis=0)


def curves_from_errors(rule: RgbtRule, ious, ces, nces) -> RgbtCurves:
    n = len(ious)
    strict = rule.strict_precision
    return RgbtCurves(_rates(ious, IOU_THRESHOLDS, True, False), _rates(ces, CE_THRESHOLDS, False, strict),
                      _rates(nces, NCE_THRESHOLDS, False, False), n, ious, ces, rule=rule,
                      toolkit_success=_rates(ious, rule.success_thresholds, True, False),
                      toolkit_precision=_rates(ces, rule.precision_thresholds, False, strict))


def evaluate_sequence(pred, truth: RgbtTruth, start: int = 0, frames: np.ndarray | None = None) -> RgbtCurves:
    """One sequence's curves; ``frames``: a boolean mask of the frames to score (a per-frame attribute)."""
    ious, ces, nces, scored = frame_errors(pred, truth, start)
    if frames is not None:
        scored &= np.asarray(frames, bool)
    return curves_from_errors(truth.rule, ious[scored], ces[scored], nces[scored])


def aggregate(curves: list[RgbtCurves], rule: RgbtRule) -> RgbtCurves:
    """A dataset's curves: frames pooled (GTOT: each sequence's rates weighed by its frames, which is the pooled
    count over all frames) or the mean of per-sequence rates (the others)."""
    curves = [c for c in curves if c.frames > 0]
    if not curves:
        return curves_from_errors(rule, np.zeros(0), np.zeros(0), np.zeros(0))
    total = int(sum(c.frames for c in curves))
    w = weights(curves, rule.pooled)

    def avg(name: str) -> np.ndarray:
        return np.sum(w * np.stack([getattr(c, name) for c in curves]), axis=0)

    return RgbtCurves(avg("success"), avg("precision"), avg("norm_precision"), total, rule=rule,
                      toolkit_success=avg("toolkit_success"), toolkit_precision=avg("toolkit_precision"))


def one_rule(truths: dict) -> RgbtRule:
    """The rule shared by every truth of ``truths`` ({seq: RgbtTruth}); a ``ValueError`` naming two sequences of
    different benchmarks (their scores cannot be averaged into one number)."""
    rules = {t.rule.key: seq for seq, t in truths.items()}
    if len(rules) > 1:
        (a, sa), (b, sb) = sorted(rules.items())[:2]
        raise ValueError(f"sequences of two RGB-T benchmarks ({sa}: {RULES[a].benchmark}, {sb}: {RULES[b].benchmark}) "
                         "are scored by different rules; score them apart, or name one rule with --rgbt")
    return next(iter(truths.values())).rule


def evaluate_tracker(tracker: str, results: dict, truths: dict, attributes: dict | None = None,
                     starts: dict | None = None, each=None) -> TrackerReport:
    """``ope.evaluate_tracker`` under the RGB-T rule of ``truths`` ({seq: RgbtTruth}, one rule for all): per
    sequence and dataset curves, sequence tags and per-frame attribute flags as there (per-frame flags restrict the
    frames scored; a tag puts the whole sequence in the attribute's subset)."""
    rule = one_rule(truths)
    seq_curves, overall, attrs, missing = score_sequences(
        truths, results, attributes, starts, each,
        lambda seq, start, frames: evaluate_sequence(results[seq], truths[seq], start, frames=frames),
        lambda curves: aggregate(curves, rule))
    return TrackerReport(tracker, seq_curves, overall, attrs, missing, convention=rule.convention(),
                         pooled=rule.pooled)


def rule_of(reports):
    """The RGB-T rule ``reports`` were scored under, None for one-pass scores (the tables, plots and report ask it)."""
    return next((r.overall.rule for r in reports if getattr(r.overall, "rule", None) is not None), None)


def rgbt_convention(reports) -> tuple[str, str] | None:
    """(convention, short convention) of reports scored under an RGB-T rule, None for other reports."""
    rule = rule_of(reports)
    return None if rule is None else (rule.convention(), rule.convention_short())
