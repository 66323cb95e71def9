"""One-pass evaluation (OPE) as the GOT-10k toolkit's OTB experiment and LSOTB-TIR compute it.

Convention (stated on every plot and table through ``CONVENTION``):
- IoU without the +1 pixel convention; success curve over 21 thresholds ``linspace(0, 1, 21)``
  counted with a strict ``>``; success AUC = mean of that curve.
- Centre error thresholds 0..50 px counted with ``<=``; precision = the value at 20 px.
- Normalized precision (LaSOT): centre error with x divided by the groundtruth width and y by its
  height, thresholds ``linspace(0, 0.5, 51)``; ``norm_precision`` is the curve's mean (LaSOT paper,
  LSOTB-TIR, got10k), ``norm_precision_at_0.2`` the value at 0.2 (pytracking, pysot).
- Frames whose groundtruth is absent (NaN or zero size, or flagged by the dataset: LaSOT's
  ``full_occlusion`` / ``out_of_view``, GOT-10k's ``absence.label`` and cover 0) are left out (``absent="exclude"``,
  GOT-10k's "ignore frames where the target is absent"). The other toolkits keep those frames in every
  denominator: ``absent="failure"`` scores them as failures in success, precision and normalized precision
  (the LaSOT toolkit, pysot-toolkit's LaSOT, pytracking), ``absent="otb"`` as failures in success and as
  hits in precision and normalized precision (the OTB toolkit, pysot-toolkit's OTB / UAV123 / NfS /
  DTB70: their centre error of such a frame is -1). ``ABSENT_RULES`` states each. A missing prediction
  (NaN) counts as a failure (IoU 0, infinite centre error), as pysot-toolkit and got10k count it (the
  MATLAB OTB / LaSOT toolkits instead repeat the previous frame's box).
- Known edges where a toolkit's numbers can still differ (none occurs in our own runs of benchmark data):
  the toolkits decide "absent" from absolute file coordinates, the OTB toolkit when any of x, y, w, h is <= 0
  (1-based), pysot-toolkit's precision when the groundtruth centre is not positive, where we use NaN /
  zero-size rows and the dataset's flags; and the OTB, LaSOT and got10k OTB experiment score the first frame
  with the groundtruth box, pysot-toolkit and we with the file's (our runs write the groundtruth box there
  unless ``run --init`` gave another).
- A dataset score is the mean of the per-sequence curves (every sequence weighs the same), as the
  GOT-10k toolkit's OTB experiment, pysot-toolkit, pytracking and the MATLAB OTB / LaSOT toolkits do;
  ``pooled=True`` pools frames instead (no OPE toolkit does: GOT-10k pools frames only for AO / SR, see ``got10k``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from workbench.core.boxes import absent_mask, as_boxes, center_error, iou, normalized_center_error

IOU_THRESHOLDS = np.linspace(0.0, 1.0, 21)
CE_THRESHOLDS = np.arange(0, 51, dtype=np.float64)
NCE_THRESHOLDS = np.linspace(0.0, 0.5, 51)
CONVENTION = ("OPE, GOT-10k OTB convention: success AUC = mean over 21 IoU thresholds (IoU > t), "
              "P@20 = centre error <= 20 px, normalized precision = mean over 0..0.5 (LaSOT); "
              "absent-target frames excluded; sequences weighted equally")
CONVENTION_SHORT = "OPE · got10k/OTB: AUC over 21 IoU thr (>), P@20px (<=), NP mean 0–0.5"
# how frames without a target are scored (``absent=``), and how the convention line says it
ABSENT_RULES = {
    "exclude": "absent-target frames excluded",
    "failure": ("absent-target frames kept in every denominator as failures (LaSOT toolkit, pysot-toolkit "
                "LaSOT, pytracking)"),
    "otb": ("absent-target frames kept in every denominator, failures in success, hits in precision and "
            "normalized precision (OTB toolkit, pysot-toolkit OTB / UAV123)"),
}
ABSENT_SHORT = {"exclude": "absent frames out", "failure": "absent frames = failures",
                "otb": "absent frames: IoU fail, centre pass (OTB)"}
# per-frame dataset flags meaning 'no target in this frame': LaSOT's union, GOT-10k's absence.label and cover 0
ABSENT_ATTRIBUTES = ("absent", "absence", "full_occlusion")


def absent_flags(attrs: dict | None, n: int) -> np.ndarray | None:
    """The per-frame flags of ``attrs`` (``ABSENT_ATTRIBUTES``) that say a sequence of ``n`` frames has no target
    in a frame, OR-ed; None when it has none."""
    out = None
    for name in ABSENT_ATTRIBUTES:
        v = (attrs or {}).get(name)
        if isinstance(v, np.ndarray) and v.shape == (n,):
            out = v.astype(bool) if out is None else out | v.astype(bool)
    return out


def convention(absent: str = "exclude", pooled: bool = False) -> str:
    """The convention line of one-pass scores with these options."""
    text = CONVENTION.replace(ABSENT_RULES["exclude"], ABSENT_RULES[absent])
    return text.replace("sequences weighted equally", "frames pooled over sequences (--pooled)") if pooled else text


def convention_short(absent: str = "exclude", pooled: bool = False) -> str:
    text = CONVENTION_SHORT if absent == "exclude" else f"{CONVENTION_SHORT}; {ABSENT_SHORT[absent]}"
    return text + (" · frames pooled" if pooled else "")


@dataclass
class Curves:
    success: np.ndarray  # (21,) fraction of frames with IoU > threshold
    precision: np.ndarray  # (51,) fraction with centre error <= threshold px
    norm_precision: np.ndarray  # (51,) fraction with normalized centre error <= threshold
    frames: int  # frames scored
    ious: np.ndarray | None = field(default=None, repr=False)  # per scored frame (None for aggregates)
    errors: np.ndarray | None = field(default=None, repr=False)
    # the tables' names of the headline scores (``success_auc``, ``precision_headline``): another convention's
    # curves name theirs (``evaluation.rgbt``: MSR / MPR@5 on GTOT)
    success_label = "AUC"
    precision_label = "P@20"

    @property
    def success_auc(self) -> float:
        return float(np.mean(self.success))

    @property
    def precision_20(self) -> float:
        return float(self.precision[20])

    @property
    def precision_headline(self) -> float:
        """The precision the convention reports (``precision_label``): here the rate at 20 px."""
        return self.precision_20

    @property
    def norm_precision_auc(self) -> float:
        return float(np.mean(self.norm_precision))

    @property
    def norm_precision_02(self) -> float:
        return float(self.norm_precision[20])

    @property
    def success_50(self) -> float:
        """Success rate at IoU 0.5 (OP50)."""
        return float(self.success[10])

    def scores(self) -> dict[str, float]:
        return {
            "success_auc": self.success_auc,
            "precision_20": self.precision_20,
            "norm_precision": self.norm_precision_auc,
            "norm_precision_at_0.2": self.norm_precision_02,
            "success_50": self.success_50,
            "frames": self.frames,
        }


def row_metrics(preds: list, gt) -> list:
    """``(IoU, centre error, normalized centre error)`` of every row of each of ``preds`` against ``gt`` (as
    ``frame_metrics`` computes them, before its scored frames are chosen), of all of them in one go: the several
    runs of one sequence (``iou`` and the centre errors are row-wise: the same values as one run at a time, whose
    many small numpy calls held a worker, and the interpreter lock, ~50 ms for 25 saved runs under load). None
    for a prediction not shaped as ``gt`` (``frame_metrics`` says what is wrong with it)."""
    gt = as_boxes(gt)
    preds = [np.asarray(p, dtype=np.float64) for p in preds]
    same = [k for k, p in enumerate(preds) if p.shape == gt.shape]
    out: list = [None] * len(preds)
    if not same:
        return out
    stacked = np.concatenate([preds[k] for k in same])
    gts = np.tile(gt, (len(same), 1))
    n = len(gt)
    split = [m.reshape(len(same), n) for m in (iou(stacked, gts), center_error(stacked, gts),
                                                normalized_center_error(stacked, gts))]
    for r, k in enumerate(same):
        out[k] = tuple(m[r] for m in split)
    return out


def frame_metrics(pred, gt, absent: str = "exclude", flags: np.ndarray | None = None,
                  rows: tuple | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-frame IoU, centre error and normalized centre error, and the mask of scored frames.

    ``flags``: per-frame dataset flags of an absent target, besides NaN / zero-size groundtruth.
    ``absent``: ``"exclude"`` leaves those frames out; ``"failure"`` scores them IoU -1 and centre errors
    inf; ``"otb"`` IoU -1 and centre errors -1 (within every threshold), see ``ABSENT_RULES``.
    ``rows``: those three of every row of ``pred`` and ``gt``, computed already (``row_metrics``); None: here."""
    pred, gt = as_boxes(pred), as_boxes(gt)
    if len(pred) != len(gt):
        raise ValueError(f"{len(pred)} predicted boxes for {len(gt)} groundtruth boxes")
    if absent not in ABSENT_RULES:
        raise ValueError(f"absent must be one of {', '.join(ABSENT_RULES)}, not {absent!r}")
    gone = absent_mask(gt)
    if flags is not None:
        gone = gone | np.asarray(flags, bool)
    valid = ~gone
    p, g = pred[valid], gt[valid]
    missing = np.any(~np.isfinite(p), axis=1)
    if rows is None:
        ious = iou(p, g)
        ce = center_error(p, g)
        nce = normalized_center_error(p, g)
    else:  # (a boolean index copies: the rows given are not changed below)
        ious, ce, nce = (np.asarray(m)[valid] for m in rows)
    ce[missing] = np.inf
    nce[missing] = np.inf
    if absent == "exclude":
        return ious, ce, nce, valid
    n = len(gt)
    fill = np.inf if absent == "failure" else -1.0
    all_ious, all_ce, all_nce = np.full(n, -1.0), np.full(n, fill), np.full(n, fill)
    all_ious[valid], all_ce[valid], all_nce[valid] = ious, ce, nce
    return all_ious, all_ce, all_nce, np.ones(n, bool)


