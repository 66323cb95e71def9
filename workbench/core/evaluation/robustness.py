"""OTB's robustness evaluations: TRE (temporal) and SRE (spatial), as the OTB toolkit defines them.

- **TRE**: the tracker starts ``segments`` (20) times, at evenly spaced frames, each time from that
  frame's groundtruth box, and runs to the end of the sequence. Start frames are taken among the
  frames with a present groundtruth box, spread as the toolkit's ``splitSeqTRE`` spreads them over
  those frames, and only where at least ``min_frames`` (20) frames remain. On the OTB sequences the toolkit
  ships an ``initOmit/<seq>.txt`` for (occlusion, out of view: Basketball, Coke, Tiger1, Woman ... ``otb.TRE_INIT_OMIT``),
  its frame ranges are left out of the eligible frames first, as ``splitSeqTRE`` leaves them out; the ranges used
  are recorded in the manifest (``init_omit``) and scoring lists the starts with them.
- **SRE**: 12 runs from the first frame, each from a perturbed first box, as the toolkit's ``shiftInitBB``
  makes them (in its 1-based pixel coordinates): 4 centre shifts (left / right / up / down by ``ceil(0.1 w)``
  or ``ceil(0.1 h)``), 4 corner shifts (one corner moved out by ``round(0.1 w)``, ``round(0.1 h)``, the
  opposite corner kept: the box grows), and 4 scales (0.8, 0.9, 1.1, 1.2 about the centre ``x + w / 2``,
  rounded); then kept in the image (x, y >= 1, right / bottom edge cut at the image's).
- **Scores** (the toolkit's ``genPerfMat``): within a sequence the runs' frames are pooled (successes
  summed over all runs, divided by the frames of all runs); sequences weigh the same in a dataset
  score. Each frame is scored as in OPE (``ope``: IoU > t over 21 thresholds, centre error <= 20 px,
  absent-target frames left out unless ``absent`` says otherwise, a missing box a failure), except a run's
  first frame, which is scored with its groundtruth box as the toolkit's ``calcSeqErrRobust`` scores it
  (``rectMat(1,:) = rect_anno(1,:)``): an SRE run's perturbed first box is not held against it. The toolkit
  counts absent-target frames as ``absent="otb"`` does (``eval --absent otb``).

Files: ``<run folder>/<tre|sre>/<seq>/<seq>_001.txt ...`` (one box file per run, the whole sequence's
length, ``nan`` rows before the run's start) beside ``<run folder>/<tre|sre>/manifest.json`` whose
sequence entry lists each run's start frame and first box; or the OTB toolkit's published
``results_TRE`` / ``results_SRE/<seq>_<tracker>.mat``, every run of a sequence in one file, each from its
``startFrame`` (``core.otb_mat``), 1-based as the dataset's groundtruth file. A run file longer than its sequence is scored on its
first rows, the others dropped with a note, as one-pass scoring and the OTB toolkit do (``score_robustness_folder``).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workbench.core.boxes import absent_mask, as_boxes
from workbench.core.errors import DataError, WorkbenchError
from workbench.core.evaluation.ope import (ABSENT_RULES, Curves, TrackerReport, aggregate, curves_from_metrics,
                                           frame_metrics)
from workbench.core.evaluation.rgbt import matlab_round

PROTOCOLS = ("tre", "sre")
TRE_SEGMENTS = 20
TRE_MIN_FRAMES = 20
SRE_SHIFT = 0.1
# the toolkit's order: 8 shifts, then 4 scales
# the toolkit's order (shiftTypeSet): 4 centre shifts, 4 corner shifts, 4 scales
SRE_PERTURBATIONS = ("left", "right", "up", "down", "top-left", "top-right", "bottom-left", "bottom-right",
                     "scale 0.8", "scale 0.9", "scale 1.1", "scale 1.2")
#: the starts in ``CONVENTION["tre"]`` before the run's are known (``tre_convention`` puts in the real counts)
TRE_STARTS = f"as many starts as asked (--segments; {TRE_SEGMENTS} by default)"
CONVENTION = {
    "tre": (f"TRE, OTB convention: {TRE_STARTS} spread over the frames with a groundtruth box "
            "(>= 20 frames left; none in the toolkit's initOmit ranges of OTB sequences), "
            "each run to the end; each run's first frame scored with its groundtruth box; frames of all runs "
            "pooled per sequence, sequences weighted equally; AUC over 21 IoU thr (>), P@20px (<=); "
            "absent-target frames excluded"),
    "sre": ("SRE, OTB convention: 12 runs from the first frame, first box as the toolkit's shiftInitBB makes it "
            "(4 centre shifts by ceil(10 %), 4 corner shifts by round(10 %), scales 0.8 / 0.9 / 1.1 / 1.2, kept "
            "in the image); each run's first frame scored with its groundtruth box; frames of "
            "all runs pooled per sequence, sequences weighted equally; AUC over 21 IoU thr (>), P@20px (<=); "
            "absent-target frames excluded"),
}

CONVENTION_SHORT = {"tre": "TRE (OTB) · starts spread over the seq, runs pooled per seq · AUC over 21 IoU thr (>), P@20px (<=)",
                    "sre": "SRE (OTB) · 12 shiftInitBB first boxes, runs pooled per seq · AUC 21 thr (>), P@20px (<=)"}
PARTIAL_CONVENTION = ("a sequence with fewer runs than planned (cancelled, stopped at an unreadable frame) is scored "
                      "on the runs that are there; a stopped run's frames after the stop count as failures")
PARTIAL_NOTE = "* partial: fewer runs than the protocol plans (scored on the runs there are)"


def tre_convention(starts, asked=(), convention: str | None = None) -> str:
    """``CONVENTION["tre"]`` (or ``convention``, written from it) with the starts the runs had in place of
    ``TRE_STARTS``: ``starts``, the start frames each sequence ran (their counts, one per sequence); ``asked``, the
    ``segments`` the runs were asked for (a manifest's; empty: not recorded). The footer said "20 starts" after a
    run of 1 start a sequence or of --segments 5."""
    text = CONVENTION["tre"] if convention is None else convention
    counts, asked = sorted(int(n) for n in starts), sorted({int(a) for a in asked if a})
    if not counts:
        said = f"{' / '.join(map(str, asked))} starts asked" if asked else TRE_STARTS
    else:
        lo, hi = counts[0], counts[-1]
        said = f"{lo}{'' if lo == hi else f' to {hi}'} start{'' if hi == 1 else 's'} per sequence"
        if asked and asked != [lo] or lo != hi:
            why = f"{' / '.join(map(str, asked))} asked" if asked else "as asked"
            said += f" ({why}; fewer where fewer frames with a box leave {TRE_MIN_FRAMES} to the end)"
    return text.replace(TRE_STARTS, said)


def valid_frames(gt, omit=None) -> np.ndarray:
    """Indices of frames the toolkit's ``splitSeqTRE`` may start from: the groundtruth box present (finite,
    positive size) and its x, y positive in the toolkit's 1-based pixels (0-based x, y above -1), and outside the
    ``omit`` ranges (0-based, inclusive ``[first, last]`` frame indices: the toolkit's ``initOmit/<seq>.txt``, which
    the OTB reader gives as ``meta["tre_init_omit"]``, ``otb.TRE_INIT_OMIT``)."""
    gt = as_boxes(gt)
    with np.errstate(invalid="ignore"):
        inside = (gt[:, 0] > -1) & (gt[:, 1] > -1)
    for a, b in omit or ():
        inside[max(int(a), 0):max(int(b) + 1, 0)] = False
    return np.flatnonzero(~absent_mask(gt) & inside)


def tre_positions(gt, segments: int = TRE_SEGMENTS, min_frames: int = TRE_MIN_FRAMES, omit=None) -> list[int]:
    """The toolkit's list of TRE start frames (``splitSeqTRE``'s ``startFrIdxOne``), repeats included: on a
    sequence with fewer than ``segments - 1`` eligible frames the toolkit lists some starts twice and runs (and
    pools) them twice. ``omit``: frame ranges no segment starts in (``valid_frames``: the toolkit's initOmit)."""
    if segments < 1:
        raise WorkbenchError(f"TRE needs at least one segment, got {segments}")
    gt = as_boxes(gt)
    n = len(gt)
    idx = valid_frames(gt, omit)
    ok = idx[n - idx >= min(min_frames, n)]
    if len(ok) == 0:
        return []
    if segments == 1 or len(ok) == 1:
        return [int(ok[0])]
    # 1-based positions in the list of eligible frames: floor(1 : E / (S - 1) : E), then E
    e = len(ok)
    pos = [int(np.floor(1 + k * e / (segments - 1))) for k in range(segments) if 1 + k * e / (segments - 1) <= e]
    return [int(ok[p - 1]) for p in pos + [e]]


def tre_starts(gt, segments: int = TRE_SEGMENTS, min_frames: int = TRE_MIN_FRAMES, omit=None) -> list[int]:
    """Start frames of TRE: ``segments`` of them (fewer on short sequences) spread over the frames with
    a present box as the OTB toolkit spreads them, the first being the first such frame, the last the
    latest one that leaves ``min_frames`` frames to the end; none in the ``omit`` ranges (the toolkit's initOmit
    frames of OTB sequences, ``valid_frames``). A start the toolkit lists twice (short sequences,
    ``tre_positions``) is run once and counted twice when scored."""
    return sorted(set(tre_positions(gt, segments, min_frames, omit)))


def _mround(v: float) -> float:
    """MATLAB's ``round`` of one number (``rgbt.matlab_round``: halves away from zero)."""
    return float(matlab_round(np.float64(v)))


def sre_boxes(box, size: tuple[int, int] | None = None) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The 12 perturbed first boxes of SRE, named, as the OTB toolkit's ``shiftInitBB`` makes them from the
    groundtruth box (computed in its 1-based coordinates, returned 0-based); ``size``: the image's (width,
    height), to keep the boxes in it as the toolkit does (None: not cut)."""
    x, y, w, h = (float(v) for v in np.asarray(box, float).reshape(4))
    if not (np.isfinite([x, y, w, h]).all() and w > 0 and h > 0):
        raise WorkbenchError(f"SRE needs a present first box, got {x}, {y}, {w}, {h}")
    x, y = x + 1, y + 1  # the toolkit's frame
    cx, cy = x + w / 2, y + h / 2
    brx, bry = x + w - 1, y + h - 1
    out = []
    for name in SRE_PERTURBATIONS:
        r = [x, y, w, h]
        if name.startswith("scale"):
            s = float(name.split()[1])
            r = [_mround(v) for v in (cx - s * w / 2, cy - s * h / 2, s * w, s * h)]
            r[2], r[3] = max(r[2], 1.0), max(r[3], 1.0)  # a box under 0.625 px rounds to 0 (toolkit): 1 px
        elif name in ("left", "right"):
            r[0] = x + (1 if name == "right" else -1) * np.ceil(0.1 * w)
        elif name in ("up", "down"):
            r[1] = y + (1 if name == "down" else -1) * np.ceil(0.1 * h)
        else:
            x0 = _mround(x - 0.1 * w) if "left" in name else x
            y0 = _mround(y - 0.1 * h) if "top" in name else y
            x1 = _mround(brx + 0.1 * w) if "right" in name else brx
            y1 = _mround(bry + 0.1 * h) if "bottom" in name else bry
            r = [x0, y0, x1 - x0 + 1, y1 - y0 + 1]
        r[0], r[1] = max(r[0], 1.0), max(r[1], 1.0)
        if size is not None:
            # a box shifted past the image's last column / row (a 1-px-wide target on the right edge, a one-row
            # frame) is empty in the toolkit, a first box no tracker takes: it keeps that column's / row's pixel
            r[0], r[1] = min(r[0], float(size[0])), min(r[1], float(size[1]))
            if r[0] + r[2] - 1 > size[0]:
                r[2] = size[0] - r[0] + 1
            if r[1] + r[3] - 1 > size[1]:
                r[3] = size[1] - r[1] + 1
        out.append((name, (float(r[0] - 1), float(r[1] - 1), float(r[2]), float(r[3]))))
    return out


def plan(protocol: str, gt, segments: int = TRE_SEGMENTS, size: tuple[int, int] | None = None,
         omit=None) -> list[tuple[int, tuple | None, str]]:
    """The runs of ``protocol`` on a sequence with groundtruth ``gt``: ``(start frame, first box or None
    for the groundtruth's, name)``; ``size``: the image's (width, height), which SRE's boxes are kept in; ``omit``:
    the frame ranges no run starts in (``valid_frames``; the OTB toolkit's initOmit, ``meta["tre_init_omit"]`` of an
    OTB sequence): TRE's starts avoid them and SRE starts at the first frame outside them, as the toolkit's SRE
    starts at its first TRE segment's frame."""
    if protocol == "tre":
        starts = tre_starts(gt, segments, omit=omit)
        if not starts:
            raise WorkbenchError("TRE: no frame with a groundtruth box leaves enough frames to run"
                                 + _none_eligible(gt, omit))
        return [(s, None, f"start {s}") for s in starts]
    if protocol == "sre":
        idx = valid_frames(gt, omit)
        if len(idx) == 0:
            raise WorkbenchError("SRE: no groundtruth box to perturb" + _none_eligible(gt, omit))
        first = int(idx[0])
        return [(first, b, name) for name, b in sre_boxes(as_boxes(gt)[first], size)]
    raise WorkbenchError(f"unknown robustness protocol {protocol!r} (have {', '.join(PROTOCOLS)})")


def _none_eligible(gt, omit) -> str:
    """Why ``valid_frames`` left out every frame that has a box ('' where no frame has one, or one is left)."""
    gt = as_boxes(gt)
    present = np.flatnonzero(~absent_mask(gt))
    if len(present) == 0 or len(valid_frames(gt, omit)):
        return ""
    k = int(present[0])
    with np.errstate(invalid="ignore"):
        outside = present[(gt[present, 0] <= -1) | (gt[present, 1] <= -1)]
    if len(outside) == len(present):
        box = ", ".join(f"{float(v):g}" for v in gt[k])
        return f": every box has x or y <= 0 in the OTB toolkit's 1-based pixels (frame {k}'s: {box}, 0-based), " \
               "which it starts no run from"
    return f": the frames with a box, from frame {k}, are in the toolkit's initOmit ranges {list(omit or ())}"


def sequence_curves(preds: list, starts: list[int | None], gt, absent: str = "exclude",
                    weights: list[int] | None = None) -> Curves:
    """One sequence's curves over several runs: each run scored from its start frame, that frame with its
    groundtruth box (the toolkit's ``calcSeqErrRobust``), the frames of all runs pooled (the toolkit's sum of
    successes over the sum of frames). ``absent``: how frames without a target count (``ope.ABSENT_RULES``);
    ``weights``: how many times each run counts (a TRE start the toolkit lists twice, ``tre_positions``). A start
    None: boxes scored from the first frame as they are, its first frame not given the groundtruth box (an OTB
    toolkit file of no run, ``_mat_runs``: every frame a failure)."""
    gt = as_boxes(gt)
    parts = [], [], []
    for pred, start, times in zip(preds, starts, weights or [1] * len(preds)):
        pred = as_boxes(pred).copy()
        if len(pred) != len(gt):
            raise ValueError(f"{len(pred)} predicted boxes for {len(gt)} groundtruth boxes")
        if start is None:
            start = 0
        elif 0 <= start < len(gt):
            pred[start] = gt[start]
        ious, ce, nce, _ = frame_metrics(pred[start:], gt[start:], absent)
        for acc, v in zip(parts, (ious, ce, nce)):
            acc.extend([v] * int(times))
    if not parts[0]:
        return curves_from_metrics(np.zeros(0), np.zeros(0), np.zeros(0))
    return curves_from_metrics(*(np.concatenate(p) for p in parts))


# --- folders -----------------------------------------------------------------------------------------

@dataclass
class RobustnessRun:
    label: str
    folder: Path  # the <tre|sre> folder
    sequences: dict[str, list[tuple[int, Path]]]  # sequence -> [(start frame, box file), ...]
    manifest: dict


def run_file_name(sequence: str, k: int) -> str:
    return f"{sequence}_{k + 1:03d}.txt"


def find_robustness_runs(roots, protocol: str, dataset: str | None = None) -> list[RobustnessRun]:
    """Every ``.../<protocol>`` folder with a manifest under the roots (ours:
    ``<dataset>/<method>/<variant>/<protocol>``, or ``<tracker>/<protocol>``), labelled as
    ``find_runs`` labels runs."""
    from workbench.core.evaluation.vot import protocol_folders
    from workbench.core.results import merge_manifests, read_manifest

    def runs_of(folder: Path):
        manifest = read_manifest(folder)
        if manifest is None:
            return None
        seqs = {}
        for seq, entry in (manifest.get("sequences") or {}).items():
            runs = (entry or {}).get("runs") or []
            if runs:
                seqs[seq] = [(int(r.get("start_frame", 0)), folder / seq / run_file_name(seq, k))
                             for k, r in enumerate(runs)]
        return (seqs, manifest) if seqs else None

    def merge(into, other):  # one method and settings run class folder by class folder (LaSOT): one run
        (seqs, manifest), (more, theirs) = into, other
        new = {s: r for s, r in more.items() if s not in seqs}
        return {**seqs, **new}, merge_manifests(manifest, theirs, new)

    out = [RobustnessRun(label, folder, seqs, manifest)
           for label, folder, (seqs, manifest) in protocol_folders(roots, protocol, dataset, runs_of, merge)]
    return out + _toolkit_mat_runs(roots, protocol, {r.label for r in out})


def _toolkit_mat_runs(roots, protocol: str, taken: set) -> list[RobustnessRun]:
    """The OTB toolkit's ``results_TRE`` / ``results_SRE`` files (``otb_mat.protocol_runs``): a run for each tracker,
    each sequence's one ``.mat`` file holding all its runs (``_mat_runs``); a label another run has is prefixed with
    its root folder's name (primed where that is taken too)."""
    from workbench.core.otb_mat import protocol_runs

    out = []
    for root in [roots] if isinstance(roots, (str, Path)) else list(roots):
        for folder, trackers in protocol_runs(root, protocol):
            for tracker, files in sorted(trackers.items()):
                label = tracker if tracker not in taken else f"{Path(root).name}:{tracker}"
                while label in taken:
                    label += "'"
                taken.add(label)
                out.append(RobustnessRun(label, folder, {seq: [(0, path)] for seq, path in files.items()}, {}))
    return out


def _mat_runs(path: Path, n_frames: int, sequence: str) -> list[tuple[np.ndarray, int]]:
    """``(boxes, start frame)`` of each run of an OTB toolkit TRE / SRE file for a sequence of ``n_frames``
    frames: the boxes a row a frame (NaN before the run's start), in the file's frame (1-based), the rows before the
    reader's first frame left out as one-pass scoring leaves them (``results.frame_fit``: Tiger1 from image 6). A
    file of no run (``otb_mat.read_runs``: ``results = []``, an empty first ``res``) gives none: its caller scores
    every frame of the sequence a failure, as one-pass scoring does (``results.fit_to_frames``); the toolkit's
    ``successNum / (lenALL + eps)`` is 0 there, and the sequence weighs as any other in the dataset's mean."""
    from workbench.core.otb_mat import read_runs
    from workbench.core.results import frame_fit

    runs = read_runs(path)
    out = []
    for k, run in enumerate(runs):
        rows = np.vstack([np.full((run.start, 4), np.nan), run.boxes])
        skip, extra = frame_fit(len(rows), n_frames, sequence)
        if extra < 0 or run.start < skip:
            raise DataError(path, f"results{{{k + 1}}}: {len(run.boxes)} boxes from groundtruth row {run.start + 1} "
                                  f"do not fit the {n_frames} frames of {sequence!r}")
        out.append((rows[skip:skip + n_frames], run.start - skip))
    return out


def score_robustness_folder(roots, protocol: str, groundtruth: dict, offsets: dict | None = None,
                            dataset: str | None = None, trackers: list[str] | None = None,
                            pooled: bool = False, absent: str = "exclude",
                            notes: list | None = None) -> list[TrackerReport]:
    """``TrackerReport`` per robustness run folder under ``roots`` (``score_folder``'s shape, so the
    tables, JSON, CSV and plots of OPE serve): a sequence's curves pool its runs' frames. A run file
    that is missing, shorter than its sequence or unreadable is an error naming it; one longer than its sequence is
    cut to the sequence's frames as one-pass scoring cuts it (``results.fit_to_frames``), its one-line note appended
    to ``notes`` when given: the OTB toolkit's ``calcSeqErrRobust`` scores a run's first ``results.len`` rows
    (``center(1:seq_length,:)``, ``rectMat(idx,:)`` with ``idx`` as long as the groundtruth) and never reads the
    others. A sequence with fewer runs than its manifest lists is scored on the runs there are and named in
    ``partial``. ``absent``: how frames without a target count (``ope.ABSENT_RULES``; the OTB toolkit's is
    ``"otb"``)."""
    from workbench.core.evaluation.folders import tracker_labels
    from workbench.core.results import fit_to_frames, read_result_boxes

    if absent not in ABSENT_RULES:
        raise ValueError(f"absent must be one of {', '.join(ABSENT_RULES)}, not {absent!r}")
    convention = CONVENTION[protocol].replace(ABSENT_RULES["exclude"], ABSENT_RULES[absent])
    if pooled:
        convention = convention.replace("sequences weighted equally", "frames pooled over sequences")
    runs = {r.label: r for r in find_robustness_runs(roots, protocol, dataset)}
    if not runs:
        where = ", ".join(map(str, [roots] if isinstance(roots, (str, Path)) else roots))
        raise WorkbenchError(f"{where}: no {protocol.upper()} results (<tracker>/{protocol}/manifest.json, or the OTB "
                             f"toolkit's results_{protocol.upper()}/<seq>_<tracker>.mat); run `workbench run "
                             f"--protocol {protocol}`")
    reports, started, asked = [], [], set()
    # a name two folders both hold selects each folder's run, as one-pass eval selects them (folders.tracker_labels)
    for t in tracker_labels(trackers, runs, roots) if trackers else sorted(runs):
        if t not in runs:
            raise WorkbenchError(f"no {protocol.upper()} results for tracker {t!r}; have {', '.join(sorted(runs))}")
        run = runs[t]
        curves, partial = {}, {}
        sequences = run.sequences
        if not run.manifest:  # the OTB toolkit's .mat files, named as its list names them (OTB-2013's basketball)
            from workbench.core.results import match_names

            named = match_names({s: f[0][1] for s, f in sequences.items() if len(f) == 1}, groundtruth)
            sequences = {s: [(0, p)] for s, p in named.items()} if len(named) == len(sequences) else sequences
        for seq, files in sequences.items():
            if seq not in groundtruth:
                continue
            gt = groundtruth[seq]
            entry = (run.manifest.get("sequences") or {}).get(seq) or {}
            off = entry.get("box_offset", (offsets or {}).get(seq, 0))
            preds, starts = [], []
            for start, path in files:
                if not path.is_file():
                    continue
                if path.suffix.lower() == ".mat":  # the OTB toolkit's: every run of the sequence in one file
                    mat_runs = _mat_runs(path, len(gt), seq)
                    for boxes, first in mat_runs:
                        preds.append(boxes - np.array([off, off, 0.0, 0.0]))
                        starts.append(first)
                    if not mat_runs:  # no run in it: every frame a failure, with one-pass scoring's note
                        boxes, note = fit_to_frames(np.zeros((0, 4)), len(gt), path, seq)
                        if note and notes is not None:
                            notes.append(note)
                        preds.append(boxes)
                        starts.append(None)
                    continue
                # longer: cut, with a note (the OTB toolkit scores a run's first len rows); shorter: refused
                boxes, note = fit_to_frames(read_result_boxes(path), len(gt), path, seq)
                if note and notes is not None:
                    notes.append(note)
                preds.append(boxes - np.array([off, off, 0.0, 0.0]))
                starts.append(start)
            if not preds:
                raise DataError(run.folder / seq, f"none of the {len(files)} {protocol.upper()} run files listed "
                                                  "in the manifest is there")
            planned = entry.get("planned") if isinstance(entry.get("planned"), int) else len(files)
            if len(preds) < planned or entry.get("completed") is False:
                stopped = [r.get("partial") for r in entry.get("runs") or [] if isinstance(r, dict) and r.get("partial")]
                reason = (stopped[-1].get("reason") if stopped and isinstance(stopped[-1], dict) else None) or (
                    "runs missing" if len(files) == planned else "cancelled")
                partial[seq] = {"runs": len(preds), "planned": planned, "reason": reason}
            if seq not in partial:
                if any(st is not None for st in starts):  # (a file of no run had no start)
                    started.append(len({st for st in starts if st is not None}))
            elif protocol == "tre" and isinstance(entry.get("segments"), int) and entry["segments"] >= 1:
                # a cancelled / partial sequence: the starts it was to have (the runs there are fewer for a reason
                # the footer's "fewer where fewer frames ..." would misstate); without its segments it is left out
                started.append(len(set(tre_positions(gt, entry["segments"], omit=entry.get("init_omit")))))
            if isinstance(entry.get("segments"), int) and entry["segments"] >= 1:
                asked.add(entry["segments"])
            weights = None
            if protocol == "tre" and isinstance(entry.get("segments"), int) and entry["segments"] >= 1:
                listed = tre_positions(gt, entry["segments"], omit=entry.get("init_omit"))
                weights = [max(1, listed.count(st)) for st in starts]
            curves[seq] = sequence_curves(preds, starts, gt, absent, weights)
        if not curves:
            from workbench.core.results import via_alias

            if len(run.folder.parents) > 2 and via_alias(run.folder.parents[2].name, dataset):
                continue  # <alias>/<method>/<variant>/<protocol> of another dataset of that folder name
            raise WorkbenchError(f"{run.folder}: none of its sequences is in the dataset")
        missing = sorted(set(groundtruth) - set(curves))
        reports.append(TrackerReport(t, curves, aggregate(list(curves.values()), pooled=pooled), missing=missing,
                                     partial=partial, convention=convention,
                                     partial_convention=PARTIAL_CONVENTION, pooled=pooled))
    if protocol == "tre":  # the starts the runs had, over every tracker scored: the table has one footer
        for r in reports:
            r.convention = tre_convention(started, asked, r.convention)
    return reports
