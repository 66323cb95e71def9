"""Tracking jobs off the GUI thread: a superqt generator worker yields one event per tracked frame,
so the window draws boxes live, moves the progress bar, and Cancel stops between frames. Each
tracker's result is saved to the workspace as soon as that tracker finishes or is cancelled, on a
worker of its own (one save at a time, in the order the runs ended: ``save_run``), with
its identity (``run_info``: plugin, settings, device, dataset), so a window run lands in the same
``<dataset>/<method>/<variant>/`` folder with a manifest as ``workbench run`` writes. The maps it holds
are recorded in the manifest entry with the boxes and written after them, in the same save step, to
``<seq>_maps.npz`` (``results.write_maps``, as ``workbench run --save-maps`` writes them)."""
from __future__ import annotations

import dataclasses
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

from workbench.core.errors import Cancelled, WorkbenchError
from workbench.core.jobs import JobContext
from workbench.gui.preload import imported  # (the one "import finished" rule; runner.imported for its users)
from workbench.core.methods import MapLayer
from workbench.core.results import RunInfo, now_iso
from workbench.core.runs import RunResult, iter_track, run_info
from workbench.gui.worker import Job, describe, describe_at

MAP_BUDGET_BYTES = 384 * 2**20  # response maps kept per run for scrubbing back; beyond it only the latest


def budget_note(dropped: int, last: int) -> str:
    """Why a run's saved maps lack its early frames: the window kept only its latest maps (at most
    ``MAP_BUDGET_BYTES`` a run, less where the window's budget across its runs left less: ``map_budget``)."""
    if not dropped:
        return ""
    return (f"the maps of {dropped} earlier frame{'s' if dropped != 1 else ''} (up to frame {last + 1}) were "
            f"dropped during the run: the window keeps {MAP_BUDGET_BYTES // 2**20} MiB of maps a run at most, "
            f"less when the maps of its other runs fill its memory budget")


class LockedFrames:
    """A frame source shared by the GUI and a worker: one read at a time (video readers seek)."""

    def __init__(self, source):
        self.source = source
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.source)

    def read(self, i: int) -> np.ndarray:
        with self._lock:
            return self.source.read(i)


class FrameTap:
    """Keeps the frame the tracker last read so the window shows it without reading it again."""

    def __init__(self, source):
        self.source = source
        self.last: tuple[int, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.source)

    def read(self, i: int) -> np.ndarray:
        f = self.source.read(i)
        self.last = (i, f)
        return f


@dataclass
class TrackSpec:
    label: str  # the name results are stored under (the plugin name)
    plugin: object
    config: object
    device: str  # the user's choice: auto | cpu | cuda (resolved on the worker)
    # what the window calls this run until its identity is known (then its folder's name, ``saved_label``:
    # "kcf/default-run2" beside an earlier kcf run); default label
    run_label: str = ""
    # modules the window needs for this run not imported yet (its inspectors'): imported on the worker before the
    # tracker is made, said by the run's ``info`` event (the window builds those docks then, without an import of
    # its own beside the model's loading)
    imports: tuple[str, ...] = ()


def resolved_device(plugin, choice: str) -> str:
    """The device a plugin's run uses (``cpu`` for methods without torch); imports torch for the others."""
    if not getattr(plugin, "uses_torch", False):
        return "cpu"
    from workbench.core.device import resolve_device

    return resolve_device(choice)


def identity(plugin, config, device: str, seq, dataset_root=None) -> RunInfo:
    """The run's identity as ``workbench run`` records it: plugin, settings, device, the sequence's
    path and the dataset root (when a dataset is open), so window and CLI runs share one layout."""
    return run_info(plugin, config, device, sequence_path=getattr(seq, "path", None), dataset_root=dataset_root)


