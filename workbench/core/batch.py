"""Batch runs: many trackers x many sequences (and training sweeps), here or on a Dask cluster.

The unit of work is a *task*: one tracker over one sequence (``TrackTask``), or one plugin command
such as ``train`` with one set of arguments (``CommandTask``). A task is a small picklable
description; whoever runs it opens the sequence and creates the tracker itself, so it runs the same
way in this process, in a worker process of a loopback ``distributed.LocalCluster`` or on a machine of
a real cluster. A tracking task returns the ``RunResult`` arrays (boxes, scores, per-frame times);
the *driver* writes the result files with ``RunResult.save``, exactly as a local run does, so a
distributed run leaves the same files (the boxes are identical for deterministic trackers, OpenCV's MIL
among them where the C library's rand() can be seeded: ``opencv_peers.seeded_c_rand``; only the measured
times differ).

Why Dask (``distributed``) rather than Ray: it is pure Python wheels (a few MB against Ray's ~70 MB of
native services), a ``LocalCluster`` on loopback starts in seconds on a 2-core laptop and needs no
daemon, the same ``Client(address)`` code talks to a ``dask-scheduler`` / ``dask-worker`` cluster
(SSH, SLURM / PBS through dask-jobqueue, Kubernetes), and its futures map one-to-one onto our tasks.
The tasks need nothing from Dask itself, so another engine would only need another ``Backend``.

Workers must see the sequences (and, for plugins, the same installed packages) at the paths the
driver names: a shared file system, as is usual on lab clusters. Results come back over the wire.
"""
from __future__ import annotations

import itertools
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from workbench.core.errors import WorkbenchError

BACKENDS = ("local", "dask")


# --- tasks ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SequenceRef:
    """Where a worker finds a sequence: a path it opens, or a dataset root and the entry's name
    (dataset entries such as UAV123 sub-sequences are only defined by their root's listing)."""

    path: str
    dataset: str | None = None
    name: str | None = None

    @property
    def label(self) -> str:
        """Its name, else its path's last part; ``FILE.h5:/name`` (one dataset of an HDF5 file) as the file and the
        dataset's path: its last part alone said only 'small' for ``FILE.h5:/g/small`` and ``FILE.h5:/h/small``."""
        if self.name:
            return self.name
        from workbench.core.data.cube import split_dataset_path

        file, dataset = split_dataset_path(self.path)
        return f"{file.name}:{dataset}" if dataset is not None else Path(self.path).name

    def open(self):
        from workbench.core.data import open_sequence

        if self.dataset is None:
            handed = _HANDED.pop(self.path, None)
            return handed if handed is not None else open_sequence(self.path)
        for entry in _dataset_entries(self.dataset):
            if entry.name == self.name:
                return entry.open()
        raise WorkbenchError(f"{self.dataset}: no sequence named {self.name!r} (the dataset changed?)")


_DATASETS: dict[str, list] = {}
_HANDED: dict[str, object] = {}  # sequences the driver opened already, by absolute path: taken once (``hand_over``)


def hand_over(path: str | Path, seq) -> None:
    """``seq``, opened already from ``path`` by the driver (``workbench run --sequence`` checks it before any work),
    is taken by the first task of this process that opens ``path`` instead of opening it again (about 2 s for a
    20,000-frame folder); later tasks open their own. ``run_batch`` forgets what no task took."""
    _HANDED.clear()
    _HANDED[str(Path(path).absolute())] = seq


def _dataset_entries(root: str) -> list:
    """A dataset's listing, made once per worker process."""
    if root not in _DATASETS:
        from workbench.core.data import open_dataset

        _DATASETS[root] = open_dataset(root)
    return _DATASETS[root]


def sequence_refs(sequence: str | Path | None = None, dataset: str | Path | None = None) -> list[SequenceRef]:
    """Refs for one sequence path or for every sequence of a dataset root (absolute paths)."""
    if (sequence is None) == (dataset is None):
        raise WorkbenchError("give either a sequence or a dataset")
    if sequence is not None:
        return [SequenceRef(str(Path(sequence).absolute()))]
    root = str(Path(dataset).absolute())
    entries, seen = _dataset_entries(root), {}
    for e in entries:  # results are stored by name, and a ref opens its entry by name
        if seen.setdefault(e.name, e.path) != e.path:
            raise WorkbenchError(f"{root}: two sequences are named {e.name!r}: {seen[e.name]} and {e.path}; results "
                                 "are stored by sequence name: rename one")
    return [SequenceRef(str(e.path), root, e.name) for e in entries]


