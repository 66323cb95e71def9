"""Tracker runs of the open sequence: starting them from the Methods dock, the live boxes, response
maps and progress while they run, their end (saved to the workspace), the results already in the
workspace, and the views derived from the runs (the boxes on the frame, the layer list, the
timeline curves)."""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal

from workbench.core.boxes import Box, center_error, iou
from workbench.core.errors import WorkbenchError
from workbench.core.evaluation.plots import tracker_styles
from workbench.core.results import maps_path
from workbench.gui import settings as wsettings
from workbench.gui.controllers.inspectors_due import InspectorsDue
from workbench.gui.runner import LiveRun, TrackRunner, TrackSpec, inspector_imports
from workbench.gui.timeline import LazySeries
from workbench.gui.widgets import fps_text, frames_text
from workbench.gui.worker import LEFT_CALL, LatestJob, describe, later, step_later


STATUS_LINES = 3  # the Methods dock's run status at the end of a several-tracker run: at most this many lines
ONE_RUN_LINES = 6  # one tracker's end: room for its folder (a long path wraps to three or four lines)
REASON_CHARS = 70  # of a failed tracker's reason in a several-tracker run's summary (its tooltip has all)
SAVE_AGAIN = "Save again"  # the Track menu's action for runs whose results could not be written


def fit_lines(label, text: str, lines: int = STATUS_LINES) -> str:
    """``text`` cut with "…" so that, word-wrapped to ``label``'s width, it takes at most ``lines`` lines."""
    fm = label.fontMetrics()
    width = max(40, label.contentsRect().width())
    limit = lines * fm.lineSpacing() + fm.leading()

    def fits(t: str) -> bool:
        box = fm.boundingRect(QRect(0, 0, width, 1 << 20),
                              int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), t)
        return box.height() <= limit

    if fits(text):
        return text
    lo, hi = 0, len(text)  # the longest prefix that fits with its "…"
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(text[:mid].rstrip(" ,;·—:") + "…"):
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip(" ,;·—:") + "…"


class StatusLine(QObject):
    """The Methods dock's run status (a word-wrapped label) kept to a few lines: the text cut with "…"
    to the label's width, again when the dock is resized, and the whole of it in the tooltip.
    Other kinds of run write the same label: a text not ours is left alone, and our tooltip goes
    with it."""

    def __init__(self, label, parent=None):
        super().__init__(parent)
        self.label = label
        self.lines = STATUS_LINES
        self.full = ""
        self.tip: str | None = None
        self.shown: str | None = None  # what we put in the label (None: not ours now)
        self._tip_set = ""
        label.installEventFilter(self)

    def show(self, text: str, tip: str | None = None, lines: int = STATUS_LINES) -> None:
        """``text`` in the label, cut to ``lines`` lines; ``tip``: the tooltip (default: the whole text
        where it is cut)."""
        self.full, self.tip, self.lines = text, tip, lines
        self._fit()

    def clear_tip(self) -> None:
        if self.label.toolTip() == self._tip_set:
            self.label.setToolTip("")
        self._tip_set = ""

    def _fit(self) -> None:
        shown = fit_lines(self.label, self.full, self.lines)
        tip = self.tip if self.tip is not None else (self.full if shown != self.full else "")
        self.shown, self._tip_set = shown, tip
        if self.label.text() != shown:
            self.label.setText(shown)
        self.label.setToolTip(tip)

    def _refit(self) -> None:
        if self.shown is not None and self.label.text() == self.shown:
            self._fit()

    def eventFilter(self, obj, ev) -> bool:
        if obj is self.label and self.shown is not None:
            if self.label.text() != self.shown:  # another run's text now: not ours to fit or explain
                self.shown = None
                self.clear_tip()
            elif ev.type() == QEvent.Type.Resize and ev.size().width() != ev.oldSize().width():
                later(self._refit, 1, self)  # not inside the resize: the new text may change the height
        return False


def one_size_problem(seq, start: int) -> str | None:
    """Why a tracker cannot run from frame ``start`` (0-based) of ``seq`` to its end: the frames it
    would read differ in size (their image headers say so; a labelled image set, mixed cameras), with
    where to start instead if the last ones are of one size. None when they are of one size."""
    check = getattr(seq, "one_size_problem", None)
    problem = check("tracking", start) if callable(check) else None
    if problem is None:
        return None
    sizes = seq.frame_sizes() or []
    last = next((s for s in reversed(sizes) if s is not None), None)
    change = max((j for j, s in enumerate(sizes) if s is not None and s != last), default=None)
    text = f"{problem}.\n\nA tracker follows its target through the frames of one video, all of one size."
    if change is not None and change + 1 < len(sizes) - 1:
        text += (f" From frame {change + 2} on the images are all {last[0]}x{last[1]}: go there and use "
                 "Start from here, or open one video's frames.")
    else:
        text += " Open one video's frames, or start where the images are of one size."
    return text


def _short_reason(error: str) -> str:
    lines = (error or "").strip().splitlines()
    line = lines[0] if lines else "unknown error"
    return line if len(line) <= REASON_CHARS else line[:REASON_CHARS - 1].rstrip() + "…"


def saved_identity(rr):
    """The identity of a run found in the workspace (``find_runs``' ResultRun), as its manifest and
    folder give it: an export of the run goes to the same ``<dataset>/<method>/<variant>/`` folder."""
    import dataclasses

    from workbench.core.results import RunInfo

    recorded = {f.name for f in dataclasses.fields(RunInfo)} - {"method", "variant", "dataset", "flat_run"}
    manifest = rr.manifest or {}
    return RunInfo(rr.method, variant=rr.variant, dataset=rr.dataset,
                   **{k: manifest[k] for k in recorded if k in manifest})


def saved_maps_file(rr, sequence: str, box_file) -> Path | None:
    """The maps file of ``sequence`` of the saved run ``rr`` (``ResultRun.maps_file``) whose box file is
    ``box_file``: a run found under two ``<dataset>`` names (``find_runs`` merged them: the new name's folder,
    a sequence of the older name's) keeps this sequence's maps beside its box file, not in the run's folder."""
    path = rr.maps_file(sequence)
    if path is not None and box_file is not None and rr.layout == "ours" and Path(box_file).parent != Path(rr.folder):
        return Path(box_file).parent / path.name
    return path


def maps_file_named(run, pending=()) -> Path | None:
    """Where ``run``'s maps are kept on disk, for maps not in memory (dropped for the window's budget,
    ``map_budget``; a saved run's not read back yet), named without looking at the disk (the GUI thread's way:
    ``read_back`` every ``MAPS_RETRY_S`` while the map is on screen, the exports, where a dead mount would hold the
    window): a run read from the workspace, its manifest's maps file (``saved_maps_file``); a run the window saved,
    ``<seq>_maps.npz`` beside its boxes, named whether or not it is there (not one of ``pending``, the files still
    being written): whoever reads it, on a worker, says when it is not. None when there is none (a
    ``WorkbenchError`` from the manifest: none either)."""
    rr = getattr(run, "saved_run", None)
    saved = getattr(run, "saved_to", None)
    if rr is not None:
        try:
            return saved_maps_file(rr, run.sequence, saved)
        except WorkbenchError:
            return None
    if saved is None:
        return None
    path = maps_path(saved)
    return path if path not in pending else None