@dataclass
class LiveRun:
    """A run being filled in frame by frame; ``result()`` gives the core's RunResult."""

    label: str
    sequence: str
    n: int
    start: int
    boxes: np.ndarray = None
    scores: np.ndarray = None
    times: np.ndarray = None
    maps: dict[int, dict[str, MapLayer]] = field(default_factory=dict)
    status: str = "running"  # running | done | cancelled | error
    error: str = ""
    last: int = -1
    info: RunInfo | None = None  # the run's identity (a run loaded from disk: its folder's, not saved there again)
    started: str = ""
    sequence_path: str | None = None
    init_box: tuple | None = None
    saved_to: Path | None = None  # the result file, once saved
    method: str = ""  # the plugin name the run is saved under (default: label)
    box_offset: int | None = None  # the dataset file's offset (1 for OTB-style data): files are written in it
    # what the dataset's reader says of that file's numbers (``results.file_convention``): the saved manifest's words
    # ("unshifted" for LSOTB-TIR's training XML), as ``workbench run`` says them; None: not said
    box_convention: str | None = None
    order: tuple[int, int] = (1, 1)  # this tracker's place in the run: (k, of n)
    stopped: dict | None = None  # a saved run's manifest ``partial`` record (it stopped early)
    maps_dropped: int = 0  # frames whose maps were dropped for the memory budget (the earliest ones)
    maps_dropped_last: int = -1  # the last of those frames
    maps_saved: str = ""  # once its maps file is written: the line saying so (or why it was not)
    # whether its maps file (a run the window saved) is there, as last known off the GUI thread: written (True),
    # failed or nothing to write (False), or a worker's later look (``read_back``); None: not known (being written)
    maps_on_file: bool | None = None
    saved_run: object = None  # a run loaded from disk: its ``results.ResultRun`` (where its maps file is)
    file_id: tuple | None = None  # a run loaded from disk: ``scoring.saved_file_id`` of its file, as it was read
    # its maps dropped for the window's budget could not be read back: when and from what (a ``BackFailure``)
    maps_back_failed: object = None
    # cancelled while the tracker's call was in progress (a plugin taking 30 s a frame): the window let that call
    # end on its own (``TrackRunner.LET_GO_MS``); what it returns is not kept
    left_call: bool = False
    # its result is being written (or waits its turn) on the runner's save worker (``TrackRunner.saving``)
    saving: bool = False
    # its last save failed: why, naming the file (its ``status`` is "error" meanwhile); the run stays in the window
    # and ``TrackRunner.save_again`` writes it again; ``_unsaved``: its status and error before that failure
    save_failed: str = ""
    _unsaved: tuple[str, str] | None = None
    _map_bytes: int = 0

    def __post_init__(self):
        self.boxes = np.full((self.n, 4), np.nan)
        self.scores = np.full(self.n, np.nan)
        self.times = np.full(self.n, np.nan)

    def add(self, fr) -> None:
        if fr.index == self.start and self.init_box is None:
            self.init_box = tuple(float(v) for v in fr.box)
        self.boxes[fr.index] = fr.box
        self.scores[fr.index] = fr.score
        self.times[fr.index] = fr.seconds
        self.last = fr.index
        if fr.maps:
            maps = {k: MapLayer(np.asarray(v.data, dtype=np.float16), v.region) for k, v in fr.maps.items()}
            self._map_bytes -= sum(m.data.nbytes for m in self.maps.pop(fr.index, {}).values())
            self.maps[fr.index] = maps
            self._map_bytes += sum(m.data.nbytes for m in maps.values())
            self.trim_maps(MAP_BUDGET_BYTES)

    def trim_maps(self, cap: int) -> int:
        """Drop the earliest frames' maps until the run holds at most ``cap`` bytes of them, the latest frame's
        kept whatever its size (the map shown live); counted in ``maps_dropped`` (its maps file's note says
        so). Its own budget at each frame (``add``), the window's across its runs (``MapBudget.fit``).
        Returns the bytes freed."""
        freed = 0
        while len(self.maps) > 1 and self._map_bytes > cap:  # keep the latest frames' maps
            k = min(self.maps)
            size = sum(m.data.nbytes for m in self.maps.pop(k).values())
            self._map_bytes -= size
            freed += size
            self.maps_dropped += 1
            self.maps_dropped_last = max(self.maps_dropped_last, k)
        return freed

    def result(self) -> RunResult:
        return RunResult(self.method or self.label, self.sequence, self.boxes.copy(), self.scores.copy(),
                         self.times.copy(), start_frame=self.start,
                         completed=self.status in ("done", "saved") and not self.stopped, maps=self.maps, info=self.info,
                         init_box=self.init_box, started=self.started, sequence_path=self.sequence_path,
                         box_offset=self.box_offset, box_convention=self.box_convention, stopped=self.stopped)

    @property
    def partial(self) -> bool:
        """Stopped before the end of the sequence (cancelled, or saved so), or still running."""
        return self.status in ("cancelled", "running") or self.stopped is not None

    @property
    def fps(self) -> float:
        return self.result().fps