def curves_from_metrics(ious, ce, nce) -> Curves:
    n = len(ious)
    if n == 0:
        z = np.zeros
        return Curves(z(len(IOU_THRESHOLDS)), z(len(CE_THRESHOLDS)), z(len(NCE_THRESHOLDS)), 0, ious, ce)
    succ = np.mean(ious[:, None] > IOU_THRESHOLDS[None, :], axis=0)
    prec = np.mean(ce[:, None] <= CE_THRESHOLDS[None, :], axis=0)
    nprec = np.mean(nce[:, None] <= NCE_THRESHOLDS[None, :], axis=0)
    return Curves(succ, prec, nprec, n, ious, ce)


def evaluate_sequence(pred, gt, start: int = 0, frames: np.ndarray | None = None, absent: str = "exclude",
                      flags: np.ndarray | None = None, rows: tuple | None = None) -> Curves:
    """Curves of one sequence. ``start``: frames before it were not tracked and are left out.
    ``frames``: optional boolean mask restricting scoring to those frames (per-frame attributes).
    ``absent`` / ``flags``: how frames without a target are scored and the dataset's per-frame absent
    flags (``frame_metrics``). ``rows``: ``row_metrics`` of ``pred``, computed already."""
    pred, gt = as_boxes(pred), as_boxes(gt)
    if len(pred) != len(gt):
        raise ValueError(f"{len(pred)} predicted boxes for {len(gt)} groundtruth boxes")
    keep = np.zeros(len(gt), bool)
    keep[start:] = True
    if frames is not None:
        keep &= np.asarray(frames, bool)
    ious, ce, nce, _ = frame_metrics(pred[keep], gt[keep], absent,
                                     None if flags is None else np.asarray(flags, bool)[keep],
                                     None if rows is None else tuple(np.asarray(m)[keep] for m in rows))
    return curves_from_metrics(ious, ce, nce)