def dropped_map_names(run) -> tuple[str, ...]:
    """The names of the maps ``run`` held before the window's budget dropped them (``MapBudget.fit``)."""
    return tuple(getattr(run, "maps_dropped_names", ()) or ())


MAPS_RETRY_S = 3.0  # a dropped run's maps that could not be read back: looked at again at most this often


def file_signature(path) -> tuple | None:
    """What tells a file from the one there before: its inode, size and times (a file rewritten, moved into
    place or made readable changes one); None when there is none (or it cannot be looked at)."""
    try:
        st = Path(path).stat()
    except (OSError, ValueError):
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


@dataclass
class BackFailure:
    """A run's dropped maps that could not be read back (``TrackingController.read_back``): the file read
    (None: none found), what it was then (``file_signature``), what was said, and when. Read again only once
    the file is another one (written since, back, made readable), looked at on a worker at most every
    ``MAPS_RETRY_S``, or at once when the window writes that file (``_on_maps_saved``)."""
    path: Path | None
    signature: tuple | None
    problem: str = ""
    at: float = field(default_factory=time.monotonic)

    def due(self) -> bool:
        return time.monotonic() - self.at >= MAPS_RETRY_S


@dataclass
class SavedRun:
    """A saved run of a sequence as ``read_saved_runs`` read it: what its LiveRun is made of."""
    label: str
    run: object  # its ResultRun (``find_runs``)
    path: Path  # its box file
    boxes: np.ndarray  # in the sequence's frame, fitted to its frames
    start: int
    stopped: object
    last: int
    times: np.ndarray | None  # its time file's, when it has one of the sequence's length
    file_id: tuple | None = None  # its file's time and size and its boxes' digest (``scoring.saved_file_id``)


@dataclass
class SavedRuns:
    """The saved runs of a sequence (``read_saved_runs``): its records, what reading them said (status
    bar messages, in order), and the workspace, dataset and sequence they were read for."""
    results_dir: Path
    dataset: str | None
    sequence: str
    frames: int
    records: list[SavedRun] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # the sequence's segmenter and detector runs, listed with them (``sequence.list_method_runs``): by kind,
    # the list or the error listing it raised; a kind not there was not listed (its controller lists it)
    methods: dict = field(default_factory=dict)
    # the latest detector run of those, read there too (``detection.read_latest_detections``): (its folder,
    # what reading it returned or raised); None: not read (the window reads it on a worker)
    detections: tuple | None = None
    # the names earlier versions stored the sequence's runs under, read after ``dataset``
    # (``runs.saved_dataset_names``)
    older: tuple = ()
    # the sequence's ``scoring.sequence_score_key`` (its groundtruth and attributes hashed), worked out here
    # with its runs' ``file_id``: on the GUI thread it hashed the groundtruth once per sequence opened
    # (a 20000-frame sequence: ~2 ms, more with its attributes); None: no groundtruth to score against
    score_key: tuple | None = None
    # read as a sequence opened alone: with the runs made over a wider root holding it (``read_saved_runs``)
    alone: bool = False


def read_saved_runs(seq, results_dir, dataset: str | None, older=(), alone: bool = False, wide=None) -> SavedRuns:
    """The results of ``seq`` saved in the workspace ``results_dir`` (runs of ``dataset`` in the
    ``<dataset>/<method>/<variant>/`` layout and the older flat folders), read: the listing and the
    box and time files. ``older``: the names earlier versions stored its runs under (``runs.saved_dataset_names``),
    read too; a run found under both is read once, from ``dataset`` (``results.find_runs`` merges the levels).
    ``alone``: ``seq`` is opened alone (no open dataset holds it): the runs made over a wider root holding it are
    read too, under the names of the folders above it, only where their recorded root holds it
    (``runs.with_wider_names``: as ``export-video --sequence`` and the detector and segmenter listings read them;
    ``wide``: those names where the caller made them already, of ``(dataset, *older)``, ``sequence.with_saved_runs``).
    No Qt: runs on any thread (the opener's worker reads them with the sequence,
    ``SequenceController.open_path``; 65 ms for 20 trackers of a 100-sequence dataset, more as the
    workspace grows). A file that cannot be read is skipped, and said in ``notes``."""
    from workbench.core.results import file_box_offset, find_runs, fit_to_frames, read_result_boxes, sequence_file
    from workbench.gui.controllers.scoring import saved_file_id, sequence_score_key

    older = tuple(n for n in dict.fromkeys(older) if n and n != dataset) if dataset is not None else ()
    out = SavedRuns(results_dir, dataset, seq.name, len(seq), older=older, alone=alone)
    if seq.has_groundtruth:
        out.score_key = sequence_score_key(seq)
    names = (dataset, *older) if older else dataset
    if alone and dataset is not None and getattr(seq, "path", None) is not None:
        from workbench.core.runs import with_wider_names

        # its own names with the wider ones, where its folders resolve to, and the name its runs' files have where
        # it is not its folder's (OTB's Jogging-1 of Jogging/): as its Report and ``export-video --sequence`` read
        # them (``runs.alone_names``)
        names = wide if wide is not None else with_wider_names((dataset, *older), seq.path, seq.name)
    elif dataset is not None and getattr(seq, "path", None) is not None:  # and where its folder resolves to
        from workbench.core.results import DatasetNames, linked_roots  # (runs saved through a link of its root)

        names = DatasetNames((dataset, *older), roots=linked_roots([Path(seq.path).absolute()]), sequences={seq.name})
    try:
        found = find_runs(results_dir, names)
    except Exception as exc:  # noqa: BLE001 - a damaged manifest: say so, show none
        out.notes.append(f"could not list saved results: {exc}")
        found = []
    for rr in found:
        tracker, path = rr.label, sequence_file(rr.files, seq)  # its name or another toolkit's (Jogging.1)
        if path is None:
            continue
        try:
            boxes = read_result_boxes(path)
            off = rr.box_offset(seq.name, file_box_offset(seq))  # files are in the dataset's frame
            if off:
                boxes = boxes - np.array([off, off, 0.0, 0.0])
            start = rr.start_frame(seq.name)
            stopped = rr.partial(seq.name)
        except Exception as exc:  # noqa: BLE001 - a damaged result file: skip it, say so and why
            said = str(exc)  # a DataError names the file already: named once
            named = isinstance(exc, WorkbenchError) and str(path) in said
            out.notes.append(f"skipped unreadable result {said if named else f'{path}: {said}'}")
            continue
        try:  # longer: cut as scoring cuts it (GOT-10k's Tiger1 less its first rows); shorter: not shown
            boxes, note = fit_to_frames(boxes, len(seq), path, seq.name)
        except WorkbenchError as exc:  # fewer rows than frames (another sequence's file): said, not dropped silently
            out.notes.append(f"skipped {exc}")
            continue
        if note:
            out.notes.append(note)
        ok = np.flatnonzero(np.all(np.isfinite(boxes), axis=1))
        if not len(ok):
            continue
        reps = rr.repetition_files(path)
        if len(reps) > 1:  # a GOT-10k toolkit folder of several runs: the window shows its first
            out.notes.append(f"{tracker}: {len(reps)} repetitions of {seq.name}; shown: {path.name} "
                             "(eval --protocol got10k pools them all)")
        times = _saved_times(path, rr, len(seq))
        out.records.append(SavedRun(tracker, rr, path, boxes, int(start) if start is not None else int(ok[0]),
                                    stopped, int(ok[-1]), times, saved_file_id(path, boxes)))
    return out