def track_events(specs: list[TrackSpec], seq, init, start: int, ctx: JobContext, dataset_root=None,
                 began: list | None = None):
    """The worker's generator: ``("start", label, n)``, ``("info", label, RunInfo)`` before the tracker
    is made (its ``imports`` imported by then), ``("frame", label, (FrameResult, frame))``, ``("done" |
    "cancelled" | "error", label, message)``. A tracker that raises is reported and the next one runs; a cancel stops them all (a tracker
    not begun when it came is not begun).
    ``began`` (a list): each label is appended to it as its run begins, before its start event reaches the window.
    A box the user drew under a tracker's smallest is refused before any tracker is made, by the window
    (``TrackingController.run``: ``boxes.check_user_box`` of each tracker's Plugin), not here."""
    tap = FrameTap(seq.frames)
    tapped = dataclasses.replace(seq, frames=tap)
    for k, spec in enumerate(specs):
        if k and ctx.cancelled:  # Cancel came during the last call of the tracker before: the next is not begun
            return  # (it was made, initialised and saved as a one-frame partial run)
        key = spec.run_label or spec.label
        if began is not None:
            began.append(key)
        yield ("start", key, (len(seq), spec.label, (k + 1, len(specs))))
        try:
            # a Cancel that came before this tracker was made (before the worker began: the job queued on a busy
            # pool): it is not made (its weights loaded) nor initialised; the run says cancelled before its first frame
            ctx.check()
            device = resolved_device(spec.plugin, spec.device)
            import_for_window(spec.imports)
            ctx.check()  # a Cancel during that import (torch, the model code: the slow part): nothing is made
            # on the worker: hashing a weights file must not stall the window; before the tracker is made
            # (loading a network takes a while), so the window names the run by its folder from the start
            try:
                info = identity(spec.plugin, spec.config, device, seq, dataset_root)
            except Exception:  # noqa: BLE001 - without an identity the run still saves (flat folder)
                info = None
            yield ("info", key, info)
            tracker = spec.plugin.create(spec.config, device)
            for fr in iter_track(tracker, tapped, init, start, keep_maps=True, ctx=ctx):
                frame = tap.last[1] if tap.last and tap.last[0] == fr.index else None
                yield ("frame", key, (fr, frame))
        except Cancelled:
            yield ("cancelled", key, "cancelled")
            return
        except Exception as exc:  # noqa: BLE001 - a plugin's bug must not end the job or the app
            yield ("error", key, describe(exc))
        else:
            yield ("done", key, "")


def import_for_window(modules) -> None:
    """Import ``modules`` (a run's inspectors', ``TrackSpec.imports``) on the run's worker; one that fails is
    left for the window to say when it opens it (``MainWindow.open_inspector``)."""
    import importlib

    for module in modules:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - said by the window, not the run's error
            pass


def ready_to_make(ctx, imports):
    """The start of a segmenter's or detector's worker generator, before its method is made: ``("cancelled", 0)``
    (returns False) where Cancel was pressed before the worker began or during the import of ``imports`` (its
    inspectors' modules: ``inspector_imports``; torch, the model code: the slow part), else ``("imported",)`` after
    importing them here, not in a window job of its own beside the run's model loading (said only where there were
    some; returns True). ``if not (yield from ready_to_make(ctx, imports)): return``."""
    if ctx.cancelled:  # nothing is made (loading its weights takes a while)
        yield ("cancelled", 0)
        return False
    if imports:
        import_for_window(imports)
        if ctx.cancelled:
            yield ("cancelled", 0)
            return False
        yield ("imported",)
    return True


def inspector_imports(plugin, title: str | None = None) -> tuple[str, ...]:
    """The modules of ``plugin``'s inspectors (``title``'s alone) not imported yet, or still being imported
    (``imported``; ``TrackSpec.imports``)."""
    specs = plugin.inspectors.values() if title is None else [plugin.inspectors[title]]
    return tuple(dict.fromkeys(m for m in (spec.split(":", 1)[0] for spec in specs) if not imported(m)))


