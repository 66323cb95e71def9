"""The IR small-target curves of a scored segmenter as figures and CSV (``segment --plots``): the pixel ROC and the
target-level Pd-Fa curve, false positive rate / Fa on a log axis as the field's papers plot them.

Written for LW-IRSTNet's ``segment`` and Evaluate tab, now the core's: the classic peers' ``segment`` (the core's
command) writes the same files. ``export_roc`` takes a ``SegmentationReport`` (mask sets); ``export_box_pd_fa``
the result of ``irst_boxes.evaluate_boxes`` (box sets: no pixel ROC).

Both sweep the scored logits (0: the mask that was scored). Where that point is and what the CSVs' threshold
column holds is the method's (``OperatingPoint``): a network's logits read as probabilities (``PROBABILITY``:
"threshold 0.5", the column the probability), the classic peers' logit is ``z - k`` of a z-scored map (their
``operating_point``: "logit 0 (k = 12)", the column the k that thresholds there).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from workbench.core.evaluation.segmentation import SegmentationReport


def logit_of(probability) -> np.ndarray:
    """The logits the curves' thresholds (kept as probabilities, ``sigmoid`` of the logits swept) stand for; 1 and 0
    are +inf and -inf."""
    t = np.asarray(probability, np.float64)
    with np.errstate(divide="ignore"):
        return np.log(t) - np.log1p(-t)


@dataclass(frozen=True)
class OperatingPoint:
    """A scored segmenter's operating point (logit 0, what it was scored at) in its own words and units: ``label``
    marks it in the Pd-Fa figure's legend, ``note`` in the figure's small print; the CSVs' threshold column is
    named ``column`` and holds ``threshold(probability)`` for each of the curves' thresholds (probabilities)."""
    label: str
    note: str
    column: str
    threshold: Callable[[np.ndarray], np.ndarray]


# a network's logits (LW-IRSTNet, any segmenter scored on its maps["logits"] or saliency): probability 0.5
PROBABILITY = OperatingPoint(label="threshold 0.5", note="the operating threshold 0.5", column="threshold",
                             threshold=lambda t: np.asarray(t, np.float64))


ROC_NOTE = ("pixel ROC: thresholds swept on the logits (600 levels, -30..30); FPR on a log axis as the\n"
            "IR small-target papers plot it; AUC = area under the curve over the whole FPR range 0..1 (linear)")


def roc_figure(report: SegmentationReport, label: str = "LW-IRSTNet", title: str = "ROC (pixel level)"):
    """The pixel ROC with the false positive rate on a log axis (where the low false-alarm region an IR
    small-target detector works in is seen; on a linear axis it is a vertical line at 0)."""
    from workbench.core.evaluation.plots import COLORS, _figure

    fig = _figure()
    ax = fig.add_subplot(111)
    fpr, tpr = np.asarray(report.roc_fpr), np.asarray(report.roc_tpr)
    ok = fpr > 0  # a log axis has no 0
    ax.plot(fpr[ok], tpr[ok], color=COLORS[0], lw=2, label=f"{label} [AUC {report.auc:.4f}]")
    ax.set_xscale("log")
    ax.set_xlim(max(1e-8, float(fpr[ok].min()) / 2) if ok.any() else 1e-8, 1)
    return _finish_log_plot(fig, ax, (0, 1.0), "False positive rate (pixels, log scale)", "True positive rate (pixels)",
                            title, ROC_NOTE, 0.04)


def _finish_log_plot(fig, ax, ylim, xlabel: str, ylabel: str, title: str, note: str, bottom: float):
    """The ROC / Pd-Fa figures' common finish: log x, labels, grid, legend, title, the small note below."""
    ax.set_xscale("log")
    ax.set_ylim(*ylim)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(title, fontsize=11)
    fig.text(0.99, 0.005, note, ha="right", va="bottom", fontsize=6, color="0.4")
    fig.tight_layout(rect=(0, bottom, 1, 1))
    return fig


def pdfa_note(op: OperatingPoint = PROBABILITY) -> str:
    """The Pd-Fa figure's small print, its marked point ``op``'s."""
    return ("target-level Pd-Fa: the logits thresholded at 30..-30 (step 2);\n"
            "Pd = targets matched (centroids < 3 px); Fa = pixels of unmatched predicted components / all pixels\n"
            f"(BasicIRSTD); the marked point is {op.note}")


PDFA_NOTE = pdfa_note(PROBABILITY)


FLOOR_NOTE = "Fa = 0 drawn at the floor of the log axis"


