"""Long work off the GUI thread, wired once: a superqt worker (``create_worker``: a QRunnable on the
global pool) with a ``JobContext`` for progress and Cancel, and every worker signal relayed through
this QObject, so each site connects plain slots and lambdas that run on the GUI thread.

A job is a function or a generator. A generator's items arrive as ``yielded`` (a tracker's frames,
a search's alpha); ``cancel()`` sets the context's token, which the job sees at its next
``ctx.check()`` and answers with its own last event; ``abort()`` stops a generator at its next
``yield`` without waiting for it (a table filled in the background). ``finished`` always comes last,
after ``running`` is already False, so a slot on it may start the next job. An error goes to the
``errored`` slots; with none connected it is raised on the GUI thread (the window's excepthook shows
it), except a ``Cancelled``, which is no error. ``LatestJob``: work asked for again and again of which
only the latest request's results count (the others are stopped and dropped)."""
from __future__ import annotations

import functools
import inspect
import sys
import threading
import time
import traceback
import weakref
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QMetaMethod, QObject, Qt, QThreadPool, Signal
from shiboken6 import isValid
from superqt.utils import create_worker

from workbench.core.errors import Cancelled, WorkbenchError
from workbench.core.jobs import JobContext
from workbench.core.methods import MethodError


_RUNNING: set = set()  # superqt workers whose threads have not finished
_ABANDONED: set = set()  # those of them nobody waits for any more (Job.abandon)
_LET_GO: set = set()  # Jobs let go (Job.let_go) whose worker is not done yet
# every Job's worker until its thread is done with it, taken out on that thread (``_RUNNING``'s slot is queued to
# the GUI thread, which handles no events once the window has quit): what quitting waits for (``Job.wait_to_quit``)
_ALIVE: set = set()
# those of them whose thread has begun (``worker.started``, on that thread): a worker whose start was queued to an
# event loop that has ended holds no pool thread and never will
_BUSY: set = set()
_ALIVE_LOCK = threading.Lock()
URGENT_PRIORITY = 1000  # an urgent job's place in the pool's queue: ahead of the others (priority 0)


# said at the end of a run whose call in progress Cancel let go (``Job.let_go``): trackers, segmenters, detectors
LEFT_CALL = " Its call in progress was left to return on its own (not kept)."


def _discarder(kept: set, worker):
    """A slot for ``worker``'s own ``finished`` that takes it out of ``kept``, holding it weakly. A slot that held
    it (``lambda w=worker: ...``) made a cycle through the C++ connection, which the collector cannot see:
    every worker, with its function's arguments and its result, lived as long as the process (each frame read
    of a cube on the render worker kept its whole sequence: 80 MB more a sequence switched, without end)."""
    ref = weakref.ref(worker)

    def discard() -> None:
        kept.discard(ref())

    return discard


def _gone(worker):
    """A slot for ``worker``'s own ``finished``, run on its thread: it is out of ``_ALIVE`` (held weakly)."""
    ref = weakref.ref(worker)

    def gone() -> None:
        with _ALIVE_LOCK:
            _ALIVE.discard(ref())
            _BUSY.discard(ref())

    return gone


def _begun(worker):
    """A slot for ``worker``'s own ``started``, run on its thread: it is in ``_BUSY`` (held weakly)."""
    ref = weakref.ref(worker)

    def begun() -> None:
        with _ALIVE_LOCK:
            if ref() in _ALIVE:
                _BUSY.add(ref())

    return begun


def _job_said(worker) -> str:
    """A running worker's job in a few words: its last progress message, else its function's name."""
    ref = getattr(worker, "_workbench_job", None)
    job = ref() if ref is not None else None
    message = job.last_message if job is not None and isValid(job) else ""
    return message or str(getattr(worker, "_workbench_fn", "a pooled job"))


def _dropped(exc) -> None:
    """The ``errored`` slot of a job let go (``Job.let_go``): its error is nobody's any more."""