def open_inspectors(window, due: list[tuple], imported_only: bool = True) -> list[tuple]:
    """The docks of a run's inspectors ``due`` ((plugin, title) pairs) whose modules are imported (all of them with
    ``imported_only`` False) opened behind the tab on screen (``MainWindow.open_inspector``); returns the others,
    still due: their modules are imported by the run's worker (``import_for_window``), not by a window job of its
    own beside the run's model loading, and their docks opened when the worker says so (a tracker's run: its
    ``info`` event) or at the run's end."""
    rest = []
    for plugin, title in due:
        if imported_only and inspector_imports(plugin, title):
            rest.append((plugin, title))
        else:
            window.open_inspector(plugin, title, raise_=False)
    return rest


def keep_earlier(result: RunResult, results_dir) -> RunResult:
    """The result with a variant folder that holds no result of its sequence yet: a second run of the
    same tracker and settings goes to ``<variant>-run2`` (then -run3, ...) instead of overwriting the
    first one, and both are listed."""
    if result.info is None or result.protocol != "ope":
        return result
    result.info = result.info.beside_earlier(results_dir, lambda f: (f / f"{result.sequence}.txt").exists(),
                                             result.tracker)
    return result


def saved_label(result: RunResult, results_dir) -> str:
    """The name the workspace will list ``result`` under once saved in the folder ``keep_earlier``
    gives it: ``results.find_runs``' label, the method with its variant unless that is the default
    ("kcf", "kcf/default-run2", "kcf/search_scale=3"), a flat folder's name ("kcf", "kcf-run2"). The
    window calls a live run so, and the run reopened from the workspace has the same name."""
    import copy

    return listed_label(keep_earlier(copy.copy(result), results_dir).info, results_dir, result.tracker)  # a copy:
    # ``result`` keeps its identity


def listed_label(info: RunInfo | None, results_dir, tracker: str) -> str:
    """The name the workspace lists a run of ``tracker`` with identity ``info`` under (``saved_label``), from its
    folder's name alone (no look at the disk): a saved run's, its ``info`` the one its save placed."""
    from workbench.core.results import DEFAULT_VARIANT

    folder = info.folder(results_dir, tracker) if info is not None else Path(results_dir) / tracker
    if info is None or not info.variant:
        return folder.name
    return folder.parent.name if folder.name == DEFAULT_VARIANT else f"{folder.parent.name}/{folder.name}"


def write_maps_or_unlist(target: Path, maps: dict, n: int, sequence: str, note: str) -> dict | None:
    """``results.write_maps`` of a window run's maps to ``target``, which its manifest already names
    (``RunResult.defer_maps``), on the runner's worker. Where the write fails the manifest's ``maps`` record is
    taken out and what was written of the file removed, there too (a manifest rewritten and a file removed on a
    slow or network disk held the window), then the write's error raised for the window to say. Where that
    clean-up fails as well the error says so too (the manifest may still name the file)."""
    from workbench.core import results

    try:
        return results.write_maps(target, maps, n, (), sequence, note)
    except Exception as exc:
        try:  # the manifest must not name a file that is not there
            results.record_maps(target.parent, sequence, None)
            target.unlink(missing_ok=True)
        except (OSError, WorkbenchError) as cleanup:
            raise WorkbenchError(f"{describe_at(target, exc)}; and its run's manifest may still name it: "
                                 f"{cleanup}") from exc
        raise