def modality_misfits(trackers: Iterable[str], refs: list[SequenceRef]) -> dict[str, dict[str, list[SequenceRef]]]:
    """The sequences each tracker would refuse for their modality, before any task runs: ``{tracker: {modality:
    [refs]}}`` (trackers that take them all are left out). A tracker that takes every modality opens nothing; the
    others open each sequence once (an unreadable one is left to its task, which says what is wrong with it).
    ``check_modality`` refused per task, so a dataset of rgb videos given to an hsi tracker repeated one long
    message once per sequence and ran nothing."""
    from workbench.core.data.detect import _close
    from workbench.core.data.sequence import MODALITIES
    from workbench.core.registry import default_registry

    reg = default_registry()
    picky = {t: tuple(reg.get(t).modalities or ()) for t in trackers}
    picky = {t: m for t, m in picky.items() if m and not set(MODALITIES) <= set(m)}
    if not picky:
        return {}
    modality: dict[SequenceRef, str | None] = {}
    for ref in refs:
        try:
            seq = ref.open()
        except Exception:  # noqa: BLE001 - its task opens it again and reports the error there
            modality[ref] = None
            continue
        modality[ref] = getattr(seq, "modality", None)
        _close(seq)
    out: dict[str, dict[str, list[SequenceRef]]] = {}
    for t, mods in picky.items():
        for ref in refs:
            m = modality[ref]
            if m and m not in mods:
                out.setdefault(t, {}).setdefault(m, []).append(ref)
    return out


def misfit_text(tracker: str, mods, misfits: dict[str, list[SequenceRef]], total: int, where: str) -> str:
    """One line for a tracker's misfits (``modality_misfits``): how many sequences, which (the first few), why, what
    to do."""
    from workbench.core.loops import modality_todo

    parts = []
    for m, refs in misfits.items():
        names = ", ".join(r.label for r in refs[:5]) + (", ..." if len(refs) > 5 else "")
        parts.append(f"{len(refs)} of {total} sequence{'' if total == 1 else 's'} {'is' if len(refs) == 1 else 'are'} "
                     f"{m} ({names}): {modality_todo('tracker', tracker, mods, m)}")
    return f"{where}: tracker {tracker!r} accepts {', '.join(mods)} frames; " + "; ".join(parts)


@dataclass(frozen=True)
class TrackTask:
    """One tracker plugin over one sequence. ``settings`` are ``--set`` style strings or values."""

    tracker: str
    sequence: SequenceRef
    settings: tuple[tuple[str, object], ...] = ()
    device: str = "auto"
    init: tuple[float, float, float, float] | None = None
    start: int = 0
    name: str | None = None  # results folder name (default: the tracker name)
    protocol: str = "ope"  # "ope" (one pass), "vot" (supervised: re-initialised after failures), "tre" / "sre" (OTB)
    segments: int = 20  # TRE: starts per sequence
    save_maps: tuple[str, ...] | None = None  # one-pass: the maps its run keeps and saves (() all; None none)

    @property
    def label(self) -> str:
        return f"{self.name or self.tracker} {self.sequence.label}"


@dataclass
class TaskOutcome:
    """What a task sends back: the run (or the command's return code), or the error it raised."""

    task: object
    result: object = None  # RunResult for a TrackTask, int exit code for a CommandTask
    error: str | None = None  # the failure's message (a bug's with its type); None when it worked
    user_error: bool = False  # a WorkbenchError (bad data / settings), not a bug
    detail: str = ""
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    worker: str = ""
    # a batch stopped (Ctrl-C / SIGTERM) in this task: the tasks it never started, and all its tasks
    not_run: tuple = ()
    batch: tuple = ()

    @property
    def ok(self) -> bool:
        return self.error is None


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except Exception:  # noqa: BLE001 - not inside a Dask worker
        import os

        return f"local pid {os.getpid()}"


def _failed(out: TaskOutcome, exc: BaseException) -> None:
    """User errors keep their own one-line message (it names the file); bugs get their type."""
    from workbench.core.methods import MethodRaised, plugin_traceback

    out.user_error = isinstance(exc, WorkbenchError)
    # a plugin's bug already starts with its exception's type ("ValueError: ..."): not "MethodRaised: ValueError"
    out.error = str(exc) if out.user_error or isinstance(exc, MethodRaised) else f"{type(exc).__name__}: {exc}"
    # its detail: the plugin's own traceback and its line, not the chain through the loops and this module
    out.detail = (plugin_traceback(exc) + f"workbench: error: {exc}" if isinstance(exc, MethodRaised)
                  else traceback.format_exc())