def _saved_times(path: Path, run, n: int) -> np.ndarray | None:
    """The per-frame seconds saved with result file ``path`` of ``run`` (``results.saved_times``: ours and
    pytracking's ``<seq>_time.txt``, the GOT-10k toolkit's ``times/`` or its column of ``<seq>_time.txt``), None when
    there are none or they do not match ``n`` frames."""
    from workbench.core.results import saved_times

    t, _ = saved_times(path, run)
    return t if t is not None and len(t) == n else None


class TrackingController(QObject):
    sigRunsChanged = Signal()  # a run started, ended, or the sequence's saved runs were loaded

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.live: dict[str, LiveRun] = {}  # runs of the open sequence, by tracker label
        self.last_fps: dict[str, float] = {}
        self._color_order: list[str] = []
        self.runner = TrackRunner(wsettings.results_dir(), self)
        self.runner.sigStarted.connect(self._on_run_started)
        self.runner.sigIdentified.connect(self._on_run_identified)
        self.runner.sigFrame.connect(self._on_run_frame)
        self.runner.sigSaving.connect(self._on_run_saving)
        self.runner.sigRunEnded.connect(self._on_run_ended)
        self.runner.sigFinished.connect(self._on_runner_finished)
        self.runner.sigMapsSaved.connect(self._on_maps_saved)
        self._status: StatusLine | None = None
        # reading the saved runs' maps of the open sequence: the latest sequence's alone come through
        self._maps = LatestJob(self)
        self._maps.yielded.connect(lambda item: self._on_saved_maps(*item))
        self.maps_notes: list[str] = []  # what reading them said (files that could not be read, frames missing)
        self._maps_in: list[tuple[str, LiveRun]] = []  # runs whose maps came in, to be shown (_show_saved_maps)
        self._timeline_kept: dict = {}  # label -> (saved run, groundtruth, its Timeline curves) (update_timeline)
        # a run whose maps the window's budget dropped (``map_budget``), its maps read back from its maps file when
        # its map is shown again (``maps_at``), on a worker; the run being read (None: none)
        self._back = LatestJob(self)
        self._back.yielded.connect(lambda item: self._on_maps_back(*item))
        # a read that failed outside the read itself: said, and not tried again at once
        self._back.errored.connect(self._on_maps_back_error)
        self._back_run: LiveRun | None = None
        # label -> when something on screen last asked for its maps (the Layers map, an inspector's): the window's
        # budget keeps runs asked for in the last seconds (an inspector's map was dropped at each fit and read back
        # at each frame); a fit comes several times a frame, so "since the last fit" is not enough
        self.maps_asked: dict[str, float] = {}
        # the run's inspector docks that wait for its worker's imports
        self._inspectors = InspectorsDue(window, self, lambda: self.running)
        self._resaving: list[LiveRun] = []  # runs written again (``save_again``), not in the runner's run
        # runs whose save failed, of any sequence (another one opened since drops them from ``live``): kept until
        # written again (``save_again``)
        self.unsaved: list[LiveRun] = []
        self._act_save_again = None  # Track › Save again (``save_again_action``: the window's Track menu holds it)

    @property
    def status(self) -> StatusLine:
        """The Methods dock's run status line, kept short (made on first use: the dock comes later)."""
        if self._status is None:
            self._status = StatusLine(self.w.methods.run_status, self)
        return self._status

    @property
    def running(self) -> bool:
        return self.runner.running

    # --- runs of the open sequence ---------------------------------------------------------------
    def on_sequence(self, seq) -> None:
        self.live = {}
        self._back.drop()
        self._back_run = None
        # the saved runs read with the sequence on the opener's worker (``SequenceController.open_path``)
        self.load_saved_runs(seq, getattr(self.w.sequences, "saved_runs_read", None))
        self.load_saved_maps(seq)

    def dataset_name(self, seq=None) -> str | None:
        """The ``<dataset>`` level of this sequence's run folders (as ``run_info`` names it): the first of
        ``saved_names``."""
        names = self.saved_names(seq)
        return names[0] if names else None

    def saved_names(self, seq=None) -> tuple[str, ...]:
        """The ``<dataset>`` names this sequence's saved runs are read under: ``dataset_name`` first, then the
        names earlier versions stored them under (``runs.saved_dataset_names``)."""
        from workbench.core.runs import saved_dataset_names

        seq = seq if seq is not None else self.w.sequences.sequence
        root = self.w.sequences.run_dataset_root()
        entries = getattr(self.w.sequences, "dataset_entries", None) if root is not None else None
        return saved_dataset_names(getattr(seq, "path", None) if seq is not None else None, root, entries)

    def load_saved_runs(self, seq, saved: "SavedRuns | None" = None) -> None:
        """Results of this sequence already in the workspace show as runs (nothing is lost): runs of
        its dataset in the ``<dataset>/<method>/<variant>/`` layout and the older flat folders.
        ``saved``: those results already read (``read_saved_runs``, on the opener's worker), taken when
        they were read from this workspace and dataset; else they are read here."""
        from workbench.core.results import file_box_offset, file_convention

        names = self.saved_names(seq)
        results_dir, dataset, older = wsettings.results_dir(), names[0] if names else None, names[1:]
        alone = self.w.sequences.run_dataset_root() is None and getattr(seq, "path", None) is not None
        if saved is None or saved.results_dir != results_dir or saved.dataset != dataset \
                or saved.older != older or saved.sequence != seq.name or saved.frames != len(seq) \
                or saved.alone != alone:
            saved = read_saved_runs(seq, results_dir, dataset, older, alone)
        if saved.score_key is not None:  # its scores' key, worked out as it was read (on the opener's worker)
            self.w.scoring.sequence_key_read(seq, saved.score_key)
        if saved.notes:  # on the next turn: the "Opened …" line shown after this hid it at once
            text = saved.notes[0] + (f" (and {len(saved.notes) - 1} more)" if len(saved.notes) > 1 else "")
            QTimer.singleShot(0, self, lambda t=text: self.w.statusBar().showMessage(t, 10000))
        for rec in saved.records:
            rr, path, boxes = rec.run, rec.path, rec.boxes
            info = saved_identity(rr)
            if info.dataset in saved.older:  # exported (and placed) under the name new runs go under
                info = dataclasses.replace(info, dataset=dataset)
            # its record kept for an export (``box_results``): the dataset file's frame, as a run tracked here is
            # written in (0-based "convention not known" before: a pixel off its own file on OTB-style data)
            entry = ((rr.manifest or {}).get("sequences") or {}).get(seq.name) or {}
            try:
                first = [float(v) for v in entry.get("init_box") or ()]
            except (TypeError, ValueError):
                first = None
            run = LiveRun(rec.label, seq.name, len(seq), rec.start, method=rr.method, stopped=rec.stopped,
                          info=info, saved_to=path, box_offset=file_box_offset(seq),
                          box_convention=file_convention(seq),
                          init_box=tuple(first) if first and len(first) == 4 else None,
                          started=entry.get("started") or "", sequence_path=entry.get("sequence_path"))
            run.saved_run = rr  # where its maps are found (``load_saved_maps``)
            run.boxes[:] = boxes
            run.file_id = rec.file_id  # its scores' key, worked out as it was read (``scoring.saved_score_key``)
            run.status, run.last = "saved", rec.last
            if rec.times is not None:
                run.times[:] = rec.times
            self.live[rec.label] = run
            self.color(rec.label)

    def load_saved_maps(self, seq) -> None:
        """The maps saved with the sequence's saved runs (``<seq>_maps.npz``, the manifest's ``maps`` record),
        read on a worker: once they are in, scrubbing shows them as a live run's (the Layers dock's map, the
        Response map dock). A file that cannot be read is said in the status bar, naming it; its run keeps
        its boxes."""
        self._maps.drop()  # the previous sequence's: its maps would not be this one's
        self.maps_notes = []
        wanted = []
        for label, run in self.live.items():
            rr = getattr(run, "saved_run", None)
            if run.status != "saved" or rr is None or run.maps:
                continue
            try:
                path = saved_maps_file(rr, seq.name, run.saved_to)
            except WorkbenchError as exc:
                self.maps_notes.append(str(exc))
                continue
            if path is not None and path not in self.runner.pending_maps:  # else read once written (_on_maps_saved)
                wanted.append((label, run, path))
        if self.maps_notes:
            self.w.statusBar().showMessage(self.maps_notes[0], 8000)
        if not wanted:
            return
        # started on the next turn (``start_later``: not while the window still switches to the sequence),
        # unless another sequence was opened or the window closed since
        visible = self.w.isVisible()
        self._maps.start_later(_read_saved_maps, [(label, path) for label, _run, path in wanted], len(seq),
                               {label: run for label, run, _p in wanted},
                               when=lambda: self.w.sequences.sequence is seq and (self.w.isVisible() or not visible))

    def _on_maps_saved(self, _label: str, path, text: str) -> None:
        """A window run's maps file is written (or failed): said in the status bar; a saved run of the open
        sequence that was reopened while it was being written reads it now, and a run whose dropped maps were
        not read back from it (not there yet) is read again (now, when its map is on screen)."""
        self.w.show_after_run_end(text, 10000)
        for label, run in list(self.live.items()):
            if run.saved_to is not None and maps_path(run.saved_to) == path and dropped_map_names(run):
                run.maps_back_failed = None
                if label in self.maps_asked:
                    self.read_back(label, run)
        seq = self.w.sequences.sequence
        waiting = [r for r in self.live.values() if r.status == "saved" and not r.maps and r.saved_run is not None
                   and r.saved_to is not None and maps_path(r.saved_to) == path]
        if seq is not None and waiting and not self._maps.pending:
            self.load_saved_maps(seq)

    def _label_now(self, run, label: str) -> str:
        """``run``'s name in ``live`` now: a run renamed (Save again) while its maps were read keeps them under
        its new name; ``label`` where the run is no longer live."""
        if self.live.get(label) is run:
            return label
        return next((k for k, r in self.live.items() if r is run), label)

    def _on_saved_maps(self, label: str, run, maps, problem: str) -> None:
        label = self._label_now(run, label)
        if self.live.get(label) is not run:  # another run of that name since
            return
        if problem:
            self.maps_notes.append(problem)
            self.w.statusBar().showMessage(problem, 10000)
            return
        run.maps = maps
        # shown together, a pass of the event loop later: the runs whose maps came in the same pass at once
        # (a sequence with 22 saved runs held the GUI thread 1-2 s, each run's maps redrawing the layers,
        # the timeline, the plots and the frame in turn); boxes and scores are unchanged by maps. A step of the
        # window's (``step_later``): its own 1 ms timer ran it in the pass of a dock's drawing step, one stall
        self._maps_in.append((label, run))
        if len(self._maps_in) == 1:
            step_later(self._show_saved_maps, self)

    def _show_saved_maps(self) -> None:
        arrived = [(self._label_now(r, k), r) for k, r in self._maps_in]
        arrived, self._maps_in = [(k, r) for k, r in arrived if self.live.get(k) is r], []
        if not arrived:
            return
        # the maps' names in the Layers dock's Map list; its sigChanged (-> refresh_overlays) held back: the overlays
        # are refreshed once, below (twice, 10-30 ms each with 25 saved runs under load)
        blocked = self.w.layers.blockSignals(True)
        try:
            self.update_layers()
        finally:
            self.w.layers.blockSignals(blocked)
        for label, run in arrived:
            self.w.notify_inspectors("on_result", label, run.result())
        self.w.refresh_overlays()

    @property
    def reading_maps(self) -> bool:
        return self._maps.pending or bool(self._maps_in)

    def color(self, label: str) -> str:
        return self.style(label)[0]

    def style(self, label: str) -> tuple[str, str]:
        """(colour, line style) of a run in the window: ``plots.tracker_styles`` of the runs in the order they
        were first shown (a run keeps its colour as others come and go); past the eighth, a colour comes round
        dashed. The window's figure exports draw each run so too."""
        return self._styles_of((label,))[label]

    def _styles_of(self, labels) -> dict[str, tuple[str, str]]:
        """``tracker_styles`` of the runs shown so far, ``labels`` joining them in their order: once for all the
        runs a frame draws (``colors``), not once a run."""
        self._color_order += [k for k in dict.fromkeys(labels) if k not in self._color_order]
        return tracker_styles(self._color_order)

    def styles(self) -> dict[str, tuple[str, str]]:
        """{label: (colour, line style)} of every run the window has shown (``style``), for a figure export that
        draws runs before it knows which (the report): a run it lacks gets the looks after them."""
        return tracker_styles(self._color_order)

    def live_styles(self) -> dict[str, tuple[str, str]]:
        """{run: (colour, line style)} of the open sequence's runs (``style``), in their order: what the viewer, the
        layers, the timeline and the frame / video exports draw each with (a ninth run dashed, not the first's look)."""
        styles = self._styles_of(self.live)
        return {k: styles[k] for k in self.live}

    def colors(self) -> dict[str, str]:
        return {k: look[0] for k, look in self.live_styles().items()}

    def runs(self) -> dict:
        return {k: r.result() for k, r in self.live.items()}

    def maps_at(self, tracker: str, index: int) -> dict:
        """The maps of ``tracker``'s run at frame ``index``; a run whose maps the window's budget dropped has
        them read back from its maps file (``read_back``): none until they are in."""
        run = self.live.get(tracker)
        if run is None:
            return {}
        self.maps_asked[tracker] = time.monotonic()
        if not run.maps and dropped_map_names(run):
            self.read_back(tracker, run)
        return dict(run.maps.get(index, {}))

    def read_back(self, label: str, run: LiveRun) -> bool:
        """Start reading ``run``'s dropped maps back from its maps file on a worker, unless being read already;
        once in they are shown as a saved run's are (``_on_saved_maps``) and count in the window's budget again.
        False when it names no maps file to read them from (or it could not be read). The disk is not looked at
        here (``maps_file_named``; ``is_file`` ran here at every retry): the worker says a file is not there.

        A read that failed (or found no file) is not tried at every frame drawn, nor never again: it is tried
        once the file is another one (``BackFailure``): written by the window (``_on_maps_saved``), or, looked
        at on a worker every ``MAPS_RETRY_S``, written by a command, back, made readable."""
        if run is self._back_run and self._back.pending:
            return True
        failed = getattr(run, "maps_back_failed", None)
        if failed is not None and not failed.due():
            return False
        pending = self.runner.pending_maps
        path = maps_file_named(run, pending)  # named only: the worker looks whether it is there
        if path is None:
            if run.saved_to is None or maps_path(run.saved_to) not in pending:  # (being written: read once written)
                run.maps_back_failed = BackFailure(None, None, failed.problem if failed else "")
            return False
        self._back_run = run
        if failed is not None and failed.path == path:  # the file that failed: read only when it is another now
            self._back.start(_read_maps_back, label, path, run.n, run, failed.signature)
        else:
            self._back.start(_read_maps_back, label, path, run.n, run)
        return True

    def _on_maps_back(self, label: str, run, maps, problem: str, path=None, signature=None,
                      unchanged: bool = False) -> None:
        if run is self._back_run:
            self._back_run = None
        if getattr(run, "saved_run", None) is None and path is not None:
            # a window-saved run's maps file as the worker found it: remembered for the window's budget
            # (``map_budget.on_file``, which does not look at the disk)
            if signature is None:
                run.maps_on_file = False
            elif not unchanged:
                run.maps_on_file = bool(maps) and not problem
        if unchanged or problem or not maps:
            before = getattr(run, "maps_back_failed", None)
            said = before.problem if before is not None else ""
            # not read again before the file is another one (``read_back``); a problem said once, not again
            run.maps_back_failed = BackFailure(path, signature, problem or said)
            if unchanged or (problem and problem == said):
                return
        else:
            run.maps_back_failed = None
            run.maps_dropped_names = ()
        self._on_saved_maps(label, run, maps, problem)

    def _on_maps_back_error(self, exc) -> None:
        run, self._back_run = self._back_run, None
        problem = f"the response maps could not be read back: {describe(exc)}"
        if run is not None:
            run.maps_back_failed = BackFailure(None, None, problem)
        self.w.statusBar().showMessage(problem, 10000)

    # --- running ---------------------------------------------------------------------------------
    def run(self, names: list[str] | None = None) -> bool:
        w, nav = self.w, self.w.sequences
        seq = nav.sequence
        if seq is None:
            w.show_notice("Nothing to track", "Open a sequence first (File › Open, or the demo).")
            return False
        given = list(names) if names else None  # None: the ticked (or selected) trackers, read again at each press
        names = names or w.methods.trackers_to_run()
        if not names:
            greyed = [n for n in w.methods.checked() if not w.methods.accepts(n)]
            w.show_error("No tracker", f"The ticked {', '.join(greyed)} cannot run on {seq.modality} sequences "
                                       "(greyed in the Methods dock): tick or select one that can."
                         if greyed else "Select or tick a tracker in the Methods dock.")
            return False
        init = Box(*nav.init_box) if nav.init_box is not None else None
        if init is None and seq.gt_box(nav.start_frame) is None:
            w.show_error("No initial box", f"Draw the initial box on frame {nav.start_frame + 1} first "
                                           "(drag on the frame).")
            return False
        problem = one_size_problem(seq, nav.start_frame)
        if problem:  # said once, before any tracker starts (each failed on the first odd frame)
            w.show_error("Frames of different sizes", problem)
            return False
        made = []
        for name in names:
            plugin = w.registry.plugins.get(name)
            if plugin is None:
                w.show_error("No such tracker", f"{name!r} is not an installed tracker plugin.")
                return False
            if plugin.kind != "tracker":  # it failed on the worker: "'…Detector' object has no attribute 'initialize'"
                w.show_error("Not a tracker", f"{name!r} is a {plugin.kind}, not a tracker: run it alone (select it "
                                              "in the Methods dock and press Run).")
                return False
            try:
                config = w.methods.config_of(name, plugin)
            except (WorkbenchError, TypeError, ValueError) as exc:
                w.show_error(f"Settings of {name}", str(exc))
                return False
            made.append((name, plugin, config))
        drawn = init is not None and nav.init_drawn_at is not None
        if drawn:  # a box the user drew (or resized) under a tracker's smallest (its Plugin's smallest_user_box):
            # refused here, before any tracker runs (a tracker ticked beside it ran and saved, then this one refused
            # on its worker, its weights loaded); the groundtruth's box is tracked as it is
            from workbench.core.boxes import check_user_box
            from workbench.gui.methods_dock import others_not_run

            for name, plugin, _config in made:
                try:
                    check_user_box(plugin, init, f"{seq.name!r} frame {nav.start_frame + 1}")
                except WorkbenchError as exc:  # the others named by their titles, as the Run panel names them
                    others = [p.title for n, p, _c in made if n != name]
                    w.show_error(f"Box too small for {plugin.title}",
                                 str(exc) + (f"\n\n{others_not_run(plugin.title, others)}" if others else ""))
                    return False
        # what they declare they lack (weights): said before any run starts; asked off the GUI thread where the
        # Methods dock's answers are not fresh (a check on a dead mount froze the window here), the press made
        # again when they answer (``ready_to_run``) with the trackers ticked then, their settings read again: one
        # unticked during "Checking…" does not run (the press made again used to run the press's list)
        if not w.ready_to_run([(plugin, config) for _n, plugin, config in made], lambda: self.run(given)):
            return False
        specs = []
        for name, plugin, config in made:
            w.methods.remember(name)
            # an earlier run of this tracker stays beside the new one (saved apart, see runner.keep_earlier);
            # the run is named by its folder once its identity is known (_on_run_identified)
            label, k = name, 1
            while label in self.live:
                k += 1
                label = f"{name} #{k}"
            specs.append(TrackSpec(name, plugin, config, w.methods.device_for(name), run_label=label,
                                   imports=inspector_imports(plugin)))
        nav.stop_play()
        nav.set_frame(nav.start_frame)
        # the run's inspector docks (one per inspector class): those whose module is imported (the window's warm-up
        # imports them) are built now, before the run's worker loads a model beside this thread (a dock built then
        # waited for the interpreter lock); the others once the run's worker has imported their modules
        # (``TrackSpec.imports``, said by its ``info`` event: ``InspectorsDue.imported``), not in an import job of
        # the window's own beside the model's loading (~0.3 s of the GUI thread held)
        self._inspectors.start([spec.plugin for spec in specs])
        # the open's saved maps and scores, asked for the turn after it, queued first as when they were
        # started with it (a run started at once: the pool's two threads were then its and a read's)
        self._maps.start_now()
        w.scoring.saved_job.start_now()
        # a box the user drew (or resized) is held to the trackers' smallest; the groundtruth's is tracked as it is
        self.runner.start(specs, seq, init, nav.start_frame, dataset_root=nav.run_dataset_root())
        w.show_run_started()
        return True

    def cancel(self) -> None:
        if not self.runner.job.running and self.runner.saving:  # its trackers are done: what they did is written
            self.w.statusBar().showMessage("The run's results are being saved: nothing is lost by waiting "
                                           "(a save is not cancelled).", 8000)
            return
        if self.runner.running:
            name = self.runner.in_call
            # a run whose start event the window has not taken yet: the worker may be in its create or initialize
            known = any(r.status == "running" for r in self.runner.runs.values())
            self.runner.cancel()
            # a slow plugin's call in progress is waited for (``TrackRunner.LET_GO_MS``), then let go
            self.w.show_cancelling((f"waits for {name}'s current frame" if known else
                                    f"waits for {name}'s call in progress") if name else None)

    def _which(self, run: LiveRun) -> str:
        k, n = run.order
        return f"{run.label} (tracker {k} of {n})" if n > 1 else run.label

    def _on_run_started(self, label: str) -> None:
        run = self.runner.runs[label]
        self.live[label] = run
        self.color(label)
        self._status_at = 0.0
        self.status.clear_tip()  # the last run's summary (or a detector's scoring rule) is not this run's
        self.w.methods.run_status.setText(f"{self._which(run)}: initialising on frame {run.start + 1}…")
        self.w.methods.set_progress(0.0, f"{label}: initialising…")
        # the layers / timeline legends and the settings area follow in passes of their own, apart
        # from the first frames' drawing (together they held the GUI thread ~0.05 s inside this event;
        # timers that fall due during one long pass run back to back in the next)
        later(self.runs_changed, 30, self)
        later(lambda m=run.method or label: self.w.methods.show_running(m) if self.running else None,
              120, self)

    def _on_run_identified(self, label: str) -> None:
        """The run is called as the workspace will list it once saved (``runner.saved_label``: "mil",
        "mil/default-run2"), so the live run and the run reopened later have one name (it was "mil #2"
        here and "mil/default-run2" after reopening, and in the dataset's scores). Its inspectors' modules
        were imported by its worker: their docks are built (``InspectorsDue.imported``)."""
        from workbench.gui.runner import saved_label

        self._inspectors.imported()
        run = self.live.get(label)
        if run is None or self.runner.runs.get(label) is not run:
            return
        new = saved_label(run.result(), self.runner.results_dir)
        if new == label or new in self.live:  # a name taken (a run that failed, a flat folder's): kept
            return
        self._rename(label, new)
        if run.last < 0:
            self.w.methods.run_status.setText(f"{self._which(run)}: initialising on frame {run.start + 1}…")
            self.w.methods.set_progress(0.0, f"{new}: initialising…")
        self.runs_changed()

    def _on_run_frame(self, label: str, fr, frame) -> None:
        self.w.sequences.note_result(fr.index, frame)
        run = self.live.get(label)
        if run is not None:
            n = max(1, run.n - run.start)
            self.w.methods.set_progress((fr.index - run.start + 1) / n, f"{label}  {fr.index + 1} / {run.n}")
            now = time.perf_counter()
            if now - getattr(self, "_status_at", 0.0) > 0.2 or fr.index + 1 == run.n:  # a label, not a flood
                self._status_at = now
                self.w.methods.run_status.setText(f"{self._which(run)}: tracking, frame {fr.index + 1} of {run.n}")
        self.w.notify_inspectors("on_frame_result", label, fr)

    @staticmethod
    def _frames_done(run: LiveRun) -> int:
        return run.frames_done if hasattr(run, "frames_done") else int(np.sum(np.isfinite(run.times)))

    def _end_line(self, run: LiveRun) -> str:
        """How a tracker's run ended, in full: frames, speed, device and folder, or its error."""
        label, fps, done = run.label, run.fps, self._frames_done(run)
        dev = getattr(run.info, "device", "") if run.info is not None else ""
        on = f" on {dev.upper()}" if dev else ""  # the device it ran on (CPU / CUDA)
        unsaved = getattr(run, "save_failed", "")
        if run.status == "error" and unsaved and not run.error.endswith(unsaved):
            unsaved = ""  # (an older failed save's)
        if run.status == "error" and unsaved and run.error == unsaved:  # it tracked; its results were not written
            return (f"{label}: {frames_text(done)}, NOT saved — {unsaved}. The run stays in the window: "
                    f"Track › {SAVE_AGAIN} writes it again.")
        if run.status == "error":
            kept = (f"; the {frames_text(done)} tracked before it are saved to {run.saved_to.parent} as a partial run"
                    if done and getattr(run, "saved_to", None) is not None else
                    f" (the run stays in the window: Track › {SAVE_AGAIN} writes it again)" if unsaved else "")
            return f"{label}: failed — {run.error}{kept}"
        if getattr(run, "saving", False):
            what = (f"cancelled after {frames_text(done)}" if run.status == "cancelled" else frames_text(done))
            return f"{label}: {what}; saving to the workspace…"
        if run.status == "cancelled":
            left = LEFT_CALL if run.left_call else ""
            return (f"{label}: cancelled after {frames_text(done)}; those are saved and scored as a partial run "
                    "(* in the plots)." + left if done else f"{label}: cancelled before its first frame; nothing saved."
                    + left)
        where = run.saved_to.parent if getattr(run, "saved_to", None) is not None else "the workspace"
        # a run of the start frame alone (started on the last frame) tracked nothing: no speed to say ("1 frames,
        # nan fps" before); frames tracked whose times sum to 0 (a clock too coarse for them) have no speed either
        if done <= 1:
            speed = f"no frame tracked after the first box{on}"
        else:
            speed = f"{fps_text(fps)}{on}" if np.isfinite(fps) else f"too fast to time{on}"
        return f"{label}: {frames_text(done)}, {speed}; saved to {where}."

    def user_label(self, label: str) -> str:
        """A planned run's name as the window shows it: a run that started, by its label (its folder's name
        once known, "kcf/default-run2"); one that did not, by its tracker's name, as the Methods dock lists
        it (its label was the window's placeholder for a second run of a tracker: "fake_slow2 #2")."""
        if label in self.runner.runs:
            return label
        return self.runner.tracker_of.get(label, label)

    def run_summary(self) -> tuple[str, str | None]:
        """The last run's end for the status line: (short text, tooltip). One tracker: its end in full.
        Several: every tracker of the run, failures first with their reason (the line showed only the
        last tracker's end, and a failure before it was left only in the transient status bar); each
        tracker's end in full in the tooltip."""
        runs = list(self.runner.runs.values())
        planned = list(getattr(self.runner, "planned", []) or [r.label for r in runs])
        not_run = [self.user_label(k) for k in planned if k not in self.runner.runs]
        if len(planned) <= 1 and runs:
            line = self._end_line(runs[-1])
            return line, None
        # a failed tracker's frames tracked before it are saved as a partial run: said, as the one-tracker line says it
        parts = [f"{r.label} failed: {_short_reason(r.error)}" + (
            f" ({frames_text(self._frames_done(r))} saved, partial)"
            if getattr(r, "saved_to", None) is not None and self._frames_done(r) else "")
            for r in runs if r.status == "error"]
        for r in runs:
            if r.status == "cancelled":
                n = self._frames_done(r)
                parts.append(f"{r.label} cancelled after {frames_text(n)} (partial, saved)" if n
                             else f"{r.label} cancelled before its first frame")
        done = [r.label for r in runs if r.status not in ("error", "cancelled")]
        if done:
            parts.append(f"{', '.join(done)} done")
        if not_run:
            parts.append(f"{', '.join(not_run)} not run")
        tip = [f"Last run, {len(planned)} trackers:"] + [self._end_line(r) for r in runs] + \
              [f"{k}: not run (the run was cancelled before it)." for k in not_run]
        return " · ".join(parts), "\n".join(tip)

    def _on_run_saving(self, label: str) -> None:
        """The run ``label`` ended (or is written again): said as being saved until it is (``_on_run_ended``)."""
        run = next((r for r in self._resaving if r.label == label and r.saving), None) or self.runner.runs.get(label)
        if run is None:
            return
        if self.live.get(label) is run:  # not a run written again of a sequence no longer open: its line is not its
            self.status.show(self._end_line(run), lines=ONE_RUN_LINES)
        else:
            label = f"{label} of {run.sequence}"
        self.w.methods.set_progress(self.w.methods.progress.value() / 1000, f"{label}: saving…", now=True)

    def save_again(self, runs=None) -> int:
        """Write again the runs whose save failed (``unsaved``; ``runs``' alone), as they ended: each kept in the
        window meanwhile (Track › Save again, or Retry in the failure's message), whatever sequence is open now.
        Returns how many were started."""
        runs = [r for r in self.unsaved if (runs is None or any(r is x for x in runs)) and not r.saving]
        started = 0
        for run in runs:
            if run not in self._resaving:
                self._resaving.append(run)
            if self.runner.save_again(run):
                started += 1
        self._update_save_again()
        self.w.update_enabled()
        return started

    def save_again_action(self):
        """Track › Save again (the window puts it in its Track menu where it builds it), enabled while a run's
        results could not be written (``unsaved``)."""
        if self._act_save_again is None:
            from PySide6.QtGui import QAction

            act = self._act_save_again = QAction(SAVE_AGAIN, self.w)
            act.setToolTip("Write again the runs whose results could not be saved (enabled when there are such runs)")
            act.triggered.connect(lambda: self.save_again())
            act.setEnabled(any(not r.saving for r in self.unsaved))
        return self._act_save_again

    def _update_save_again(self) -> None:
        self.unsaved = [r for r in self.unsaved if r.save_failed]
        self.save_again_action().setEnabled(any(not r.saving for r in self.unsaved))

    def _say_save_failed(self, label: str, run: LiveRun) -> None:
        """The run's results could not be written: a message naming the file and the problem, which offers to
        write them again (Retry); the run stays in the window either way."""
        from PySide6.QtWidgets import QMessageBox

        w = self.w
        title = f"{label} not saved"
        text = (f"The results of {label!r} could not be written:\n{run.error}\n\nThe run stays in the window. "
                f"Free space or fix the folder, then Retry (or Track › {SAVE_AGAIN}) writes it again.")
        buttons = QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close
        if w.show_error(title, text, buttons, status=run.save_failed) == QMessageBox.StandardButton.Retry:
            later(lambda: self.save_again([run]), 1, self)

    def _renamed_as_saved(self, label: str, run: LiveRun, resaved: bool = False) -> str:
        """A run written beside an earlier run (of this same press: that one was still being written when this one
        was named), or written again (``resaved``: Track › Save again) beside a later run of its tracker, is called
        as its folder is listed; returns its label."""
        from workbench.gui.runner import listed_label

        if run.saved_to is None:
            return label
        new = listed_label(run.info, self.runner.results_dir, run.method or label)
        if new == label or new in self.live or self.live.get(label) is not run:
            return label
        if self.runner.runs.get(label) is run:
            self._rename(label, new)
        elif resaved:  # a run of an earlier press, no longer the runner's: the window's name alone
            run.label = new
            self._rename_live(label, new)
        else:
            return label
        return new

    def _rename(self, label: str, new: str) -> None:
        self.runner.rename(label, new)
        self._rename_live(label, new)

    def _rename_live(self, label: str, new: str) -> None:
        self.live = {(new if k == label else k): r for k, r in self.live.items()}
        if label in self._color_order and new not in self._color_order:  # its colour goes with it
            self._color_order[self._color_order.index(label)] = new
        # and what else the window holds by its name: its speed, when its maps were last asked for (the map budget
        # keeps those), the Layers dock's row (ticked or not) and map choice, the inspectors' choices. They kept
        # the old name (Track › Save again renames a run long after it ended): the Response map inspector then
        # showed another run's maps, the renamed run's were dropped as if no longer looked at
        for kept in (self.last_fps, self.maps_asked):
            if label in kept:
                kept[new] = kept.pop(label)
        w = self.w
        w.map_budget.renamed(label, new)
        w.layers.rename_run(label, new)
        w.notify_inspectors("on_renamed", label, new)

    def _on_run_ended(self, label: str, run: LiveRun, status: str) -> None:
        w = self.w
        resaved = run in self._resaving
        if resaved:
            self._resaving.remove(run)
        label = self._renamed_as_saved(label, run, resaved)
        # a run written again (Save again) of a sequence no longer open: the open sequence's status line, speed and
        # inspectors are not its
        shown = self.live.get(label) is run
        fps = run.fps
        dev = getattr(run.info, "device", "") if run.info is not None else ""
        on = f" on {dev.upper()}" if dev else ""  # the device it ran on (CPU / CUDA)
        if np.isfinite(fps) and shown:
            self.last_fps[label] = fps
            w.fps_label.setText(f"{label}: {fps_text(fps)}{on}")
        if shown:
            self.status.show(self._end_line(run), lines=ONE_RUN_LINES)  # a several-tracker run's summary follows
        if getattr(run, "save_failed", "") and not any(r is run for r in self.unsaved):
            self.unsaved.append(run)
        self._update_save_again()
        if status == "error" and getattr(run, "save_failed", ""):
            self._say_save_failed(label, run)
        elif status == "error" and not resaved:  # a run written again: its error was said with its failed save
            if run.last < 0:
                self.live.pop(label, None)
            w.show_error(f"{label} failed", f"The tracker {label!r} stopped with an error:\n{run.error}\n\n"
                                            "Other trackers and the window keep working.")
        if resaved and run.saved_to is not None:  # written again after its run's end: listed now
            said = label if shown else f"{label} of {run.sequence}"
            w.methods.set_progress(w.methods.progress.value() / 1000, f"{said}: saved", now=True)
            w.sequences.add_saved_runs([(run.sequence, run.saved_to.parent, True)])
        if resaved:
            w.update_enabled()
        self.runs_changed()
        if shown:
            w.notify_inspectors("on_result", label, run.result())

    def _on_runner_finished(self) -> None:
        w = self.w
        self._inspectors.ended()  # those of a run stopped before its worker imported them
        w.sequences.stop_live()
        w.methods.set_running(False)
        w.methods.show_running(None)
        text = ""
        if self.runner.runs:
            text, tip = self.run_summary()
            self.status.show(text, tip, STATUS_LINES if len(self.runner.planned) > 1 else ONE_RUN_LINES)
        statuses = {r.status for r in self.runner.runs.values()}
        if not statuses:  # stopped before its first tracker started
            w.methods.set_progress(0.0, "stopped before the first tracker", now=True)
            w.show_run_ended("cancelled", "no tracker started")
        elif "cancelled" in statuses:
            w.methods.set_progress(w.methods.progress.value() / 1000, "cancelled — partial results kept", now=True)
            w.show_run_ended("cancelled", text)
        elif statuses == {"done"}:
            w.methods.set_progress(1.0, "done", now=True)
            w.show_run_ended("done", text)
        else:
            w.methods.set_progress(w.methods.progress.value() / 1000, "finished with errors", now=True)
            w.show_run_ended("error", text)
        self.runs_changed()
        # the dataset's Results column lists the runs just saved (the workspace is not listed here)
        w.sequences.add_saved_runs([(r.sequence, r.saved_to.parent, True) for r in self.runner.runs.values()
                                    if r.saved_to is not None])
        w.update_enabled()
        w.update_hint()

    # --- derived views ---------------------------------------------------------------------------
    def runs_changed(self) -> None:
        self.update_layers()
        self.update_timeline()
        self.sigRunsChanged.emit()

    def on_live_tick(self) -> None:
        """Every ``LIVE_PLOTS_S`` (0.5 s) during a run: the layers, the timeline and the success /
        precision curves of the frames tracked so far (marked partial in the legend)."""
        self.update_layers()
        self.update_timeline()
        self.w.scoring.update_plots()

    def update_layers(self) -> None:
        # a run whose maps the window's budget dropped keeps their names: showing one reads them back (``maps_at``)
        names = {k: sorted({m for maps in r.maps.values() for m in maps} or dropped_map_names(r))
                 for k, r in self.live.items()}
        # each run's swatch in its line, as its box: the ninth is not the first's
        self.w.layers.set_runs(self.live_styles(), names)

    def update_timeline(self) -> None:
        """The runs' per-frame curves on the Timeline: the score, and the IoU and centre error against the
        groundtruth made when the dock first reads them (``LazySeries``: drawn, or under the cursor); a saved
        run's, unchanged, are the ones made before (a live run's tick, a map read, redrew all of them)."""
        seq = self.w.sequences.sequence
        gt = seq.groundtruth if seq is not None else None
        kept, self._timeline_kept = self._timeline_kept, {}
        series = {}
        for k, r in self.live.items():
            old = kept.get(k)
            if old is not None and old[0] is r and old[1] is gt and r.status == "saved":
                s = old[2]
            else:
                s = _track_series(r.boxes.copy(), r.scores.copy(), gt)
            if r.status == "saved":
                self._timeline_kept[k] = (r, gt, s)
            series[k] = s
        # (colour, line style) per run, as the plots dock and the exports draw them: a ninth run comes round dashed
        self.w.timeline.set_series(series, self.live_styles())

    def draw(self, i: int) -> None:
        """The groundtruth, the visible runs' boxes and the selected map of frame ``i`` on the viewer."""
        w = self.w
        seq = w.sequences.sequence
        gt = seq.gt_box(i) if w.layers.show_gt.isChecked() else None
        w.view.set_gt(gt)
        hidden = w.layers.hidden()
        # a run past the eighth colour as (colour, line style): its box and legend line dashed, as the plots draw it
        colors = {k: look[0] if look[1] == "-" else look for k, look in self.live_styles().items() if k not in hidden}
        boxes = {k: (tuple(self.live[k].boxes[i]) if np.all(np.isfinite(self.live[k].boxes[i])) else None)
                 for k in colors}
        w.view.set_results(boxes, colors)
        tracker, name = w.layers.selected_map()
        layer = self.maps_at(tracker, i).get(name) if tracker else None
        if layer is None:
            w.view.set_heatmap(None)
        else:
            w.view.set_heatmap(np.asarray(layer.data, np.float32), layer.region, w.layers.opacity.value() / 100,
                               title=f"{tracker}: {name}")


