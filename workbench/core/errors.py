"""Errors a user can act on: they name the file (and line) and what is wrong.

The CLI prints these without a traceback and exits non-zero; the GUI shows them in a message box.
Anything else escaping is a bug in the workbench, not in the user's data.
"""
from __future__ import annotations

import warnings
from contextlib import contextmanager
from pathlib import Path

MAX_MESSAGE = 199  # one line a user reads at a glance; longer means someone pasted data into it


def one_line(text: str, limit: int = MAX_MESSAGE, paths=()) -> str:
    """``text`` on one line, clipped with an ellipsis: third-party messages and bad tokens can be
    kilobytes long or span lines, and the user needs the file and the problem, not the payload.

    ``limit`` counts what the message says, not where the user keeps the files: where one of ``paths``
    (folders) occurs in the text, its characters are not counted. A deep folder used to take the
    explanation's room ("…/SIRST/trainval: no image with a mask found: no mask for 2 of 2 …", cut)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    marked = bytearray(len(text))  # 1 where a folder's characters are
    for p in sorted({" ".join(str(p).split()) for p in paths if p}, key=len, reverse=True):
        start = text.find(p)
        while start >= 0:
            marked[start:start + len(p)] = b"\x01" * len(p)
            start = text.find(p, start + len(p))
    own = 0
    for i, m in enumerate(marked):
        own += 1 - m
        if own > limit:  # clipped: limit - 1 of its own characters and the ellipsis
            return text[:i - 1].rstrip() + "…" if i > 0 else "…"
    return text


class WorkbenchError(Exception):
    """Base for errors caused by the user's input, not by a bug."""


class DataError(WorkbenchError):
    """A file or folder that cannot be read as what it claims to be."""

    def __init__(self, path: str | Path | None, problem: str, line: int | None = None):
        self.path = None if path is None else Path(path)
        self.problem = problem
        self.line = line
        where = "" if path is None else str(path)
        if line is not None:
            where += f", line {line}"
        # the file name is what the user acts on: clip the problem, never the path. The folder the file
        # lies in is not counted (also where the problem repeats it): a deep folder must not cut the problem
        folder = "" if path is None or str(self.path.parent) in ("", ".") else str(self.path.parent)
        named = len(where) - len(folder) if where.startswith(folder) else len(where)
        problem = one_line(problem, max(120, MAX_MESSAGE - named - 2), paths=(folder,))
        self.problem = problem
        super().__init__(f"{where}: {problem}" if where else problem)

    def __reduce__(self):  # pickled by its own arguments (a search's child process sends it to the window),
        # with what was added after it was made: a hint in ``args`` (``checkpoints.with_hint``), ``frame``
        return type(self), (self.path, self.problem, self.line), {**self.__dict__, "args": self.args}