def weights(curves: list[Curves], pooled: bool) -> np.ndarray:
    """(n, 1) weights of ``curves`` (each with frames) in a dataset's curves: by their frames when ``pooled`` (the
    pooled count over all frames), else equal (the mean of per-sequence curves). ``aggregate``'s, and the RGB-T
    rules' (``evaluation.rgbt``)."""
    if pooled:
        frames = np.array([c.frames for c in curves], float)
        return frames[:, None] / frames.sum()
    return np.full((len(curves), 1), 1.0 / len(curves))


def aggregate(curves: list[Curves], pooled: bool = False) -> Curves:
    """Dataset curves: mean of per-sequence curves (got10k), or frames pooled when ``pooled``."""
    curves = [c for c in curves if c.frames > 0]
    if not curves:
        return curves_from_metrics(np.zeros(0), np.zeros(0), np.zeros(0))
    total = int(sum(c.frames for c in curves))
    w = weights(curves, pooled)
    return Curves(
        success=np.sum(w * np.stack([c.success for c in curves]), axis=0),
        precision=np.sum(w * np.stack([c.precision for c in curves]), axis=0),
        norm_precision=np.sum(w * np.stack([c.norm_precision for c in curves]), axis=0),
        frames=total,
    )


@dataclass
class TrackerReport:
    tracker: str
    sequences: dict[str, Curves]
    overall: Curves
    attributes: dict[str, Curves] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # sequences without a result file
    # sequence -> {"frame": k, "reason": ...}: runs stopped early; frames from k on scored as failures
    partial: dict[str, dict] = field(default_factory=dict)
    # the protocol's scoring rules and its partial rule for the JSON (empty: OPE's, ``CONVENTION``)
    convention: str = ""
    partial_convention: str = ""
    pooled: bool = False  # the dataset's (and attributes') curves pool frames over sequences (``--pooled``)