def later(fn, ms: int = 5, context=None) -> None:
    """Call ``fn`` on this thread in a later pass of the event loop, so that input and painting get in
    between; not at all once ``context`` (a QObject: the dock or controller it is for) is deleted. A
    real timer: Qt 6 delivers a zero-delay single shot as a posted event, handled in the same pass as
    the events posted before it (split work then ran back to back: the pruning inspector's four
    histograms, 0.13 s, with no input handled between them)."""
    from PySide6.QtCore import QTimer

    if context is None:
        QTimer.singleShot(max(1, int(ms)), fn)
    else:
        QTimer.singleShot(max(1, int(ms)), context, fn)


class _Steps:
    """The window's deferred drawing steps in one queue, run ONE a turn in the order asked for, a 1 ms timer
    between them (started again after each step, so the step after runs on a later pass of the event loop
    than this one: Qt's paint of what this step changed, and input, come between). Each dock had its own
    1 ms timers: the steps of the plots, the Timeline, the frame's legend and the opener fell due together
    and ran in one pass, and Qt painted every view they changed in one go (3-6 repaints of 10-90 ms under
    load in one stall of a sequence opening with 25 saved runs)."""

    def __init__(self):
        from collections import deque

        from PySide6.QtCore import QTimer

        self.queue: deque = deque()  # (fn, context or None)
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self.run_one)
        self.running = False  # a step runs now: the timer is started when it ends (``run_one``)

    def add(self, fn, context) -> None:
        self.queue.append((fn, context))
        if not self.running and not self.timer.isActive():
            self.timer.start()

    def run_one(self) -> None:
        """The first step whose context still exists (the others dropped), then the timer again for the rest,
        started once the step is done (started before it, it was due when the step ended, and could run the
        next step in the pass that paints this one's), and also when the step raises."""
        self.running = True
        try:
            while self.queue:
                fn, context = self.queue.popleft()
                if context is None or isValid(context):
                    fn()
                    return
        finally:
            self.running = False
            if self.queue:
                self.timer.start()


_STEPS: _Steps | None = None


def step_later(fn, context=None) -> None:
    """Call ``fn`` on a later event-loop turn as one step of the window's deferred drawing: the steps asked for
    (by any dock) run one a turn, in order, Qt's paint and input between them (``_Steps``); not at all once
    ``context`` (the dock or controller it is for) is deleted. GUI thread only."""
    global _STEPS
    if _STEPS is None or not isValid(_STEPS.timer):
        _STEPS = _Steps()
    _STEPS.add(fn, context)


def steps_pending() -> int:
    """How many deferred steps (``step_later``) wait for their turn."""
    return len(_STEPS.queue) if _STEPS is not None else 0


def describe(exc: BaseException) -> str:
    """A worker's exception as one line for the status bar: our own errors as they are, anything else
    with its type and where it was raised (a plugin's bug is found from the message alone). An exception a plugin's
    method raised (``methods.MethodRaised``) already says its type, the call, the frame and the plugin's own line."""
    if isinstance(exc, (WorkbenchError, MethodError)):
        return str(exc)
    tb = traceback.extract_tb(exc.__traceback__)
    where = f" (in {Path(tb[-1].filename).name}:{tb[-1].lineno})" if tb else ""
    return f"{type(exc).__name__}: {exc}{where}"


def describe_at(path, exc: BaseException) -> str:
    """A failed write of ``path`` as one line: the path once (our own errors already start with it)."""
    text = str(exc)
    return text if isinstance(exc, WorkbenchError) or text.startswith(str(path)) else f"{path}: {text}"


def _runtime_errors_raised(fn):
    """A generator job's ``fn`` whose RuntimeError (NotImplementedError, RecursionError too) is raised as a
    WorkbenchError: superqt's GeneratorWorker returns a RuntimeError raised in the generator instead of raising it,
    and then emits neither ``errored`` nor ``finished``: the job stayed running for good (a run's save held the
    window "saving" and every close waited): one rule for every generator job, no job catching it itself."""

    @functools.wraps(fn)
    def gen(*args, **kwargs):
        try:
            return (yield from fn(*args, **kwargs))
        except RuntimeError as exc:
            raise WorkbenchError(f"{type(exc).__name__}: {exc}") from exc

    return gen


