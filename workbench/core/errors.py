"""Errors a user can act on: they name the file (and line) and what is wrong.

The CLI prints these without a traceback and exits non-zero; the GUI shows them in a message box.
Anything else escaping is a bug in the workbench, not in the user's data.
"""
from __future__ import annotations

from pathlib import Path


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
        super().__init__(f"{where}: {problem}" if where else problem)


class PluginError(WorkbenchError):
    """A plugin that cannot be found, loaded or configured."""


class Cancelled(Exception):
    """Raised inside a job when its cancellation token is set; the job's partial results stay valid."""