def save_run(result: RunResult, results_dir, n: int):
    """A finished (or stopped) run's ``result`` written to ``results_dir``, on the runner's save worker, as one step:
    the folder ``keep_earlier`` gives it (an earlier run of the same tracker and settings kept beside it), its boxes,
    times and the manifest's entry, yielded as ``(result, file written)`` (its identity the one the save placed: the
    run is saved), then the maps that entry names (``write_maps_or_unlist``, ``n`` frames), returned as ``(their
    record, None)`` (None: none), or ``(None, the exception that write raised)`` (the boxes are saved all the same). A slow or network disk, or a
    long sequence, held the window while it was written on the GUI thread; the maps written from the GUI thread
    after the boxes were never written where the window closed in between (its manifest named a file not there).
    A failure of the boxes is raised naming the file (``describe_at``)."""
    try:
        result = keep_earlier(result, results_dir)
        path = result.save(results_dir)
    except OSError as exc:  # a full disk, a folder gone, no permission: the file it was writing, and why
        raise WorkbenchError(describe_at(_result_file(result, results_dir), exc)) from exc
    target = getattr(result, "maps_pending", None)
    yield result, path
    if target is None:
        return None, None
    try:  # the maps its manifest recorded (the window's budget may drop some of the run's meanwhile)
        return write_maps_or_unlist(target, result.maps, n, result.sequence, result.maps_note), None
    except Exception as exc:  # noqa: BLE001 - said as the maps' failure; the boxes are saved
        return None, exc  # (an exception returned is raised by the worker: said as the save's failure)


def _result_file(result: RunResult, results_dir) -> Path:
    """The box file ``result.save`` writes in ``results_dir`` (its folder, where that cannot be worked out)."""
    try:
        return result.folder(results_dir) / f"{result.sequence}.txt"
    except Exception:  # noqa: BLE001 - only for naming the file in an error
        return Path(results_dir)


def run_job(parent: QObject, on_event, on_error, on_finished) -> Job:
    """A run's ``Job`` owned by ``parent``, its events, error and end going to those: made at the start and again
    after a run is let go (its call in progress left to return on its own, its old job's signals no longer heard):
    ``TrackRunner``'s and the detection controller's runs."""
    job = Job(parent)
    job.yielded.connect(on_event)
    job.errored.connect(on_error)
    job.finished.connect(on_finished)
    return job


