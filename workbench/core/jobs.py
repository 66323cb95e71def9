"""Cancellable work with progress reporting, the same code path for the GUI and the CLI.

A job is a function ``fn(ctx, *args)`` that calls ``ctx.progress(fraction, message)`` now and then
and ``ctx.check()`` between units of work. The GUI runs it on a worker thread and wires ``progress``
to a bar and Cancel to ``ctx.cancel()``; the CLI runs it in the foreground with a text bar.
"""
from __future__ import annotations

import sys
import threading
import time
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


def run_job(fn: Callable, *args, progress: ProgressFn | None = None, token: CancelToken | None = None, **kw):
    """Run a job in the foreground; returns what ``fn`` returns (raises Cancelled if cancelled)."""
    ctx = JobContext(progress, token)
    return fn(ctx, *args, **kw)
