"""VOT's supervised (baseline) protocol measures: accuracy, robustness and EAO, as the VOT toolkit
(vot-toolkit-python, ``vot/analysis/supervised.py``) computes them from trajectory files.

A trajectory file has one line per frame: ``1`` (initialised on the groundtruth), ``2`` (failure:
zero overlap; the tracker is re-initialised 5 frames later), ``0`` (skipped / unknown), else the
box ``x,y,w,h`` (a polygon is read as its axis-aligned bounding box). The layout is the toolkit's,
``<tracker>/baseline/<seq>/<seq>_001.txt`` (only the first repetition is read).

Definitions (``CONVENTION``, stated on the plot and in the JSON):
- overlap: the VOT toolkit's (``vot_region``, a port of ``vot/region/raster.py`` checked against
  vot-toolkit 0.9.0): both regions rounded to whole pixels and rasterized within the image, intersection /
  union of the pixel masks; the groundtruth as the file gives it (a rotated polygon stays a polygon, from the
  VOT reader's ``regions``). A frame whose groundtruth shows no target (NaN or zero size) is the toolkit's
  empty region: a tracked box has overlap 0 with it, and it counts so in accuracy and EAO (the toolkit leaves
  out only frames by the trajectory's codes, never by the groundtruth); a coded frame (1, 2, 0) is an empty
  region too (overlap 0 with a target, 1 with an empty groundtruth; neither is averaged). A trajectory
  polygon line (another tool's) is read as its bounding box, and a mask groundtruth (VOT2020+) as its box: only
  these differ from the toolkit.
- accuracy of a sequence: mean overlap over its frames, leaving out each initialisation frame and the
  ``burnin - 1`` frames after it (burn-in 10), failure frames and skipped frames; a tracker's accuracy is the mean of the sequences' accuracies weighted by their
  length in frames (the toolkit's ``AverageAccuracyRobustness``). A sequence with no frame left (every
  tracked frame within a burn-in) has accuracy NaN in its own row and counts as 0, with its full weight, in
  the tracker's (``compute_accuracy`` returns 0 for it).
- robustness: ``failures`` (their count over all sequences), ``failures_per_100_frames``
  (100 x failures / frames) and ``weighted_failures`` (the toolkit's aggregate: the mean of the
  sequences' failure counts weighted by their length).
- EAO: every initialisation starts a segment that runs to its failure (excluded) or, without one, to
  the end of the sequence. The curve at length j is the mean over segments of the average overlap of
  frames 1..j of the segment (frame 0, the initialisation, left out); a segment that ended in failure
  counts with zeros after it at every length, one that reached the end only up to its own length.
  The EAO score is the mean of the curve over lengths ``low..high`` (default 100..356, the VOT2017
  stack's interval; pass the interval of the challenge you compare with).

Partial runs (``PARTIAL_CONVENTION``). A run that stopped early is never scored as a whole one: a
trajectory file shorter than its sequence (a cancelled or crashed run of any tool), or one of ours whose
manifest marks the sequence ``partial`` / not completed (our writer fills the untracked frames with
``0``), is scored with every frame from the stop on as a tracked frame of zero overlap (the VOT
counterpart of the one-pass rule: untracked frames count against the tracker, in accuracy and EAO;
no failure is invented for them), and flagged: ``VotReport.partial`` (sequence -> ``{"frame",
"reason"}``), ``"partial": true`` with ``partial_frame`` / ``partial_reason`` per sequence and
``partial_sequences`` in the JSON, a ``*`` after the tracker in the table. A file longer than its
sequence is still refused (unlike one-pass and TRE / SRE scoring, which cut it): the VOT toolkit refuses a
trajectory of any other length than its sequence (vot-toolkit 0.9.0 ``region/raster.py`` ``calculate_overlaps``:
"List not of the same size"); the message names the file, both counts and the fix.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workbench.core.errors import DataError, WorkbenchError
from workbench.core.evaluation.ope import partial_fields
from workbench.core.results import manifest_stop, merge_manifests

BURNIN = 10
EAO_RANGE = (100, 356)
INIT, FAILURE, SKIPPED, TRACKED = 1, 2, 0, -1
CONVENTION = ("VOT supervised (baseline): re-init 5 frames after a zero-overlap failure; overlap = the VOT "
              "toolkit's: regions rounded to pixels and rasterized in image bounds (polygon groundtruth kept), "
              "pixel intersection / union, 0 on a frame without a groundtruth target; accuracy = mean overlap without 10 burn-in frames per init, failure and skipped "
              "frames, sequences weighted by length; robustness = failures (and per 100 frames); EAO = mean "
              "of the expected-average-overlap curve over lengths {lo}..{hi} (vot-toolkit supervised.py)")
PARTIAL_CONVENTION = ("a partial run (a trajectory shorter than its sequence, or marked partial / not completed in "
                      "its manifest) is scored over all its frames: frames from the stop on count as tracked with "
                      "overlap 0 (in accuracy and EAO; no failure added)")
STOP_SHORT = "short file"


def read_trajectory(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """``(boxes (N, 4), codes (N,))`` of a VOT trajectory file, as written (no offset applied)."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(p, f"cannot read the trajectory: {exc}") from None
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise DataError(p, "trajectory file is empty")
    boxes = np.full((len(lines), 4), np.nan)
    codes = np.full(len(lines), TRACKED, dtype=np.int8)
    for k, line in enumerate(lines):
        toks = [t for t in line.replace("\t", ",").replace(" ", ",").split(",") if t]
        try:
            vals = [float(t) for t in toks]
        except ValueError:
            raise DataError(p, f"expected 1, 2, 0 or x,y,w,h (or a polygon), got {line.strip()[:40]!r}",
                            line=k + 1) from None
        if not np.all(np.isfinite(vals)):
            raise DataError(p, f"not a finite number in {line.strip()[:40]!r} (VOT writes 0 for a failure, "
                               "not NaN)", line=k + 1)
        if len(vals) == 1 and vals[0] in (INIT, FAILURE, SKIPPED):
            codes[k] = int(vals[0])
        elif len(vals) == 4:
            boxes[k] = vals
        elif len(vals) == 8:
            xy = np.asarray(vals).reshape(-1, 2)
            lo, hi = xy.min(axis=0), xy.max(axis=0)
            boxes[k] = [lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1]]
        else:
            raise DataError(p, f"expected 1, 2, 0 or x,y,w,h (or a polygon), got {line.strip()[:40]!r}", line=k + 1)
    if codes[0] != INIT:
        raise DataError(p, f"the first line must be {INIT} (the initialisation), found "
                           f"{int(codes[0]) if codes[0] != TRACKED else 'a box'}", line=1)
    return boxes, codes


