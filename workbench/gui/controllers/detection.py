"""Detector runs in the window: a plugin of kind ``detector`` runs over the open sequence in a worker
through the core's ``iter_detect`` (progress, Cancel between frames keeps what is done), its points
(and boxes when it sizes them) overlay the frame live and fill the Targets table for the frame on
screen, and the run is saved with ``write_detections`` into the run layout
(``<dataset>/<method>/<variant>/<sequence>.csv`` beside a ``manifest.json``), as ``workbench detect``
writes it. A sequence with point labels (``meta["point_labels"]``, see ``workbench.core.data.pointseq``)
gets the run's precision, recall and F1.

Knows detectors only through the ``Detector`` protocol and the registry's ``Plugin``; a detector
needs no initial box."""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEventLoop, QObject

from workbench.core.errors import Cancelled, WorkbenchError
from workbench.core.evaluation.running import RunningDetection
from workbench.core.jobs import JobContext
from workbench.core.methods import DetectOutput, Target
from workbench.core.results import RunInfo, now_iso
from workbench.gui import settings as wsettings
from workbench.gui.controllers.inspectors_due import InspectorsDue
from workbench.gui.runner import FrameTap, identity, inspector_imports, ready_to_make, resolved_device, run_job
from workbench.gui.widgets import fps_text, frames_text
from workbench.gui.worker import LEFT_CALL, Job, LatestJob, describe, later

from workbench.core.evaluation.detection import MATCH_PX, TARGET, score_text  # noqa: E402 - the core's rule


LIVE_S = 0.5  # the timeline and the Scores dock follow a run at this interval
DET_COLOUR = "#ffb74d"
# a run let go before its detector's whole-sequence step (``Detector.finish``) ran: what its end line adds
UNFINISHED = " Its whole-sequence step was not run: these are its frames' own detections."
# ... let go while that step ran (a finish() longer than ``Job.LET_GO_MS``): it was running, its result dropped
UNFINISHED_BEGUN = (" Its whole-sequence step was not finished: its result is not kept; these are its frames' own"
                    " detections.")


def compact(out: DetectOutput) -> DetectOutput:
    """The output without its maps (kept per frame for scrubbing back; maps would cost a frame each)."""
    return DetectOutput(out.points, out.scores, out.boxes, out.classes, tuple(out.class_names),
                        seconds=out.seconds)


def _is_target(out: DetectOutput, k: int) -> bool:
    if out.classes is None:
        return True
    c = int(out.classes[k])
    name = out.class_names[c] if 0 <= c < len(out.class_names) else ""
    return name in ("", "target") if out.class_names else c == TARGET


def score_detections(outputs: dict[int, DetectOutput], labels, match_px: float = MATCH_PX) -> dict:
    """Precision, recall, F1 (and the counts) of a run over the frames it detected in."""
    from workbench.core.evaluation.detection import score_detections as score, scores_dict

    counts = score(((out.points, out.scores, labels[i] if i < len(labels) else [],
                     [_is_target(out, k) for k in range(len(out))]) for i, out in sorted(outputs.items())),
                   match_px)
    return scores_dict(counts, match_px)


def class_names(out: DetectOutput) -> list[str]:
    """Each detection's class name ("" when the detector gives no classes)."""
    if out.classes is None:
        return [""] * len(out)
    names = out.class_names
    return [names[c] if 0 <= c < len(names) else str(c) for c in (int(v) for v in out.classes)]


def point_labels(seq):
    """The per-frame labelled points of a sequence (``[[(cx, cy, cls), ...] per frame]``), or None."""
    labels = (getattr(seq, "meta", None) or {}).get("point_labels")
    return labels if labels is not None and len(labels) == len(seq) else None


def drawn_labels(seq, labels) -> list:
    """A frame's point ``labels`` ``[(cx, cy, ...)]`` of ``seq`` where the viewer draws them: on the groundtruth
    box's centre, in the core's box convention (pixel i spans i ... i + 1): a pixel-index point p (DAUB,
    labels.csv) at p + 0.5, a box centre (YOLO, COCO, Anti-UAV: ``irseq.centres_of``) where it is."""
    from workbench.core.data.irseq import CONTINUOUS, centres_of

    half = 0.0 if centres_of(getattr(seq, "meta", None)) == CONTINUOUS else 0.5
    return [(p[0] + half, p[1] + half) for p in labels]


def drawn_output(out: DetectOutput) -> tuple[np.ndarray, np.ndarray | None]:
    """A detector's (points, boxes) where the viewer draws them: its points are pixel indices (``DetectOutput``:
    0-based pixel centres, as the point labels they are scored against), its boxes centred on them, so both move
    half a pixel into the core's box convention, on the labels' crosses (``drawn_labels``)."""
    boxes = None if out.boxes is None else out.boxes + np.array([0.5, 0.5, 0.0, 0.0])
    return out.points + 0.5, boxes


def running_scorer(seq, match_px: float) -> RunningDetection:
    """The frame-by-frame scorer of a detection run on ``seq``: its point labels, the frames they do not
    cover (``meta["unlabelled_frames"]``) left unscored."""
    return RunningDetection(len(seq), point_labels(seq), match_px,
                            (getattr(seq, "meta", None) or {}).get("unlabelled_frames"))