def evaluate_tracker(tracker: str, results: dict[str, np.ndarray], groundtruth: dict[str, np.ndarray],
                     attributes: dict[str, dict] | None = None, starts: dict[str, int] | None = None,
                     pooled: bool = False, each=None, absent: str = "exclude",
                     rows: dict | None = None) -> TrackerReport:
    """Score one tracker's results ``{seq: boxes}`` against ``{seq: gt}``.

    ``attributes``: ``{seq: {name: bool | (N,) bool}}``; a sequence-level tag puts the whole
    sequence in that attribute's subset, a per-frame flag puts the flagged frames in it.
    ``each``: called with each sequence's name before it is scored (progress, and a job's Cancel,
    which raises there). ``absent``: how frames without a target are scored (``ABSENT_RULES``); the
    per-frame attributes named in ``ABSENT_ATTRIBUTES`` are absent flags besides NaN / zero-size boxes.
    ``rows``: ``{seq: row_metrics of results[seq]}`` computed already (several runs' at once), the same scores.
    """
    if absent not in ABSENT_RULES:
        raise ValueError(f"absent must be one of {', '.join(ABSENT_RULES)}, not {absent!r}")

    def score(seq: str, start: int, frames: np.ndarray | None) -> Curves:
        gt = groundtruth[seq]
        return evaluate_sequence(results[seq], gt, start=start, frames=frames, absent=absent,
                                 flags=absent_flags((attributes or {}).get(seq), len(gt)), rows=(rows or {}).get(seq))

    seq_curves, overall, attrs, missing = score_sequences(
        groundtruth, results, attributes, starts, each, score, lambda curves: aggregate(curves, pooled=pooled))
    rule = "" if absent == "exclude" and not pooled else convention(absent, pooled)
    return TrackerReport(tracker, seq_curves, overall, attrs, missing, convention=rule, pooled=pooled)


