"""A report to hand to a colleague: one self-contained HTML page and a LaTeX table.

``write_report`` scores result folders with the core's one folder scorer (``folders.score_folder``)
and writes, into one folder:

- ``report.html``: the success / precision / normalized-precision plots (drawn by
  ``plots.export_plots``, inlined as SVG), the overall, per-sequence and per-attribute tables,
  per-frame IoU timelines (one small plot per sequence, an inline PNG), the OPE convention line and
  the partial runs marked. No external file, script or font: it opens anywhere, offline.
- ``report.tex``: a booktabs ``tabular`` of AUC / P@20 / NP per tracker, the best of each in bold
  (needs ``\\usepackage{booktabs}``), and a note under it that says what its marks mean.

Trackers are compared on the same sequences only: a tracker without results for some of the sequences
the others were scored on is marked with a dagger everywhere (tables, plot legends), the sequences it
lacks are listed (as ``workbench eval`` notes them), and it is left out of the best (bold) choice.
"""
from __future__ import annotations

import base64
import html
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workbench.core.evaluation.ope import (CONVENTION, CONVENTION_SHORT, PARTIAL_CONVENTION, TrackerReport,
                                           convention_short, stop_said)
from workbench.core.evaluation.rgbt import rule_of
from workbench.core.results import atomic_write_text

HTML_NAME, TEX_NAME = "report.html", "report.tex"
FEWER = "\u2020"  # the mark of a tracker scored on fewer sequences than the others


def _convention(reports: list[TrackerReport]) -> str:
    """The convention line the reports were scored under (``CONVENTION`` unless an option changed it)."""
    return next((r.convention for r in reports if r.convention), CONVENTION)


def fewer_sequences(reports: list[TrackerReport]) -> dict[str, list[str]]:
    """tracker -> the sequences it has no result for that another tracker was scored on (only the
    trackers whose means are over a smaller set than the others': they are not comparable). A sequence that
    scored no frame (no target shown) is in no mean, so it is in no tracker's set: one tracker's result for it
    beside another's none had that other marked fewer over the same means."""
    scored = {r.tracker: {s for s, c in r.sequences.items() if c.frames} for r in reports}
    every = set().union(*scored.values()) if reports else set()
    return {t: sorted(every - got) for t, got in scored.items() if got != every}


def marked(r: TrackerReport, fewer: dict, partial: str = " *", short: str = " " + FEWER) -> str:
    """A tracker's name with its marks: ``partial`` for a partial run, ``short`` for fewer sequences."""
    return r.tracker + (partial if r.partial else "") + (short if r.tracker in fewer else "")


@dataclass
class ReportFiles:
    html: Path
    tex: Path
    trackers: list[str]
    problems: list[str]

    def __iter__(self):  # the window's export queue lists the files written
        return iter([self.html, self.tex])