def detection_targets(out: DetectOutput) -> list[Target]:
    """Rows for the Targets table: a detection's point, its box (a zero-size box at the point when the
    detector gives none), size and aspect from the box, its score."""
    rows = []
    for k in range(len(out)):
        x, y = (float(v) for v in out.points[k])
        if out.boxes is not None:
            bx = tuple(float(v) for v in out.boxes[k])
        else:
            bx = (x, y, 0.0, 0.0)
        w, h = bx[2], bx[3]
        rows.append(Target((x, y), int(round(w * h)), w / h if h > 0 else float("nan"), bx, float(out.scores[k])))
    return rows


@dataclass
class DetResults:
    """A detector's run over the open sequence, filled in frame by frame."""

    label: str  # the plugin name
    sequence: str
    n: int
    outputs: dict[int, DetectOutput] = field(default_factory=dict)
    status: str = "running"  # running | done | cancelled | error
    error: str = ""
    info: RunInfo | None = None
    device: str = "cpu"
    started: str = ""
    saved_to: Path | None = None
    scores: dict | None = None  # precision / recall / f1 against the sequence's point labels
    unsaved: bool = False  # the run went well, its save failed (``error`` says why)
    # a saved run a command kept when Ctrl-C / SIGTERM stopped it: its manifest's ``partial`` record ({"frame",
    # "reason", "error"}), what stopped it (None: cancelled in the window, or whole)
    stopped: dict | None = None
    # cancelled during the detector's call (a plugin taking 30 s a frame): the window let that call end on its own
    # (``Job.let_go_later``); what it returns is not kept
    left_call: bool = False
    # the detector has a whole-sequence step (``Detector.finish``) whose outputs have not come yet (the ``final``
    # event): a run let go now keeps its frames' own detections, the step not run on them (``unfinished``)
    final_pending: bool = False
    step_began: bool = False  # that step was called (the ``finishing`` event): let go now, it was not finished
    step_error: str = ""  # cancelled, its whole-sequence step raised this on the frames done (they stand as they were)

    @property
    def unfinished(self) -> bool:
        """Its detector's whole-sequence step was not run (let go before it), not finished (let go during it) or
        failed: its outputs are its frames' own."""
        return bool(self.step_error) or (self.left_call and self.final_pending)

    @property
    def unfinished_text(self) -> str:
        """What the run's end line adds when ``unfinished`` ("" otherwise)."""
        if self.step_error:
            return f" Its whole-sequence step failed ({self.step_error}): these are its frames' own detections."
        if not self.unfinished:
            return ""
        return UNFINISHED_BEGUN if self.step_began else UNFINISHED

    @property
    def step_record(self) -> str:
        """The manifest's ``whole_sequence_step`` when ``unfinished``: "failed: <why>", "not finished: its result
        is not kept" (let go during it) or "not run" (let go before it)."""
        if self.step_error:
            return f"failed: {self.step_error}"
        return "not finished: its result is not kept" if self.step_began else "not run"

    @property
    def seconds(self) -> float:
        return float(sum(o.seconds for o in self.outputs.values() if np.isfinite(o.seconds)))

    @property
    def fps(self) -> float:
        t = self.seconds
        return len(self.outputs) / t if t > 0 else float("nan")


def window_size_problem(det, seq, name: str) -> str | None:
    """Why ``det`` cannot detect over ``seq``: a sequence of images of several sizes (an image set read
    each at its own size) where one of its frame windows (``Detector.window``: the frames it reads
    together, a differential detector's neighbours) holds images of two sizes, in one line naming the
    folder, the frames and both sizes. None otherwise (single-frame windows are fine)."""
    from workbench.core.data.sequence import frame_paths

    if getattr(seq, "uniform", True):
        return None  # one size, or a frame of another size refused naming its file when it is read
    sizes = seq.frame_sizes() or []
    if len({s for s in sizes if s is not None}) < 2:
        return None
    n = len(seq)
    for i in range(n):
        need = [int(j) for j in det.window(i, n)]
        got = {sizes[j] for j in need if 0 <= j < len(sizes) and sizes[j] is not None}
        if len(got) < 2:
            continue
        a = sizes[i] if sizes[i] is not None else next(iter(got))
        j = next(j for j in need if sizes[j] is not None and sizes[j] != a)
        paths = frame_paths(seq.frames)
        where = paths[i].parent if paths else (seq.path or seq.name)
        files = f" ({paths[i].name}, {paths[j].name})" if paths else ""
        return (f"{where}: {name} detects in frame {i + 1} from frames {', '.join(str(k + 1) for k in need)} "
                f"together, and frames {i + 1} and {j + 1}{files} differ in size ({a[0]}x{a[1]}, "
                f"{sizes[j][0]}x{sizes[j][1]}); it needs neighbouring frames of one size (one video's frames)")
    return None


