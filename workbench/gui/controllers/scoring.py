"""The plots dock's scores: one-pass success / precision of the open sequence's runs, or of every
dataset sequence with results in the workspace, scored by the core's one folder scorer.

The dataset scope is scored on a worker (``score_dataset``): it opens every sequence with results for
its groundtruth and reads every result file, which held the GUI thread for seconds on a real dataset
(a UAV123-style root of 120 sequences with 8 trackers' results: 2.1 s when the scope was chosen,
0.9 s on each sequence opened, and 0.9-3 s twice a second during a run, as every live tick scored the
whole folder again). The curves on screen stay until the new ones arrive; scores asked for while a
scoring runs are taken once it ends (one job at a time); the groundtruth read is kept per dataset, and
a folder whose result files are unchanged (the same files, sizes and times) is not read again, so a
run's live ticks cost a listing of the folder on the worker.

The sequence scope's saved runs (read from the workspace as the sequence opened) are scored on a worker
too (``score_saved_runs``): 25 of them took 0.1-0.2 s of the GUI thread on opening the sequence, in the
same turn as its frame. The runs tracked in the window are scored at once, as before (one run, a few ms,
twice a second while it goes). The plots show what is scored meanwhile, their note says how many saved
runs are still being scored, and the rest follow in one draw when the worker is done; a newer request (a
sequence opened, a run read again) supersedes the one running, whose scores are never shown.

RGB-T sequences are scored under the rule the dock's "RGB-T" choice names (``PlotsDock.current_rule``: eval's
``--rgbt``, auto by default); the choice is shown where the sequences scored are RGB-T, and the scores kept (the
saved runs', the dataset's last scores) are kept per rule; the dataset's groundtruth, read once, serves every rule. A
rule chosen in the dataset scope is like another dataset: the scoring running is cancelled, the plots say the dataset
is being scored, and scores under any other rule than the one chosen are never shown."""
from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject

from workbench.core.errors import Cancelled, WorkbenchError
from workbench.gui import settings as wsettings
from workbench.gui.worker import Job, LatestJob, describe

SCORING_NOTE = "Scoring the dataset's results…"
SAVED_SCORES_KEPT = 512  # saved runs' reports kept across sequences (a few KB each): ~20 sequences of 25 runs


def _digest(a) -> str:
    """A short digest of an array's values, shape and type: the same digest, the same numbers."""
    a = np.ascontiguousarray(a)
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{a.dtype.str}{a.shape}".encode())
    h.update(a.tobytes())
    return h.hexdigest()


def sequence_score_key(seq) -> tuple:
    """What a saved run's scores depend on besides its boxes: the sequence (its name and path), its
    groundtruth and its attributes, by value (a sequence opened again is another object)."""
    attrs = tuple(sorted((str(k), _digest(np.asarray(v))) for k, v in (seq.attributes or {}).items()))
    return (seq.name, str(getattr(seq, "path", None)), len(seq), _digest(seq.groundtruth), attrs)


def saved_file_id(path, boxes) -> tuple:
    """(time and size of the result file ``path``, digest of ``boxes`` read from it): what a saved run's
    report depends on in its file. Worked out where the file is read (``tracking.read_saved_runs``, on the
    opener's worker): a long sequence's boxes (20000 frames: 3.4 ms a run) were hashed on the GUI thread for
    every saved run when its sequence opened."""
    try:
        st = Path(path).stat() if path is not None else None
        stamp = (st.st_mtime_ns, st.st_size) if st is not None else None
    except OSError:
        stamp = None
    return stamp, _digest(boxes)


def saved_score_key(seq_key: tuple, tracker: str, run, stop) -> tuple:
    """The key of a saved run's report (``ScoringController``'s kept reports): the sequence's key, the
    run's name, result file and its time and size, its start, its stop and its boxes by value: a file
    written again (a run repeated, a result replaced) gives another key even within one time tick. The
    file's part is the run's ``file_id`` when it was worked out as the file was read (``saved_file_id``)."""
    path = getattr(run, "saved_to", None)
    file_id = getattr(run, "file_id", None)
    stamp, digest = file_id if file_id is not None else saved_file_id(path, run.boxes)
    return (seq_key, tracker, str(path), stamp, int(run.start), repr(stop), digest)


