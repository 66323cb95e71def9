"""Checks of command-line options, one wording for every command.

A number a command cannot use is refused right after parsing, before anything is read or written, in
one line that names the option and the value the user typed and says what is allowed::

    --epochs 0: must be at least 1
    --lr -1: must be greater than 0
    --ratio 1: must be at least 0 and less than 1
    --crop -16: must be at least 0 (0: full frames)

A name that matches nothing (``--exclude`` / ``--fold`` / ``--saw`` names of sources or sequences)
is refused with the names it resembles (difflib) and what there is::

    --exclude seq_O1: not in the corpus (did you mean seq_01?); known sources (3): seq_01, seq_02, seq_03

Commands declare their bounds with ``at_least`` / ``greater_than`` / ``between`` and check them with
``check`` (one option) or ``check_options`` (several, in order: the first bad one is reported). Both
raise ``OptionError``, a ``WorkbenchError``: the CLI prints it as ``workbench: error: ...`` and exits 2.
"""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Iterable

from workbench.core.errors import WorkbenchError


class OptionError(WorkbenchError):
    """A command-line value a command cannot use; ``flag`` and ``value`` as the user gave them."""

    def __init__(self, flag: str, value, problem: str):
        self.flag, self.value, self.problem = flag, value, problem
        super().__init__(f"{flag} {show(value)}: {problem}" if value is not None else f"{flag}: {problem}")

    def __reduce__(self):  # pickled by its own arguments (errors cross to the window from child processes)
        return type(self), (self.flag, self.value, self.problem), {**self.__dict__, "args": self.args}