def detect_events(plugin, config, device: str, seq, ctx: JobContext, dataset_root=None, imports=()):
    """The worker's generator over the core's ``iter_detect``: ``("imported",)`` once ``imports`` (the modules of
    its inspectors not imported yet: ``runner.inspector_imports``) are, before the detector is made (said only where
    there were some), ``("ready", RunInfo | None, finishing)`` once the detector is made (``finishing``: it has a
    whole-sequence step), ``("frame", i, DetectOutput, frame)`` per frame, then ``("cancelled", n_done)`` or
    ``("error", message)`` when it stops early. When the detector has a whole-sequence step (``Detector.finish``,
    e.g. trajectory confirmation) ``("finishing",)`` is said as it is called and ``("final", [(i, DetectOutput)])``
    follows the last frame, and the frames done when a run is cancelled: the outputs that replace the per-frame
    ones (``("unfinished", message)`` before ``cancelled`` where the step failed on them: they stand)."""
    from workbench.core.loops import finish_detect, iter_detect

    if not (yield from ready_to_make(ctx, imports)):  # cancelled before the worker began or during the imports
        return
    try:
        det = plugin.create(config, device)
        problem = window_size_problem(det, seq, plugin.name)
    except Exception as exc:  # noqa: BLE001 - a plugin's bug must not end the app
        yield ("error", describe(exc))
        return
    if problem:  # before any frame: a differential detector failed on numpy's shapes at the first such window
        yield ("error", problem)
        return
    try:
        info = identity(plugin, config, device, seq, dataset_root)
    except Exception:  # noqa: BLE001 - without an identity the run still saves (flat folder)
        info = None
    finishing = callable(getattr(det, "finish", None))
    yield ("ready", info, finishing)
    tap = FrameTap(seq.frames)  # the window shows the frame the worker read without reading it again
    done: list[tuple[int, DetectOutput]] = []  # kept for the detector's whole-sequence step only
    n = 0

    def final():
        if not finishing:
            return
        yield ("finishing",)  # a run let go from now on was in its step (not "not run"), its result dropped
        outs = finish_detect(det, done)
        if outs is done:
            return
        # the finished run's frame-by-frame scores, counted here: a long sequence's matching stays off the GUI thread
        score = running_scorer(seq, float(getattr(config, "match_px", MATCH_PX) or MATCH_PX))
        for i, out in outs:
            score.add(i, out.points, out.scores, [_is_target(out, k) for k in range(len(out))])
        yield ("final", outs, score)

    try:
        for i, out in iter_detect(det, dataclasses.replace(seq, frames=tap), None, ctx):
            frame = tap.last[1] if tap.last and tap.last[0] == i else None
            out = compact(out)
            n += 1
            if finishing:
                done.append((i, out))
            yield ("frame", i, out, frame)
        yield from final()
    except Cancelled:
        try:
            yield from final()
        except Exception as exc:  # noqa: BLE001 - the per-frame outputs stand, and the window says so
            yield ("unfinished", describe(exc))
        yield ("cancelled", n)
    except Exception as exc:  # noqa: BLE001
        yield ("error", describe(exc))


def read_saved_detections(seq, run: tuple) -> tuple:
    """A detector run saved in the workspace (``run``: one of ``find_saved``'s) read back for ``seq`` on a
    worker: its CSV, the frames it did, scored against the sequence's point labels. Returns (DetResults,
    RunningDetection, the match distance it was scored with); raises what reading the CSV raised."""
    from workbench.core.results import read_detections

    label, folder, manifest, entry = run
    name, folder = seq.name, Path(folder)
    every = read_detections(folder / f"{name}.csv", len(seq))
    start = int(entry.get("start_frame") or 0)
    done = entry.get("frames_done")
    end = len(seq) if not isinstance(done, int) else min(len(seq), start + done)
    r = DetResults(label, name, len(seq), {i: every[i] for i in range(start, end)},
                   status="done" if entry.get("completed", True) else "cancelled",
                   stopped=entry.get("partial") if isinstance(entry.get("partial"), dict) else None,
                   device=entry.get("device") or "cpu", started=entry.get("started") or "",
                   saved_to=folder / f"{name}.csv")
    match_px = float((manifest.get("settings") or {}).get("match_px") or MATCH_PX)
    score = running_scorer(seq, match_px)
    for i, out in sorted(r.outputs.items()):
        score.add(i, out.points, out.scores, [_is_target(out, k) for k in range(len(out))])
    r.scores = score.summary()
    return r, score, match_px


def read_latest_detections(seq, runs) -> tuple | None:
    """(folder, ``read_saved_detections``' return or the exception it raised) of the latest of ``runs`` (a
    sequence's detector runs, ``saved_runs``' list), read on the opener's worker with the listing
    (``sequence.with_saved_runs``): the window shows it as it opens the sequence. None without runs."""
    if not isinstance(runs, list) or not runs:
        return None
    try:
        return Path(runs[-1][1]), read_saved_detections(seq, runs[-1])
    except Exception as exc:  # noqa: BLE001 - said by the window, which shows none
        return Path(runs[-1][1]), exc


def not_loaded(name: str, exc: BaseException) -> str:
    """What the status bar says of a saved detector run of the sequence ``name`` that could not be read."""
    why = str(exc) if isinstance(exc, (OSError, WorkbenchError)) else describe(exc)
    return f"could not load the saved detections of {name}: {why}"