@dataclass(frozen=True)
class PdFaDrawn:
    """A Pd-Fa curve as drawn on a log Fa axis (``pd_fa_drawn``), by the exported figure and the Evaluate tab alike.
    A log axis has no 0: the thresholds without a false alarm (the strictest, often the operating point among them)
    were dropped without a word; they are drawn at the axis ``floor``, a decade below the least Fa drawn (1e-3 x 1e-6
    when none has one), marked apart."""
    fa: np.ndarray  # Fa x 1e-6 of the thresholds with a false alarm (> 0): the curve
    pd: np.ndarray  # their Pd
    zero_pd: np.ndarray  # Pd of the thresholds with Fa = 0, drawn at ``floor``
    floor: float
    point: tuple[float, float] | None  # the operating point (Fa x 1e-6, Pd) as drawn, None when it has no Fa
    point_at_floor: bool  # the operating point's Fa is 0: drawn at ``floor``

    @property
    def at_floor(self) -> bool:
        """Whether anything is drawn at the floor (then the axis starts there and the note says so)."""
        return bool(len(self.zero_pd)) or self.point_at_floor

    def note(self, op: OperatingPoint = PROBABILITY) -> str:
        """The figure's small print (``pdfa_note``), with ``FLOOR_NOTE`` when something is drawn at the floor."""
        return pdfa_note(op) + (f"; {FLOOR_NOTE}" if self.at_floor else "")


def pd_fa_drawn(report: SegmentationReport) -> PdFaDrawn:
    """``PdFaDrawn`` of the report's Pd-Fa curve and operating point (``report.pd`` / ``report.fa``)."""
    pd_, fa = np.asarray(report.pdfa_pd, float), np.asarray(report.pdfa_fa, float) * 1e6
    ok, zero = fa > 0, fa == 0
    floor = float(fa[ok].min()) / 10 if ok.any() else 1e-3
    point = ((float(report.fa_e6), float(report.pd)) if report.fa > 0
             else (floor, float(report.pd)) if report.fa == 0 else None)
    return PdFaDrawn(fa[ok], pd_[ok], pd_[zero], floor, point, report.fa == 0)


def pd_fa_figure(report: SegmentationReport, label: str = "LW-IRSTNet", title: str = "Pd-Fa (target level)",
                 op: OperatingPoint = PROBABILITY):
    """Pd against Fa (x 1e-6, log axis) over the thresholds of the report's Pd-Fa curve, the operating point
    (logit 0: ``op``, a network's probability 0.5) marked; Fa = 0 at the axis floor (``pd_fa_drawn``)."""
    from workbench.core.evaluation.plots import COLORS, _figure

    fig = _figure()
    ax = fig.add_subplot(111)
    drawn = pd_fa_drawn(report)
    ax.plot(drawn.fa, drawn.pd, color=COLORS[0], lw=2, marker=".", ms=4, label=label)
    if len(drawn.zero_pd):
        ax.plot(np.full(len(drawn.zero_pd), drawn.floor), drawn.zero_pd, ls="none", marker="<", ms=6,
                color=COLORS[0], clip_on=False, label="Fa = 0 (drawn at the floor)")
    if drawn.point is not None:
        fa_said = "0 (at the floor)" if drawn.point_at_floor else f"{report.fa_e6:.2f}e-6"
        ax.plot(*([v] for v in drawn.point), "o", color=COLORS[1], ms=7, clip_on=not drawn.point_at_floor,
                label=f"{op.label}: Pd {report.pd:.3f}, Fa {fa_said}")
    fig = _finish_log_plot(fig, ax, (0, 1.02), "Fa (x 1e-6, log scale)", "Pd", title, drawn.note(op), 0.07)
    if drawn.at_floor:
        ax.set_xlim(left=drawn.floor)
    return fig


def curve_tables(report: SegmentationReport, op: OperatingPoint = PROBABILITY) -> dict[str, str]:
    """The curves as CSV texts: ``roc.csv`` (threshold in ``op``'s units, fpr, tpr) and ``pd_fa.csv``
    (``pd_fa_table``)."""
    thr = op.threshold(np.asarray(report.roc_thresholds, np.float64))
    roc = [f"{op.column},fpr,tpr"] + [f"{t:.12g},{f:.6g},{p:.6g}" for t, f, p in
                                      zip(thr, report.roc_fpr, report.roc_tpr)]
    return {"roc.csv": "\n".join(roc) + "\n", "pd_fa.csv": pd_fa_table(report, op)}


def pd_fa_table(report, op: OperatingPoint = PROBABILITY) -> str:
    """``pd_fa.csv``: the threshold in ``op``'s units (a network's: the probability; the classic peers': k), the
    logit, pd, fa, fa_e6 per threshold of the Pd-Fa curve."""
    prob = np.asarray(report.pdfa_thresholds, np.float64)
    thr, logit = op.threshold(prob), logit_of(prob)
    rows = [f"{op.column},logit,pd,fa,fa_e6"] + [f"{t:.12g},{lg:.4g},{p:.6g},{f:.6g},{f * 1e6:.6g}"
                                                 for t, lg, p, f in zip(thr, logit, report.pdfa_pd, report.pdfa_fa)]
    return "\n".join(rows) + "\n"


