"""Success / precision plots and score tables, exported with matplotlib (PNG, SVG, PDF) and as
CSV / JSON. The GUI's plot dock shows the same ``Curves``; exports are drawn here so that SVG and
PDF work whatever the Qt version (pyqtgraph's SVG exporter fails on Qt 6.12)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from workbench.core.evaluation.ope import (CE_THRESHOLDS, CONVENTION_SHORT, IOU_THRESHOLDS, NCE_THRESHOLDS,
                                           Curves, TrackerReport, report_dict)
from workbench.core.evaluation.detection import score_text
from workbench.core.evaluation.rgbt import rule_of
from workbench.core.results import atomic_write_bytes, write_json

PLOT_FORMATS = ("png", "svg", "pdf")
# colour-blind friendly cycle (Okabe-Ito), shared with the GUI so a tracker keeps its colour; its black is the
# palette's grey form (#999999): a black eighth run vanished on the window's dark plots, viewer and legends
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#999999"]


def color_for(index: int) -> str:
    return COLORS[index % len(COLORS)]


LINE_STYLES = ("-", "--", ":", "-.")


def line_style_for(index: int) -> str:
    """The line style of the ``index``-th curve: solid for the first ``len(COLORS)``, then dashed, dotted ...: the
    ninth tracker of a plot took the first one's colour and line alike, and the two could not be told apart."""
    return LINE_STYLES[(index // len(COLORS)) % len(LINE_STYLES)]


def tracker_styles(labels) -> dict[str, tuple[str, str]]:
    """{label: (colour, line style)} of the trackers of one figure set (one ``eval --plots``, one report, the EAO
    plot), the one rule for their looks: the k-th tracker of the set, in the set's order (the call's tracker
    list: ``--trackers`` as given, else the runs' labels sorted), gets ``color_for(k)`` and ``line_style_for(k)``.
    A figure of some of them (an attribute's curves, trackers without a scored frame left out of the curves, the
    EAO plot's legend sorted by EAO) draws each as the whole set does: colours taken by the place in the figure
    gave one tracker orange in a report's curves and green in its timelines, and the EAO plot coloured by rank."""
    return {label: (color_for(k), line_style_for(k)) for k, label in enumerate(dict.fromkeys(labels))}


def _styles_of(names, styles: dict | None) -> dict[str, tuple[str, str]]:
    """``styles`` (``tracker_styles`` of the figure set) with any of ``names`` it lacks added after its own."""
    full = dict(styles or {})
    for name in names:
        if name not in full:
            full[name] = (color_for(len(full)), line_style_for(len(full)))
    return full


def _figure():
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return Figure(figsize=(5.2, 4.2), dpi=110)


PLOT_TITLES = {"success": "Success plot", "precision": "Precision plot", "norm_precision": "Normalized precision plot"}


def curve_figure(curves: dict[str, Curves], kind: str, title: str = "", convention: str = CONVENTION_SHORT,
                 labels: dict[str, str] | None = None, styles: dict[str, tuple[str, str]] | None = None):
    """A matplotlib Figure of ``kind`` in {"success", "precision", "norm_precision"}; legend sorted
    by the score shown, which is written in the legend as pytracking / got10k do; ``convention`` is the
    footer (the protocol and the scoring rules); ``labels``: a tracker's name in the legend (with its marks);
    ``styles``: each tracker's (colour, line style) in its figure set (``tracker_styles``; by default the set is
    ``curves``)."""
    fig = _figure()
    ax = fig.add_subplot(111)
    # the legend's score as the convention names it (one-pass: AUC / P@20; RGB-T: MSR / MPR@5 on GTOT)
    first = next(iter(curves.values()), None)
    if kind == "success":
        x, key, label, score = IOU_THRESHOLDS, "success", "Overlap threshold (IoU)", lambda c: c.success_auc
        fmt = f"{getattr(first, 'success_label', 'AUC')} {{:.3f}}"
        ylab = "Success rate"
    elif kind == "precision":
        x, key, label, score = CE_THRESHOLDS, "precision", "Location error threshold (px)", \
            lambda c: c.precision_headline
        fmt = f"{getattr(first, 'precision_label', 'P@20')} {{:.3f}}"
        ylab = "Precision"
    elif kind == "norm_precision":
        x, key, label, score = NCE_THRESHOLDS, "norm_precision", "Normalized location error threshold", \
            lambda c: c.norm_precision_auc
        fmt = "NP {:.3f}"
        ylab = "Normalized precision"
    else:
        raise ValueError(f"unknown plot kind {kind!r}")
    order = sorted(curves, key=lambda n: -score(curves[n]))
    looks = _styles_of(curves, styles)
    for name in order:
        c = curves[name]
        ax.plot(x, getattr(c, key), color=looks[name][0], ls=looks[name][1], lw=2,
                label=f"{(labels or {}).get(name, name)} [{fmt.format(score(c))}]")
    ax.set_xlim(x[0], x[-1])
    # a little over 1 (as the report's timelines): a curve at 1.0 (every frame a success) ran under the frame's top
    # line and was not seen at all
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(label)
    ax.set_ylabel(ylab)
    ax.grid(True, alpha=0.3)
    if ax.get_legend_handles_labels()[0]:  # no curve (no frame with a target to score): no legend, nor its warning
        # where it covers least of the curves ("best"): a fixed corner (lower left / right) hid a lost tracker's
        # curve, low along the bottom, under the legend
        ax.legend(loc="best", fontsize=8, frameon=True)
    ax.set_title(title or PLOT_TITLES[kind], fontsize=11)
    fig.text(0.99, 0.005, convention, ha="right", va="bottom", fontsize=6, color="0.4")
    fig.tight_layout(rect=(0, 0.02, 1, 1))
    return fig


# installed fonts with CJK glyphs, looked for by name first (the default DejaVu Sans has none: a sequence named in
# Chinese, Japanese or Korean was drawn as boxes); then those fontconfig says cover a glyph still missing, and
# matplotlib's own fonts (STIXGeneral: symbols), not every installed font: a glyph no font has (an emoji, a private
# use character) read the glyph table of each one, seconds on a desktop with hundreds
GLYPH_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans CJK KR", "Noto Sans SC",
                  "Source Han Sans SC", "Source Han Sans CN", "Microsoft YaHei", "SimHei", "SimSun", "PingFang SC",
                  "Hiragino Sans GB", "Heiti SC", "STHeiti", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                  "Droid Sans Fallback", "AR PL UMing CN", "Yu Gothic", "Meiryo", "MS Gothic", "Malgun Gothic",
                  "Apple SD Gothic Neo", "Arial Unicode MS")
FONTCONFIG_QUERIES = 8  # code points of one text asked of fontconfig at most (each answer usually covers the rest)
SCAN_LIMIT = 24  # other fonts whose glyph tables are read at most, where there is no fontconfig to ask
_CHARMAPS: dict[str, frozenset] = {}
_COVERING: dict[int, frozenset | None] = {}


def _charmap(path: str) -> frozenset:
    """The code points the font file at ``path`` has glyphs for (read once a file; none where it cannot be read)."""
    if path not in _CHARMAPS:
        from matplotlib.ft2font import FT2Font

        try:
            _CHARMAPS[path] = frozenset(FT2Font(path).get_charmap())
        except (OSError, RuntimeError, ValueError):
            _CHARMAPS[path] = frozenset()
    return _CHARMAPS[path]


FC_LIST_TIMEOUT_S = 3  # one fc-list answer waited for at most
_FC_LIST_FAILED = False  # fc-list failed, or hung twice: not asked again in this process (each new glyph waited again)
_FC_LIST_TIMEOUTS = 0  # its answers that took over the timeout (a first one on a cold font cache may: asked again)


def _fc_list(code: int) -> str | None:
    """fontconfig's ``fc-list ':charset=XXXX' family`` (the families with a glyph for ``code``, one font a line,
    its names comma-separated, read as UTF-8 with undecodable bytes replaced); None without fc-list, or where it
    fails or takes over ``FC_LIST_TIMEOUT_S``; not asked again for the process's life once it failed, or took too long
    twice (a first slow answer may be a cold font cache on a busy machine)."""
    import shutil
    import subprocess

    global _FC_LIST_FAILED, _FC_LIST_TIMEOUTS
    if _FC_LIST_FAILED:
        return None
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        return subprocess.run([exe, f":charset={code:x}", "family"], capture_output=True, encoding="utf-8",
                              errors="replace", timeout=FC_LIST_TIMEOUT_S, check=True).stdout
    except subprocess.TimeoutExpired:
        _FC_LIST_TIMEOUTS += 1
        _FC_LIST_FAILED = _FC_LIST_TIMEOUTS >= 2
        return None
    except (OSError, subprocess.SubprocessError):
        _FC_LIST_FAILED = True
        return None


def _covering(code: int) -> frozenset | None:
    """The font families fontconfig says have a glyph for ``code`` (asked once a code point); None: not asked
    (no fontconfig here)."""
    if code not in _COVERING:
        slow = _FC_LIST_TIMEOUTS
        out = _fc_list(code)
        if out is None and _FC_LIST_TIMEOUTS > slow and not _FC_LIST_FAILED:
            return None  # a first slow answer is not kept: asked again next time (its second chance)
        _COVERING[code] = None if out is None else frozenset(
            n.strip().replace("\\", "") for line in out.splitlines() for n in line.split(",") if n.strip())
    return _COVERING[code]


def fallback_families(text: str, prop=None) -> list[str]:
    """The installed font families that have the glyphs of ``text`` its font (``prop``, a ``FontProperties``;
    default: matplotlib's) lacks, fewest first: a known CJK font (``GLYPH_FAMILIES``), then one fontconfig says
    has a glyph still missing (``fc-list ':charset=XXXX'``, at most ``FONTCONFIG_QUERIES`` asked), then
    matplotlib's own fonts; without fontconfig, at most ``SCAN_LIMIT`` other installed fonts are looked in. []
    when its font has them all, or none of those has them (the text is kept: matplotlib draws boxes)."""
    from matplotlib import font_manager, get_data_path

    first = font_manager.findfont(prop if prop is not None else font_manager.FontProperties())
    missing = {ord(c) for c in text if not c.isspace()} - _charmap(first)
    if not missing:
        return []
    installed: dict[str, str] = {}
    for f in font_manager.fontManager.ttflist:
        if not f.name.startswith("Last Resort"):  # (matplotlib's own: a box for every code point, as without it)
            installed.setdefault(f.name, f.fname)
    out = []

    def take(names) -> None:
        nonlocal missing
        for name in names:
            if missing and name not in out:
                has = missing & _charmap(installed[name])
                if has:
                    out.append(name)
                    missing -= has

    take(n for n in GLYPH_FAMILIES if n in installed)
    own = str(Path(get_data_path()))
    bundled = sorted(n for n, f in installed.items() if str(f).startswith(own))
    asked = set()
    while missing and len(asked) < FONTCONFIG_QUERIES:
        code = min(missing - asked, default=None)
        if code is None:
            break
        asked.add(code)
        said = _covering(code)
        if said is None:  # no fontconfig: a bounded look through the other installed fonts
            take(bundled)
            take(sorted(n for n in installed if n not in bundled and n not in GLYPH_FAMILIES)[:SCAN_LIMIT])
            return out
        take(sorted(n for n in said if n in installed))
    take(bundled)  # matplotlib's own (not fontconfig's unless installed for the system too)
    return out


def use_glyph_fallback(fig) -> None:
    """Each text of ``fig`` (titles, legends, tick labels: sequence and tracker names) with glyphs its font lacks
    drawn with an installed font that has them after it (matplotlib's per-glyph font fallback), so that CJK names
    are not drawn as boxes; without such a font the text is kept as it is. A family the text has already is not
    added again (a figure saved twice keeps one list)."""
    from matplotlib.text import Text

    for t in fig.findobj(Text):
        text = t.get_text()
        if text and not text.isascii():
            families = list(t.get_fontfamily())
            extra = [f for f in fallback_families(text, t.get_fontproperties()) if f not in families]
            if extra:
                t.set_fontfamily([*families, *extra])


def save_figure(fig, path: str | Path) -> Path:
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in PLOT_FORMATS:
        raise ValueError(f"plots export as {', '.join(PLOT_FORMATS)}, not {fmt!r}")
    import matplotlib

    use_glyph_fallback(fig)
    buf = io.BytesIO()
    # PDF text in TrueType (42), not matplotlib's default Type 3 fonts, which journals' checks (IEEE PDF eXpress)
    # refuse in a paper's figures
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig.savefig(buf, format=fmt)
    return atomic_write_bytes(path, buf.getvalue())


PLOT_KINDS = ("success", "precision", "norm_precision")


def plot_files(out_dir: str | Path, formats=PLOT_FORMATS, subset: str | None = None) -> list[Path]:
    """The files ``export_plots`` writes into ``out_dir``, in its order: each of ``PLOT_KINDS`` in each of
    ``formats`` (one list: the window's File > Export > Plots asks about these before replacing any)."""
    stem = "" if subset is None else f"_{subset}"
    return [Path(out_dir) / f"{kind}{stem}.{fmt}" for kind in PLOT_KINDS for fmt in formats]


def export_plots(reports: list[TrackerReport], out_dir: str | Path, formats=PLOT_FORMATS, title: str = "",
                 subset: str | None = None, convention: str = CONVENTION_SHORT,
                 labels: dict[str, str] | None = None, styles: dict[str, tuple[str, str]] | None = None) -> list[Path]:
    """success / precision / normalized precision plots of the overall (or one attribute's) curves;
    ``labels``: tracker -> its name in the legends (e.g. with a partial run's *); ``styles``: the trackers'
    (colour, line style), by default ``tracker_styles`` of every report given (a tracker without a scored frame,
    left out of the curves, keeps its place: the others' colours are those of the report's timelines). Reports scored under an RGB-T
    rule carry its convention line in the footer, whatever one-pass line the caller gave; a footer that says the
    rule already (the window's plots note: "3 sequences   RGB-T · GTOT: ...") is kept whole."""
    rule = rule_of(reports)
    if rule is not None and rule.convention_short() not in convention:
        convention = rule.convention_short()
    looks = _styles_of([r.tracker for r in reports], styles)
    curves = {}
    for r in reports:
        c = r.overall if subset is None else r.attributes.get(subset)
        if c is not None and c.frames:
            curves[r.tracker] = c
    formats = tuple(formats)
    files = iter(plot_files(out_dir, formats, subset))  # (kind by kind, each in every format)
    out = []
    for kind in PLOT_KINDS:
        # "ds: Normalized precision plot", as an untitled plot and the report's heading name them ("ds norm
        # precision" read as the kind's code name)
        fig = curve_figure(curves, kind, title=f"{title}: {PLOT_TITLES[kind]}" if title else "",
                           convention=convention, labels=labels, styles=looks)
        out += [save_figure(fig, next(files)) for _ in formats]
    return out


TABLE_COLUMNS = ("tracker", "sequence", "success_auc", "precision_20", "norm_precision",
                 "norm_precision_at_0.2", "success_50", "frames", "partial")


def table_rows(reports: list[TrackerReport], with_sequences: bool = True) -> list[dict]:
    rows = []
    for r in reports:
        if with_sequences:
            for seq, c in r.sequences.items():
                rows.append({"tracker": r.tracker, "sequence": seq, **c.scores(), "partial": seq in r.partial})
        # the dataset row is partial when any of its sequences is: its number includes untracked frames; pooled
        # (--pooled: its frames pooled over sequences, not their mean) in a column of its own, the dataset rows True
        pooled = {"pooled": True} if getattr(r, "pooled", False) else {}
        rows.append({"tracker": r.tracker, "sequence": "_all", **r.overall.scores(), "partial": bool(r.partial),
                     **pooled})
        for attr, c in r.attributes.items():
            rows.append({"tracker": r.tracker, "sequence": f"_attr:{attr}", **c.scores(), "partial": bool(r.partial),
                         **pooled})
    return rows


def export_csv(reports: list[TrackerReport], path: str | Path, bom: bool = False) -> Path:
    """The table's rows, one a tracker's sequence (and ``_all``, ``_attr:...``), ``TABLE_COLUMNS`` first and then
    the columns a convention adds (RGB-T: ``mpr``, ``msr``, ``benchmark`` ...; ``--pooled``: ``pooled``, True on the
    dataset rows, whose frames are pooled over sequences: the CSV did not say it, the JSON's convention does).
    A row that scored no frame (``frames`` 0: a groundtruth with no target in the frames tracked) has its scores
    empty: they were 0.0000, which a spreadsheet's mean over the column took for a tracker's failure (the terminal's
    note saying it is no score is not in the file). An RGB-T rule's ``*_threshold_px`` (its precision's pixel
    threshold: the rule's, not a score) is kept on such a row.
    ``bom``: a UTF-8 byte-order mark first (``csvtable.write_csv``: ``--csv-bom``, for Excel)."""
    from workbench.core.csvtable import write_csv

    buf = io.StringIO()
    rows = table_rows(reports)
    more = [k for k in dict.fromkeys(k for row in rows for k in row) if k not in TABLE_COLUMNS]
    w = csv.DictWriter(buf, fieldnames=[*TABLE_COLUMNS, *more], lineterminator="\n")
    w.writeheader()
    for row in rows:
        scored = row.get("frames") != 0
        w.writerow({k: ((f"{v:.4f}" if scored or k.endswith("_threshold_px") else "") if isinstance(v, float) else v)
                    for k, v in row.items()})
    return write_csv(path, buf.getvalue(), bom)


def export_json(reports: list[TrackerReport], path: str | Path) -> Path:
    return write_json(path, report_dict(reports))


PARTIAL_NOTE = "* partial: a run stopped early (frames after the stop count as failures)"


def format_table(reports: list[TrackerReport], with_sequences: bool = False, convention: str = CONVENTION_SHORT,
                 partial_note: str = PARTIAL_NOTE) -> str:
    """A plain-text table for the terminal: one row per tracker (and per sequence if asked); reports scored under
    an RGB-T toolkit's rule get that rule's columns (``rgbt_table``)."""
    if rule_of(reports) is not None:
        return rgbt_table(reports, with_sequences, partial_note)
    head = ["tracker", "sequence", "AUC", "P@20", "NP", "NP@0.2", "OP50", "frames"]
    rows = []
    for row in table_rows(reports, with_sequences=with_sequences):
        if row["sequence"].startswith("_attr:"):
            continue
        mark = " *" if row.get("partial") else ""
        rows.append([row["tracker"] + (mark if row["sequence"] == "_all" else ""),
                     ("ALL" if row["sequence"] == "_all" else row["sequence"] + mark),
                     f"{row['success_auc']:.3f}", f"{row['precision_20']:.3f}", f"{row['norm_precision']:.3f}",
                     f"{row['norm_precision_at_0.2']:.3f}", f"{row['success_50']:.3f}", str(row["frames"])])
    note = "\n" + partial_note if any(r.partial for r in reports) else ""
    return render_table(head, rows) + "\n" + convention + note


def rgbt_table(reports: list[TrackerReport], with_sequences: bool = False, partial_note: str = PARTIAL_NOTE) -> str:
    """``format_table`` of RGB-T scores: the rule's success and precision (MSR / MPR@20, GTOT's MPR@5, LasHeR's SR /
    PR@20 / NPR@0.2) and the frames scored, under the rule's convention line (whatever the caller's one-pass line)."""
    rule = rule_of(reports)
    head = ["tracker", "sequence", rule.success_label, rule.precision_label] + (
        ["NPR@0.2"] if rule.norm_precision else []) + ["frames"]
    rows = []
    for r in reports:
        items = (sorted(r.sequences.items()) if with_sequences else []) + [("ALL", r.overall)]
        for seq, c in items:
            mark = " *" if (r.partial if seq == "ALL" else seq in r.partial) else ""
            rows.append([r.tracker + (mark if seq == "ALL" else ""), seq + ("" if seq == "ALL" else mark),
                         f"{c.success_auc:.3f}", f"{c.precision_headline:.3f}"]
                        + ([f"{c.norm_precision_02:.3f}"] if rule.norm_precision else []) + [str(c.frames)])
    note = "\n" + partial_note if any(r.partial for r in reports) else ""
    return render_table(head, rows) + "\n" + rule.convention_short() + note


def format_attribute_table(reports: list[TrackerReport], key: str = "success_auc") -> str:
    """Rows = attributes, columns = trackers, cells = the chosen score (per-attribute breakdown)."""
    attrs = sorted({a for r in reports for a in r.attributes})
    if not attrs:
        return "(no attributes in this dataset)"
    head = ["attribute", "frames"] + [r.tracker for r in reports]
    rows = []
    for a in attrs:
        cells = []
        frames = 0
        for r in reports:
            c = r.attributes.get(a)
            cells.append(f"{c.scores()[key]:.3f}" if c is not None else "-")
            frames = max(frames, c.frames if c is not None else 0)
        rows.append([a, str(frames)] + cells)
    # an RGB-T rule's curves hold its own score under success_auc (MSR / SR): named so
    label = next((getattr(c, "success_label", "") for r in reports for c in r.attributes.values()), "")
    title = f"{label} ({key})" if key == "success_auc" and label not in ("", "AUC") else key
    return f"{title} by attribute\n" + render_table(head, rows, left=1)


def text_columns(text: str) -> int:
    """How many terminal columns ``text`` takes: two a wide character (CJK: ``红外 序列``), none a combining mark;
    ``len`` counted a Chinese sequence name half as wide as it is shown, and the columns after it were out of line."""
    import unicodedata

    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def padded(text, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (``str.ljust`` counted a wide character as one)."""
    text = str(text)
    return text + " " * (width - text_columns(text))


def render_table(head: list[str], rows: list[list[str]], left: int = 2) -> str:
    """Aligned plain-text table; the first ``left`` columns are text (left-aligned), the rest numbers."""
    cols = [max(text_columns(str(x)) for x in col) for col in zip(head, *rows)] if rows else \
        [text_columns(h) for h in head]

    def line(r):
        return "  ".join(str(v) + " " * (w - text_columns(str(v))) if i < left else
                         " " * (w - text_columns(str(v))) + str(v)
                         for i, (v, w) in enumerate(zip(r, cols))).rstrip()

    sep = "  ".join("-" * w for w in cols)
    return "\n".join([line(head), sep] + [line(r) for r in rows])


def spread_text(std, digits: int = 3) -> str:
    """A spread over folds (a sample std, ddof 1) as a table cell: "—" where it is undefined (``None``: one fold,
    null in the plugins' cv.json / loso.json; NaN; 0.0 there read as folds that agreed exactly), by the scores' one
    rule (detection.score_text)."""
    return score_text(std, digits)


def mean_or_nan(a) -> float:
    a = np.asarray(a, float)
    return float(np.nanmean(a)) if np.any(np.isfinite(a)) else float("nan")