def save_detection_run(out_dir, info: RunInfo | None, label: str, sequence: str, outputs, entry: dict) -> tuple:
    """``<run folder>/<sequence>.csv`` (frame,x,y,w,h,score,class) and the folder's manifest (``entry`` the
    sequence's record), written on a worker at a run's end. A folder that holds an earlier run of the
    sequence keeps it: this one goes to ``<variant>-run2`` (then -run3, ...; a flat folder's to the sibling
    ``<method>-run2``), as a tracker's does (``RunInfo.beside_earlier``). ``info`` None: no identity, the
    flat ``<method>/`` folder. Returns (the identity saved under, None without one; the CSV; what the run's
    list needs of the manifest); a write that fails raises a WorkbenchError naming the folder."""
    from workbench.core.results import update_manifest, write_detections

    ident = info if info is not None else RunInfo(label, kind="detector", variant=None)
    folder = Path(out_dir)
    try:
        ident = ident.beside_earlier(out_dir, lambda f: (f / f"{sequence}.csv").exists())
        folder = ident.folder(out_dir)
        saved_to = write_detections(folder / f"{sequence}.csv", outputs)
        shared = ident.manifest() if info is not None else {"method": label, "kind": "detector"}
        update_manifest(folder, shared, sequence, entry)
    except (OSError, WorkbenchError) as exc:
        raise WorkbenchError(f"could not save detections to {folder}: {exc}") from exc
    return (ident if info is not None else None), saved_to, {**shared, "sequences": {sequence: entry}}


def run_entry(r: DetResults, seq) -> dict:
    """The manifest's record of the run ``r`` over the sequence ``seq`` (``save_detection_run``'s ``entry``)."""
    from workbench.core.runs import reopen_path

    # (FILE.h5:/name for one dataset of an HDF5 file: the file alone reopens its default dataset)
    entry = {"frames": r.n, "start_frame": min(r.outputs), "frames_done": len(r.outputs),
             "completed": r.status == "done", "device": r.device, "fps": r.fps, "started": r.started,
             "finished": now_iso(), "sequence_path": reopen_path(seq)}
    if r.unfinished:  # its detections are its frames' own (``UNFINISHED`` / ``UNFINISHED_BEGUN``)
        entry["whole_sequence_step"] = r.step_record
    return entry


def took_save(r: DetResults, got: tuple) -> dict | None:
    """The run ``r`` after its save: ``got`` ``("ok", save_detection_run's return)``, its CSV and identity
    kept, or ``("error", why)``, its status "error" with why (its detections kept). Returns what the run's
    list needs of the manifest (None: not saved)."""
    how, value = got
    if how != "ok":
        r.status, r.error, r.unsaved = "error", value, True
        return None
    info, r.saved_to, manifest = value
    if r.info is not None:
        r.info = info
    return manifest


def save_error(exc: BaseException) -> str:
    """What a failed ``save_detection_run`` says (its own message names the folder)."""
    return str(exc) if isinstance(exc, WorkbenchError) else f"could not save detections: {describe(exc)}"


def not_detected(r, i: int) -> str:
    """What the Targets dock says of frame ``i`` that the run ``r`` has no detections of: not yet (running),
    not reached (cancelled), or not detected at all because the run failed (it said "frame 38 not
    detected" as if the detector had looked at it)."""
    if r.status == "running":
        return f"{r.label}: frame {i + 1} not detected yet."
    if r.status == "error":
        return (f"{r.label}: the run failed after {frames_text(len(r.outputs))}; frame {i + 1} was not detected."
                if r.outputs else f"{r.label}: the run failed before its first frame; nothing was detected.")
    if r.status == "cancelled":
        # a saved run a command's Ctrl-C / SIGTERM stopped says so, as its Layers entry does (it said "cancelled")
        from workbench.gui.controllers.method_runs import stop_text

        how = stop_text(r.stopped)
        if how:
            return f"{r.label}: the run stopped, {how}; frame {i + 1} not detected."
        return f"{r.label}: the run was cancelled before frame {i + 1}; not detected."
    return f"{r.label}: frame {i + 1} not detected."