def score_sequences(sequences, results: dict, attributes: dict | None, starts: dict | None, each, score, combine):
    """What every one-pass rule (this module's, ``evaluation.rgbt``'s) does with a tracker's results:
    ``(per-sequence curves, dataset curves, {attribute: curves}, sequences without a result)``. For each sequence
    of ``sequences`` with a result, ``each(seq)`` first (progress, a job's Cancel), then ``score(seq, start,
    frames)`` its curves (``frames``: None, or a per-frame attribute's flags); a sequence-level tag puts the
    sequence's curves in that attribute's subset, a per-frame flag the flagged frames' curves. ``combine(curves)``
    makes a dataset's curves of a list; an attribute no scored frame carries has none (not 0.0 in the tables)."""
    seq_curves: dict[str, Curves] = {}
    per_attr: dict[str, list[Curves]] = {}
    missing = []
    for seq in sequences:
        if seq not in results:
            missing.append(seq)
            continue
        if each is not None:
            each(seq)
        start = (starts or {}).get(seq, 0)
        seq_curves[seq] = score(seq, start, None)
        for name, val in ((attributes or {}).get(seq) or {}).items():
            if isinstance(val, np.ndarray):
                if val.any():
                    c = score(seq, start, val)
                    if c.frames:  # flagged frames all before the start frame or without a box: nothing scored
                        per_attr.setdefault(name, []).append(c)
            elif val:
                per_attr.setdefault(name, []).append(seq_curves[seq])
    overall = combine(list(seq_curves.values()))
    attrs = {k: a for k, v in sorted(per_attr.items()) if (a := combine(v)).frames}
    return seq_curves, overall, attrs, missing


PARTIAL_CONVENTION = ("a partial run (stopped early: interrupted, unreadable frame, cancelled) is scored over all "
                      "its frames; frames after the stop count as failures (IoU 0), as the toolkits score a short "
                      "or NaN result file")


def stop_said(stop) -> str:
    """How a partial run stopped (its ``{"frame": k, "reason": ...}`` record: frames before ``k`` tracked), as eval's
    notes, the report and the window's plots say it: ``k`` as the 0-based frame index it is (``loops.frame_at``'s
    rule; the run said "stopped at frame index 70 (frame 71 of 71)") and counted from 1, as the report's timelines
    and the window count frames. "interrupted at frame 70" was read as the 70th frame, one before the stop the
    report's timeline marks."""
    stop = stop or {}
    why = stop.get("reason") or "stopped"
    k = stop.get("frame")
    if isinstance(k, bool) or not isinstance(k, (int, float)) or k != k:
        return str(why)
    return f"{why} at frame index {int(k)} (0-based; frame {int(k) + 1} counted from 1)"


def partial_fields(report: TrackerReport, seq: str) -> dict:
    """``partial`` (always) and, for a partial run, where and why it stopped: for the JSON and CSV."""
    rec = report.partial.get(seq)
    if rec is None:
        return {"partial": False}
    return {"partial": True, "partial_frame": rec.get("frame"), "partial_reason": rec.get("reason"),
            **({"partial_runs": rec["runs"], "planned_runs": rec.get("planned")} if "runs" in rec else {})}


def report_dict(reports: list[TrackerReport]) -> dict:
    """The JSON shape: tracker -> sequence -> scores, plus ``_all`` and ``_attributes`` per tracker."""
    out: dict = {}
    for r in reports:
        d = {seq: {**c.scores(), **partial_fields(r, seq)} for seq, c in r.sequences.items()}
        # sequences: those the means are over (one that scored no frame, no target shown, is left out of them)
        d["_all"] = {**r.overall.scores(), "sequences": sum(1 for c in r.sequences.values() if c.frames),
                     "convention": r.convention or CONVENTION,
                     "partial_sequences": sorted(r.partial),
                     "partial_convention": r.partial_convention or PARTIAL_CONVENTION,
                     "success_curve": r.overall.success.tolist(), "precision_curve": r.overall.precision.tolist(),
                     "norm_precision_curve": r.overall.norm_precision.tolist()}
        if r.attributes:
            d["_attributes"] = {k: c.scores() for k, c in r.attributes.items()}
        if r.missing:
            d["_missing"] = list(r.missing)
        out[r.tracker] = d
    return out
