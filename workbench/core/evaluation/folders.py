"""One scorer for a results folder, used by ``workbench eval``, the demo and the window alike.

A results folder holds run folders in any layout ``results.find_runs`` reads: ours,
``<dataset>/<tracker>/<variant>/<sequence>.txt`` with a ``manifest.json``, pytracking's
``<tracker>/<parameter>/<sequence>.txt`` and flat ``<tracker>/<sequence>.txt``; runs are named by
their label (``kcf``, ``kcf/search_scale=3``). A run started at frame S writes NaN rows for the frames
before S: those frames were never tracked, so they are left out of the score (not counted as
failures); S is the manifest's start frame when it has one, else the first row with a finite box. A file whose length differs
from its sequence's groundtruth cannot be scored: ``strict`` raises a ``DataError`` naming it, else
it is skipped and listed in ``FolderScores.problems`` so that the caller can show why.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workbench.core.errors import DataError, WorkbenchError


@dataclass
class FolderScores:
    reports: list  # [TrackerReport]
    results: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)  # tracker -> seq -> boxes
    starts: dict[str, dict[str, int]] = field(default_factory=dict)  # tracker -> seq -> first tracked frame
    problems: list[str] = field(default_factory=list)  # files skipped (not strict), with the reason


def first_tracked_frame(boxes: np.ndarray) -> int:
    """The start frame of a run: its first row with a finite box (0 when none is)."""
    ok = np.flatnonzero(np.all(np.isfinite(boxes), axis=1))
    return int(ok[0]) if len(ok) else 0


def score_folder(results_dir: str | Path, groundtruth: dict[str, np.ndarray], attributes: dict | None = None,
                 trackers: list[str] | None = None, pooled: bool = False, strict: bool = True,
                 dataset: str | None = None) -> FolderScores:
    """Score every run folder in ``results_dir`` against ``groundtruth`` (``{seq: (N, 4)}``).

    ``trackers``: a subset of run labels (unknown names raise); ``pooled``: pool frames over sequences
    instead of averaging per sequence; ``dataset``: the dataset's name, so that runs of another
    dataset with same-named sequences are not scored against this one. Sequences of the folder that
    are not in ``groundtruth`` are ignored.
    """
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.core.results import find_runs, read_result_boxes

    runs = {r.label: r for r in find_runs(results_dir, dataset)}
    found = {k: r.files for k, r in runs.items()}
    if not found:
        raise WorkbenchError(f"{results_dir}: no result files (<tracker>/<sequence>.txt or "
                             f"<dataset>/<tracker>/<variant>/<sequence>.txt) found"
                             + (f" for dataset {dataset!r}" if dataset else ""))
    names = trackers or sorted(found)
    out = FolderScores([])
    attributes = attributes or {}
    for t in names:
        if t not in found:
            raise WorkbenchError(f"{results_dir}: no results for tracker {t!r}; have {', '.join(sorted(found))}")
        res, starts = {}, {}
        for seq, path in found[t].items():
            if seq not in groundtruth:
                continue
            try:
                boxes = read_result_boxes(path)
                if len(boxes) != len(groundtruth[seq]):
                    raise DataError(path, f"has {len(boxes)} boxes but sequence {seq!r} has "
                                          f"{len(groundtruth[seq])} frames")
            except WorkbenchError as exc:
                if strict:
                    raise
                out.problems.append(str(exc))
                continue
            start = runs[t].start_frame(seq)
            res[seq], starts[seq] = boxes, start if start is not None and 0 <= start < len(boxes) else \
                first_tracked_frame(boxes)
        if not res:
            if strict:
                raise WorkbenchError(f"{results_dir}/{t}: none of its result files matches a sequence of the dataset")
            continue
        gts = {s: groundtruth[s] for s in res}
        attrs = {s: attributes.get(s) or {} for s in res}
        report = evaluate_tracker(t, res, gts, attrs, starts=starts, pooled=pooled)
        report.missing = sorted(set(groundtruth) - set(res))
        out.reports.append(report)
        out.results[t], out.starts[t] = res, starts
    return out