def run_track_task(task: TrackTask, progress=None) -> TaskOutcome:
    """Run one tracking task here and now (this is what a worker executes)."""
    from workbench.core.boxes import Box, check_user_box
    from workbench.core.jobs import JobContext
    from workbench.core.loops import frame_at
    from workbench.core.registry import default_registry
    from workbench.core.device import resolve_device
    from workbench.core.runs import run_info, run_robustness, run_supervised, run_tracker, sequence_place

    t0 = time.perf_counter()
    out = TaskOutcome(task, worker=_worker_name())
    try:
        plugin = default_registry().get(task.tracker)
        if plugin.kind != "tracker":
            raise WorkbenchError(f"plugin {plugin.name!r} is a {plugin.kind}, not a tracker")
        config = plugin.make_config(dict(task.settings))
        seq = task.sequence.open()
        out.warnings = list(seq.meta.get("warnings", []) or [])
        init = Box(*task.init) if task.init is not None else None
        device = resolve_device(task.device) if plugin.uses_torch else "cpu"
        # a frames folder (LaSOT's img/) opens the sequence above it: that sequence's folder places the run
        info = run_info(plugin, config, device, sequence_path=sequence_place(seq, task.sequence.path),
                        dataset_root=task.sequence.dataset)
        if task.protocol == "vot":
            out.result = run_supervised(lambda: plugin.create(config, task.device), seq, ctx=JobContext(progress),
                                        name=task.name or task.tracker, info=info)
        elif task.protocol in ("tre", "sre"):
            out.result = run_robustness(lambda: plugin.create(config, task.device), seq, task.protocol,
                                        task.segments, ctx=JobContext(progress), name=task.name or task.tracker,
                                        info=info)
        else:
            start = task.start
            if init is None and start == 0 and task.sequence.dataset and later_first_box(seq):
                # a sequence of a dataset whose target is absent at frame 0 (the user cannot give --init or --start
                # per sequence): tracked from its first groundtruth box, the frames before it left empty (NaN rows,
                # as the scoring skips frames without a box anyway)
                start = later_first_box(seq)
                out.warnings.append(f"{seq.name}: no groundtruth box at frame 0 (absent / NaN); tracked from frame "
                                    f"{start}, its first box (the rows before it are NaN)")
            # --init, the user's box, against the tracker's Plugin (its smallest_user_box) before the tracker is made:
            # ``workbench run --init`` and the window refuse it before any task; this is the gate of a task made
            # by other code (the Python API, a script's TrackTask), which would otherwise track it
            check_user_box(plugin, init, frame_at(seq, start))
            tracker = plugin.create(config, task.device)
            out.result = run_tracker(tracker, seq, init=init, start_frame=start, ctx=JobContext(progress),
                                     name=task.name or task.tracker, info=info, save_maps=task.save_maps)
    except KeyboardInterrupt as exc:  # Ctrl-C: runs.Interrupted carries what was tracked; say which task
        exc.task = task
        raise
    except Exception as exc:  # noqa: BLE001 - reported per task; the other tasks go on
        _failed(out, exc)
    out.seconds = time.perf_counter() - t0
    return out


def later_first_box(seq) -> int | None:
    """The frame of ``seq``'s first groundtruth box when frame 0 has none (absent / NaN); None when frame 0 has
    one, or there is no groundtruth box at all (the run then fails, saying so)."""
    if not getattr(seq, "has_groundtruth", False) or seq.gt_box(0) is not None:
        return None
    first = seq.first_valid_frame() if hasattr(seq, "first_valid_frame") else None
    return first if first else None


@dataclass(frozen=True)
class CommandTask:
    """One plugin command (``train``, ``search`` ...) with one argument list: a sweep point.

    ``command`` is a plugin name (its ``Plugin.commands[verb]`` runs) or a ``"module:function"`` /
    callable taking ``argv`` and returning an exit code.
    """

    command: object
    argv: tuple[str, ...]
    verb: str = "train"
    label: str = ""