class DetectionController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.result: DetResults | None = None  # the run shown: the latest on the open sequence, or one picked
        self._shown_before: tuple | None = None  # (result, score) shown when the run going started
        self.saved: list[tuple] = []  # every saved run of the open sequence (``find_saved``)
        # a saved run being read back on a worker (``load_saved``; the latest asked for alone is shown), its
        # folder, and what it was read for: (the sequence, the run shown when it was asked for)
        self._loads = LatestJob(self)
        self._loads.returned.connect(lambda read: self._loaded(read))
        self._loads.errored.connect(lambda exc: self._loaded(exc))
        self._picked: Path | None = None
        self._load_for: tuple | None = None
        # the sequence's runs listed on a worker to name a run just saved where its name is uncertain
        # (``_list_saved``): the latest listing comes through, for (the sequence, the run) it was asked for
        self._naming = LatestJob(self)
        self._naming_for: tuple | None = None
        self._naming.returned.connect(lambda runs: self._named(*self._naming_for, runs))
        self._naming.errored.connect(lambda exc: self.w.statusBar().showMessage(
            f"could not list the saved detections of {self._naming_for[0].name}: {describe(exc)}", 8000))
        self._match_px = MATCH_PX
        self.score: RunningDetection | None = None  # per-frame counts and scores of the run, as they come
        self._live_t = 0.0
        self._table_key = None
        self.job = self._new_job()
        self._inspectors = InspectorsDue(window, self, lambda: self.job.running)  # its docks waiting for its imports
        # a finished run's CSV and manifest written to the workspace (``save_detection_run``): the run ends
        # (listed, named, "saved to") once they are written
        self.save_job = Job(self)
        self._save_got: tuple | None = None  # ("ok", (info, csv, manifest)) or ("error", message)
        self.save_job.returned.connect(lambda got: setattr(self, "_save_got", ("ok", got)))
        self.save_job.errored.connect(lambda exc: setattr(self, "_save_got", ("error", save_error(exc))))
        self.save_job.finished.connect(self._on_saved)

    def _new_job(self) -> Job:
        """The run's job (a fresh one after a run let go: ``_let_go``)."""
        return run_job(self, self._on_event, self._on_error, self._on_finished)

    @property
    def running(self) -> bool:
        """A run is going, or its detections are being written at its end."""
        return self.job.running or self.save_job.running

    def on_sequence(self, seq) -> None:
        self.result = None
        self.score = None
        self._table_key = None
        self._drop_load()  # a read-back of the sequence open before
        self._naming.drop()
        # listed with the sequence on the opener's worker (``sequence.with_saved_runs``); here only for a
        # sequence set without them (the demo, a script's)
        self.saved = self.w.sequences.method_runs_for(seq, "detector", self.find_saved, self._not_listed)
        if self.saved:
            # the latest run read with the listing on the opener's worker: shown at once; else read on a worker
            read = self.w.sequences.detections_read(seq)
            if read is not None and read[0] == Path(self.saved[-1][1]):
                self._show_read(seq, read[1])
            else:
                self.load_saved(seq, self.saved[-1])
        self.update_scores()
        self.fill_runs()

    def find_saved(self, seq) -> list[tuple]:
        """(label, folder, manifest, entry) of every detector run of ``seq`` saved in the workspace,
        oldest first (``sequence.saved_runs``); none read yet."""
        from workbench.gui.controllers.method_runs import method_run_holds, saved_runs

        name = seq.name
        try:
            # under every name its runs are stored under, as the listing made when it opened (with_saved_runs)
            # and the segmenter's find_saved: a sequence of a root (DAUB's daub/sequence1 opened from irst/)
            # also under the folder holding it, where its runs go opened alone; opened alone, those over a wider
            # root holding it too
            return saved_runs(wsettings.results_dir(), self.w.sequences.method_names(seq), "detector", name,
                              method_run_holds("detector", name))
        except (OSError, ValueError, WorkbenchError) as exc:  # a damaged manifest: say so, show none
            return self._not_listed(seq, exc)

    def _not_listed(self, seq, exc) -> list:
        self.w.statusBar().showMessage(f"could not list the saved detections of {seq.name}: {exc}", 8000)
        return []

    def load_saved(self, seq, run, wait: bool = False) -> None:
        """A detector run saved in the workspace (one of ``find_saved``'s) shows again (nothing is lost,
        as a tracker's runs come back): its points, the Targets table and its scores, its CSV read on a
        worker (``read_saved_detections``; it was read here). Shown once read while ``seq`` is open and
        no other run was picked, started or shown meanwhile (a read that comes late is dropped); a read
        that fails says why in the status bar, the run shown before it stays. ``wait``: this thread handles
        events (the window repaints) until the read is in (a run picked in the Layers dock shows at once)."""
        self._picked, self._load_for = Path(run[1]), (seq, self.result)
        job = self._loads.start(read_saved_detections, seq, run)
        if wait and job.running:
            loop = QEventLoop()
            job.finished.connect(loop.quit)
            loop.exec()

    def _drop_load(self) -> None:
        """A saved run being read back is not wanted any more (another sequence, a run started)."""
        self._loads.drop()
        self._picked, self._load_for = None, None

    def _loaded(self, read) -> None:
        """The latest read-back's ``read_saved_detections`` return (or the exception it raised), shown while
        the sequence it was read for is open and no run was started or shown meanwhile."""
        (seq, over), w = self._load_for, self.w
        self._picked, self._load_for = None, None
        if w.sequences.sequence is not seq or self.running or self.result is not over:
            self.fill_runs()
            return
        self._show_read(seq, read)
        self.update_scores()
        self.fill_runs()
        w.refresh_overlays()
        w.update_hint()

    def _show_read(self, seq, read) -> None:
        """``read_saved_detections``' return shown as the sequence's run, or the exception it raised said in
        the status bar (the run shown stays)."""
        if isinstance(read, BaseException):
            self.w.statusBar().showMessage(not_loaded(seq.name, read), 8000)
            return
        self.result, self.score, self._match_px = read
        self._table_key = None
        # a pass later: read with the listing, it is shown while the sequence opens, before the inspectors'
        # on_sequence (which clears them)
        later(lambda r=self.result: self.w.notify_inspectors("on_detect_result", r.label, r)
              if self.result is r else None, 1, self)

    def show_saved(self, label: str) -> None:
        """The saved run ``label`` (picked in the Layers dock) replaces the run shown; read when picked."""
        seq = self.w.sequences.sequence
        run = next((x for x in self.saved if x[0] == label), None)
        if seq is None or run is None or self.running:
            return
        self.load_saved(seq, run, wait=True)

    def fill_runs(self) -> None:
        """The Layers dock's list of the sequence's detector runs, the one shown current."""
        from workbench.gui.controllers.method_runs import saved_run_entries

        r = self.result
        if self._picked is not None:  # the run being read back
            entries, current = saved_run_entries(self.saved, self._picked, None)
        else:
            entries, current = saved_run_entries(self.saved, r.saved_to.parent if r is not None and r.saved_to
                                                 else None, r.label if r is not None else None)
        self.w.layers.set_method_runs("detection", entries, current)

    def update_scores(self) -> None:
        """The timeline's curves (detections per frame, P / R / F1 so far) and the Scores dock's row."""
        w, r = self.w, self.result
        if r is None or self.score is None:
            w.timeline.clear_kind("detection")
            w.scores.set_run("detection", None)
            return
        series, frames = self.score.series(), f"{len(r.outputs)} / {r.n}"
        skip = {i for i in self.score.unlabelled if 0 <= i < self.score.n} if self.score.scored else set()
        if skip:  # frames the labels do not cover are not scored: no score there, and not counted as scored
            for key in ("precision", "recall", "f1"):
                series[key][sorted(skip)] = np.nan
            frames = f"{sum(i not in skip for i in r.outputs)} / {r.n - len(skip)}, {len(skip)} unlabelled"
        w.timeline.set_series({r.label: series}, {r.label: DET_COLOUR}, "detection")
        n_all, n_target = int(np.nansum(self.score.count)), int(np.nansum(self.score.target_count))
        # detections of other classes (e.g. interference) are not scored: say how many are targets
        row = {"method": r.label, "frames": frames, "status": r.status,
               "detections": n_all if n_all == n_target else f"{n_all} ({n_target} target)"}
        s = self.score.summary()
        if s is not None:
            row.update({k: s[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")})
        w.scores.set_run("detection", row)

    # --- running ---------------------------------------------------------------------------------
    def run(self, name: str | None = None) -> bool:
        """Detect in every frame of the open sequence in a worker (no initial box needed)."""
        w, nav = self.w, self.w.sequences
        name = name or w.methods.current_detector()
        if w.busy:
            return False
        if nav.sequence is None:
            w.show_notice("Nothing to detect in", "Open a sequence first (File › Open).")
            return False
        plugin = w.registry.plugins.get(name) if name else None
        if plugin is None or plugin.kind != "detector":
            w.show_notice("No detector", "Select a detector in the Methods dock.")
            return False
        try:
            config = w.methods.config_of(name, plugin)
        except (WorkbenchError, TypeError, ValueError) as exc:
            w.show_error(f"Settings of {name}", str(exc))
            return False
        # what it declares it lacks (weights): said before it starts; asked off the GUI thread where the Methods
        # dock's answer is not fresh, the run started when it answers (``ready_to_run``)
        if not w.ready_to_run([(plugin, config)], lambda: self.run(name)):
            return False
        w.methods.remember(name)
        try:  # import the plugin's modules and resolve the device here: first torch imports on a
            # worker thread can hang
            from workbench.core.registry import resolve

            resolve(plugin.factory)
            device = resolved_device(plugin, w.methods.device_for(name))
        except Exception as exc:  # noqa: BLE001
            w.show_error(f"{name} failed to load", describe(exc))
            return False
        self._match_px = float(getattr(config, "match_px", MATCH_PX) or MATCH_PX)
        seq = nav.sequence
        nav.stop_play()
        # the run shown until now: back on screen if this one stops before its first frame (nothing to show)
        self._shown_before = (self.result, self.score)
        self._drop_load()  # a saved run being read back: this run is shown instead
        self.result = DetResults(name, seq.name, len(seq), device=device, started=now_iso())
        self.score = running_scorer(seq, self._match_px)
        self._live_t = 0.0
        self._table_key = None
        self.fill_runs()
        # its inspector docks: those whose module is imported built now, before the worker loads the model beside
        # this thread; the others once the worker has imported their modules (its ``imported`` event), not by the
        # window's own import beside it, whose wait handled events with Run still enabled (a second press started
        # a second run, and this one's start then failed)
        self._inspectors.start([plugin])
        self.job.start(detect_events, plugin, config, device, seq, pass_context=True,
                       dataset_root=nav.run_dataset_root(), imports=inspector_imports(plugin))
        w.show_run_started(f"{name}: detecting in {len(seq)} frames…")
        return True

    def cancel(self) -> None:
        if self.job.running:
            self.job.cancel()
            # a slow plugin's call in progress is waited for (``Job.LET_GO_MS``), then let go (``_let_go``)
            name = self.result.label if self.result is not None else None
            self.w.show_cancelling(f"waits for {name}'s call in progress" if name else None)
            self.job.let_go_later(self._let_go, context=self)

    def _let_go(self) -> None:
        """Cancel was pressed ``Job.LET_GO_MS`` ago and the run still ran (the detector's call in progress, a
        frame or its whole-sequence step): it was let go (``Job.let_go``: what it returns is dropped, quitting
        waits for it only briefly), and the run ends now as cancelled, its frames kept and saved; a fresh job
        takes the next run."""
        self.job = self._new_job()
        r = self.result
        if r is not None and r.status == "running":
            r.status, r.left_call = "cancelled", True
        self._on_finished()

    def _on_event(self, ev) -> None:
        r = self.result
        if r is None:
            return
        kind = ev[0]
        if kind == "imported":
            self._inspectors.imported()
        elif kind == "ready":
            r.info, r.final_pending = ev[1], bool(ev[2])
        elif kind == "finishing":  # its whole-sequence step was called
            r.step_began = True
        elif kind == "frame":
            _, i, out, frame = ev
            r.outputs[i] = out
            if self.score is not None:
                self.score.add(i, out.points, out.scores, [_is_target(out, k) for k in range(len(out))])
                if time.perf_counter() - self._live_t > LIVE_S:
                    self._live_t = time.perf_counter()
                    self.update_scores()
            done = len(r.outputs)
            self.w.methods.set_progress(done / max(r.n, 1), f"{r.label}  {i + 1} / {r.n}")
            self.w.sequences.note_result(i, frame)
            self.w.notify_inspectors("on_detect_frame", r.label, i, out)
        elif kind == "final":  # the detector's whole-sequence step replaces the per-frame outputs and scores
            r.outputs, r.final_pending = dict(ev[1]), False
            if self.score is not None:
                self.score = ev[2]
            self._table_key = None
            self.w.refresh_overlays()
        elif kind == "unfinished":  # its whole-sequence step failed on the frames done: they stand as they were
            r.step_error, r.final_pending = ev[1], False
        elif kind == "cancelled":
            r.status = "cancelled"
        elif kind == "error":
            r.status, r.error = "error", ev[1]

    def _on_error(self, exc) -> None:
        if self.result is not None:
            self.result.status, self.result.error = "error", describe(exc)

    def _on_finished(self) -> None:
        w, r = self.w, self.result
        self._inspectors.ended()  # those of a run stopped before its worker imported them
        w.sequences.stop_live(redraw=True)
        w.methods.set_running(False)
        if r is None:
            w.methods.set_progress(0.0, "idle", now=True)
            w.show_run_ended("cancelled")
            return
        if r.status == "running":
            r.status = "done"
        before, self._shown_before = self._shown_before, None
        if r.status == "cancelled" and not r.outputs:
            # stopped before its first frame: nothing saved, and the run shown before it stays (its detections
            # vanished for an empty run, and the status read "cancelled after 0 frames;")
            w.methods.set_progress(0.0, "cancelled before the first frame", now=True)
            shown = ""
            if before is not None and before[0] is not None:
                self.result, self.score = before
                shown = f" {self.result.label} is shown as before."
            w.methods.run_status.setText(f"{r.label}: cancelled before the first frame; nothing saved.{shown}"
                                         + LEFT_CALL * r.left_call)
            w.show_run_ended("cancelled", w.methods.run_status.text())
            w.notify_inspectors("on_detect_result", r.label, r)
            self.fill_runs()
            self._table_key = None
            self.update_scores()
            w.refresh_overlays()
            w.update_enabled()
            w.update_hint()
            return
        if r.outputs and r.status in ("done", "cancelled"):
            if self.score is not None:  # the counts kept frame by frame (None without point labels)
                r.scores = self.score.summary()
            # the run ends once written (``_on_saved``): till then no other method is picked (its Run panel
            # would get this run's end line) and Run stays greyed (the window is busy)
            w.methods.tree.setEnabled(False)
            self._save_later(r)
            w.update_enabled()
            return
        self._ended(r, None)

    def _on_saved(self) -> None:
        r, got = self.result, self._save_got or ("error", "could not save detections")
        self._save_got = None
        self.w.methods.tree.setEnabled(True)
        if r is not None:
            self._ended(r, took_save(r, got))

    def _ended(self, r: DetResults, manifest: dict | None) -> None:
        """The run's end shown: listed (named as the list names it), its status line and the Scores dock;
        ``manifest``: what its save wrote (None: not saved)."""
        w = self.w
        if r.saved_to is not None and w.sequences.sequence is not None:  # listed beside the earlier runs,
            self._list_saved(w.sequences.sequence, r, manifest)  # named as they are ("det/default-run2")
        self.fill_runs()
        fps = r.fps
        if np.isfinite(fps):
            w.fps_label.setText(f"{r.label}: {fps_text(fps)}")
        score = ""
        if r.scores is not None:
            s = r.scores
            # an undefined score (None: no detections, no precision) is "—" (score_text), not 0.000
            score = (f" P {score_text(s['precision'])}  R {score_text(s['recall'])}  F1 {score_text(s['f1'])} "
                     f"(match ≤ {s['match_px']:g} px, {s['tp']} TP {s['fp']} FP {s['fn']} FN);")
            w.methods.run_status.setToolTip(f"Scored against the sequence's point labels: {s['rule']}")
        where = f" saved to {r.saved_to.parent}." if r.saved_to is not None else ""
        n = len(r.outputs)
        if r.status == "error":
            w.methods.set_progress(w.methods.progress.value() / 1000, "failed", now=True)
            w.methods.run_status.setText(f"{r.label}: failed — {r.error}")
            if r.unsaved:  # the detector ran; writing its detections failed (on the save's worker)
                w.show_error(f"{r.label}: detections not saved",
                             f"The detections of {r.label!r} ({n} frames) were not saved:\n{r.error}\n\n"
                             f"They are still shown in the window.")
            else:
                w.show_error(f"{r.label} failed", f"The detector {r.label!r} stopped with an error:\n{r.error}")
        elif r.status == "cancelled":
            w.methods.set_progress(w.methods.progress.value() / 1000, "cancelled — frames so far kept", now=True)
            w.methods.run_status.setText(f"{r.label}: cancelled after {frames_text(n)};{score}{where}"
                                         + r.unfinished_text + LEFT_CALL * r.left_call)
        else:
            w.methods.set_progress(1.0, "done", now=True)
            speed = f", {fps_text(fps)}" if np.isfinite(fps) else ""  # (as the status bar says it: "0.017 fps")
            w.methods.run_status.setText(f"{r.label}: {frames_text(n)}{speed};{score}{where}")
        w.show_run_ended(r.status, w.methods.run_status.text())
        self._table_key = None
        self.update_scores()
        if r.saved_to is not None:  # the dataset's Results column lists it (the workspace is not listed here)
            w.sequences.add_saved_runs([(r.sequence, r.saved_to.parent, False)])
        w.targets.show()
        w.targets.raise_()
        w.refresh_overlays()
        w.update_enabled()
        w.update_hint()
        w.notify_inspectors("on_detect_result", r.label, r)

    def _list_saved(self, seq, r: DetResults, manifest: dict | None) -> None:
        """The run just saved listed beside the sequence's earlier runs and named as the list names it, by
        its folder (``sequence.with_saved_run``); the workspace's manifests are walked, on a worker, only
        where that name is uncertain (the run keeps its name until then)."""
        from workbench.gui.controllers.method_runs import method_run_holds, saved_runs, with_saved_run

        results_dir, dataset = wsettings.results_dir(), self.w.tracking.dataset_name(seq)
        saved = with_saved_run(self.saved, results_dir, dataset, r.saved_to.parent, manifest, r.sequence)
        if saved is not None:
            self._name_saved(seq, r, saved)
            return
        self._naming_for = (seq, r)
        self._naming.start(saved_runs, results_dir, dataset, "detector", seq.name,
                           method_run_holds("detector", seq.name))

    def _named(self, seq, r: DetResults, saved) -> None:
        """The sequence's runs listed on a worker (``_list_saved``): ``r`` named as the list names it."""
        self._name_saved(seq, r, saved)
        self.fill_runs()
        self._table_key = None
        self.update_scores()

    def _name_saved(self, seq, r: DetResults, saved) -> None:
        if self.w.sequences.sequence is not seq:
            return
        self.saved = saved
        r.label = next((x[0] for x in saved if x[1] == r.saved_to.parent), r.label)

    def _save_later(self, r: DetResults) -> None:
        """``save_detection_run`` of the run ``r`` on a worker; ``_on_saved`` ends the run once it is written."""
        self._save_got = None
        self.w.methods.set_progress(self.w.methods.progress.value() / 1000, "saving the detections…", now=True)
        self.save_job.start(save_detection_run, wsettings.results_dir(), r.info, r.label, r.sequence,
                            sorted(r.outputs.items()), run_entry(r, self.w.sequences.sequence))

    # --- the viewer and the targets table --------------------------------------------------------
    def draw(self, i: int, table: bool = True) -> None:
        """The detections of frame ``i`` on the frame; with ``table`` in the Targets dock too (the window
        decides whose results it lists: ``MainWindow.targets_owner``)."""
        w = self.w
        if not table:
            self._table_key = None  # listed again when the dock is ours again
        seq = w.sequences.sequence
        # the labelled points are the groundtruth's crosses from the start, not only once a detector ran: a
        # point's 3 x 3 dashed box alone could not be seen at fit zoom (the legend named it all the same)
        labels = point_labels(seq) if seq is not None and w.layers.show_gt.isChecked() else None
        lab = None
        if labels is not None and 0 <= i < len(labels):
            lab = drawn_labels(seq, labels[i])
        r = self.result
        out = r.outputs.get(i) if r is not None else None
        if out is None:
            w.view.set_detections(None, None, lab)
            if table and r is not None and self._table_key != (id(r), i, None):
                self._table_key = (id(r), i, None)
                w.targets.clear(not_detected(r, i))
            return
        show = w.layers.show_targets.isChecked() or not w.layers.seg_box.isVisible()
        targets = [_is_target(out, k) for k in range(len(out))]
        points, boxes = drawn_output(out)
        w.view.set_detections(points if show else None, boxes if show else None, lab, targets)
        key = (id(r), i, id(out))
        if table and self._table_key != key:
            self._table_key = key
            note = f"{r.label}, frame {i + 1}"
            if r.scores is not None:
                s = r.scores
                note += (f" · sequence P {score_text(s['precision'])} R {score_text(s['recall'])} "
                         f"F1 {score_text(s['f1'])} "
                         f"(≤ {s['match_px']:g} px)")
            w.targets.set_targets(detection_targets(out), note, kind="detection", classes=class_names(out))