def report_for_dataset(roots, dataset_root, out_dir, dataset: str | None = None, trackers=None,
                       strict: bool = True, title: str = "", unmarked: str | None = None, ctx=None,
                       absent: str = "exclude", rgbt: str = "auto", styles: dict | None = None) -> ReportFiles:
    """``write_report`` for the sequences of a dataset root (or one sequence folder); RGB-T sequences scored by
    their toolkit's rule (``rgbt``: ``"auto"``, a rule's name, or ``"off"``: one-pass); ``styles`` as there."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.evaluation.folders import dataset_groundtruth

    skipped = []  # sequences that cannot be read: listed among the report's problems
    truths: dict = {}
    gts, attrs, offsets, _ = dataset_groundtruth(dataset_root, skipped=skipped, truths=truths, rgbt=rgbt)
    if not gts:
        raise WorkbenchError(f"{dataset_root}: no sequence with groundtruth to report on" +
                             (f" ({'; '.join(note for _, note in skipped[:3])})" if skipped else ""))
    return write_report(roots, out_dir, gts, attrs, offsets, dataset=dataset, trackers=trackers, strict=strict,
                        title=title or Path(dataset_root).name, unmarked=unmarked, ctx=ctx,
                        problems=[note for _, note in skipped], absent=absent, rgbt=truths, styles=styles)


def write_report(roots, out_dir, groundtruth: dict, attributes: dict | None = None, offsets: dict | None = None,
                 dataset: str | None = None, trackers=None, strict: bool = True, title: str = "",
                 unmarked: str | None = None, ctx=None, problems=(), absent: str = "exclude",
                 rgbt: dict | None = None, styles: dict | None = None) -> ReportFiles:
    """Score ``roots`` (a results folder or several) against ``groundtruth`` ({seq: 0-based boxes})
    and write ``report.html`` and ``report.tex`` into ``out_dir``. ``ctx``: a JobContext (progress,
    cancel between steps); ``problems``: notes of the caller (e.g. sequences left out) listed first;
    ``absent``: how frames without a target are scored (``ope.ABSENT_RULES``), stated on the page; ``rgbt``:
    {seq: RgbtTruth} (``folders.score_folder``): the RGB-T toolkits' scores, their convention on the page;
    ``styles``: {tracker: (colour, line style)} of the curves and timelines (the window's, ``tracking.styles``: a
    run drawn in the report as in the window and its Export > plots), else ``plots.tracker_styles`` of the runs;
    a run it lacks gets the next after them."""
    from workbench.core.evaluation.folders import NO_TARGET_OUTCOME, no_target_notes, score_folder

    def step(fraction, message):
        if ctx is not None:
            ctx.check()
            ctx.progress(fraction, message)

    step(0.0, "scoring")
    roots = roots if isinstance(roots, (str, Path)) or len(roots) != 1 else roots[0]
    scores = score_folder(roots, groundtruth, attributes, trackers, strict=strict, dataset=dataset,
                          offsets=offsets, unmarked=unmarked, absent=absent, rgbt=rgbt)
    reports = [r for r in scores.reports if r.overall.frames]
    step(0.3, "plots")
    rgbt_rule = rule_of(reports)
    svgs = curve_svgs(reports, title, short=rgbt_rule.convention_short() if rgbt_rule else convention_short(absent),
                      styles=styles)
    step(0.6, "timelines")
    timelines = timeline_png(reports, scores.results, scores.starts, groundtruth, attributes, styles)
    step(0.9, "writing")
    out = Path(out_dir)
    problems = list(problems) + list(scores.problems) + list(scores.notes)
    if absent == "exclude" and rgbt_rule is None:  # under the other rules its frames are scored (as failures)
        problems += no_target_notes(scores.reports, groundtruth, NO_TARGET_OUTCOME["exclude"])
    page = render_html(reports, svgs, timelines, title, problems)
    h = atomic_write_text(out / HTML_NAME, page)
    t = atomic_write_text(out / TEX_NAME, latex_table(reports, title))
    step(1.0, "done")
    return ReportFiles(h, t, [r.tracker for r in reports], problems)


# --- pieces ---------------------------------------------------------------------------------------

def curve_svgs(reports: list[TrackerReport], title: str = "", short: str = CONVENTION_SHORT,
               styles: dict | None = None) -> list[str]:
    """The three curve plots as inline ``<svg>`` elements, drawn by ``plots.export_plots``; the legends
    carry the tables' marks (* partial run, \u2020 fewer sequences)."""
    from workbench.core.evaluation.plots import export_plots

    fewer = fewer_sequences(reports)
    labels = {r.tracker: marked(r, fewer) for r in reports}
    footer = short + (f" · {FEWER} fewer sequences: not comparable" if fewer else "")
    with tempfile.TemporaryDirectory(prefix="wb-report-") as tmp:
        files = export_plots(reports, tmp, formats=("svg",), title=title, convention=footer, labels=labels,
                             styles=styles)
        out = []
        for f in files:
            text = Path(f).read_text(encoding="utf-8")
            out.append(text[text.find("<svg"):])  # drop the XML prologue and DOCTYPE
    return out


def frame_ious(boxes: np.ndarray, gt: np.ndarray, start: int = 0) -> np.ndarray:
    """Per-frame IoU, NaN where the groundtruth is absent or before the run's start frame."""
    from workbench.core.boxes import absent_mask, iou

    v = iou(boxes, gt).astype(float)
    v[absent_mask(gt)] = np.nan
    v[:max(0, int(start))] = np.nan
    return v