def frame_overlaps(boxes: np.ndarray, codes: np.ndarray, gt: np.ndarray, size=None, regions=None) -> np.ndarray:
    """Per-frame overlap as the toolkit's ``calculate_overlaps`` gives it (``vot_region.overlap``): a tracked
    frame's box against the groundtruth, where a groundtruth without a target (NaN or zero size) and a coded frame
    (1, 2, 0) are empty regions (a box against an empty region 0, two empty regions 1). A tracked frame without a
    box (a partial run's untracked frames, ``untracked_as_zero``) has overlap 0. ``regions``: the groundtruth
    regions as the file gives them (polygons kept; the VOT reader's ``Sequence.regions``), else the boxes of ``gt``."""
    from workbench.core.boxes import absent_mask
    from workbench.core.evaluation.vot_region import overlap, region

    absent = absent_mask(gt)
    out = np.zeros(len(gt))
    for i in range(len(gt)):
        g = None if absent[i] else regions[i] if regions is not None and regions[i] is not None else region(gt[i])
        if codes[i] != TRACKED:
            out[i] = overlap(None, g, size)
        elif np.all(np.isfinite(boxes[i])):
            out[i] = overlap(region(boxes[i]), g, size)
    return out


@dataclass
class VotSequence:
    accuracy: float  # nan when no frame is left after the burn-in
    accuracy_frames: int
    failures: int
    frames: int
    overlaps: np.ndarray = field(repr=False)
    codes: np.ndarray = field(repr=False)


def sequence_measures(boxes, codes, gt, size=None, burnin: int = BURNIN, regions=None) -> VotSequence:
    gt = np.asarray(gt, float)
    codes = np.asarray(codes)
    if len(codes) != len(gt):
        raise WorkbenchError(f"{len(codes)} trajectory lines for {len(gt)} groundtruth frames")
    ov = frame_overlaps(np.asarray(boxes, float), codes, gt, size, regions)
    mask = codes == TRACKED
    for i in np.flatnonzero(codes == INIT):
        mask[i:i + burnin] = False
    acc = float(np.mean(ov[mask])) if mask.any() else float("nan")
    return VotSequence(acc, int(mask.sum()), int(np.sum(codes == FAILURE)), len(gt), ov, codes)