def run_command_task(task: CommandTask, progress=None) -> TaskOutcome:
    from workbench.core.registry import call_command, default_registry, resolve

    t0 = time.perf_counter()
    out = TaskOutcome(task, worker=_worker_name())
    try:
        fn, prog = task.command, None  # a "module:function" / callable keeps its own prog: no plugin to name
        if isinstance(fn, str) and ":" not in fn:
            plugin = default_registry().get(fn)
            if task.verb not in plugin.commands:
                raise WorkbenchError(f"plugin {fn!r} has no {task.verb!r} command")
            fn, prog = plugin.commands[task.verb], f"workbench {task.verb} {plugin.name}"
        # a plugin's command told its line as the CLI tells it (a ``prog`` keyword with a default): a sweep point's
        # usage error names the plugin it ran as, not the other plugin sharing the function
        out.result = call_command(resolve(fn), task.argv, prog)
        if out.result != 0:
            out.error = f"exit status {out.result}"
    except Exception as exc:  # noqa: BLE001
        _failed(out, exc)
    out.seconds = time.perf_counter() - t0
    return out


def run_task(task, progress=None) -> TaskOutcome:
    if isinstance(task, TrackTask):
        return run_track_task(task, progress)
    if isinstance(task, CommandTask):
        return run_command_task(task, progress)
    raise TypeError(f"not a task: {task!r}")


def worker_task(task) -> TaskOutcome:
    """``run_task`` as a Dask worker runs it: its failures are in the outcome; what still leaves (Ctrl-C's
    ``Interrupted``) leaves ``sendable``: Dask pickles it with tblib's reducers, which send the chain (a plugin's
    exception in its context) as it is, for the client to import."""
    from workbench.core.methods import sendable

    try:
        return run_task(task)
    except BaseException as exc:  # noqa: BLE001 - raised again, with only what pickles without the plugin
        raise sendable(exc)


def track_tasks(trackers: Iterable[str], refs: Iterable[SequenceRef], settings: dict[str, dict] | None = None,
                device: str = "auto", init=None, start: int = 0, names: dict[str, str] | None = None,
                protocol: str = "ope", segments: int = 20, save_maps=None) -> list[TrackTask]:
    """The (tracker x sequence) grid, tracker-major. ``settings``/``names`` are keyed by tracker; ``save_maps``:
    the map names each one-pass run saves beside its boxes (``()``: all; None: none)."""
    refs = list(refs)
    settings, names = settings or {}, names or {}
    maps = None if save_maps is None else tuple(save_maps)
    return [TrackTask(t, r, tuple(sorted((settings.get(t) or {}).items())), device,
                      tuple(init) if init is not None else None, start, names.get(t), protocol, segments, maps)
            for t in trackers for r in refs]


def sweep_tasks(command, grid: dict[str, list], base_argv: Iterable[str] = (), out_flag: str | None = "--out",
                out_root: str | Path | None = None, verb: str = "train") -> list[CommandTask]:
    """One CommandTask per point of ``grid`` (``{"--lr": [0.01, 0.1], "--epochs": [2]}``).

    With ``out_flag`` and ``out_root`` each point writes to its own folder
    ``out_root/<flag>-<value>_...``, so runs never share checkpoints and each can resume.
    """
    keys = list(grid)
    tasks = []
    for values in itertools.product(*(grid[k] for k in keys)):
        argv = list(base_argv)
        parts = []
        for k, v in zip(keys, values):
            argv += [k, str(v)]
            parts.append(f"{k.lstrip('-')}-{v}")
        label = "_".join(parts) or "default"
        if out_flag and out_root is not None:
            argv += [out_flag, str(Path(out_root) / label)]
        tasks.append(CommandTask(command, tuple(argv), verb, label))
    return tasks


# --- backends -------------------------------------------------------------------------------------

class LocalBackend:
    """Tasks one after another in this process (what `workbench run` always did)."""

    name = "local"

    def __init__(self, progress_factory: Callable[[object], Callable] | None = None):
        self.progress_factory = progress_factory

    def map(self, tasks: list) -> Iterator[TaskOutcome]:
        for task in tasks:
            progress = self.progress_factory(task) if self.progress_factory else None
            yield run_task(task, progress)

    def close(self) -> None:
        pass