def show(value) -> str:
    """A value as the user would have typed it: ``0``, ``0.002``, ``-1``, ``a b`` for a list."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return " ".join(show(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class Bound:
    """An interval of allowed values: ``lo`` / ``hi`` (None: unbounded), each open or closed; ``note``
    says what a special value means (``0: full frames``)."""

    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    note: str = ""

    def __contains__(self, value) -> bool:
        try:
            v = float(value)
        except (TypeError, ValueError):
            return False
        if not math.isfinite(v):
            return False
        if self.lo is not None and (v <= self.lo if self.lo_open else v < self.lo):
            return False
        if self.hi is not None and (v >= self.hi if self.hi_open else v > self.hi):
            return False
        return True

    def text(self) -> str:
        """``at least 1``, ``greater than 0``, ``between 0 and 1``, ``at least 0 and less than 1`` ..."""
        lo = None if self.lo is None else (f"greater than {show(self.lo)}" if self.lo_open else f"at least {show(self.lo)}")
        hi = None if self.hi is None else (f"less than {show(self.hi)}" if self.hi_open else f"at most {show(self.hi)}")
        if lo and hi and not self.lo_open and not self.hi_open:
            return f"between {show(self.lo)} and {show(self.hi)}"
        return " and ".join(p for p in (lo, hi) if p) or "a number"

    def problem(self, value) -> str:
        """What is wrong with ``value`` ("" when it is allowed)."""
        if value in self:
            return ""
        finite = isinstance(value, (int, float)) and math.isfinite(value)
        return (f"must be {self.text()}" if finite else f"must be a finite number, {self.text()}") + \
            (f" ({self.note})" if self.note else "")

    def check(self, flag: str, value) -> None:
        """Raise ``OptionError`` naming ``flag`` and ``value`` when ``value`` is outside; None passes (an
        option not given)."""
        if value is None:
            return
        problem = self.problem(value)
        if problem:
            raise OptionError(flag, value, problem)


def at_least(n: float, note: str = "") -> Bound:
    """``n`` or more: counts (``at_least(1)``), sizes and rates where 0 means off (``at_least(0)``)."""
    return Bound(lo=n, note=note)


def greater_than(n: float, note: str = "") -> Bound:
    """Above ``n``: learning rates and other strictly positive numbers (``greater_than(0)``)."""
    return Bound(lo=n, lo_open=True, note=note)


def between(lo: float, hi: float, lo_open: bool = False, hi_open: bool = False, note: str = "") -> Bound:
    """``lo .. hi``, each end included unless ``lo_open`` / ``hi_open``: probabilities ``between(0, 1)``,
    decays and pruning ratios ``between(0, 1, hi_open=True)``."""
    return Bound(lo=lo, hi=hi, lo_open=lo_open, hi_open=hi_open, note=note)


POSITIVE = greater_than(0)
COUNT = at_least(1)
NON_NEGATIVE = at_least(0)
PROBABILITY = between(0, 1)
# every --seed: numpy refuses a negative seed and its legacy np.random.seed one of 2**32 or more, torch one of
# 2**64 or more, each with a traceback from deep inside the run; the commands add small offsets to the seed
# (a validation set's, each generated video's), so the bound leaves room for them
SEED = between(0, 2 ** 31 - 1, note="a random seed")


def threads_bound(zero: str = "0: torch's default") -> Bound:
    """--threads: 0 up to 4 x this machine's cores or 64, whichever is more. More threads than cores only slow a
    computation down, but a script written for a larger machine should still run; --threads 100000 ended the
    process with a segmentation fault inside torch, no message at all."""
    import os

    return between(0, max(64, 4 * (os.cpu_count() or 1)), note=f"{zero}; 4 x this machine's cores or 64 at most")


def check(flag: str, value, bound: Bound) -> None:
    """One option: ``check("--epochs", args.epochs, COUNT)``."""
    bound.check(flag, value)


def check_options(checks: Iterable[tuple[str, object, Bound]]) -> None:
    """``(flag, value, bound)`` triples in order; the first value outside its bound is raised."""
    for flag, value, bound in checks:
        bound.check(flag, value)


def check_args(args, bounds: dict[str, Bound]) -> None:
    """``{flag: bound}`` against an argparse namespace (the value of ``--batch-size`` is ``args.batch_size``);
    flags the namespace lacks are skipped (a parser without that option)."""
    for flag, bound in bounds.items():
        dest = flag.lstrip("-").replace("-", "_")
        if hasattr(args, dest):
            bound.check(flag, getattr(args, dest))


def close_names(name: str, available: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` names of ``available`` that look like ``name`` (difflib's ratio, case ignored), best first;
    only those nearly as close as the closest (a typo of one name, not every name of the same pattern)."""
    names = list(dict.fromkeys(available))
    lower: dict[str, list[str]] = {}
    for a in names:
        lower.setdefault(a.lower(), []).append(a)
    if name.lower() in lower:  # only the case differs: that one
        return lower[name.lower()][:n]
    scored = []
    for low in lower:
        m = difflib.SequenceMatcher(None, name.lower(), low)
        if m.real_quick_ratio() >= cutoff and m.quick_ratio() >= cutoff and m.ratio() >= cutoff:
            scored.append((m.ratio(), low))
    scored.sort(key=lambda t: (-t[0], t[1]))
    out = []
    for r, low in scored:
        if r >= scored[0][0] - 0.1:
            out += lower[low]
    return out[:n]


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def check_names(flag: str, given: Iterable[str], available: Iterable[str], where: str = "there",
                what: str = "name", listed: int = 8) -> None:
    """Refuse the names of ``given`` that are not in ``available`` (``--exclude``, ``--fold``, ``--saw``):
    one ``OptionError`` naming each unknown one with its close matches and listing what there is
    (``where``: "in the corpus", "under --data"; ``what``: what a name names, for an empty ``available``).
    A mistyped held-out name left the held-out data in training without a word."""
    have = list(dict.fromkeys(available))
    known = set(have)
    missing = [n for n in dict.fromkeys(given) if n not in known]
    if not missing:
        return
    hints = {n: close_names(n, have) for n in missing}
    if len(missing) == 1:
        close = hints[missing[0]]
        hint = f" (did you mean {_either(close)}?)" if close else ""
    else:
        hint = " (" + "; ".join(f"{n}: did you mean {_either(c)}?" if c else f"{n}: nothing close"
                                for n, c in hints.items()) + ")"
    if have:
        tail = f"; known {what}s ({len(have)}): {', '.join(sorted(have)[:listed])}{' ...' if len(have) > listed else ''}"
    else:
        tail = f"; no {what} there at all"
    raise OptionError(flag, ", ".join(missing), f"not {where}{hint}{tail}")


def add_force_arg(parser, what: str) -> None:
    """--force on a command (the CLI's and the plugins' verbs) that writes files by name: they keep files already
    there unless it is given."""
    parser.add_argument("--force", action="store_true",
                        help=f"write over {what} (default: refuse, before any work)")


def keep_existing(outputs, force: bool) -> None:
    """Refuse, before any work, to write over files already there (a user's earlier scores, plots, page, video,
    weights) unless ``force``: ``outputs`` is ``(flag, path)`` pairs; empty paths are skipped; a device or a pipe
    (``/dev/null``, ``/dev/stdout``) is written into, nothing to keep."""
    if force:
        return
    from pathlib import Path

    from workbench.core.results import is_stream

    for flag, path in outputs:
        if path and Path(path).exists() and not Path(path).is_dir() and not is_stream(path):
            raise OptionError(flag, str(path), "already there; pass --force to write over it, or give another name")


__all__ = ["Bound", "COUNT", "NON_NEGATIVE", "OptionError", "POSITIVE", "PROBABILITY", "SEED", "add_force_arg", "at_least",
           "between", "check", "check_args", "check_names", "check_options", "close_names", "greater_than",
           "keep_existing", "show"]
