"""Errors a user can act on: they name the file (and line) and what is wrong.

The CLI prints these without a traceback and exits non-zero; the GUI shows them in a message box.
Anything else escaping is a bug in the workbench, not in the user's data.
"""
from __future__ import annotations

import warnings
from pathlib import Path

MAX_MESSAGE = 199  # one line a user reads at a glance; longer means someone pasted data into it


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` on one line, clipped with an ellipsis: third-party messages and bad tokens can be
    kilobytes long or span lines, and the user needs the file and the problem, not the payload."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


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
        # the file name is what the user acts on: clip the problem, never the path
        problem = one_line(problem, max(120, MAX_MESSAGE - len(where) - 2))
        self.problem = problem
        super().__init__(f"{where}: {problem}" if where else problem)


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


class DataWarning(UserWarning):
    """Data that was read but is suspect (a frame repaired, a decoder's complaint): the message names
    the file (and frame); the CLI prints it on one line, the window shows it in its log."""


def warn_data(message: str) -> None:
    warnings.warn(one_line(message), DataWarning, stacklevel=3)


class PluginError(WorkbenchError):
    """A plugin that cannot be found, loaded or configured."""


class Cancelled(Exception):
    """Raised inside a job when its cancellation token is set; the job's partial results stay valid."""