class DaskBackend:
    """Tasks on a Dask cluster: ``address`` of a running scheduler (``tcp://host:8786``), or a
    ``distributed.LocalCluster`` of worker *processes* on loopback when no address is given.
    Outcomes are yielded as they complete (not in task order)."""

    name = "dask"

    def __init__(self, address: str | None = None, n_workers: int | None = None, threads_per_worker: int = 1,
                 timeout_s: float = 60.0):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise WorkbenchError("the dask backend needs the 'distributed' package: "
                                 "pip install 'ir-workbench[cluster]' (dask[distributed])") from exc
        self.cluster = None
        try:
            if address:
                _probe(address, min(timeout_s, 10.0))
                _hello(address, min(timeout_s, 10.0))
                self.client = Client(address, timeout=timeout_s)
            else:
                import os

                n = n_workers or max(1, min(4, os.cpu_count() or 1))
                # one thread per worker process: trackers are CPU-bound numpy and the GIL would
                # serialise threads; processes give real parallelism and isolate a crashing task
                self.cluster = LocalCluster(n_workers=n, threads_per_worker=threads_per_worker, processes=True,
                                            host="127.0.0.1", dashboard_address=None, silence_logs=40)
                self.client = Client(self.cluster, timeout=timeout_s)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise WorkbenchError(f"cannot reach the Dask scheduler {address or '(local cluster)'}: {exc}") from None

    @property
    def address(self) -> str:
        return self.client.scheduler.address

    def map(self, tasks: list) -> Iterator[TaskOutcome]:
        from distributed import as_completed

        if not tasks:
            return
        # pure=False: identical tasks (a repeated sweep point) still each run
        futures = self.client.map(worker_task, tasks, pure=False,
                                  key=[f"wb-{i}-{_key(t)}" for i, t in enumerate(tasks)])
        at = {f.key: i for i, f in enumerate(futures)}  # futures.index for each was quadratic in a large sweep
        try:
            for fut in as_completed(futures):
                yield self._outcome(fut, tasks[at[fut.key]])
        finally:
            for f in futures:
                if not f.done():
                    f.cancel()

    def _outcome(self, fut, task) -> TaskOutcome:
        """What the finished future ``fut`` of ``task`` brings back. A task whose worker died while running it was
        run again on another worker by the scheduler, without a word: said among its warnings (a command run twice
        may have written part of its output twice; a tracker's time per frame is the second run's)."""
        try:
            outcome = fut.result()
        except Exception as exc:  # noqa: BLE001 - a worker died (too often) or the task could not be sent
            return TaskOutcome(task, error=f"{type(exc).__name__}: {exc}", detail=traceback.format_exc())
        lost = workers_lost(self.client, fut.key)
        if lost:
            outcome.warnings.append(rerun_text(task, lost, outcome.worker))
        return outcome

    def close(self) -> None:
        for obj in (getattr(self, "client", None), self.cluster):
            if obj is not None:
                try:
                    obj.close()
                except Exception:  # noqa: BLE001 - shutting down anyway
                    pass
        self.cluster = None


def workers_lost(client, key) -> int:
    """How many workers died while running the task ``key`` (the scheduler's count of them, ``suspicious``: it runs
    the task again on another worker each time, up to its ``allowed-failures``); 0 where the scheduler cannot say.
    The function sent is a lambda, which travels by value: a scheduler without this package runs it too."""
    try:
        n = client.run_on_scheduler(lambda key, dask_scheduler=None: getattr(
            dask_scheduler.tasks.get(key), "suspicious", 0), key)
        return int(n or 0)
    except Exception:  # noqa: BLE001 - an older scheduler, one refusing to run functions, a lost connection
        return 0


def rerun_text(task, lost: int, worker: str) -> str:
    """The line saying ``task`` was run again because ``lost`` workers died while running it."""
    times = "once" if lost == 1 else f"{lost} times"
    return (f"{getattr(task, 'label', task)}: a Dask worker died while running it ({times}); the scheduler ran it "
            f"again{f' on {worker}' if worker else ''}, and these results are that run's")


def _probe(address: str, timeout_s: float) -> None:
    """Fail in milliseconds on a refused port instead of after the client's whole timeout."""
    import socket
    from urllib.parse import urlsplit

    if "://" not in address:
        address = f"tcp://{address}"
    u = urlsplit(address)
    if u.scheme not in ("tcp", "tls") or not u.hostname:
        return  # other comms (inproc, ucx, ws): leave it to the client
    with socket.create_connection((u.hostname, u.port or 8786), timeout=timeout_s):
        pass


