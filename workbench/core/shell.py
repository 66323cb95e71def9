"""Commands as a shell reads them: what a run records (``"command"`` in a checkpoint, a log's first line) and what a
message suggests typing, pasted into the shell of the machine it was written on, gives the same arguments.

POSIX shells: ``shlex`` quoting (``'sirst 副本'``). Windows (cmd.exe, PowerShell): double quotes by the rules the C
runtime splits a command line with (``"sirst 副本"``, ``\\"`` inside, backslashes before a quote doubled); shlex's
single quotes were taken by cmd.exe as part of the words, so a path with a space broke in two there."""
from __future__ import annotations

import os
import re
import shlex

WINDOWS = os.name == "nt"
_PLAIN_WINDOWS = re.compile(r"[\w\-+=.,:/\\@]+")  # no space, no cmd.exe metacharacter (& | < > ^ % ( ) ! ")


def _windows_quote(arg: str) -> str:
    if _PLAIN_WINDOWS.fullmatch(arg):
        return arg
    out, slashes = ['"'], 0
    for c in arg:
        if c == "\\":
            slashes += 1
            continue
        out.append("\\" * (2 * slashes + 1) + '"' if c == '"' else "\\" * slashes + c)
        slashes = 0
    out.append("\\" * (2 * slashes) + '"')
    return "".join(out)


def quote(arg) -> str:
    """One argument (a path) as this machine's shell reads it back."""
    return _windows_quote(str(arg)) if WINDOWS else shlex.quote(str(arg))


def join(argv) -> str:
    """Arguments as one command line for this machine's shell."""
    return " ".join(quote(a) for a in argv)