def pd_fa_json(pd_fa: dict, op: OperatingPoint = PROBABILITY) -> dict:
    """The Pd-Fa curve of a ``--json`` report (``{"thresholds": probabilities, "pd", "fa", ...}``) with its thresholds
    in ``op``'s units too, as ``pd_fa.csv`` gives them: ``logit`` per threshold and, for a method whose threshold is
    not the probability (the classic peers: k), that column's list (``"k"``); ``thresholds`` stays the
    probabilities (the curves' own, what the readers of these files take). A new dict; ``pd_fa`` is not changed."""
    prob = np.asarray(pd_fa["thresholds"], np.float64)
    # to 0.01 as the peers' k: a logit near 30 read back from its probability (near 1) is 2e-4 off (29.9998)
    out = {**pd_fa, "logit": [float(v) for v in np.round(logit_of(prob), 2)], "operating_point": op.label}
    if op.column != PROBABILITY.column:
        out[op.column] = [float(v) for v in op.threshold(prob)]
    return out


def plot_outputs(out_dir) -> list[tuple[str, Path]]:
    """``("--plots", path)`` of every file ``export_roc`` / ``export_box_pd_fa`` may write into ``out_dir`` (the
    figures in each of ``PLOT_FORMATS`` and the CSVs): the outputs a ``segment --plots`` checks before it runs
    (kept without ``--force``, never one of its inputs), the core's and LW-IRSTNet's alike."""
    from workbench.core.evaluation.plots import PLOT_FORMATS

    return [("--plots", Path(out_dir) / f"{stem}.{ext}") for stem in ("roc", "pd_fa") for ext in (*PLOT_FORMATS, "csv")]


def export_roc(report: SegmentationReport, out_dir: str | Path, stem: str = "roc", label: str = "LW-IRSTNet",
               op: OperatingPoint = PROBABILITY, bom: bool = False) -> list[Path]:
    """The pixel ROC and the target-level Pd-Fa figures (``roc.*``, ``pd_fa.*``: PNG, SVG, PDF) and both
    curves as CSV into ``out_dir``, the operating point and threshold column ``op``'s; ``bom``: the CSVs with a
    UTF-8 byte-order mark (``csvtable.write_csv``, ``--csv-bom``)."""
    from workbench.core.csvtable import write_csv
    from workbench.core.evaluation.plots import PLOT_FORMATS, save_figure

    out = Path(out_dir)
    has_roc = len(report.roc_fpr) > 0  # a box-labelled set has no pixel ROC
    files = []
    # each figure drawn once and saved in every format (drawn again per format, its log-axis layout was most of
    # a segment --plots run on a small set)
    if has_roc:
        fig = roc_figure(report, label)
        files += [save_figure(fig, out / f"{stem}.{fmt}") for fmt in PLOT_FORMATS]
    if report.pdfa_pd is not None:
        fig = pd_fa_figure(report, label, op=op)
        files += [save_figure(fig, out / f"pd_fa.{fmt}") for fmt in PLOT_FORMATS]
    for name, text in curve_tables(report, op).items():
        if (name == "roc.csv" and has_roc) or (name == "pd_fa.csv" and report.pdfa_pd is not None):
            files.append(write_csv(out / name, text, bom))
    return files


def export_box_pd_fa(res: dict, out_dir: str | Path, label: str = "LW-IRSTNet",
                     op: OperatingPoint = PROBABILITY, bom: bool = False) -> list[Path]:
    """``evaluate_boxes``' Pd-Fa curve as ``pd_fa.*`` (PNG, SVG, PDF) and ``pd_fa.csv`` into ``out_dir`` (the
    operating point and threshold column ``op``'s): boxes give no pixel ROC (no masks)."""
    from types import SimpleNamespace

    from workbench.core.csvtable import write_csv
    from workbench.core.evaluation.plots import PLOT_FORMATS, save_figure

    c = res["pd_fa"]
    rep = SimpleNamespace(pdfa_thresholds=np.array(c["thresholds"]), pdfa_pd=np.array(c["pd"]),
                          pdfa_fa=np.array(c["fa"]), pd=res["pd"], fa=res["fa"], fa_e6=res["fa_e6"])
    out = Path(out_dir)
    fig = pd_fa_figure(rep, label, title="Pd-Fa (target level, box-scored)", op=op)  # once, saved in each format
    files = [save_figure(fig, out / f"pd_fa.{fmt}") for fmt in PLOT_FORMATS]
    files.append(write_csv(out / "pd_fa.csv", pd_fa_table(rep, op), bom))
    return files