def _hello(address: str, timeout_s: float) -> None:
    """Dask's handshake with ``address`` within ``timeout_s``, before the client: distributed's ``connect`` waits for
    the handshake's reply without a deadline, so an address where something else listens (a web server, a port that
    takes the connection and says nothing) held ``workbench run --backend dask --address`` for good, and one that
    replied with other bytes ended in a MemoryError traceback (its first bytes read as a frame's length)."""
    import asyncio
    import threading
    from urllib.parse import urlsplit

    if "://" not in address:
        address = f"tcp://{address}"
    u = urlsplit(address)
    if u.scheme != "tcp" or not u.hostname:
        return  # TLS needs the client's security settings; other comms: left to the client
    where = f"tcp://{u.netloc}" + ("" if u.port else ":8786")
    failure: list[BaseException] = []

    async def hello() -> None:
        from distributed.comm import connect

        comm = await asyncio.wait_for(connect(where, timeout=timeout_s), timeout_s)
        await comm.close()

    def go() -> None:
        try:
            asyncio.run(hello())
        except BaseException as exc:  # noqa: BLE001 - said below, on the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=go, name="dask-hello", daemon=True)
    thread.start()
    thread.join(timeout_s + 5.0)
    exc = failure[0] if failure else None
    if thread.is_alive() or isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        raise WorkbenchError(f"the Dask scheduler {address} did not answer within {timeout_s:g} s: something "
                             "takes the connection there but is not a Dask scheduler (or is hung); check the "
                             "address and port (a scheduler's, default 8786)")
    if isinstance(exc, Exception):
        said = (" (what it sent is not Dask's protocol)" if isinstance(exc, MemoryError)
                else f": {type(exc).__name__}: {exc}")
        raise WorkbenchError(f"{address} answered, but not as a Dask scheduler{said}; check the address and port "
                             "(a scheduler's, default 8786)")


def _key(task) -> str:
    label = getattr(task, "label", "") or type(task).__name__
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in label)[:60]


def make_backend(name: str = "local", address: str | None = None, workers: int | None = None, **kw):
    if name == "local":
        if address:
            raise WorkbenchError("--address needs --backend dask")
        return LocalBackend(**kw)
    if name == "dask":
        return DaskBackend(address, workers)
    raise WorkbenchError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")


# --- driving a batch --------------------------------------------------------------------------------

@dataclass
class BatchReport:
    outcomes: list[TaskOutcome]
    written: list[Path]
    seconds: float

    @property
    def failed(self) -> list[TaskOutcome]:
        return [o for o in self.outcomes if not o.ok]


def run_batch(tasks: list, out_dir: str | Path | None = None, backend=None,
              on_outcome: Callable[[TaskOutcome, Path | None], None] | None = None) -> BatchReport:
    """Run ``tasks`` on ``backend`` (local by default). Tracking results are written under
    ``out_dir`` here, on the driver, as each arrives: ``<out>/<dataset>/<tracker>/<variant>/<sequence>.txt``,
    ``<sequence>_time.txt`` and the folder's ``manifest.json``, the files a local ``workbench run`` writes. A failed task is reported
    in its outcome and the others go on."""
    from workbench.core.data.cube import rename_advice
    from workbench.core.runs import Interrupted

    backend = backend or LocalBackend()
    t0 = time.perf_counter()
    outcomes, written = [], []
    saved_by: dict[tuple, str] = {}  # (run folder, sequence name) -> the sequence path saved there

    def finish(outcome: TaskOutcome) -> None:
        path = None
        if outcome.ok and out_dir is not None and isinstance(outcome.task, TrackTask):
            ref = outcome.task.sequence
            res, where = outcome.result, str(ref.path) if ref.name is None else f"{ref.path} ({ref.name})"
            key = (str(res.folder(out_dir)), res.sequence)
            if saved_by.setdefault(key, where) != where:  # two sequences of one name: never overwrite the first
                advice = rename_advice(res.sequence, ref.path)
                outcome.error, outcome.user_error = (
                    f"{where}: its name {res.sequence!r} is also the name of {saved_by[key]}, whose results are "
                    f"in {key[0]}; not saved (results are stored by sequence name: {advice})"), True
                outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome, None)
                return
            path = outcome.result.save(out_dir)
            written.append(path)
            if getattr(outcome.result, "stopped", None):  # kept what it tracked, but the run is not whole
                outcome.error, outcome.user_error = outcome.result.stop_message(path), True
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome, path)

    tasks = list(tasks)
    try:
        for outcome in backend.map(tasks):
            finish(outcome)
    except Interrupted as stop:
        # Ctrl-C in a local run: the interrupted sequence's tracked frames are written (marked partial
        # in the manifest) like any finished task's, then the batch stops as the user asked; the tasks it never
        # started are said with it (the line named the interrupted sequence alone, as if it were the only one)
        task = getattr(stop, "task", None) or TrackTask(stop.result.tracker, SequenceRef(
            stop.result.sequence_path or stop.result.sequence, name=stop.result.sequence))
        ran = {id(o.task) for o in outcomes} | {id(task)}
        not_run = tuple(t for t in tasks if id(t) not in ran)
        if len(not_run) > len(tasks) - len(outcomes) - 1:  # the task came back as a copy: by count (local order)
            not_run = tuple(tasks[len(outcomes) + 1:])
        finish(TaskOutcome(task, stop.result, not_run=not_run, batch=tuple(tasks)))
        raise
    finally:
        _HANDED.clear()  # a sequence handed over that no task took (a later call opens it afresh)
    return BatchReport(outcomes, written, time.perf_counter() - t0)