class Job(QObject):
    """One background job at a time. All signals are emitted on the GUI thread."""

    progress = Signal(float, str)  # from the job's ctx.progress(fraction, message)
    yielded = Signal(object)  # each item of a generator job
    returned = Signal(object)  # the function's (or generator's) return value
    errored = Signal(object)  # the exception (``describe`` turns it into a message)
    finished = Signal()  # always, last; ``running`` is already False
    # ctx.progress is called on the worker thread: a queued hop to this object's thread
    _progress_relay = Signal(float, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.worker = None
        self.ctx: JobContext | None = None
        self.last_message = ""  # the last progress message: what the job is doing (the window's close names it)
        self._waiting = None  # the local loop ``run_and_wait`` runs (quit when the job is let go)
        self._progress_relay.connect(self._on_progress)

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self, fn, *args, pass_context: bool = False, urgent: bool = False, **kwargs) -> JobContext:
        """Run ``fn(*args, **kwargs)`` on the pool; with ``pass_context`` it also gets ``ctx=`` (the
        fresh JobContext that ``cancel`` and ``progress`` use). Returns that context. ``urgent``: what
        the user waits for (a sequence being read for opening) starts now even when every pool thread is
        busy (the pool has one thread a core: on two, a dataset's listing and its scoring made an
        open wait for one of them), the pool one thread larger while it runs."""
        if self.worker is not None:
            raise RuntimeError("a job is already running")
        self.last_message = ""
        self.ctx = JobContext(self._relay_progress)
        if pass_context:
            kwargs["ctx"] = self.ctx
        name = getattr(fn, "__qualname__", None) or repr(fn)
        if inspect.isgeneratorfunction(fn):
            fn = _runtime_errors_raised(fn)
        # errors come through ``errored`` (ours); superqt's default re-raise on the GUI thread would
        # also send every handled error, and every Cancel, to the window's excepthook dialog
        worker = create_worker(fn, *args, _start_thread=False, _ignore_errors=True, **kwargs)
        if hasattr(worker, "yielded"):
            worker.yielded.connect(self._on_yielded)
        worker.returned.connect(self._on_returned)
        worker.errored.connect(self._on_errored)
        worker.finished.connect(self._on_finished)
        # the worker object lives until its thread is done, even when this Job (and its reference) is
        # deleted first: it emits its last signals itself ("Signal source has been deleted" otherwise)
        _RUNNING.add(worker)
        worker.finished.connect(_discarder(_RUNNING, worker))
        with _ALIVE_LOCK:
            _ALIVE.add(worker)
        worker.finished.connect(_gone(worker), Qt.ConnectionType.DirectConnection)
        worker.started.connect(_begun(worker), Qt.ConnectionType.DirectConnection)
        worker._workbench_job = weakref.ref(self)  # what quitting names while it waits for it (``wait_to_quit``)
        worker._workbench_fn = name
        self.worker = worker
        if urgent:
            self._start_urgent(worker)
        else:
            worker.start()
        return self.ctx

    def _relay_progress(self, fraction: float, message: str) -> None:
        """``ctx.progress`` on the worker thread: a queued hop to the GUI thread, and nothing once this Job
        is deleted (its window closed while a panel's training went on: the emit raised "Signal source has
        been deleted" inside the training, which ended with a traceback at exit)."""
        if not isValid(self):
            return
        try:
            self._progress_relay.emit(fraction, message)
        except RuntimeError:  # deleted between the check and the emit
            pass

    @staticmethod
    def cancel_all_under(owner: QObject) -> int:
        """Ask every running Job among ``owner``'s QObject descendants to stop at its next ``ctx.check()``
        (a closing window: its plugin panels' trainings, its inspectors' work, which no controller owns).
        Returns how many were running."""
        jobs = [job for job in owner.findChildren(Job) if job.running]
        for job in jobs:
            job.cancel()
        return len(jobs)

    @staticmethod
    def _start_urgent(worker) -> None:
        """Queue ``worker`` ahead of every job waiting for a pool thread, now (superqt's ``start`` queues
        it a timer tick later, at the back), then grow the pool by one thread if it is full: the new
        thread takes the queue's head, this worker (grown first, the new thread took a job already
        waiting and this one queued behind the others). One thread less once it is done."""
        pool = QThreadPool.globalInstance()
        full = pool.activeThreadCount() >= pool.maxThreadCount()
        cls = type(worker)
        if not (hasattr(cls, "_worker_set") and hasattr(cls, "_set_discard") and hasattr(worker, "_finished")):
            # superqt's internals (pinned >= 0.6, not frozen) moved: its own start, then one thread more
            if full:
                worker.finished.connect(lambda: pool.setMaxThreadCount(max(1, pool.maxThreadCount() - 1)))
            worker.start()
            if full:
                pool.setMaxThreadCount(pool.maxThreadCount() + 1)
            return
        cls._worker_set.add(worker)  # what superqt's ``start`` does besides queueing
        worker._finished.connect(cls._set_discard)
        if full:  # connected before it can start: a job done at once still gives its thread back
            worker.finished.connect(lambda: pool.setMaxThreadCount(max(1, pool.maxThreadCount() - 1)))
        pool.start(worker, URGENT_PRIORITY)
        if full:
            pool.setMaxThreadCount(pool.maxThreadCount() + 1)

    def abandon(self) -> None:
        """Nobody waits for this job any more (a reader given up with Esc, perhaps hung on a dead network
        disk): quitting waits for it only briefly (``any_abandoned``). Its worker's signals object is held by
        the application until the worker is done (``_on_finished``): a call that returns while the process
        quits emits on it after the window's teardown, and owned by Python it was deleted first with every
        other QObject Python owns (superqt's "RuntimeWarning: RuntimeError in aborted thread: Signal source
        has been deleted" printed at exit)."""
        worker = self.worker
        if worker is not None:
            _ABANDONED.add(worker)
            worker.finished.connect(_discarder(_ABANDONED, worker))
            signals, app = getattr(worker, "signals", None), QCoreApplication.instance()
            if (isinstance(signals, QObject) and isValid(signals) and app is not None and signals.parent() is None
                    and signals.thread() == app.thread()):
                signals.setParent(app)

    # how long Cancel waits for a job's call in progress before the window lets it go (``let_go_later``): a slow
    # plugin's call (30 s a frame) cannot be stopped midway, and no thread is killed
    LET_GO_MS = 1000

    def let_go_later(self, then, ms: int | None = None, context: QObject | None = None) -> None:
        """Cancel was asked of this running job: if it still runs ``ms`` (``LET_GO_MS``) from now, in the same
        start (a call in progress that has not returned: a tracker's, a segmenter's or a detector's frame), it
        is let go (``let_go``) and ``then()`` is called, on the GUI thread; its owner then takes a fresh Job for
        its next run (this one stays ``running`` until its call returns). Not at all once ``context`` (the
        owner) is deleted. What the job said before then and the GUI thread has not taken yet (its events queued
        in the same pass as this timer: a tracker's frames, its end, the next tracker's start) is taken first, not
        dropped with its signals; its end among them, it is not let go."""
        ctx = self.ctx

        def check() -> None:
            if isValid(self) and self.running and self.ctx is ctx and self not in _LET_GO:
                QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
            if isValid(self) and self.running and self.ctx is ctx and self not in _LET_GO:
                self.let_go()
                then()

        later(check, self.LET_GO_MS if ms is None else ms, self if context is None else context)

    def let_go(self) -> None:
        """Nobody takes this job's results any more: every slot connected to its signals is disconnected (what
        it yields, returns or raises, and its end, are dropped; an error is not raised on the GUI thread
        either), quitting waits for it only briefly (``abandon``), and the Job deletes itself once its
        worker is done. The call in progress returns on its own, on its worker."""
        for signal in (self.progress, self.yielded, self.returned, self.errored, self.finished):
            if self.isSignalConnected(QMetaMethod.fromSignal(signal)):
                signal.disconnect()
        self.errored.connect(_dropped)
        self.abort()  # a generator job yields nothing more once its call returns (its end is nobody's)
        self.abandon()
        _LET_GO.add(self)  # held until its worker is done (its owner holds a fresh Job by then)
        self.finished.connect(_discarder(_LET_GO, self))
        self.finished.connect(self.deleteLater)
        if self._waiting is not None:  # ``run_and_wait`` returns (raises ``Cancelled``) without its end
            self._waiting.quit()

    @staticmethod
    def any_abandoned() -> bool:
        """A job given up (``abandon``) is still running."""
        return bool(_ABANDONED)

    def run_and_wait(self, fn, *args, **kwargs):
        """``start(fn, ...)`` and handle this thread's events in a local loop until the job ends (the
        window repaints and stays responsive; callers keep the window busy meanwhile). Returns ``fn``'s
        result; raises its exception, or ``Cancelled`` when no result came: the job was let go (``let_go``) before
        it ended, or the application quit meanwhile (``QCoreApplication.exit`` ends every event loop, this one too,
        and the job runs on: its result is nobody's). The job's own end is taken first when it has come already
        (queued to this thread in the loop's last pass), not lost."""
        from PySide6.QtCore import QEventLoop

        result: dict = {}
        loop = QEventLoop()
        slots = [(self.returned, lambda r: result.__setitem__("ok", r)),
                 (self.errored, lambda exc: result.__setitem__("error", exc)),
                 (self.finished, loop.quit)]
        for signal, slot in slots:
            signal.connect(slot)
        try:
            self.start(fn, *args, **kwargs)
            if self.running:
                self._waiting = loop
                loop.exec()
                if self.running and self not in _LET_GO:  # the loop ended before the job (the application quits)
                    QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)  # what it said already: taken
        finally:
            self._waiting = None
            if self not in _LET_GO:  # (a job let go has no slots left)
                for signal, slot in slots:
                    signal.disconnect(slot)
        if self in _LET_GO:
            raise Cancelled("let go: its call in progress returns on its own, its result dropped")
        if "error" in result:
            raise result["error"]
        if "ok" not in result:  # (a None returned is a result: ``returned`` came with it)
            raise Cancelled("the application quit before the job ended: it runs on, its result dropped")
        return result["ok"]

    def cancel(self) -> None:
        if self.ctx is not None:
            self.ctx.cancel()

    def abort(self) -> None:
        if self.worker is not None and hasattr(self.worker, "quit"):
            self.worker.quit()

    @staticmethod
    def wait_all(timeout_ms: int = 10000) -> bool:
        """Block until every pooled worker is done (tests, teardown)."""
        return QThreadPool.globalInstance().waitForDone(timeout_ms)

    # the most quitting waits for the jobs nobody gave up (``wait_to_quit``): then those still running count as given
    # up and the process's own entry ends it without them (a job that never looks at Cancel, on a hung network disk)
    QUIT_LIMIT_MS = 10 * 60 * 1000

    @staticmethod
    def wait_to_quit(wait_ms: int = 60000, given_up_ms: int = 1000) -> bool:
        """Quitting, once the window has gone: block until every job nobody gave up is done (a run's maps being
        written, the start-up imports, a cancelled training between two epochs), up to ``QUIT_LIMIT_MS``: past
        ``wait_ms`` the jobs it waits for are said on stderr (their last messages), once; past the limit those
        still running are said again and count as given up. Then ``given_up_ms`` at most for the jobs given up
        (``abandon``: a plugin's call let go after Cancel, a reader on a hung disk, a ``LatestJob`` dropped),
        which may take minutes and whose results nobody takes. True when no pooled worker runs any more; False
        when only given-up ones still do: Qt's teardown and the interpreter's would wait for them (the process
        stayed until a let-go 30 s call returned), so the process's own entry ends it without them
        (``app.end_process``). A job started in the event loop's last pass (superqt queues the start to the
        loop, which has ended) never runs and holds no pool thread: it is not waited for."""
        pool = QThreadPool.globalInstance()
        with _ALIVE_LOCK:
            given_up = sum(1 for w in _ALIVE if w in _ABANDONED)
        if given_up:  # the threads they hold do not keep a job queued behind them (a run's save) from starting
            pool.setMaxThreadCount(pool.maxThreadCount() + given_up)
        start = time.monotonic()
        end = start + max(0, wait_ms) / 1000
        limit = start + max(0, Job.QUIT_LIMIT_MS) / 1000
        said = False
        while True:
            # every busy pool thread is waited for but those of given-up jobs (a thread goes on from a job done to
            # the next one queued without going idle); a start queued to the ended loop holds none
            with _ALIVE_LOCK:
                busy_given_up = sum(1 for w in _BUSY if w in _ABANDONED)
                waited = [w for w in _BUSY if w not in _ABANDONED]
            if pool.activeThreadCount() <= busy_given_up:
                break
            if not said and time.monotonic() >= end:
                said = True
                names = "; ".join(_job_said(w) for w in waited) or "a pooled job"
                print(f"workbench: quitting waits for what is still running: {names}", file=sys.stderr, flush=True)
            if time.monotonic() >= limit:
                names = "; ".join(_job_said(w) for w in waited) or "a pooled job"
                ms = Job.QUIT_LIMIT_MS
                took = f"{ms / 60000:g} min" if ms >= 60000 else f"{ms / 1000:g} s"
                print(f"workbench: quitting gave up after {took} on what still runs (ended with the process, its "
                      f"result lost): {names}", file=sys.stderr, flush=True)
                break
            time.sleep(0.01)
        return pool.waitForDone(max(0, int(given_up_ms)))

    # a job whose owner (a dock, a window) was deleted while its worker ran: the worker's last signals
    # find no Job to relay them ("Signal source has been deleted" at exit), and are dropped
    def _on_progress(self, fraction: float, message: str) -> None:
        if isValid(self):
            self.last_message = message
            self.progress.emit(fraction, message)

    def _on_yielded(self, value) -> None:
        if isValid(self):
            self.yielded.emit(value)

    def _on_returned(self, value) -> None:
        if isValid(self):
            self.returned.emit(value)

    def _on_errored(self, exc) -> None:
        if not isValid(self):
            return
        if self.isSignalConnected(QMetaMethod.fromSignal(self.errored)):
            self.errored.emit(exc)
        elif not isinstance(exc, Cancelled):  # nobody handles it: raised here, the excepthook reports it
            raise exc

    def _on_finished(self) -> None:
        if not isValid(self):
            return
        # a job abandoned after its worker had emitted ``finished`` (still on its way here): the slot ``abandon``
        # connected came too late for that emit, and the worker stayed "abandoned" for good (quitting then waited
        # only briefly for every other job, a run's save among them)
        _ABANDONED.discard(self.worker)
        signals = getattr(self.worker, "signals", None)
        if isinstance(signals, QObject) and isValid(signals) and signals.parent() is not None:
            signals.setParent(None)  # held by the application since ``abandon``: Python's again, deleted with it
        self.worker = None
        self.finished.emit()