def timeline_png(reports: list[TrackerReport], results: dict, starts: dict, groundtruth: dict,
                 attributes: dict | None = None, styles: dict | None = None) -> str:
    """Per-frame IoU of every tracker, one small plot per sequence, as a ``data:image/png`` URI
    ('' when there is nothing to draw). Frames flagged by a per-frame occlusion attribute (``attributes``:
    {seq: {name: bool | (N,) bool}}) and frames without a target are shaded, as the window's Timeline
    shades them (not camera motion and the like, which cover whole sequences)."""
    fig = timeline_figure(reports, results, starts, groundtruth, attributes, styles)
    if fig is None:
        return ""
    from workbench.core.evaluation.plots import use_glyph_fallback

    use_glyph_fallback(fig)  # CJK sequence names drawn, where an installed font has them
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


# the timelines' layout in inches: each plot's size, the margins round the grid and the gaps between plots (tick
# labels, the title above, the x label under the bottom row), fixed, as the plots are all alike
_TL_PLOT = (3.6, 1.9)
_TL_MARGINS = {"left": 0.42, "right": 0.08, "top": 0.22, "bottom": 0.32}
_TL_GAPS = (0.34, 0.42)  # between columns, between rows
_TL_LEGEND_ROW, _TL_LEGEND_COLS = 0.16, 4  # the legend above the grid: a row's height (inches), entries a plot wide


