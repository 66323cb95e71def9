"""Cancellable work with progress reporting, the same code path for the GUI and the CLI.

A job is a function ``fn(ctx, *args)`` that calls ``ctx.progress(fraction, message)`` now and then
and ``ctx.check()`` between units of work. The GUI runs it on a worker thread and wires ``progress``
to a bar and Cancel to ``ctx.cancel()``; the CLI runs it in the foreground with a text bar.
"""
from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable

from workbench.core.errors import Cancelled

ProgressFn = Callable[[float, str], None]


class CancelToken:
    def __init__(self):
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


class JobContext:
    """What a running job sees: a progress sink and a cancellation token."""

    def __init__(self, progress: ProgressFn | None = None, token: CancelToken | None = None):
        self._progress = progress
        self.token = token or CancelToken()

    def progress(self, fraction: float, message: str = "") -> None:
        if self._progress is not None:
            self._progress(max(0.0, min(1.0, float(fraction))), message)

    def check(self) -> None:
        self.token.check()

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def part(self, lo: float, hi: float) -> "JobContext":
        """A context for one stage of this job: its fractions 0..1 are this job's ``lo``..``hi``; the
        same cancellation token (Cancel here stops the stage)."""
        return JobContext(lambda f, m: self.progress(lo + (hi - lo) * f, m), self.token)


class TextProgress:
    """A one-line progress bar on stderr for the CLI (redrawn at most 10 times a second)."""

    def __init__(self, label: str = "", stream=None, width: int = 30):
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self._last = 0.0
        self._t0 = time.perf_counter()
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._step = 0

    def __call__(self, fraction: float, message: str = "") -> None:
        now = time.perf_counter()
        if self._tty:
            if fraction < 1.0 and now - self._last < 0.1:
                return
        else:
            # in logs, one line per quarter (and the end) instead of a redrawn bar
            step = int(fraction * 4)
            if fraction < 1.0 and step <= self._step:
                return
            self._step = step
        self._last = now
        filled = int(round(self.width * fraction))
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if fraction >= 1.0 or not self._tty else "\r"
        self.stream.write(f"{self.label} [{bar}] {fraction * 100:5.1f}% {message}".rstrip()[:120] + end)
        self.stream.flush()


class _Span:
    """The share of a job's bar (``lo``..``hi`` of ``ctx``'s) that the loop running now reports in."""

    __slots__ = ("ctx", "lo", "hi")

    def __init__(self, ctx: JobContext, lo: float, hi: float):
        self.ctx, self.lo, self.hi = ctx, lo, hi


_AMBIENT: ContextVar[_Span | None] = ContextVar("workbench_job", default=None)


@contextmanager
def reporting(ctx: JobContext | None):
    """While the block runs, ``ctx`` is the job that loops deep inside it report to (``steps``), on
    this thread: a reader reached through a dataset's layouts and a sequence's frame source takes no
    context argument at every level. ``None``: nothing changes."""
    if ctx is None:
        yield None
        return
    token = _AMBIENT.set(_Span(ctx, 0.0, 1.0))
    try:
        yield ctx
    finally:
        _AMBIENT.reset(token)


def call_reporting(fn: Callable, *args, ctx: JobContext, **kw):
    """``fn(*args, **kw)`` inside ``reporting(ctx)`` (a worker's job: ``Job.start(..., pass_context=True)``)."""
    with reporting(ctx):
        return fn(*args, **kw)


STEP_REPORT_S = 0.1  # a loop of ``steps`` reports at most this often (it may run 20,000 items a second)


def steps(items, what: str):
    """``items`` (a sized collection), one by one. Inside ``reporting(ctx)``: ``ctx``'s Cancel is checked
    before each item (``Cancelled`` raised there), the progress ("<what> k / n") is reported at most
    every ``STEP_REPORT_S``, and a ``steps`` loop inside one item reports within that item's share of
    the bar. Elsewhere (the CLI, a call on the GUI thread) the items as they are, at no cost."""
    span = _AMBIENT.get()
    if span is None:
        return items
    return _stepped(span, items, what)


