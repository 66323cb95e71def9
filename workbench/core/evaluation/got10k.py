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
- Repetitions: a folder in the toolkit's layout holds a sequence's runs as ``<seq>_001.txt``, ``_002.txt`` ... (its
  report globs ``<seq>_[0-9]*.txt``; ``results.repetition_files``). Each repetition's IoUs are taken over the
  frames above, and they are pooled: the sequence's AO / SR are over the IoUs of all its repetitions together
  (``frames`` counts them: frames x repetitions), the overall ones over those of all sequences, as its report
  concatenates them. Each repetition starts at its own first box (its first frame is dropped, as the toolkit
  drops row 1).
- Speed: ``speed_fps`` = mean of 1 / t over the times of ``<seq>_time.txt`` (every column: one per repetition;
  ours and the OTB-style layouts: ``<seq>_time.txt`` / ``times/<seq>_time.txt``, one column) that are not NaN and
  above 0 (an ``inf`` counts, 1 / t = 0), per sequence and over all sequences' pooled, as the toolkit's
  ``_evaluate`` computes it (a mean of per-frame rates, not frames / total time). A sequence without a times file, or without such a time, has
  ``speed_fps`` null where the toolkit writes -1 (and, per sequence, its report reuses the previous sequence's
  times); the overall one is null when no sequence has any.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from workbench.core.boxes import absent_mask, as_boxes
from workbench.core.errors import WorkbenchError
from workbench.core.evaluation.ope import absent_flags

CONVENTION = ("GOT-10k (toolkit's ExperimentGOT10k): frames after the first with the target visible (cover > 0, "
              "absent-target frames excluded), IoU of boxes clipped to the image, AO = mean IoU, SR0.5 / SR0.75 = "
              "IoU > 0.5 / 0.75, frames pooled over repetitions (<seq>_001.txt, _002 ...) and sequences; "
              "fps = mean of 1/t over the positive times of <seq>_time.txt (all columns)")


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
    ious: np.ndarray = field(repr=False)  # the scored frames' IoU, of every repetition
    repetitions: int = 1  # result files pooled
    times: np.ndarray | None = field(default=None, repr=False)  # seconds per frame (> 0); None: no times file

    @property
    def frames(self) -> int:
        return int(len(self.ious))

    @property
    def speed_fps(self) -> float | None:
        """Mean of 1 / t over the times, as the toolkit's ``_evaluate``; None without times (its -1)."""
        return float(np.mean(1.0 / self.times)) if self.times is not None and len(self.times) else None

    def scores(self) -> dict:
        n = len(self.ious)
        nan = float("nan")
        return {"ao": float(np.mean(self.ious)) if n else nan,
                "sr_50": float(np.mean(self.ious > 0.5)) if n else nan,
                "sr_75": float(np.mean(self.ious > 0.75)) if n else nan,
                "frames": n, "repetitions": self.repetitions, "speed_fps": self.speed_fps}


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
        times = [s.times for s in self.sequences.values() if s.times is not None]
        return Got10kScores(np.concatenate(parts) if parts else np.zeros(0),
                            sum(s.repetitions for s in self.sequences.values()),
                            np.concatenate(times) if times else None)


def valid_times(path) -> np.ndarray:
    """The times of a times file the toolkit averages: every column flattened, NaN dropped, then those above 0
    (an ``inf`` stays: its 1 / t is 0 in the mean, as in the toolkit's ``_evaluate``)."""
    from workbench.core.results import read_times

    t = read_times(path).ravel()
    t = t[~np.isnan(t)]
    return t[t > 0]


def evaluate(folder_scores, groundtruth: dict, attributes: dict | None = None,
             sizes: dict | None = None) -> list[Got10kReport]:
    """``Got10kReport`` per tracker of ``folders.score_folder``'s result (its boxes and start frames, and the
    repetition files it lists, read here and pooled); ``sizes``: ``{seq: (width, height)}``, the clipping bound.

    ``folder_scores`` (scored with ``repetitions_pooled``) gets a note per tracker whose repetitions were pooled, and
    one per repetition file longer than its sequence or times file that cannot be read (no speed for that sequence)."""
    from workbench.core.evaluation.folders import first_tracked_frame, read_run_boxes
    from workbench.core.results import time_file

    notes = folder_scores.notes
    out = []
    for r in folder_scores.reports:
        res, starts = folder_scores.results[r.tracker], folder_scores.starts[r.tracker]
        files = folder_scores.files.get(r.tracker, {})
        offs = folder_scores.box_offsets.get(r.tracker, {})
        seqs = {}
        for seq, boxes in res.items():
            gt = groundtruth[seq]
            bound, hidden = (sizes or {}).get(seq), absent_flags((attributes or {}).get(seq), len(gt))
            parts = [sequence_ious(boxes, gt, starts.get(seq, 0), bound, hidden)]
            paths = files.get(seq) or []
            for path in paths[1:]:  # the others of the toolkit's <seq>_001.txt, _002 ...
                more, note = read_run_boxes(path, len(gt), seq, offs.get(seq, 0))
                if note:
                    notes.append(note)
                parts.append(sequence_ious(more, gt, first_tracked_frame(more), bound, hidden))
            times = None
            tf = time_file(paths[0]) if paths else None
            if tf is not None:
                try:
                    times = valid_times(tf)
                except WorkbenchError as exc:
                    notes.append(f"{exc}: no speed for {seq}")
            seqs[seq] = Got10kScores(np.concatenate(parts), max(1, len(paths)), times)
        out.append(Got10kReport(r.tracker, seqs, list(r.missing), dict(r.partial)))
        pooled = {s: len(files[s]) for s in seqs if len(files.get(s) or ()) > 1}
        if pooled:
            counts = "/".join(map(str, sorted(set(pooled.values()))))
            notes.append(f"{r.tracker}: {len(pooled)} sequence(s) with {counts} repetitions (<seq>_001.txt, _002 ...): "
                         "their frames pooled, as the GOT-10k toolkit pools them")
    return out


def report_dict(reports: list[Got10kReport]) -> dict:
    """tracker -> sequence -> ``ao``, ``sr_50``, ``sr_75``, ``frames`` (IoUs pooled: frames x repetitions),
    ``repetitions``, ``speed_fps``; ``_all`` the same over all sequences, with ``result_files`` (the repetitions of
    all sequences) for ``repetitions``."""
    from workbench.core.evaluation.ope import partial_fields

    out = {}
    for r in reports:
        d = {seq: {**s.scores(), **partial_fields(r, seq)} for seq, s in r.sequences.items()}
        overall = r.overall.scores()
        overall["result_files"] = overall.pop("repetitions")
        d["_all"] = {**overall, "sequences": len(r.sequences), "convention": CONVENTION,
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
            fps = "-" if sc["speed_fps"] is None else f"{sc['speed_fps']:.1f}"
            rows.append([r.tracker + (" *" if r.partial and seq == "ALL" else ""), seq, f"{sc['ao']:.3f}",
                         f"{sc['sr_50']:.3f}", f"{sc['sr_75']:.3f}", str(sc["frames"]), str(sc["repetitions"]), fps])
    return render_table(["tracker", "sequence", "AO", "SR0.5", "SR0.75", "frames", "runs", "fps"], rows) + "\n" + \
        CONVENTION