@dataclass(frozen=True)
class Truths:
    """What a dataset sequence is scored against, under any RGB-T rule (kept per dataset, not per rule: a rule
    chosen reads no sequence again): its name, groundtruth and RGB-T reader's pair (``meta["rgbt"]``; None for
    another layout), the two ``evaluation.rgbt.truth_of`` reads."""

    name: str
    groundtruth: object
    meta: dict


def entry_truths(entry) -> tuple:
    """(groundtruth, attributes, file offset, ``Truths``) of a dataset entry, or (None, the reason, 0, None): what
    the dataset scope keeps per sequence; ``rule_truth`` makes its RGB-T truth under a rule."""
    try:
        from workbench.core.results import file_box_offset

        s = entry.open()
        if s.groundtruth is None:
            return None, f"{entry.path}: no groundtruth to score its results against", 0, None
        pair = (getattr(s, "meta", None) or {}).get("rgbt")
        return s.groundtruth, s.attributes, file_box_offset(s), Truths(s.name, s.groundtruth, {"rgbt": pair})
    except Exception as exc:  # noqa: BLE001 - a damaged sequence: say so beside the plots
        return None, f"{entry.path}: cannot open: {type(exc).__name__}: {exc}", 0, None


def rule_truth(truths: Truths | None, rule: str = "auto"):
    """The RGB-T truth (``evaluation.rgbt.truth_of`` under ``rule``, eval's ``--rgbt``) of what ``entry_truths``
    kept; None for a sequence of another layout or ``"off"``."""
    from workbench.core.evaluation.rgbt import truth_of

    return truth_of(truths, rule) if truths is not None else None


def score_run(tracker: str, name: str, boxes, groundtruth, attributes: dict, start: int, truth=None,
              rows=None, last: int | None = None):
    """One run of the sequence ``name`` scored as the window scores its runs: one-pass (``ope.evaluate_tracker``,
    ``rows`` its row metrics computed already), or under ``truth``'s RGB-T rule (``evaluation.rgbt``) for an RGB-T
    sequence; ``last``: a run still going, scored on its frames up to ``last``. A labelling tag of ``attributes``
    (``folders.LABELLING_TAGS``: ``points``) gets no per-attribute score, as in eval."""
    from workbench.core.evaluation.folders import frame_attributes

    attributes = frame_attributes(attributes)
    if truth is not None:
        from workbench.core.evaluation import rgbt

        if last is not None:
            truth = truth.until(last)
        return rgbt.evaluate_tracker(tracker, {name: boxes}, {name: truth}, {name: attributes}, starts={name: start})
    from workbench.core.evaluation.ope import evaluate_tracker

    if last is not None:
        groundtruth = np.array(groundtruth, dtype=np.float64, copy=True)
        groundtruth[last + 1:] = np.nan
    return evaluate_tracker(tracker, {name: boxes}, {name: groundtruth}, {name: attributes}, starts={name: start},
                            rows=None if rows is None else {name: rows})


def score_saved_runs(name: str, groundtruth, attributes: dict, runs: list, ctx, truth=None) -> list:
    """The worker's part of the sequence scope: each saved run of the sequence ``name`` scored against
    ``groundtruth`` as the window scores its own runs (``evaluate_tracker``, the run's start frame, a
    partial run's stop kept in its report; ``truth``: an RGB-T sequence's, ``score_run``). ``runs``: [(tracker,
    boxes, start frame, stop or None)].
    Returns [(tracker, TrackerReport)] in that order; Cancel is seen before each run. Their IoU and centre
    errors are computed for all of them at once (``row_metrics``, the same scores): one run at a time, 25 runs
    held the interpreter lock ~50 ms under load in many small numpy calls, the window waiting between them."""
    from workbench.core.evaluation.ope import row_metrics

    ctx.check()
    rows = (row_metrics([boxes for _tracker, boxes, _start, _stop in runs], groundtruth) if truth is None
            else [None] * len(runs))
    out = []
    for (tracker, boxes, start, stop), run_rows in zip(runs, rows):
        ctx.check()
        rep = score_run(tracker, name, boxes, groundtruth, attributes, start, truth, run_rows)
        if stop is not None:
            rep.partial = {name: stop}
        out.append((tracker, rep))
    ctx.check()
    return out