def _stepped(outer: _Span, items, what: str):
    if not hasattr(items, "__len__"):
        items = list(items)
    ctx, n = outer.ctx, len(items)
    width = (outer.hi - outer.lo) / max(1, n)
    inner = _Span(ctx, outer.lo, outer.lo)
    token = _AMBIENT.set(inner)
    last = -STEP_REPORT_S
    try:
        for k, item in enumerate(items):
            ctx.check()
            lo = outer.lo + k * width
            now = time.perf_counter()
            if now - last >= STEP_REPORT_S:
                last = now
                ctx.progress(lo, f"{what} {k + 1} / {n}")
            inner.lo, inner.hi = lo, lo + width
            yield item
    finally:
        # a loop left by an exception is closed only when its traceback goes, perhaps after the
        # ``reporting`` block has ended: then the job is not brought back for this thread's next work
        if _AMBIENT.get() is inner:
            try:
                _AMBIENT.reset(token)
            except ValueError:  # closed from another context
                pass


def run_job(fn: Callable, *args, progress: ProgressFn | None = None, token: CancelToken | None = None, **kw):
    """Run a job in the foreground; returns what ``fn`` returns (raises Cancelled if cancelled)."""
    ctx = JobContext(progress, token)
    return fn(ctx, *args, **kw)


class _EventToken(CancelToken):
    """A cancellation token backed by a ``multiprocessing`` event (a job in a child process)."""

    def __init__(self, event):
        self._event = event


def _child_main(fn, args, kwargs, queue, cancel, threads):
    """The child process of ``in_process``: run the generator, send what it yields, its progress, its
    return value or its exception, and ``None`` last."""
    import pickle

    if threads:
        try:
            import torch

            torch.set_num_threads(int(threads))
        except ImportError:
            pass
    ctx = JobContext(lambda f, m: queue.put(("progress", (f, m))), _EventToken(cancel))
    try:
        gen = fn(*args, ctx=ctx, **kwargs)
        while True:
            try:
                item = next(gen)
            except StopIteration as stop:
                queue.put(("return", stop.value))
                break
            queue.put(("item", item))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        from workbench.core.methods import sendable

        exc = sendable(exc)  # a method's bug with its RaisedCause, no plugin class in it (also under tblib)
        try:  # read back here too: a class whose __init__ wants other arguments than its args pickles, and
            pickle.loads(pickle.dumps(exc))  # then failed in the parent's queue with a TypeError of its own
        except Exception:  # noqa: BLE001 - an exception that does not pickle travels as its text
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        queue.put(("error", exc))
    finally:
        queue.put(None)
        queue.close()
        queue.join_thread()


def in_process(fn, *args, ctx: JobContext | None = None, threads: int | None = None, **kwargs):
    """Run the generator function ``fn(*args, ctx=..., **kwargs)`` in a child process and yield what it
    yields here; its ``ctx.progress`` reaches ``ctx``, ``ctx.cancel()`` here reaches its ``ctx``, its
    return value is this generator's, its exception is raised here. ``fn`` and the arguments must
    pickle (a module-level function; ``spawn``: the child imports only ``fn``'s module). ``threads``:
    torch's intra-op threads in the child.

    For long computations started from the window (the NAS search): on a worker thread they share the
    interpreter lock with the GUI thread, and a C call that holds it (a worker's numpy or torch call)
    held the GUI thread too, 0.11-0.15 s at a time in 3 of 10 runs of the NAS search journey. The
    child has its own interpreter; the waiting thread here only blocks on a queue."""
    import multiprocessing as mp
    import queue as queue_mod

    ctx = ctx or JobContext()
    mpc = mp.get_context("spawn")
    q = mpc.Queue(maxsize=256)
    cancel = mpc.Event()
    proc = mpc.Process(target=_child_main, args=(fn, args, kwargs, q, cancel, threads), daemon=True,
                       name=f"workbench-{getattr(fn, '__name__', 'job')}")
    proc.start()
    try:
        while True:
            if ctx.cancelled:
                cancel.set()
            try:
                msg = q.get(timeout=0.1)
            except queue_mod.Empty:
                if not proc.is_alive():
                    raise RuntimeError(f"the job's process ended without a result (exit code {proc.exitcode})")
                continue
            if msg is None:
                return None
            kind, payload = msg
            if kind == "item":
                yield payload
            elif kind == "progress":
                ctx.progress(*payload)
            elif kind == "return":
                return payload
            elif kind == "error":
                raise payload
    finally:
        cancel.set()  # a consumer that stopped early (or failed) stops the child too
        # the child ends only once what it queued is read (a child blocked in a full queue never sees
        # the cancel): drain while it winds down, then stop it if it does not
        deadline = time.monotonic() + 10
        while proc.is_alive() and time.monotonic() < deadline:
            try:
                q.get(timeout=0.05)
            except queue_mod.Empty:
                pass
        if proc.is_alive():
            proc.terminate()
        proc.join(5)
        q.close()