def timeline_figure(reports: list[TrackerReport], results: dict, starts: dict, groundtruth: dict,
                    attributes: dict | None = None, styles: dict | None = None):
    """The matplotlib Figure ``timeline_png`` renders (None when there is no sequence). A root of 300 sequences
    is 300 plots: each shaded stretch of frames is one artist per plot and kind (not one per stretch: LaSOT's
    flickering occlusion flags are hundreds), and the grid is laid out by fixed margins (``tight_layout``
    measured every label of every plot by drawing the whole figure once more: minutes for such a root)."""
    from workbench.core.boxes import absent_mask
    from workbench.core.evaluation.plots import _styles_of

    seqs = sorted({s for r in reports for s in r.sequences})
    if not seqs:
        return None
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    cols = min(3, len(seqs))
    rows = (len(seqs) + cols - 1) // cols
    fig = Figure(figsize=(_TL_PLOT[0] * cols, _TL_PLOT[1] * rows + 0.4), dpi=90)
    looks = _styles_of([r.tracker for r in reports], styles)  # as the report's curves (plots.export_plots) draw them
    fewer = fewer_sequences(reports)
    shaded = set()  # what the shades mean, for the legend
    stopped = False  # a partial run's stop drawn (a dotted line): said in the key too, as the shades are
    for k, seq in enumerate(seqs):
        ax = fig.add_subplot(rows, cols, k + 1)
        flags = {n: np.asarray(v, bool) for n, v in ((attributes or {}).get(seq) or {}).items()
                 if isinstance(v, np.ndarray) and "occlu" in n}  # occlusion flags, not camera motion and such
        flags["no target"] = absent_mask(groundtruth[seq])
        for name, f in flags.items():
            if f.any():  # frames k flagged: [k + 0.5, k + 1.5] (1-based, as the frame axis), one artist for all
                x = np.repeat(np.arange(len(f) + 1) + 0.5, 2)[1:-1]
                ax.fill_between(x, 0, 1, where=np.repeat(f, 2), transform=ax.get_xaxis_transform(),
                                color="0.6" if name == "no target" else "0.85", lw=0, zorder=0)
                shaded.add(name)
        for r in reports:
            boxes = results.get(r.tracker, {}).get(seq)
            if boxes is None:
                continue
            v = frame_ious(boxes, groundtruth[seq], starts.get(r.tracker, {}).get(seq, 0))
            ax.plot(np.arange(1, len(v) + 1), v, lw=1, color=looks[r.tracker][0], ls=looks[r.tracker][1],
                    label=marked(r, fewer))
            stop = r.partial.get(seq)
            if stop and stop.get("frame") is not None:
                ax.axvline(int(stop["frame"]) + 1, color="0.3", ls=":", lw=1)
                stopped = True
        ax.set_ylim(0, 1.02)
        ax.set_title(seq + (" *" if any(seq in r.partial for r in reports) else ""), fontsize=8)
        ax.tick_params(labelsize=6)
        # frames are whole: a short sequence's axis ticked at 'frame 2.5, 7.5' (a 1-frame one at 0.96, 0.98 ...);
        # each frame's stretch is [k - 0.5, k + 0.5], as the shades
        ax.set_xlim(0.5, max(len(groundtruth[seq]), 1) + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True, min_n_ticks=1))
        ax.grid(True, alpha=0.3)
        if k >= len(seqs) - cols:  # the bottom plot of each column: its x label right under it
            # counted from 1, as the report says a partial run's stop (ope.stop_said)
            ax.set_xlabel("frame (counted from 1)", fontsize=7, labelpad=1)
        if k % cols == 0:
            ax.set_ylabel("IoU", fontsize=7, labelpad=1)
    # the legend in a row of its own above the plots (no IoU line drawn, no frame with a target: none): inside the
    # first plot (lower left, then "best") it hid a tracker lost early, and with five trackers and more any free
    # corner of a plot this small
    seen = {}
    for ax in fig.axes:
        for h, label in zip(*ax.get_legend_handles_labels()):
            seen.setdefault(label, h)
    head = 0.0
    if seen:
        ncol = min(len(seen), _TL_LEGEND_COLS * cols)
        head = _TL_LEGEND_ROW * -(-len(seen) // ncol) + 0.06
        fw, fh = fig.get_size_inches()
        fig.set_size_inches(fw, fh + head)
        fig.legend(list(seen.values()), list(seen), loc="upper center", ncol=ncol, fontsize=6, frameon=False,
                   bbox_to_anchor=(0.5, 1 - 0.03 / (fh + head)), handlelength=2.5, columnspacing=1.2)
    key = []
    if shaded:
        key = [f"light grey: {', '.join(sorted(shaded - {'no target'}))}"] if shaded - {"no target"} else []
        key += ["dark grey: no target (not scored)"] if "no target" in shaded else []
        key = ["shaded frames: " + "; ".join(key)]
    if stopped:  # (the line was drawn without a word: a reader took it for a grid line or a cut)
        key.append("dotted line: where a partial run (*) stopped; frames after it are failures")
    if key:
        # placed in inches from the bottom, inside the foot kept for it (a fraction of the figure's height
        # climbed into the bottom row of plots on a report of 60 sequences and more); a line each (one plot wide
        # holds no more)
        fig.text(0.99, 0.04 / fig.get_size_inches()[1], "\n".join(key), ha="right", va="bottom", fontsize=6,
                 color="0.4")
    _place_grid(fig, rows, cols, foot=0.25 + 0.1 * (len(key) - 1) if key else 0.0, head=head)
    return fig


def _place_grid(fig, rows: int, cols: int, foot: float = 0.0, head: float = 0.0) -> None:
    """The timelines' grid placed by ``_TL_MARGINS`` / ``_TL_GAPS`` (inches; ``foot``: room under it for the
    shading's key; ``head``: above it for the legend)."""
    fw, fh = fig.get_size_inches()
    m = _TL_MARGINS
    aw = (fw - m["left"] - m["right"] - (cols - 1) * _TL_GAPS[0]) / cols
    ah = (fh - m["top"] - head - m["bottom"] - foot - (rows - 1) * _TL_GAPS[1]) / rows
    fig.subplots_adjust(left=m["left"] / fw, right=1 - m["right"] / fw, top=1 - (m["top"] + head) / fh,
                        bottom=(m["bottom"] + foot) / fh, wspace=_TL_GAPS[0] / aw, hspace=_TL_GAPS[1] / ah)


def score_columns(reports: list[TrackerReport]) -> list[tuple[str, str]]:
    """(score key, column name) of the headline scores: AUC, P@20, NP; an RGB-T rule's MSR, MPR@20 (GTOT: MPR@5;
    LasHeR: SR, PR@20, NPR@0.2)."""
    rule = rule_of(reports)
    if rule is None:
        return [("success_auc", "AUC"), ("precision_20", "P@20"), ("norm_precision", "NP")]
    return ([("success_auc", rule.success_label), ("mpr" if rule.both else "pr", rule.precision_label)]
            + ([("npr", "NPR@0.2")] if rule.norm_precision else []))


def _f(v: float) -> str:
    return "-" if v is None or not np.isfinite(v) else f"{v:.3f}"


def _table(head: list[str], rows: list[list[str]], cls: str = "") -> str:
    e = html.escape
    th = "".join(f"<th>{e(h)}</th>" for h in head)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>\n{body}\n</tbody></table>'


def render_html(reports: list[TrackerReport], svgs: list[str], timelines: str, title: str = "",
                problems: list[str] | None = None) -> str:
    e = html.escape
    heading = f"Tracking report{': ' + title if title else ''}"
    fewer = fewer_sequences(reports)
    name = {r.tracker: e(marked(r, fewer)) for r in reports}
    cols = score_columns(reports)

    def scored(r) -> str:  # the sequences its means are over: one that scored no frame is left out of them
        return str(sum(1 for c in r.sequences.values() if c.frames))

    if rule_of(reports) is None:
        overall = _table(["tracker", "AUC", "P@20", "NP", "NP@0.2", "OP50", "sequences", "frames"],
                         [[name[r.tracker], _f(r.overall.success_auc), _f(r.overall.precision_20),
                           _f(r.overall.norm_precision_auc), _f(r.overall.norm_precision_02),
                           _f(r.overall.success_50), scored(r), str(r.overall.frames)] for r in reports],
                         "overall")
    else:
        overall = _table(["tracker"] + [h for _, h in cols] + ["sequences", "frames"],
                         [[name[r.tracker]] + [_f(r.overall.scores()[k]) for k, _ in cols]
                          + [scored(r), str(r.overall.frames)] for r in reports], "overall")
    seqs = sorted({s for r in reports for s in r.sequences})
    head = ["sequence"] + [f"{marked(r, fewer, partial='')} {m}" for r in reports for _, m in cols]
    seq_rows = []
    for s in seqs:
        row = [e(s)]
        for r in reports:
            c = r.sequences.get(s)
            mark = " *" if s in r.partial else ""
            got = c.scores() if c is not None else None
            row += ([_f(got[k]) + (mark if j == 0 else "") for j, (k, _) in enumerate(cols)] if got is not None
                    else ["-"] * len(cols))
        seq_rows.append(row)
    per_seq = _table(head, seq_rows, "sequences")
    attrs = sorted({a for r in reports for a in r.attributes})
    # frames: the most frames any tracker was scored on for the attribute (as ``eval --attributes``)
    per_attr = _table(["attribute", "frames"] + [f"{marked(r, fewer)} {cols[0][1]}" for r in reports],
                      [[e(a), str(max(r.attributes[a].frames for r in reports if a in r.attributes))] +
                       [_f(r.attributes[a].success_auc) if a in r.attributes else "-" for r in reports]
                       for a in attrs], "attributes") if attrs else "<p>(no attributes in this dataset)</p>"
    partial = [(r.tracker, s, p) for r in reports for s, p in sorted(r.partial.items())]
    partial_html = ""
    if partial:
        items = "".join(f"<li>{e(t)} on {e(s)}: {e(stop_said(p))}</li>" for t, s, p in partial)
        partial_html = (f'<p class="partial">* partial runs: {e(PARTIAL_CONVENTION)}</p><ul>{items}</ul>')
    if fewer:
        items = "".join(f"<li>{e(t)}: not scored on {e(', '.join(s))} (no result, or none of its frames scored)</li>"
                        for t, s in fewer.items())
        partial_html += (f'<p class="partial">{FEWER} scored on fewer sequences than the other trackers: its '
                         f'means (overall and per attribute) are over a different set of sequences and are not '
                         f'comparable with theirs</p><ul>{items}</ul>')
    nobody = sorted(set.intersection(*(set(r.missing) for r in reports))) if reports else []
    if nobody:
        partial_html += (f'<p class="partial">no tracker has results for {len(nobody)} sequence(s) of the '
                         f'dataset (left out of every mean): {e(", ".join(nobody))}</p>')
    # (headed "Skipped files", which most are not: rows of a file dropped, a sequence with no target scored no frame)
    probs = "".join(f"<li>{e(p)}</li>" for p in problems or [])
    plots = "\n".join(f'<div class="plot">{s}</div>' for s in svgs)
    tl = f'<img alt="per-frame IoU" src="{timelines}">' if timelines else "<p>(no sequences)</p>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(heading)}</title>
<meta name="workbench-convention" content="{_convention(reports).replace('&', '&amp;').replace('"', '&quot;')}">
<style>
body{{font-family:sans-serif;margin:2em;color:#222}} table{{border-collapse:collapse;margin:1em 0}}
th,td{{border-bottom:1px solid #ccc;padding:3px 8px;text-align:right}} th:first-child,td:first-child{{text-align:left}}
.plot{{display:inline-block;width:32%;min-width:320px}} .plot svg{{width:100%;height:auto}}
.convention{{color:#555;font-size:90%}} .partial{{color:#a33}} img{{max-width:100%}}
</style></head><body>
<h1>{e(heading)}</h1>
<p class="convention">{e(_convention(reports))}</p>
<h2>Scores</h2>
{overall}
{partial_html}
<h2>Plots</h2>
{plots}
<h2>Per sequence</h2>
{per_seq}
<h2>Per attribute (success {e(cols[0][1])})</h2>
{per_attr}
<h2>Per-frame IoU</h2>
{tl}
{'<h2>Notes</h2><ul>' + probs + '</ul>' if probs else ''}
</body></html>
"""


_TEX_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def tex_escape(text: str) -> str:
    return "".join(_TEX_ESCAPES.get(ch, ch) for ch in str(text))


def latex_table(reports: list[TrackerReport], title: str = "") -> str:
    """booktabs ``tabular``: tracker, AUC, P@20, NP; the best of each column in bold among the trackers
    scored on the same sequences; a note under the table says what ``$^*$`` and ``$^\\dagger$`` mean."""
    cols = score_columns(reports)
    vals = {r.tracker: r.overall.scores() for r in reports}
    fewer = fewer_sequences(reports)
    best = {k: max((v[k] for t, v in vals.items() if t not in fewer), default=None) for k, _ in cols}
    # a comment ends at a line break: a title of several lines (--title) would put its others into the document
    lines = [f"% {tex_escape(' '.join(str(title).split()))}" if title else "% tracking report",
             f"% {_convention(reports)}", "% needs \\usepackage{booktabs}",
             "\\begin{tabular}{l" + "c" * len(cols) + "}", "\\toprule",
             "Tracker & " + " & ".join(h for _, h in cols) + " \\\\", "\\midrule"]
    for r in reports:
        cells = []
        for k, _ in cols:
            v = vals[r.tracker][k]
            s = f"{v:.3f}"
            top = best[k] is not None and r.tracker not in fewer and f"{v:.3f}" == f"{best[k]:.3f}"
            cells.append(f"\\textbf{{{s}}}" if top else s)
        name = tex_escape(r.tracker) + ("$^*$" if r.partial else "") + ("$^\\dagger$" if r.tracker in fewer else "")
        lines.append(f"{name} & " + " & ".join(cells) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}"]
    notes = []
    partial = [(r.tracker, s, p or {}) for r in reports for s, p in sorted(r.partial.items())]
    if partial:
        where = "; ".join(f"{tex_escape(t)} on {tex_escape(s)}, {tex_escape(stop_said(p))}" for t, s, p in partial)
        notes.append(f"$^*$ Partial run: {where}. {tex_escape(PARTIAL_CONVENTION[0].upper() + PARTIAL_CONVENTION[1:])}.")
    if fewer:
        where = "; ".join(f"{tex_escape(t)} is not scored on {tex_escape(', '.join(s))}" for t, s in fewer.items())
        notes.append(f"$^\\dagger$ Scored on fewer sequences than the other trackers ({where}): its means are "
                     f"over a different set and are not compared (not in bold).")
    if notes:
        lines += ["\\par\\smallskip", "{\\footnotesize " + " \\\\\n".join(notes) + "\\par}"]
    lines.append("")
    return "\n".join(lines)
