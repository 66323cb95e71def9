"""The plots dock's scores: one-pass success / precision of the open sequence's runs, or of every
dataset sequence with results in the workspace, scored by the core's one folder scorer."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject

from workbench.core.errors import WorkbenchError
from workbench.gui import settings as wsettings


class ScoringController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.reports: list = []  # the TrackerReports the plots show (what the exports write)
        self.problems: list[str] = []  # result files left out of the dataset scores, with the reason
        self._gt_root: Path | None = None
        self._gt_cache: dict[str, tuple] = {}  # sequence -> (groundtruth, attributes, file offset) of the dataset

    def update_plots(self) -> None:
        """Curves of the results of this sequence, or of every dataset sequence with results; the
        exports of the scores follow them (File › Export › Plots, Numbers)."""
        self._update_plots()
        self.w.plots.set_attributes(self.reports)  # the same scores per attribute (the dock's table)
        self.w.update_enabled()

    def _update_plots(self) -> None:
        from workbench.core.evaluation.ope import evaluate_tracker

        w, nav = self.w, self.w.sequences
        self.reports, self.problems = [], []
        if nav.sequence is None:
            w.plots.set_curves({}, {})
            return
        if w.plots.current_scope() == "dataset" and nav.dataset_entries:
            self._score_dataset()
            return
        seq = nav.sequence
        if not seq.has_groundtruth:
            w.plots.set_curves({}, {}, "no groundtruth: nothing to score")
            return
        live = w.tracking.live
        partial = {}
        for tracker, r in live.items():
            if r.last < 0:
                continue
            gt = seq.groundtruth
            stop = None
            if r.status == "running":  # live: the frames tracked so far
                gt = gt.copy()
                gt[r.last + 1:] = np.nan
                stop = {"frame": r.last + 1, "reason": "running"}
                partial[tracker] = f"{tracker}: running, frames {r.start + 1}-{r.last + 1} of {r.n} so far"
            elif r.partial:  # cancelled: the frames after the stop count as failures (core convention)
                stop = r.stopped or {"frame": r.last + 1, "reason": "cancelled"}
                partial[tracker] = (f"{tracker}: {stop.get('reason') or 'stopped'} at frame {stop.get('frame')} "
                                    f"of {r.n}; later frames count as failures")
            rep = evaluate_tracker(tracker, {seq.name: r.boxes.copy()}, {seq.name: gt},
                                   {seq.name: seq.attributes}, starts={seq.name: r.start})
            if stop is not None:
                rep.partial = {seq.name: stop}
            if rep.overall.frames:
                self.reports.append(rep)
        colors = {k: w.tracking.color(k) for k, r in live.items() if r.last >= 0}
        w.plots.set_curves({r.tracker: r.overall for r in self.reports}, colors, seq.name,
                           partial={k: v for k, v in partial.items() if any(r.tracker == k for r in self.reports)})

    def _score_dataset(self) -> None:
        from workbench.core.evaluation.folders import score_folder
        from workbench.core.results import list_results

        from workbench.core.runs import dataset_of

        w = self.w
        results_dir = wsettings.results_dir()
        # this dataset's runs (<dataset>/<method>/<variant>/) and the older flat folders, not the
        # same-named sequences of another dataset
        dataset = dataset_of(None, w.sequences.dataset_root)[0]
        with_results = {s for files in list_results(results_dir, dataset).values() for s in files}
        gts, attrs, offsets = {}, {}, {}
        for entry in w.sequences.dataset_entries:
            if entry.name not in with_results:
                continue  # opening every sequence of a large dataset only to find no results is slow
            gt, at, off = self._groundtruth(entry)
            if gt is not None:
                gts[entry.name], attrs[entry.name], offsets[entry.name] = gt, at, off
        try:
            # offsets: foreign result files on 1-based (OTB-style) data are in the file's frame
            # (as ``folders.dataset_groundtruth`` gives them, for the sequences with results only)
            scores = score_folder(results_dir, gts, attrs, strict=False, dataset=dataset,
                                  offsets=offsets) if gts else None
        except WorkbenchError as exc:
            scores, self.problems = None, [str(exc)]
        if scores is not None:
            self.problems += scores.problems
            self.reports = [r for r in scores.reports if r.overall.frames]
            for tracker in scores.results:
                w.tracking.color(tracker)
        scored = {s for res in (scores.results.values() if scores is not None else ()) for s in res}
        colors = {k: w.tracking.color(k) for k in (scores.results if scores is not None else {})}
        partial = {r.tracker: f"{r.tracker}: partial on " + ", ".join(
            f"{s} ({(p or {}).get('reason') or 'stopped'} at frame {(p or {}).get('frame')})"
            for s, p in sorted(r.partial.items())) for r in self.reports if r.partial}
        note, details = self.dataset_note(len(scored), self.reports)
        w.plots.set_curves({r.tracker: r.overall for r in self.reports}, colors, note, self.problems, partial=partial,
                           details=details)
        if self.problems:
            w.statusBar().showMessage(f"Dataset scores: {len(self.problems)} result file(s) skipped — "
                                      f"{self.problems[0]}", 10000)

    FEWER_NAMED = 2  # trackers on fewer sequences named in the note itself; more are counted

    @classmethod
    def dataset_note(cls, n_scored: int, reports) -> tuple[str, str]:
        """(note, details) of the dataset scope: "N sequences", then the trackers whose curves cover
        fewer sequences (not a like-for-like comparison: said so): named when one or two ("fake_b on
        1"), else counted ("3 trackers on fewer sequences"); every one in ``details`` (the tooltip).
        The note stays short: it named every tracker and was 1266 px wide with seven."""
        note = f"{n_scored} sequences"
        fewer = [r for r in reports if len(r.sequences) < n_scored]
        if not fewer:
            return note, ""
        each = [f"{r.tracker} on {len(r.sequences)}" for r in fewer]
        if len(fewer) <= cls.FEWER_NAMED:
            note += " · " + ", ".join(each)
        else:
            note += f" · {len(fewer)} trackers on fewer sequences"
        return note, f"On fewer than the {n_scored} sequences:\n" + "\n".join(each)

    def _groundtruth(self, entry) -> tuple:
        """(groundtruth, attributes, file offset) of a dataset entry, or (None, {}, 0) (a problem noted)."""
        root = self.w.sequences.dataset_root
        if root != self._gt_root:  # another dataset: its sequences may share names with the last one's
            self._gt_root, self._gt_cache = root, {}
        if entry.name not in self._gt_cache:
            try:
                from workbench.core.results import file_box_offset

                s = entry.open()
                self._gt_cache[entry.name] = ((s.groundtruth, s.attributes, file_box_offset(s))
                                              if s.groundtruth is not None else
                                              (None, f"{entry.path}: no groundtruth to score its results against", 0))
            except Exception as exc:  # noqa: BLE001 - a damaged sequence: say so beside the plots
                self._gt_cache[entry.name] = (None, f"{entry.path}: cannot open: {type(exc).__name__}: {exc}", 0)
        gt, at, off = self._gt_cache[entry.name]
        if gt is None:
            self.problems.append(at)
            return None, {}, 0
        return gt, at, off