def os_error_line(exc: OSError) -> str:
    """One line for a file-system error (a folder that cannot be written, a file where a folder should
    be, a full disk): the path first, then what the system said."""
    where = exc.filename if exc.filename is not None else ""
    if exc.filename2 is not None:
        where = f"{where} -> {exc.filename2}"
    what = exc.strerror or exc.__class__.__name__
    if isinstance(exc, FileExistsError) and exc.filename is not None and not Path(exc.filename).is_dir():
        what = "a file is in the way: a folder is needed here"
    elif isinstance(exc, NotADirectoryError):
        what = "a part of this path is a file, not a folder"
    return one_line(f"{where}: {what}" if where else f"{what}: {exc}")


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk is full or a file-size / quota limit was reached (ENOSPC, EFBIG, EDQUOT)."""
    import errno as _errno

    return isinstance(exc, OSError) and exc.errno in {getattr(_errno, n) for n in ("ENOSPC", "EFBIG", "EDQUOT")
                                                      if hasattr(_errno, n)}


def write_error(path: str | Path, exc: OSError, kept: str = "nothing was replaced (a file already there is as it "
                "was)", todo: str = "") -> "WorkbenchError":
    """The error for a file that could not be written: the write's own OSError names no file (a full disk:
    "File too large: [Errno 27] File too large"), so the file, what the system said, what is left and what to do.
    ``kept``: what is on disk now; ``todo``: what to do (default: ``write_advice``'s, by the error's code)."""
    what = exc.strerror or exc.__class__.__name__
    if disk_full(exc):  # the system's words (h5py's strerror is a page of its own)
        import os

        what = os.strerror(exc.errno) + ": the disk is full or a file-size limit was reached"
    # what to do by the error's code (a folder without write permission was told to "check the disk"): the one rule
    todo = todo or write_advice(exc, flag="")
    return WorkbenchError(f"{path}: could not be written ({what}); {kept}: {todo}")


def write_advice(exc: OSError | None, folder: str | Path | None = None, flag: str = "--out") -> str:
    """What to do about a folder that refused a write, by the error's code (``exc``; None: the disk full, as a
    writer that stopped short says without an error): a full disk, no write permission, a read-only disk, anything
    else. Worded for the command line and the window alike, the command's option (``flag``) in brackets ("choose
    another folder (--out)"): the window's Export video showed "give --out ...", which it has no field for.
    ``folder``: the folder refused, named where permission is missing."""
    import errno as _errno

    where = f" ({flag})" if flag else ""
    if exc is None or disk_full(exc):
        return f"free some space or choose a folder on another disk{where}"
    if exc.errno in (_errno.EACCES, _errno.EPERM):
        return f"choose a folder you may write to{where}" + (f", not {folder}" if folder else "")
    if exc.errno == _errno.EROFS:
        return f"the disk is read-only: choose a folder on another disk{where}"
    return f"check the disk and the folder, or choose another folder{where}"


class DataWarning(UserWarning):
    """Data that was read but is suspect (a frame repaired, a decoder's complaint): the message names
    the file (and frame); the CLI prints it on one line, the window shows it in its log. ``paths``: the
    folders in the message, which a reader that clips it again (``one_line``) does not count either."""

    def __init__(self, message: str = "", paths=()):
        super().__init__(message)
        self.paths = tuple(str(p) for p in paths if p)

    def __reduce__(self):
        return type(self), (str(self), self.paths)


def warn_data(message: str, paths=()) -> None:
    """``message`` as a ``DataWarning`` on one line; ``paths``: the folders in it, not counted against its length
    (``one_line``): a deep folder cut off what the warning says. The warning carries them, so that the CLI's
    one-line form does not cut it again with them counted."""
    warnings.warn(DataWarning(one_line(message, paths=paths), paths), stacklevel=3)


class CropError(WorkbenchError, ValueError):
    """A crop window no warp can take (``preprocess.crop``): a tracker's box that exploded or went NaN."""


class TrackerLost(WorkbenchError):
    """A tracker that lost its target on frame ``frame`` (its box exploded or went NaN: a ``CropError``); a run keeps
    the frames tracked before it, marked partial (``runs.run_tracker``)."""

    def __init__(self, message: str, frame: int):
        super().__init__(message)
        self.frame = frame

    def __reduce__(self):
        return type(self), (str(self), self.frame), {**self.__dict__, "args": self.args}


class PluginError(WorkbenchError):
    """A plugin that cannot be found, loaded or configured."""


class DeviceMemoryError(WorkbenchError):
    """A method's call ran out of the GPU's memory: said in one line with what to do, not as a plugin's bug."""


class Cancelled(Exception):
    """Raised inside a job when its cancellation token is set; the job's partial results stay valid."""


def stop_name(stop: BaseException | None) -> str:
    """What stopped a command: the signal's name a SIGTERM handler gave its ``KeyboardInterrupt``
    ("SIGTERM"), else "Ctrl-C"."""
    args = getattr(stop, "args", ())
    return args[0] if args and isinstance(args[0], str) else "Ctrl-C"


@contextmanager
def held_interrupts():
    """Ctrl-C / SIGTERM held while the body writes what must be written whole, then raised as they would have
    been: one epoch's files (last.pt, history.json, the weights files: an interrupt between two of them left files
    of two adjacent epochs, last.pt of epoch 5 beside a history.json and weights of epoch 4), or a call inside HDF5
    (``data.hsi_convert``: a Ctrl-C there broke the file as a failed write does). Here, beside ``stop_name``, so
    that writers of any layer use it (it was in ``training.loop``, which the data writers then imported). Off the
    main thread (``signal`` allows no handler there: the window's workers, which stop by cancelling) the body runs
    as it is."""
    import signal
    import threading

    came: list[int] = []
    old = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                old[sig] = signal.signal(sig, lambda signum, frame: came.append(signum))
            except (ValueError, OSError):
                pass
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        # said and stopped by the command's own handler, as if it came now: the first handler's exception ends the
        # command, so SIGTERM's goes first when both came (a stop by the system wins over a Ctrl-C: exit 143, not 130)
        for sig in sorted(set(came), key=lambda s: s != signal.SIGTERM):
            signal.raise_signal(sig)