class LatestJob(QObject):
    """Work asked for again and again of which only the latest request counts (a dataset's Results column
    listed, a sequence's saved maps read, a saved run read back): ``start`` supersedes every earlier
    request, which is told to stop (``Job.cancel``, and ``Job.abort`` for a generator), whose signals
    never come through and which quitting waits for only briefly (given up: ``Job.abandon``); the latest
    request's ``progress``, ``yielded``, ``returned`` or ``errored`` do, then its ``finished`` (``pending`` is
    already False). Whether a result is still wanted for other reasons (another dataset open since) stays the
    caller's check. ``drop`` supersedes with nothing; ``cancel``
    asks the latest request to stop and lets its end through (a ``Cancelled`` as ``errored``), as
    ``Job.cancel`` does. An error of the latest request with no ``errored`` slot is raised on the GUI
    thread, as ``Job``'s are; a superseded request's errors are dropped with the rest of it."""

    progress = Signal(float, str)
    yielded = Signal(object)
    returned = Signal(object)
    errored = Signal(object)
    finished = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._job: Job | None = None
        self._asked: tuple | None = None  # (when, fn, args, kwargs): ``start_later``'s request, not started yet

    @property
    def pending(self) -> bool:
        """The latest request is still running, or asked for on the next turn (False once it ended or was
        dropped)."""
        return self._job is not None or self._asked is not None

    def start_later(self, fn, *args, when=None, **kwargs) -> None:
        """``start(fn, *args, **kwargs)`` on the next event-loop turn, as the latest request (every earlier one
        dropped now): work asked for while the GUI thread still switches the window (a sequence opening)
        competed with it for the interpreter lock and made that turn 1.5-2.5x as long. ``when``: a check at
        that turn (e.g. the sequence asked for is still open); False drops the request. ``start_now`` starts
        it at once (a run started meanwhile queues it first), ``drop`` forgets it."""
        self.drop()
        self._asked = (when, fn, args, kwargs)
        later(self.start_now, 1, self)

    def start_now(self) -> None:
        """The request ``start_later`` asked for, started now unless started, dropped or refused by its
        ``when`` since."""
        asked, self._asked = self._asked, None
        if asked is not None:
            when, fn, args, kwargs = asked
            if when is None or when():
                self.start(fn, *args, **kwargs)

    def start(self, fn, *args, **kwargs) -> Job:
        """``Job.start(fn, *args, **kwargs)`` as the latest request, every earlier one dropped (``drop``).
        Returns its Job (a caller that waits for it connects to its ``finished``)."""
        self.drop()
        job = self._job = Job(self)
        job.progress.connect(lambda fraction, message, j=job: self._relay(j, self.progress, fraction, message))
        job.yielded.connect(lambda value, j=job: self._relay(j, self.yielded, value))
        job.returned.connect(lambda value, j=job: self._relay(j, self.returned, value))
        job.errored.connect(lambda exc, j=job: self._on_errored(j, exc))
        job.finished.connect(lambda j=job: self._on_finished(j))
        job.start(fn, *args, **kwargs)
        return job

    def drop(self) -> None:
        """No request is wanted any more: the latest is told to stop and nothing more of it comes through. Nobody
        takes its result: it is given up (``Job.abandon``), and quitting waits for it only briefly (a dataset's
        listing on a hung network disk, which never looks at Cancel, kept the closed window's process running)."""
        self._asked = None
        job, self._job = self._job, None
        if job is not None:
            job.cancel()
            job.abort()
            job.abandon()

    def cancel(self) -> None:
        """The latest request stops at its next ``ctx.check()``; its end still comes through."""
        if self._job is not None:
            self._job.cancel()

    def _relay(self, job: Job, signal, *values) -> None:
        if job is self._job and isValid(self):
            signal.emit(*values)

    def _on_errored(self, job: Job, exc) -> None:
        if job is not self._job or not isValid(self):
            return
        if self.isSignalConnected(QMetaMethod.fromSignal(self.errored)):
            self.errored.emit(exc)
        elif not isinstance(exc, Cancelled):
            raise exc

    def _on_finished(self, job: Job) -> None:
        job.deleteLater()
        if job is not self._job or not isValid(self):
            return
        self._job = None
        self.finished.emit()