@dataclass
class DatasetScores:
    """What ``score_dataset`` gives the window: the scores (None: nothing scored), the problems to show,
    the groundtruth it read (to keep), and the signature of the result files it scored."""

    root: Path
    scores: object = None  # folders.FolderScores
    rule: str = "auto"  # the RGB-T rule the scores are under (eval's --rgbt)
    problems: list = field(default_factory=list)
    groundtruth: dict = field(default_factory=dict)  # entry name -> entry_truths(entry) (any rule's)
    signature: tuple | None = None
    # (sequence, run label) -> why its result file is not in the scores (the Dataset dock marks it)
    skipped: dict = field(default_factory=dict)


def skipped_files(runs, problems, no_groundtruth: dict | None = None) -> dict:
    """(sequence, run label) -> the problem of each result file the scores left out, its file first
    (``DataError``: "<path>: has 5 boxes but ..."); ``no_groundtruth``: {sequence: why}, every run's
    file of such a sequence ("<file>: not scored: <why>": the Dataset dock's tooltip names the file)."""
    out = {}
    for r in runs:
        for seq, path in r.files.items():
            if no_groundtruth and seq in no_groundtruth:
                out[(seq, r.label)] = f"{path}: not scored: {no_groundtruth[seq]}"
                continue
            where = str(path)
            for problem in problems:
                if problem == where or problem.startswith(where + ":") or problem.startswith(where + ","):
                    out[(seq, r.label)] = problem
                    break
    return out


def _stat(path: Path):
    try:
        st = path.stat()
        return st.st_mtime_ns, st.st_size
    except OSError:
        return None


def _signature(results_dir, dataset, runs, names) -> tuple:
    """What the scores of the sequences ``names`` depend on: every run folder (``find_runs``), its
    manifest's and its result files' (of those sequences) sizes and times. Equal signatures: the same
    scores."""
    from workbench.core.results import MANIFEST

    out = []
    for r in runs:
        files = tuple((seq, str(path), _stat(path)) for seq, path in sorted(r.files.items()) if seq in names)
        out.append((r.label, str(r.folder), _stat(Path(r.folder) / MANIFEST), files))
    return (str(results_dir), dataset, tuple(sorted(names)), tuple(out))


def score_dataset(results_dir, dataset, root, entries, known: dict, last: tuple | None, ctx,
                  rule: str = "auto") -> DatasetScores:
    """The worker's part of the dataset scope: the groundtruth of the entries with results in
    ``results_dir`` (``known``: what was read before, by entry name: ``entry_truths``, whatever the rule), then ``score_folder`` over
    them, RGB-T sequences under ``rule`` (eval's ``--rgbt``);
    ``last``: (signature, DatasetScores) of the last scoring, whose scores are given back as they are
    when no result file changed. Progress per sequence read and per run's sequence scored; Cancel is
    seen before each (``score_folder`` checks it too: a dataset of many sequences stops within one)."""
    from workbench.core.evaluation.folders import score_folder
    from workbench.core.results import dataset_folders, find_runs, match_names
    from workbench.core.runs import dataset_names

    out = DatasetScores(Path(root), rule=rule)
    # the folders eval / report look in too: a LaSOT root's runs made class folder by class folder (or
    # a GOT-10k root's split by split) are under those folders' names, a root that is one sequence's runs made
    # with the sequence opened alone under the folder holding it
    dataset = dataset_folders(dataset, entries, dataset_names(root, entries)[1:]) if dataset is not None else None
    try:
        # this dataset's runs (<dataset>/<method>/<variant>/) and the older flat folders, not the
        # same-named sequences of another dataset
        runs = find_runs(results_dir, dataset)
    except WorkbenchError as exc:
        out.problems = [str(exc)]
        return out
    for r in runs:  # the files by the entries' names, as score_folder matches them (Jogging.1, the OTB toolkit's
        r.files = match_names(r.files, [e.name for e in entries])  # lower-case basketball_ASLA.mat ...)
    with_results = {s for r in runs for s in r.files}
    todo = [e for e in entries if e.name in with_results]  # opening every sequence only to find no results is slow
    # the bar's share of each stage: a sequence opened for its groundtruth, a run's sequence scored
    to_read = sum(1 for e in todo if e.name not in known)
    names = {e.name for e in todo}
    to_score = sum(1 for r in runs for seq in r.files if seq in names)
    split = to_read / max(1, to_read + to_score)
    reading = ctx.part(0.0, split)
    gts, attrs, offsets, no_gt, truths = {}, {}, {}, {}, {}
    k = 0
    for entry in todo:
        ctx.check()
        got = known.get(entry.name)
        if got is None:
            reading.progress(k / max(1, to_read), f"reading groundtruth {k + 1} / {to_read}")
            k += 1
            got = out.groundtruth[entry.name] = entry_truths(entry)
        gt, at, off, kept = got
        if gt is None:
            out.problems.append(at)
            no_gt[entry.name] = at
        else:
            gts[entry.name], attrs[entry.name], offsets[entry.name] = gt, at, off
            truth = rule_truth(kept, rule)
            if truth is not None:
                truths[entry.name] = truth
    ctx.check()
    out.skipped = skipped_files(runs, (), no_gt)
    if not gts:
        return out
    out.signature = (_signature(results_dir, dataset, runs, set(gts)), rule)  # (another rule: other scores)
    if last is not None and last[0] == out.signature and last[1].scores is not None:
        out.scores = last[1].scores  # no result file changed: the same scores
        out.problems += list(out.scores.problems)
        out.skipped = skipped_files(runs, out.scores.problems, no_gt)
        return out
    ctx.progress(split, f"scoring {len(gts)} sequences")
    try:
        # offsets: foreign result files on 1-based (OTB-style) data are in the file's frame
        # (as ``folders.dataset_groundtruth`` gives them, for the sequences with results only)
        out.scores = score_folder(results_dir, gts, attrs, strict=False, dataset=dataset, offsets=offsets,
                                  ctx=ctx.part(split, 1.0), rgbt=truths)
    except WorkbenchError as exc:
        out.problems, out.signature = [str(exc)], None
        return out
    out.problems += out.scores.problems
    out.skipped = skipped_files(runs, out.scores.problems, no_gt)
    ctx.check()
    return out