def segments(seq: VotSequence) -> list[tuple[np.ndarray, bool]]:
    """EAO segments of one sequence: ``(overlaps from an initialisation, reached the end)``."""
    ov = seq.overlaps
    fails = list(np.flatnonzero(seq.codes == FAILURE))
    inits = list(np.flatnonzero(seq.codes == INIT))
    if not fails:
        return [(ov, True)]
    out = [(ov[inits[k]:fails[k]], False) for k in range(min(len(fails), len(inits)))]
    if len(inits) > len(fails):
        out.append((ov[inits[-1]:], True))
    return out


def eao_curve(segs: list[tuple[np.ndarray, bool]]) -> np.ndarray:
    if not segs:
        return np.zeros(0)
    length = max(len(o) for o, _ in segs)
    ov = np.zeros((len(segs), length))
    mask = np.zeros((len(segs), length))
    for k, (o, reached_end) in enumerate(segs):
        ov[k, :len(o)] = o
        if reached_end:
            mask[k, :len(o)] = 1
        else:
            mask[k, :] = 1  # a failed segment counts with zeros to every length
    avg = ov.copy()
    csum = np.cumsum(ov[:, 1:], axis=1)
    avg[:, 1:] = csum / np.arange(1, length)[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sum(avg * mask, axis=0) / np.sum(mask, axis=0)


@dataclass
class VotReport:
    tracker: str
    sequences: dict[str, VotSequence]
    curve: np.ndarray
    eao_range: tuple[int, int] = EAO_RANGE
    missing: list[str] = field(default_factory=list)
    partial: dict[str, dict] = field(default_factory=dict)  # sequence -> {"frame", "reason"}

    @property
    def frames(self) -> int:
        return int(sum(s.frames for s in self.sequences.values()))

    @property
    def failures(self) -> int:
        return int(sum(s.failures for s in self.sequences.values()))

    @property
    def accuracy(self) -> float:
        seqs = list(self.sequences.values())
        w = sum(s.frames for s in seqs)
        return float(sum((s.accuracy if np.isfinite(s.accuracy) else 0.0) * s.frames for s in seqs) / w) \
            if w else float("nan")

    @property
    def eao(self) -> float:
        lo, hi = self.eao_range
        part = self.curve[lo:hi + 1]
        part = part[np.isfinite(part)]
        return float(np.mean(part)) if len(part) else float("nan")

    def scores(self) -> dict:
        frames = self.frames
        return {
            "accuracy": self.accuracy,
            "robustness": {
                "failures": self.failures,
                "failures_per_100_frames": 100.0 * self.failures / frames if frames else float("nan"),
                "weighted_failures": (sum(s.failures * s.frames for s in self.sequences.values()) / frames
                                      if frames else float("nan")),
            },
            "eao": self.eao,
            "eao_range": list(self.eao_range),
            "frames": frames,
            "burnin": BURNIN,
        }


def evaluate_tracker(tracker: str, trajectories: dict[str, tuple[np.ndarray, np.ndarray]],
                     groundtruth: dict[str, np.ndarray], sizes: dict | None = None,
                     eao_range: tuple[int, int] = EAO_RANGE, burnin: int = BURNIN,
                     regions: dict | None = None) -> VotReport:
    seqs, segs = {}, []
    for name, gt in groundtruth.items():
        if name not in trajectories:
            continue
        boxes, codes = trajectories[name]
        seqs[name] = sequence_measures(boxes, codes, gt, (sizes or {}).get(name), burnin,
                                       (regions or {}).get(name))
        segs += segments(seqs[name])
    return VotReport(tracker, seqs, eao_curve(segs), tuple(eao_range),
                     sorted(set(groundtruth) - set(seqs)))


# --- folders -----------------------------------------------------------------------------------------

@dataclass
class VotRun:
    label: str
    folder: Path  # the baseline folder
    files: dict[str, Path]
    manifest: dict | None


def find_vot_runs(roots, dataset: str | None = None) -> list[VotRun]:
    """Every ``.../baseline/<seq>/<seq>_001.txt`` folder under the roots (ours:
    ``<dataset>/<method>/<variant>/baseline``; the VOT toolkit's and pysot-toolkit's
    ``<tracker>/baseline``), labelled as ``find_runs`` labels runs."""
    from workbench.core.results import read_manifest

    def files_of(b: Path):
        files = {d.name: d / f"{d.name}_001.txt" for d in sorted(b.iterdir())
                 if d.is_dir() and (d / f"{d.name}_001.txt").is_file()}
        return (files, read_manifest(b)) if files else None

    def merge(into, other):
        (files, manifest), (more, theirs) = into, other
        new = {s: f for s, f in more.items() if s not in files}
        return {**files, **new}, merge_manifests(manifest, theirs, new)

    return [VotRun(label, b, files, manifest)
            for label, b, (files, manifest) in protocol_folders(roots, "baseline", dataset, files_of, merge)]


def protocol_folders(roots, name: str, dataset: str | None, contents, merge=None) -> list[tuple[str, Path, object]]:
    """``(label, folder, contents(folder))`` for every folder called ``name`` (a protocol's: ``baseline``,
    ``tre``, ``sre``) under the roots, at most three levels down, whose ``contents`` is not None;
    labelled as ``find_runs`` labels runs (``method[/variant]``, ``root:`` in front when several roots
    share a label); ours of another dataset (``<dataset>/<method>/<variant>/<name>``) are left out.

    ``dataset`` given as several names (``results.dataset_folders``: a root's name, then its class / split
    folders) and ``merge(contents, other contents)``: the same method and settings stored under several of
    those levels of one root (a LaSOT root run class folder by class folder) are one run, as ``find_runs``
    merges one-pass runs: ``merge`` adds the other level's sequences (the root's own level first, its
    sequences win), the folder and label are the first's.

    Which ``<dataset>`` levels are the dataset's is ``results.LevelTest``'s, as for its one-pass runs
    (``find_runs``): the names earlier versions gave a non-ASCII dataset (``older_names``, guarded) and, for names
    from ``dataset_folders``, another name its root was opened under through a symbolic link (only where the
    run's recorded root resolves to it). ``contents`` gives ``(what, manifest)`` (the manifest tested, not read
    again)."""
    from workbench.core.results import DEFAULT_VARIANT, LevelTest, safe_name

    roots = [roots] if isinstance(roots, (str, Path)) else list(roots)
    test = LevelTest(dataset)
    several = merge is not None and not test.any and (len(test.names) > 1 or test.may_link)
    main = safe_name(dataset if isinstance(dataset, str) else next(iter(dataset))) if several else None
    out, owners = [], []  # owners: each entry's root
    for root in map(Path, roots):
        if not root.is_dir():
            raise WorkbenchError(f"{root}: no such results folder")
        cands = ([root] if root.name == name else []) + [p for pat in ("", "*/", "*/*/", "*/*/*/")
                                                         for p in sorted(root.glob(pat + name))]
        if several:  # the root's own level first: its files win where a class / split run holds the same sequence
            cands.sort(key=lambda f: f != root and len(f.relative_to(root).parts) == 4
                       and f.relative_to(root).parts[0] != main)
        merged: dict[tuple[str, str], int] = {}  # (method, variant) of ours -> index in out
        for folder in dict.fromkeys(cands):
            if not folder.is_dir() or _hidden(folder, root):
                continue
            parts = list(folder.relative_to(root).parts[:-1]) if folder != root else [root.parent.name]
            level = parts[0] if len(parts) == 3 else None  # ours: dataset / method / variant
            if not test.may_take(level, folder):  # another dataset's: not read
                continue
            got = contents(folder)
            if got is None:
                continue
            if level is not None and not test.takes(level, _manifest_of(got, folder), folder):
                continue
            if len(parts) == 3:
                key = (parts[1], parts[2])
                if several and key in merged:
                    k = merged[key]
                    both = merge(out[k][2], got)
                    if both is not None:
                        out[k] = (out[k][0], out[k][1], both)
                        continue
                parts = parts[1:]
            else:
                key = None
            if len(parts) == 2 and parts[1] == DEFAULT_VARIANT:
                parts = parts[:1]
            if key is not None and key not in merged:
                merged[key] = len(out)
            out.append(("/".join(parts) or root.name, folder, got))
            owners.append(root)
    # labelled as results.find_runs_in labels runs (the first root's was the bare label, the second's alone
    # prefixed, so --trackers kcf took the first folder's run and left the other's out)
    from workbench.core.results import root_labels

    names = root_labels([(label, root) for (label, _f, _g), root in zip(out, owners)], len(roots) > 1)
    return [(name, folder, got) for name, (_label, folder, got) in zip(names, out)]


def _manifest_of(got, folder: Path) -> dict | None:
    """The manifest a protocol folder's ``contents`` read (its ``(what, manifest)``), else read here (None where
    it is damaged: ``contents`` said so, or read it as one without)."""
    if isinstance(got, tuple) and len(got) == 2 and (got[1] is None or isinstance(got[1], dict)):
        return got[1]
    from workbench.core.results import _manifest_or_none

    return _manifest_or_none(folder)


def _hidden(folder: Path, root: Path) -> bool:
    """A folder under a hidden one below ``root`` (a ``.<name>.*.part`` a killed export left, ``.git``): not read,
    as ``results.find_runs`` reads none (the pattern's ``*`` matched them)."""
    return folder != root and any(p.startswith(".") for p in folder.relative_to(root).parts)


def untracked_as_zero(boxes: np.ndarray, codes: np.ndarray, n: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
    """``n``-frame trajectory whose frames from ``stop`` on are tracked frames with no box (overlap 0)."""
    stop = max(0, min(int(stop), len(codes), n))
    b, c = np.full((n, 4), np.nan), np.full(n, TRACKED, dtype=np.int8)
    b[:stop], c[:stop] = boxes[:stop], codes[:stop]
    return b, c


def score_vot_folder(roots, groundtruth: dict, offsets: dict | None = None, sizes: dict | None = None,
                     dataset: str | None = None, trackers: list[str] | None = None,
                     eao_range: tuple[int, int] = EAO_RANGE, regions: dict | None = None) -> list[VotReport]:
    """VOT measures of every baseline folder under ``roots`` against 0-based ``groundtruth`` (``regions``:
    ``{seq: the groundtruth file's regions}``, polygons kept, see ``frame_overlaps``);
    ``offsets`` as in ``score_folder`` (a file's recorded ``box_offset`` wins). Partial runs (a short
    file, or a manifest that says so) are scored as the module doc says and listed in ``partial``; ``trackers`` as
    in ``score_folder`` (``folders.tracker_labels``)."""
    from workbench.core.evaluation.folders import tracker_labels

    runs = {r.label: r for r in find_vot_runs(roots, dataset)}
    if not runs:
        where = ", ".join(map(str, [roots] if isinstance(roots, (str, Path)) else roots))
        # the layout `workbench run --protocol vot` writes, then the VOT toolkit's; the datasets the folder does
        # hold VOT runs of, when it holds some (the --dataset given names another)
        others = sorted({r.folder.parents[2].name for r in find_vot_runs(roots)
                         if r.manifest is not None and len(r.folder.parents) > 3}) if dataset is not None else []
        held = f"; it holds VOT runs of dataset {', '.join(map(repr, others))} (named for the folder the data was in " \
            "when run): give the --dataset they were run on" if others else \
            "; run `workbench run --protocol vot --out DIR` first"
        raise WorkbenchError(f"{where}: no VOT trajectories{' of this dataset' if dataset is not None else ''} "
                             "(<dataset>/<tracker>/<variant>/baseline/"
                             f"<seq>/<seq>_001.txt, as `workbench run --protocol vot` writes them, or a VOT toolkit's "
                             f"<tracker>/baseline/<seq>/<seq>_001.txt){held}")
    reports = []
    # a name two folders both hold selects each folder's run, as one-pass eval selects them (folders.tracker_labels)
    for t in tracker_labels(trackers, runs, roots) if trackers else sorted(runs):
        if t not in runs:
            raise WorkbenchError(f"no VOT results for tracker {t!r}; have {', '.join(sorted(runs))}")
        run = runs[t]
        traj, partial = {}, {}
        for seq, path in run.files.items():
            if seq not in groundtruth:
                continue
            boxes, codes = read_trajectory(path)
            n = len(groundtruth[seq])
            if len(codes) > n:  # the VOT toolkit refuses it too (calculate_overlaps: "List not of the same size")
                raise DataError(path, f"has {len(codes)} lines but sequence {seq!r} has {n} frames (the VOT toolkit "
                                      f"refuses it too): delete the last {len(codes) - n} line(s), or rerun")
            entry = ((run.manifest or {}).get("sequences") or {}).get(seq) or {}
            stop = manifest_stop(entry)
            if stop is not None and not isinstance(stop.get("frame"), (int, float)):
                stop["frame"] = len(codes)
            if len(codes) < n and (stop is None or stop["frame"] > len(codes)):
                stop = {"frame": len(codes), "reason": STOP_SHORT}
            if stop is not None:
                stop["frame"] = int(max(0, min(stop["frame"], len(codes))))
                boxes, codes = untracked_as_zero(boxes, codes, n, stop["frame"])
                partial[seq] = stop
            off = entry.get("box_offset", (offsets or {}).get(seq, 0))
            traj[seq] = (boxes - np.array([off, off, 0.0, 0.0]), codes)
        if not traj:
            from workbench.core.results import via_alias

            if len(run.folder.parents) > 2 and via_alias(run.folder.parents[2].name, dataset):
                continue  # <alias>/<method>/<variant>/baseline of another dataset of that folder name
            raise WorkbenchError(f"{run.folder}: none of its trajectories matches a sequence of the dataset")
        report = evaluate_tracker(t, traj, groundtruth, sizes, eao_range, regions=regions)
        report.partial = partial
        reports.append(report)
    return reports


def report_dict(reports: list[VotReport]) -> dict:
    out = {}
    for r in reports:
        lo, hi = r.eao_range
        out[r.tracker] = {
            **{seq: {"accuracy": s.accuracy, "failures": s.failures, "frames": s.frames, **partial_fields(r, seq)}
               for seq, s in r.sequences.items()},
            "_all": {**r.scores(), "sequences": len(r.sequences), "convention": CONVENTION.format(lo=lo, hi=hi),
                     "partial_sequences": sorted(r.partial), "partial_convention": PARTIAL_CONVENTION},
            "_eao_curve": [float(v) if np.isfinite(v) else None for v in r.curve],
            **({"_missing": r.missing} if r.missing else {}),
        }
    return out


def format_table(reports: list[VotReport]) -> str:
    from workbench.core.evaluation.plots import render_table

    rows = []
    for r in sorted(reports, key=lambda r: -np.nan_to_num(r.eao, nan=-1)):
        s = r.scores()
        rows.append([r.tracker + (" *" if r.partial else ""), f"{s['eao']:.3f}", f"{s['accuracy']:.3f}",
                     str(s["robustness"]["failures"]), f"{s['robustness']['failures_per_100_frames']:.2f}",
                     str(s["frames"])])
    lo, hi = reports[0].eao_range if reports else EAO_RANGE
    note = ""
    flagged = [r for r in reports if r.partial]
    if flagged:
        where = "; ".join(f"{r.tracker}: " + ", ".join(f"{seq} from frame {rec['frame']} ({rec['reason']})"
                                                       for seq, rec in sorted(r.partial.items()))
                          for r in flagged)
        note = f"\n* partial: {where}; {PARTIAL_CONVENTION}"
    return render_table(["tracker", f"EAO[{lo}..{hi}]", "accuracy", "failures", "fail/100fr", "frames"], rows, left=1) + \
        note + "\n" + CONVENTION.format(lo=lo, hi=hi)


def export_eao_plot(reports: list[VotReport], out_dir: str | Path, formats=("png", "svg", "pdf"), title: str = "") -> list[Path]:
    from workbench.core.evaluation.plots import _figure, save_figure, tracker_styles

    fig = _figure()
    ax = fig.add_subplot(111)
    lo, hi = reports[0].eao_range if reports else EAO_RANGE
    # each tracker as the other plots of the set draw it (its place among the reports), the legend by EAO: the
    # colours went by EAO rank, so a tracker's colour here was not its colour in the eval's other plots
    looks = tracker_styles(r.tracker for r in reports)
    for r in sorted(reports, key=lambda r: -np.nan_to_num(r.eao, nan=-1)):
        ax.plot(np.arange(len(r.curve)), r.curve, color=looks[r.tracker][0], ls=looks[r.tracker][1], lw=2,
                label=f"{r.tracker} [EAO {r.eao:.3f}]")
    ax.axvspan(lo, hi, color="0.85", zorder=0, label=f"EAO interval {lo}..{hi}")
    ax.set_xlabel("Sequence length (frames)")
    ax.set_ylabel("Expected average overlap")
    ax.set_ylim(0, 1)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper right", fontsize=7)
    ax.set_title(title or "Expected average overlap (VOT supervised)", fontsize=9)
    fig.text(0.01, 0.005, "segments: init to failure (zero-padded) or end; curve = mean avg. overlap;\n"
             "EAO = mean over the interval; burn-in 10 for accuracy (vot-toolkit supervised)", fontsize=5.5)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    out_dir = Path(out_dir)
    return [save_figure(fig, out_dir / f"eao.{fmt}") for fmt in formats]