def _rerun_text(outcome: TaskOutcome) -> str:
    """How a batch stopped in ``outcome``'s task goes on: the tasks it never started, and what the same command
    does again: every task of the batch, those finished before the stop too (a run replaces its own result files,
    README; nothing skips the finished ones)."""
    n = len(outcome.batch)
    if n <= 1:
        return "the same command again tracks it whole"
    # one tracker's run over a dataset: its sequences; several trackers: the (tracker, sequence) tasks
    one = all(isinstance(t, TrackTask) for t in outcome.batch) and len({t.name or t.tracker
                                                                         for t in outcome.batch}) == 1
    noun = "sequences" if one else "tasks"
    left = outcome.not_run
    named = [t.sequence.label if one else getattr(t, "label", str(t)) for t in left[:3]]
    done = n - len(left) - 1
    rest = (f"{len(left)} of the {n} {noun} {'was' if len(left) == 1 else 'were'} not run ({', '.join(named)}{', ...' if len(left) > 3 else ''})"
            if left else f"it was the last of the {n} {noun}")
    again = f"the same command again tracks all {n}" + (
        f", the {done} run before it too (their result files replaced)" if done else "")
    return f"{rest}; {again}"


def print_outcome(outcome: TaskOutcome, path: Path | None, stream=None, failures: bool = True) -> None:
    """One line per finished task (the CLI's output); failures on stderr when ``failures``."""
    from workbench.core.evaluation.plots import padded

    stream = stream or sys.stdout
    for w in outcome.warnings:
        print(f"warning: {w}", file=sys.stderr)
    task = outcome.task
    if not outcome.ok:
        interrupted = (getattr(outcome.result, "stopped", None) or {}).get("reason") == "interrupted"
        if interrupted:  # Ctrl-C / SIGTERM ends the run before its summary: what was kept, and how to go on
            print(f"workbench: {getattr(task, 'label', task)}: {outcome.error}; {_rerun_text(outcome)}",
                  file=sys.stderr)
        elif failures:
            print(f"workbench: error: {getattr(task, 'label', task)}: {outcome.error}", file=sys.stderr)
        return
    if isinstance(task, TrackTask):
        res = outcome.result
        fps = f"{res.fps:8.1f} fps" if res.fps == res.fps else f"{'-':>8} fps"  # one frame: nothing timed
        # the frames tracked, not the sequence's length (``--start 8`` on 12 frames said "12 frames"); a TRE / SRE
        # run's frames over all its runs (a TRE run starts later each time)
        if hasattr(res, "runs"):
            done = sum(r.frames_done for r in res.runs)
            runs = f" in {len(res.runs)} {res.protocol.upper()} run{'' if len(res.runs) == 1 else 's'}"
        else:
            done, runs = res.frames_done, ""
        said = f"{done:>5} frame{' ' if done == 1 else 's'}{runs}"
        print(f"{padded(res.tracker, 12)} {padded(res.sequence, 24)} {said}  {fps}  -> {path}", file=stream)
    else:
        print(f"{task.label or task.argv}: done in {outcome.seconds:.1f} s on {outcome.worker}", file=stream)