class TrackRunner(QObject):
    """Owns one worker at a time. Signals arrive on the GUI thread."""

    sigStarted = Signal(str)  # label
    sigIdentified = Signal(str)  # label: the run's identity (``LiveRun.info``) is known, before its first frame
    sigFrame = Signal(str, object, object)  # label, FrameResult, frame (or None)
    # label, LiveRun, status: the run ended and its save is done (``saved_to`` set) or failed (``save_failed``)
    sigRunEnded = Signal(str, object, str)
    sigSaving = Signal(str)  # label: the run ended, its result is being written on the save worker (``saving``)
    sigMapsSaved = Signal(str, object, str)  # label, the maps file, the line saying it was written (or why not)
    sigFinished = Signal()  # the run's job ended and every run it ended is saved (or failed to be)
    # how long Cancel waits for the tracker's call in progress before the window lets it go (``Job.let_go_later``, as
    # a segmenter's or a detector's run): the run ends (its frames saved) and the window is free (another sequence,
    # another run, quitting) while a slow plugin's track() (30 s a frame) returns on its own, on its worker, its
    # result dropped; no thread is killed
    LET_GO_MS = Job.LET_GO_MS

    def __init__(self, results_dir, parent=None):
        super().__init__(parent)
        self.results_dir = Path(results_dir)
        self.job = self._new_job()
        self.runs: dict[str, LiveRun] = {}
        self.planned: list[str] = []  # the labels of the run's trackers, in order (a cancel skips the rest)
        self.tracker_of: dict[str, str] = {}  # a planned label -> its tracker's (plugin) name
        self._renamed: dict[str, str] = {}  # the worker's label of a run -> the window's (``rename``)
        self._seq = None
        self.saved: list[Path] = []
        self._began: list[str] = []  # the labels whose runs the worker has begun (``track_events``' ``began``)
        # the ended runs' saves, one at a time in the order they ended (a second run of a tracker is placed beside
        # the first once that one is written: ``keep_earlier``), off the GUI thread
        self._save_job = Job(self)
        self._save_job.yielded.connect(self._saved)
        self._save_job.returned.connect(self._maps_done)
        self._save_job.errored.connect(self._save_failed)
        self._save_job.finished.connect(self._next_save)
        self._saves: deque[tuple[LiveRun, RunResult]] = deque()  # waiting their turn
        self._saving_now: LiveRun | None = None  # the run whose boxes are being written
        self._maps_now: tuple[LiveRun, Path] | None = None  # the run whose maps its save goes on to write, and where
        self._finish_due = False  # the job ended: ``sigFinished`` once the saves are done

    def _new_job(self) -> Job:
        return run_job(self, self._on_event, self._on_error, self._on_finished)

    @property
    def writing_maps(self) -> bool:
        return self._maps_now is not None

    @property
    def saving(self) -> bool:
        """A run's result is being written, or waits its turn (``save_run``); its maps, written after it on the
        same worker, are ``writing_maps``."""
        return self._saving_now is not None or bool(self._saves)

    def unwritten(self) -> list[str]:
        """The runs being written or waiting their turn (``saving``), by label."""
        return ([self._saving_now.label] if self._saving_now is not None else []) + [r.label for r, _ in self._saves]

    @property
    def running(self) -> bool:
        """The run's job, or the save of a run it ended: a run is over once its results are written (the
        workspace's listing, the scores, an export after it read them), as a detector's run is."""
        return self.job.running or self.saving

    @property
    def ctx(self) -> JobContext | None:
        return self.job.ctx

    def start(self, specs: list[TrackSpec], seq, init, start: int, dataset_root=None) -> None:
        """Run ``specs`` one after the other; ``dataset_root``: the open dataset, which names the
        ``<dataset>`` level of the run folders (else the folder holding the sequence does)."""
        if self.running:
            raise RuntimeError("a run is already in progress" if self.job.running else
                               "the last run's results are still being saved")
        self._seq = seq
        self.runs = {}
        self.planned = [spec.run_label or spec.label for spec in specs]
        # a planned run's tracker (its plugin name): a run not started keeps its label until the end, and a
        # second run of a tracker is labelled "fake #2" only until its folder names it
        self.tracker_of = {spec.run_label or spec.label: spec.label for spec in specs}
        self._renamed = {}
        self._start = start
        self._began = []
        self.job.start(track_events, specs, seq, init, start, pass_context=True, dataset_root=dataset_root,
                       began=self._began)

    @property
    def in_call(self) -> str | None:
        """The tracker (plugin name) whose run is going, in one of its calls or between them; None when none.
        Before the window has taken that run's start event (Cancel pressed in that instant, the worker already in
        the plugin's ``create`` or ``initialize``): the run the worker has begun (``_unheard``)."""
        if not self.job.running:
            return None
        going = [r for r in self.runs.values() if r.status == "running"]
        if going:
            return going[-1].method or going[-1].label
        label = self._unheard()
        return self.tracker_of.get(label, label) if label is not None else None

    def _unheard(self) -> str | None:
        """The first planned run the worker has begun whose start event the window has not taken yet; None."""
        return next((k for k in self.planned if k in self._began and k not in self.runs), None)

    def cancel(self) -> None:
        self.job.cancel()  # stops between frames inside iter_track; the generator then ends
        if self.job.running:  # a call in progress that has not returned by then is let go
            self.job.let_go_later(self._let_go, self.LET_GO_MS, self)

    def _let_go(self) -> None:
        """Cancel was pressed ``LET_GO_MS`` ago and the job it cancelled still ran (a tracker's call in progress):
        it was let go (``Job.let_go``: the frame it returns is dropped, quitting waits for it only briefly), and
        the runs still going end as cancelled now, their frames saved; a fresh job takes the next run. The call
        returns on its own, on its worker, and the job ends there. A run the worker had begun whose start event the
        window had not taken yet (``_unheard``: the worker in its ``create`` or ``initialize``, or, beside a run the
        window still saw going, the next tracker it had moved on to) is begun here (``_begin``, as its start event
        would have), cancelled before its first frame. The call let go is the worker's latest run's: that run alone
        says its call was left to return on its own."""
        began = list(self._began)  # (the worker appends to it)
        unheard = [k for k in self.planned if k in began and k not in self.runs]
        current = self._renamed.get(began[-1], began[-1]) if began else None  # the worker's run now
        self.job = self._new_job()
        for label in unheard:  # let go before its start event was taken (dropped now): its end line says so
            self._begin(label, len(self._seq), self.tracker_of.get(label, label),
                        (self.planned.index(label) + 1, len(self.planned)))
        for run in self.runs.values():
            if run.status == "running" and run.label == current:
                run.left_call = True
        self._on_finished()

    def wait(self, timeout_ms: int = 10000) -> bool:
        return Job.wait_all(timeout_ms)

    def rename(self, old: str, new: str) -> None:
        """The run ``old`` is called ``new`` from now on (its place among the runs kept)."""
        self.runs = {(new if k == old else k): r for k, r in self.runs.items()}
        self.runs[new].label = new
        self.planned = [new if k == old else k for k in self.planned]
        if old in self.tracker_of:
            self.tracker_of[new] = self.tracker_of.pop(old)
        self._renamed.update({k: new for k, v in self._renamed.items() if v == old})
        self._renamed[old] = new

    def _on_event(self, event) -> None:
        kind, label, payload = event
        label = self._renamed.get(label, label)
        if kind == "start":
            self._begin(label, *payload)
        elif kind == "info":
            self.runs[label].info = payload
            self.sigIdentified.emit(label)
        elif kind == "frame":
            fr, frame = payload
            self.runs[label].add(fr)
            self.sigFrame.emit(label, fr, frame)
        else:
            run = self.runs[label]
            if kind == "error":
                self._failed(run, payload)
            else:
                run.status, run.error = kind, ""
            self._end(run)

    def _begin(self, label: str, n: int, method: str, order: tuple[int, int]) -> LiveRun:
        """The run ``label`` of tracker ``method`` (``order``: its place in the run, (k, of n)) over the ``n`` frames
        of the sequence begins: its LiveRun made and said (``sigStarted``). Its start event's one path, and the
        let-go's for a run the worker began whose start event was dropped (``_let_go``)."""
        from workbench.core.results import file_box_offset, file_convention
        from workbench.core.runs import reopen_path

        # FILE.h5:/name for one dataset of an HDF5 file (the file alone reopens its default dataset)
        self.runs[label] = run = LiveRun(label, self._seq.name, n, self._start, started=now_iso(),
                                         sequence_path=reopen_path(self._seq), method=method,
                                         box_offset=file_box_offset(self._seq),
                                         box_convention=file_convention(self._seq), order=order)
        self.sigStarted.emit(label)
        return run

    @staticmethod
    def _failed(run: LiveRun, error: str) -> None:
        """``run`` failed with ``error``: a frame that could not be read (a disk error, a file gone), a tracker's
        exception mid-run, or the job's own failure (``_on_error``). The frames tracked before it are kept, marked
        partial, as `workbench run` keeps them (they were lost); one that failed on its first frame after the box
        (missing weights, a bug) saves nothing."""
        run.status, run.error = "error", error
        if run.last > run.start and run.stopped is None:
            run.stopped = {"frame": run.last + 1, "reason": "error", "error": error}

    def _end(self, run: LiveRun) -> None:
        """``run`` ended: its frames are saved on the save worker (``_queue_save``), ``sigRunEnded`` once written;
        a run with nothing to save says so now."""
        if (run.status in ("done", "cancelled") or run.stopped is not None) and run.last >= 0:
            self._queue_save(run)
        else:
            self.sigRunEnded.emit(run.label, run, run.status)

    def _queue_save(self, run: LiveRun) -> None:
        """``run``'s result, as it is now, to be written after the saves before it (``save_run``): said as
        being saved (``sigSaving``) until then."""
        result = run.result()
        result.maps = dict(run.maps)  # the run's dict as it is now: the window's budget may drop maps meanwhile
        # its maps are recorded with the boxes (one manifest write: the dataset's scores see one change) and
        # written after, on a worker
        result.save_maps = () if run.maps else None
        result.defer_maps = True
        result.maps_note = budget_note(run.maps_dropped, run.maps_dropped_last)
        run.saving, run.save_failed = True, ""
        self._saves.append((run, result))
        self.sigSaving.emit(run.label)
        self._next_save()

    def _next_save(self) -> None:
        """The next run's save started (the save job's end comes here: after the last one's maps); none left and the
        run's job over: the run is finished (``sigFinished``)."""
        if not self._save_job.running and self._saves:
            self._saving_now, result = self._saves.popleft()
            # urgent: a let-go call (a slow tracker's frame after Cancel) may hold the pool's last thread for
            # seconds more; the save it would queue behind is what the window waits for
            self._save_job.start(save_run, result, self.results_dir, self._saving_now.n, urgent=True)
        self._finish_if_due()

    def _finish_if_due(self) -> None:
        """The run's job ended and every run it ended is written (their maps may still be): ``sigFinished``."""
        if self._finish_due and not self.job.running and not self.saving:
            self._finish_due = False
            self.sigFinished.emit()

    def _saved(self, got) -> None:
        """The run's boxes, times and manifest entry are written (``save_run``'s yield); its maps follow."""
        result, path = got
        run, self._saving_now = self._saving_now, None
        run.saving = False
        run.saved_to = path
        run.info = result.info  # after save, which may place it beside a run from another start
        self.saved.append(path)
        if getattr(result, "maps_pending", None) is not None:  # written next by the same save step
            self._maps_now = (run, result.maps_pending)
        self.sigRunEnded.emit(run.label, run, run.status)
        self._finish_if_due()

    def _maps_done(self, got) -> None:
        """The save step's end: ``(record, None)``, the maps it wrote (None: none), or ``(None, why it could not)``."""
        now, self._maps_now = self._maps_now, None
        if now is None:
            return
        (run, target), (record, exc) = now, got
        if exc is not None:
            self._maps_failed(run, target, exc)
        else:
            self._maps_written(run, target, record)

    def _save_failed(self, exc) -> None:
        """Writing a run failed (a full disk, a folder gone, no permission): said naming the file; the run stays
        in the window, its frames with it, and can be written again (``save_again``)."""
        run, self._saving_now = self._saving_now, None
        if run is None:  # (after its boxes: ``save_run`` returns a maps failure, it does not raise it)
            return
        run.saving = False
        run._unsaved = (run.status, run.error)
        failed = f"{run.error}; " if run.status == "error" and run.error else ""
        run.save_failed = f"could not save results to {self.results_dir}: {describe(exc)}"
        run.status, run.error = "error", f"{failed}{run.save_failed}"
        self.sigRunEnded.emit(run.label, run, run.status)
        self._finish_if_due()

    def save_again(self, run: LiveRun) -> bool:
        """Write ``run``, whose last save failed, again (the disk freed, the folder made again): as it ended,
        ``sigSaving`` then ``sigRunEnded`` once written. False: it was not one to save again."""
        if run.saving or not run.save_failed or run._unsaved is None:
            return False
        run.status, run.error = run._unsaved
        run._unsaved = None
        self._queue_save(run)
        return True

    @property
    def pending_maps(self) -> set[Path]:
        """The maps files being written."""
        return {self._maps_now[1]} if self._maps_now is not None else set()

    def _written(self, target: Path) -> None:
        """``target`` is no longer pending (before ``sigMapsSaved``, whose slots read ``pending_maps``)."""
        if self._maps_now is not None and self._maps_now[1] == target:
            self._maps_now = None

    def _maps_written(self, run: LiveRun, target: Path, record) -> None:
        from workbench.core.results import maps_size_text

        self._written(target)
        run.maps_on_file = record is not None  # remembered for the window's budget (``map_budget.on_file``)
        if record is None:
            return
        run.maps_saved = f"{run.label}: maps {maps_size_text(record)} saved to {target}" + (
            f"; {record['note']}" if record.get("note") else "")
        self.sigMapsSaved.emit(run.label, target, run.maps_saved)

    def _maps_failed(self, run: LiveRun, target: Path, exc) -> None:
        """Writing ``run``'s maps failed: its manifest no longer names the file, taken out on the worker
        (``write_maps_or_unlist``: a manifest rewritten on a slow disk held the window)."""
        self._written(target)
        run.maps_on_file = False
        run.maps_saved = f"maps not saved (the boxes are): {describe_at(target, exc)}"
        self.sigMapsSaved.emit(run.label, target, run.maps_saved)

    def _on_error(self, exc) -> None:
        for run in self.runs.values():
            if run.status == "running":  # the job failed outside a tracker's own error event: its frames kept too
                self._failed(run, describe(exc))
                self._end(run)

    def _on_finished(self) -> None:
        for run in self.runs.values():  # a worker stopped without a last event: keep what it did
            if run.status == "running":
                run.status = "cancelled"
                self._end(run)
        self._finish_due = True  # said once the runs it ended are written (``_next_save``)
        self._next_save()