class ScoringController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.reports: list = []  # the TrackerReports the plots show (what the exports write)
        self.problems: list[str] = []  # result files left out of the dataset scores, with the reason
        self.notes: list[str] = []  # result files scored but read with a change (FolderScores.notes)
        self._gt_root: Path | None = None  # the dataset root whose groundtruth ``_gt_cache`` holds (any rule's)
        self._gt_cache: dict[str, tuple] = {}  # sequence -> ``entry_truths``: groundtruth, attributes, offset, Truths
        self._last: tuple | None = None  # (signature, DatasetScores) of the dataset scores shown
        self.shown_dataset: Path | None = None  # the dataset whose scores the plots show (None: a sequence's)
        self.shown_rule: str | None = None  # the RGB-T rule of those scores (or of the scoring asked for)
        self._again = False  # the dataset's scores were asked for again while a scoring ran
        self._told = None  # the signature of the scores whose skipped files the status bar named
        self._progress_at = 0.0  # when the note last said how far the scoring is
        self._scored: dict = {}  # tracker -> (sequence, live run, its state, the report) of the last scores
        self.job = Job(self)  # the dataset scope's scoring (score_dataset)
        self.job.returned.connect(self._dataset_scored)
        self.job.errored.connect(self._dataset_failed)
        self.job.progress.connect(self._dataset_progress)
        self.job.finished.connect(self._dataset_next)
        # the open sequence's saved runs, scored on a worker (``score_saved_runs``): the latest request only
        self.saved_job = LatestJob(self)
        self.saved_job.returned.connect(self._saved_scored)
        self.saved_job.errored.connect(self._saved_failed)
        # (sequence, {tracker: (run, its state)}, {tracker: its kept key}) that the request running scores;
        # None: none
        self._saved_for: tuple | None = None
        self._saved_broken: tuple | None = None  # the request whose scoring failed: not asked for again
        # saved runs' reports by ``saved_score_key``, the latest used last: switching back to a sequence
        # shows its saved runs' curves at once (they were scored on the worker again, the plots empty
        # meanwhile, on every switch between two sequences with saved runs); only what changed is scored
        self._kept: OrderedDict[tuple, object] = OrderedDict()
        self._seq_key: tuple | None = None  # (sequence, its ``sequence_score_key``) of the last one asked
        self._read_key: tuple | None = None  # (sequence, its key) worked out where it was read (``sequence_key_read``)
        # (the dataset's entries, whether one is RGB-T): decided once per dataset opened, not at every update
        self._rgbt_entries: tuple[list, bool] | None = None

    @property
    def running(self) -> bool:
        """The dataset scope's scores are being computed (or will be, once the scoring running ends), or
        the open sequence's saved runs are."""
        return self.job.running or self._again or self.scoring_saved

    @property
    def scoring_saved(self) -> bool:
        """The open sequence's saved runs are being scored on the worker (their curves follow)."""
        return self.saved_job.pending

    def wait(self, timeout_s: float = 60.0) -> bool:
        """Process events until the scores of the scope chosen are all shown (scripts, tests)."""
        return self.w._process_events_while(lambda: self.running, timeout_s)

    def cancel(self) -> None:
        """Stop scoring (the window closes): the dataset's, and the open sequence's saved runs'."""
        self._cancel_dataset()
        self._drop_saved()

    def _cancel_dataset(self) -> None:
        """Stop scoring the dataset (another scope or dataset was chosen)."""
        self._again = False
        self.job.cancel()

    def _drop_saved(self) -> None:
        self._saved_for = None
        self.saved_job.drop()

    def update_plots(self) -> None:
        """Curves of the results of this sequence, or of every dataset sequence with results (scored on
        a worker: the curves follow when it is done); the exports of the scores follow them (File ›
        Export › Plots, Numbers)."""
        self._show_scores()

    def _show_scores(self) -> None:
        """``update_plots``' work; the saved runs' scores arriving call it directly: they are not an update
        asked for by the window (a run, its maps, a scope chosen)."""
        if self._update_plots():
            return
        self.w.plots.set_attributes(self.reports)  # the same scores per attribute (the dock's table)
        self.w.update_enabled()

    def _dataset_has_rgbt(self, entries: list) -> bool:
        """Whether an entry of the dataset open is RGB-T (``evaluation.rgbt.is_rgbt``), decided once per dataset
        opened (the window opens a dataset as a new list): the plots update every 0.5 s during a run."""
        from workbench.core.evaluation.rgbt import is_rgbt

        if self._rgbt_entries is None or self._rgbt_entries[0] is not entries:
            self._rgbt_entries = (entries, any(is_rgbt(e) for e in entries))
        return self._rgbt_entries[1]

    def _update_plots(self) -> bool:
        """The curves of the scope chosen; True when they come later (the dataset's, from a worker)."""
        from workbench.core.evaluation.ope import stop_said
        from workbench.core.evaluation.rgbt import is_rgbt, truth_of

        w, nav = self.w, self.w.sequences
        if w.plots.current_scope() == "dataset" and nav.dataset_entries and nav.sequence is not None:
            w.plots.set_rgbt_available(self._dataset_has_rgbt(nav.dataset_entries))
            self._drop_saved()  # the sequence's saved runs are not what the plots show now
            self._score_dataset()
            return True
        self._cancel_dataset()  # a dataset scoring still running is not what the plots show now
        self.shown_dataset = None
        self.reports, self.problems, self.notes = [], [], []
        seq = nav.sequence
        w.plots.set_rgbt_available(seq is not None and seq.has_groundtruth and is_rgbt(seq))
        if seq is None:
            self._drop_saved()
            w.plots.set_curves({}, {})
            return False
        if not seq.has_groundtruth:
            self._drop_saved()
            w.plots.set_curves({}, {}, "no groundtruth: nothing to score")
            return False
        seq_key = self._sequence_key(seq)  # (every sequence shown: a reload is the one on screen opened again)
        rule = w.plots.current_rule()
        truth = truth_of(seq, rule)  # an RGB-T sequence: scored as its toolkit scores it (or the rule chosen)
        live = w.tracking.live
        partial = {}
        scored = {}
        todo = []  # saved runs not scored yet: (tracker, run, its state, its stop), for the worker
        for tracker, r in live.items():
            if r.last < 0:
                continue
            stop = None
            if r.status == "running":  # live: the frames tracked so far
                stop = {"frame": r.last + 1, "reason": "running"}
                partial[tracker] = f"{tracker}: running, frames {r.start + 1}-{r.last + 1} of {r.n} so far"
            elif r.partial:  # cancelled: the frames after the stop count as failures (core convention)
                stop = r.stopped or {"frame": r.last + 1, "reason": "cancelled"}
                # (the stop said as eval and the report say it: "at frame 70 of 71" read as the 70th frame)
                partial[tracker] = f"{tracker}: {stop_said(stop)}, of {r.n} frames; later frames count as failures"
            # a run whose frames have not changed since the last scores keeps its report: live, only the
            # running tracker's frames move (the others were scored again twice a second: 5-10 ms each)
            key = (r.start, r.last, r.status, bool(r.partial), repr(stop), rule)
            got = self._scored.get(tracker)
            if got is not None and got[0] is seq and got[1] is r and got[2] == key:
                rep = got[3]
            elif r.status == "saved":  # read from the workspace: kept from an earlier scoring, else scored on
                kept_key = saved_score_key(seq_key, tracker, r, stop) + (rule,)  # the worker
                rep = self._kept.get(kept_key)
                if rep is None:
                    todo.append((tracker, r, key, stop, kept_key))
                    continue
                self._kept.move_to_end(kept_key)
            else:
                rep = score_run(tracker, seq.name, r.boxes.copy(), seq.groundtruth, seq.attributes, r.start, truth,
                                last=r.last if r.status == "running" else None)
                if stop is not None:
                    rep.partial = {seq.name: stop}
            scored[tracker] = (seq, r, key, rep)
            if rep.overall.frames:
                self.reports.append(rep)
        self._scored = scored
        note = seq.name  # (the plots say the convention the curves were scored under: an RGB-T rule's, or OPE)
        if todo:
            runs = f"{len(todo)} saved run{'s' if len(todo) != 1 else ''}"
            note += (f" · scoring {runs}…" if self._score_saved(seq, todo, truth)
                     else f" · {runs} not scored (failed)")
        else:
            self._drop_saved()
        colors = {k: w.tracking.color(k) for k, r in live.items() if r.last >= 0}
        w.plots.set_curves({r.tracker: r.overall for r in self.reports}, colors, note,
                           partial={k: v for k, v in partial.items() if any(r.tracker == k for r in self.reports)})
        return False

    # --- the open sequence's saved runs, scored on a worker ------------------------------------------
    def sequence_key_read(self, seq, key: tuple) -> None:
        """``sequence_score_key(seq)`` as the opener's worker worked it out with the sequence's saved runs
        (``tracking.read_saved_runs``): taken by ``_sequence_key`` instead of hashing the groundtruth here."""
        self._read_key = (seq, key)

    def _sequence_key(self, seq) -> tuple:
        """``sequence_score_key(seq)``, worked out once per sequence object (where it was read when it was:
        ``sequence_key_read``). The sequence on screen opened
        again (the same sequence, another object: the analyst's reload) forgets its kept reports: its saved
        runs are scored afresh; another sequence opened in between keeps them (switching back shows them)."""
        if self._seq_key is None or self._seq_key[0] is not seq:
            read, self._read_key = self._read_key, None
            key = read[1] if read is not None and read[0] is seq else sequence_score_key(seq)
            if self._seq_key is not None and self._seq_key[1] == key:
                for k in [k for k in self._kept if k[0] == key]:
                    del self._kept[k]
            self._seq_key = (seq, key)
        return self._seq_key[1]

    def _keep(self, kept_key: tuple, rep) -> None:
        self._kept[kept_key] = rep
        self._kept.move_to_end(kept_key)
        while len(self._kept) > SAVED_SCORES_KEPT:
            self._kept.popitem(last=False)

    def _score_saved(self, seq, todo: list, truth=None) -> bool:
        """``todo``'s runs of ``seq`` scored on the worker (``score_saved_runs``; ``truth``: an RGB-T sequence's
        under the rule chosen), unless the request running scores those already. False: their scoring failed
        before (said in the status bar), not asked again."""
        want = (seq, {tracker: (r, key) for tracker, r, key, _stop, _kept in todo},
                {tracker: kept_key for tracker, _r, _key, _stop, kept_key in todo})
        if self.scoring_saved and _same_request(self._saved_for, want):
            return True
        if _same_request(self._saved_broken, want):
            self._drop_saved()
            return False
        self._saved_for = want
        # started on the next turn: scoring on the worker (holding the interpreter lock between its numpy
        # calls) while the GUI thread still switched the window to the sequence made that switch 1.5-2.5x as
        # long (25 saved runs, 2-core machine under load: 50-140 ms)
        # (truth given only for an RGB-T sequence: the worker's call is otherwise as it was)
        self.saved_job.start_later(score_saved_runs, seq.name, np.array(seq.groundtruth, copy=True),
                                   dict(seq.attributes),
                                   [(tracker, r.boxes.copy(), r.start, stop) for tracker, r, _key, stop, _k in todo],
                                   pass_context=True, **({"truth": truth} if truth is not None else {}))
        return True

    def _saved_scored(self, got: list) -> None:
        """The saved runs' scores: kept for the runs still on screen as they were asked (another sequence or
        a run read again meanwhile: not theirs), then the plots drawn with them, once."""
        asked, self._saved_for = self._saved_for, None
        if asked is None:
            return
        seq, runs, kept_keys = asked
        for tracker, rep in got:  # kept by value: a sequence left meanwhile shows them when opened again
            self._keep(kept_keys[tracker], rep)
        if seq is not self.w.sequences.sequence:
            return
        live = self.w.tracking.live
        for tracker, rep in got:
            r, key = runs[tracker]
            if live.get(tracker) is r:
                self._scored[tracker] = (seq, r, key, rep)
        plots = self.w.plots
        was, plots.draw_later = plots.draw_later, True  # many curves at once: drawn in steps, a turn each
        try:
            self._show_scores()
        finally:
            plots.draw_later = was
        plots.draw_in_steps()

    def _saved_failed(self, exc) -> None:
        asked, self._saved_for = self._saved_for, None
        if isinstance(exc, Cancelled):
            return
        self._saved_broken = asked
        seq = asked[0] if asked is not None else self.w.sequences.sequence
        name = getattr(seq, "name", "the sequence")
        self.w.statusBar().showMessage(f"Scoring the saved runs of {name} failed: {describe(exc)}; their boxes are "
                                       "shown, their curves are not (open the sequence again to score them again)",
                                       15000)
        self._show_scores()  # the note no longer says they are being scored

    # --- the dataset scope, scored on a worker ------------------------------------------------------
    def _score_dataset(self) -> None:
        """Score the open dataset's results on a worker; the curves on screen stay until the new ones
        come, unless they are not this dataset's (another scope's, another dataset's) or not under the RGB-T
        rule chosen (the combo named the new rule over the old one's curves, ranking and footer, and Export…
        wrote the old numbers, until the rescoring ended): then the plots say that the dataset is being scored."""
        root, rule = self.w.sequences.dataset_root, self.w.plots.current_rule()
        if self.shown_dataset != root or self.shown_rule != rule:
            if self.job.running:  # another scope's, dataset's or rule's scoring: not wanted any more
                self.job.cancel()
            self.shown_dataset, self.shown_rule, self._last, self._told = root, rule, None, None
            self.reports, self.problems, self.notes = [], [], []
            self.w.plots.set_curves({}, {}, SCORING_NOTE)
            self.w.plots.set_attributes(self.reports)
            self.w.update_enabled()
        if self.job.running:
            self._again = True  # taken when it ends: one scoring at a time, the latest state scored
            return
        self._start_dataset_job()

    def _start_dataset_job(self) -> None:
        from workbench.core.runs import dataset_of

        nav = self.w.sequences
        root = nav.dataset_root
        rule = self.w.plots.current_rule()
        # another dataset: its sequences may share names with the last one's (another rule: the same groundtruth,
        # its truths made under the rule on the worker)
        if root != self._gt_root:
            self._gt_root, self._gt_cache = root, {}
        self._again = False
        dataset = dataset_of(None, root)[0]
        self.job.start(score_dataset, wsettings.results_dir(), dataset, root, list(nav.dataset_entries),
                       dict(self._gt_cache), self._last, pass_context=True, rule=rule)

    PROGRESS_S = 0.1  # the note is redrawn at most this often (scoring reports every sequence)

    def _dataset_progress(self, fraction: float, message: str) -> None:
        if not self.reports and self.shown_dataset is not None:  # nothing shown yet: say how far it is
            now = time.perf_counter()
            if now - self._progress_at < self.PROGRESS_S and fraction < 1.0:
                return
            self._progress_at = now
            self.w.plots.note.setText(f"{SCORING_NOTE} {int(fraction * 100)}% · {message}")

    def _dataset_failed(self, exc) -> None:
        if isinstance(exc, Cancelled):
            return
        text = f"Dataset scores failed: {describe(exc)}"
        self.w.statusBar().showMessage(text, 10000)
        if not self.reports and self._wants_dataset():
            self.w.plots.set_curves({}, {}, text)

    def _dataset_next(self) -> None:
        if self._again and self._wants_dataset():
            self._start_dataset_job()
        self._again = False

    def _wants_dataset(self) -> bool:
        nav = self.w.sequences
        return (self.w.plots.current_scope() == "dataset" and bool(nav.dataset_entries)
                and nav.sequence is not None and self.shown_dataset == nav.dataset_root
                and self.shown_rule == self.w.plots.current_rule())

    def _dataset_scored(self, got: DatasetScores) -> None:
        if got.root == self._gt_root:
            self._gt_cache.update(got.groundtruth)
        if not self._wants_dataset() or got.root != self.w.sequences.dataset_root or got.rule != self.shown_rule:
            return  # another scope, dataset or RGB-T rule was chosen meanwhile
        from workbench.core.evaluation.ope import stop_said

        w = self.w
        scores = got.scores
        self._last = (got.signature, got) if got.signature is not None else None
        self.problems = list(got.problems)
        # files scored but read with a change (rows after the groundtruth dropped): shown, not "skipped"
        self.notes = list(scores.notes) if scores is not None else []
        self.reports = [r for r in scores.reports if r.overall.frames] if scores is not None else []
        for tracker in (scores.results if scores is not None else ()):
            w.tracking.color(tracker)
        # the sequences the means are over (one that scored no frame, no target shown, is in none), as the report
        # and eval's JSON count them: every sequence with a result was "2 sequences" over means of one
        scored = {s for r in self.reports for s, c in r.sequences.items() if c.frames}
        colors = {k: w.tracking.color(k) for k in (scores.results if scores is not None else {})}
        partial = {r.tracker: f"{r.tracker}: partial on " + "; ".join(
            f"{s}: {stop_said(p)}" for s, p in sorted(r.partial.items())) for r in self.reports if r.partial}
        note, details = self.dataset_note(len(scored), self.reports)
        w.plots.set_curves({r.tracker: r.overall for r in self.reports}, colors, note, self.problems, partial=partial,
                           details=details, notes=self.notes)
        w.plots.set_attributes(self.reports)
        w.dataset.set_skipped(got.skipped)  # its Results column marks the files the scores left out
        w.update_enabled()
        if (self.problems or self.notes) and (got.signature is None or got.signature != self._told):  # once per change
            self._told = got.signature
            if self.problems:
                w.statusBar().showMessage(f"Dataset scores: {len(self.problems)} result file(s) skipped — "
                                          f"{self.problems[0]}", 10000)
            else:
                w.statusBar().showMessage(f"Dataset scores: {len(self.notes)} result file(s) read with a change — "
                                          f"{self.notes[0]}", 10000)

    FEWER_NAMED = 2  # trackers on fewer sequences named in the note itself; more are counted

    @classmethod
    def dataset_note(cls, n_scored: int, reports) -> tuple[str, str]:
        """(note, details) of the dataset scope: "N sequences", then the trackers whose curves cover
        fewer sequences (not a like-for-like comparison: said so): named when one or two ("fake_b on
        1"), else counted ("3 trackers on fewer sequences"); every one in ``details`` (the tooltip).
        The note stays short: it named every tracker and was 1266 px wide with seven. A tracker's sequences are those
        it scored (a frame or more): a sequence that scored no frame is in no mean."""
        note = f"{n_scored} sequence{'s' if n_scored != 1 else ''}"
        count = {r.tracker: sum(1 for c in r.sequences.values() if c.frames) for r in reports}
        fewer = [r for r in reports if count[r.tracker] < n_scored]
        if not fewer:
            return note, ""
        each = [f"{r.tracker} on {count[r.tracker]}" for r in fewer]
        if len(fewer) <= cls.FEWER_NAMED:
            note += " · " + ", ".join(each)
        else:
            note += f" · {len(fewer)} trackers on fewer sequences"
        return note, f"On fewer than the {n_scored} sequences:\n" + "\n".join(each)


def _same_request(a: tuple | None, b: tuple | None) -> bool:
    """Whether two saved-run requests (sequence, {tracker: (run, state)}) ask for the same scores: the same
    sequence and runs (the objects) in the same states."""
    if a is None or b is None or a[0] is not b[0] or a[1].keys() != b[1].keys():
        return False
    return all(a[1][t][0] is b[1][t][0] and a[1][t][1] == b[1][t][1] for t in a[1])