def _track_series(boxes: np.ndarray, scores: np.ndarray, gt: np.ndarray | None) -> LazySeries:
    """A run's Timeline curves: ``scores``, and with groundtruth the IoU and centre error of ``boxes`` (a
    copy: a live run's go on) on the frames both have, NaN elsewhere, made when first read."""
    if gt is None:
        return LazySeries({"score": scores}, {})

    def ok() -> np.ndarray:
        return np.all(np.isfinite(boxes), axis=1) & np.all(np.isfinite(gt), axis=1)

    def curve(measure):
        def make() -> np.ndarray:
            good = ok()
            v = np.full(len(gt), np.nan)
            v[good] = measure(boxes[good], gt[good])
            return v
        return make

    def point(measure):
        def at(i: int) -> float:
            if not 0 <= i < len(gt) or not (np.all(np.isfinite(boxes[i])) and np.all(np.isfinite(gt[i]))):
                return float("nan")
            return float(measure(boxes[i:i + 1], gt[i:i + 1])[0])
        return at

    return LazySeries({"score": scores}, {"iou": curve(iou), "error": curve(center_error)},
                      {"iou": point(iou), "error": point(center_error)})


def _read_maps_back(label: str, path: Path, n_frames: int, run, failed_signature=False):
    """The worker of ``read_back``: ``(label, run, maps, problem, path, file_signature, unchanged)``, the
    maps not read (``unchanged``) when the file is still the one whose read failed (``failed_signature``;
    False: none failed)."""
    signature = file_signature(path)
    # still the file that failed, or a window-saved run's file not there (not written yet, a mount gone: named
    # by ``read_back`` without looking: ``maps_file_named``): the failure kept, nothing said
    missing = signature is None and getattr(run, "saved_run", None) is None
    if missing or (failed_signature is not False and signature == failed_signature):
        yield label, run, {}, "", path, signature, True
        return
    try:
        for label, run, maps, problem in _read_saved_maps([(label, path)], n_frames, {label: run}):
            yield label, run, maps, problem, path, signature, False
    except Exception as exc:  # noqa: BLE001 - what read_maps does not name (out of memory): said, the file kept
        yield label, run, {}, f"{path}: the response maps could not be read back: {describe(exc)}", path, \
            signature, False


def _read_saved_maps(wanted: list, n_frames: int, runs: dict):
    """The worker of ``load_saved_maps``: ``(label, run, maps, problem)`` for each ``(label, maps file)``, the
    problem a one-line warning naming the file (and ``maps`` empty) when it cannot be read."""
    from workbench.core.errors import DataError
    from workbench.core.results import read_maps

    for label, path in wanted:
        if not path.is_file():
            yield label, runs[label], {}, f"{path}: the maps file {label}'s manifest names is missing; shown without maps"
            continue
        try:
            yield label, runs[label], read_maps(path, n_frames), ""
        except DataError as exc:
            yield label, runs[label], {}, f"{exc}"
