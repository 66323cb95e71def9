"""Two threads importing ``workbench.core.training`` modules at once both succeed.

At the window's start the warm-up worker, a panel's import and a run's model loading can each import a
module of ``workbench.core.training`` first. The package's ``__init__`` imported ``checkpoints`` and ``loop``,
so a thread importing ``training.loop`` held that module's import lock while it waited for the package's, and
the thread running the package's ``__init__`` waited for ``training.loop``'s: Python broke the tie by failing
one import (``deadlock detected by _ModuleLock``, or a partially initialised ``training.loop`` without
``FitResult``) and removing the package another thread was importing under (KeyError).

The interleaving is forced, not hoped for: in a fresh interpreter, thread B starts its import and is held
(by a finder placed first on ``sys.meta_path``) while it owns the package's import lock; thread A then starts
its own import and, once A waits for that lock, B goes on. Each pair is run in a fresh import of the package.
"""
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

SCRIPT = r'''
import importlib.machinery, sys, threading, time

PKG = "workbench.core.training"
PAIRS = [  # (B: holds the package's import lock first, A: starts while B holds it)
    ("from workbench.core.training import fit", "from workbench.core.training.loop import HeldLog"),
    ("from workbench.core.training.checkpoints import load_weights", "from workbench.core.training.loop import FitResult"),
    ("from workbench.core.training.earlier_run import other_run", "from workbench.core.training.checkpoints import load_weights"),
    ("from workbench.core.training.loop import FitResult", "from workbench.core.training.checkpoints import load_weights"),
]
bootstrap = sys.modules["_frozen_importlib"]
if not hasattr(bootstrap, "_blocking_on"):
    print("unforceable: this Python keeps no _blocking_on")
    sys.exit(0)


def waiting_for_package(tid):
    """Thread ``tid`` is blocked on the package's import lock (the interpreter's own bookkeeping)."""
    entry = getattr(bootstrap, "_blocking_on", {}).get(tid)
    locks = entry if isinstance(entry, list) else [entry]  # a list of locks from Python 3.12
    return any(getattr(lock, "name", None) == PKG for lock in locks)


class HoldPackage:
    """Finder placed first: the package's first import (its thread holds the package's import lock then, and the
    package is not in sys.modules yet) waits in its loader's create_module until told to go on. Not in find_spec:
    Python holds its global import lock there, which every other import waits for."""
    def __init__(self):
        self.held, self.go, self.used = threading.Event(), threading.Event(), False

    def find_spec(self, name, path=None, target=None):
        if name != PKG or self.used:
            return None
        self.used = True
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        spec.loader = Holding(spec.loader, self)
        return spec


class Holding:
    def __init__(self, real, hold):
        self.real, self.hold = real, hold

    def create_module(self, spec):
        self.hold.held.set()
        self.hold.go.wait(10)
        return None

    def exec_module(self, module):
        self.real.exec_module(module)


import workbench.core.errors, workbench.core.jobs, workbench.core.results  # noqa: E401 - the loop's own imports, out of the way
for b_stmt, a_stmt in PAIRS:
    for name in [m for m in sys.modules if m == PKG or m.startswith(PKG + ".")]:
        del sys.modules[name]
    hold = HoldPackage()
    sys.meta_path.insert(0, hold)
    errors = []

    def run(stmt):
        try:
            exec(stmt, {})
        except BaseException as exc:
            errors.append(f"{stmt}: {type(exc).__name__}: {str(exc).split(' at ')[0]}")

    b = threading.Thread(target=run, args=(b_stmt,))
    b.start()
    hold.held.wait(10)
    a = threading.Thread(target=run, args=(a_stmt,))
    a.start()
    end = time.monotonic() + 3
    while a.is_alive() and not waiting_for_package(a.ident) and time.monotonic() < end:
        time.sleep(0.001)
    forced = waiting_for_package(a.ident)
    hold.go.set()
    b.join(20)
    a.join(20)
    sys.meta_path.remove(hold)
    print("; ".join(errors) if errors else "ok" if forced else "unforced: A never waited for the package's lock", flush=True)
'''


def test_two_threads_importing_training_modules_at_once_both_succeed():
    p = subprocess.run([sys.executable, "-c", SCRIPT], cwd=str(REPO), capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr[-2000:]
    lines = p.stdout.splitlines()
    if lines and lines[0].startswith("unforceable"):
        pytest.skip(lines[0])
    assert len(lines) == 4, p.stdout + p.stderr[-2000:]
    assert lines == ["ok"] * 4, "\n".join(lines)


def test_package_names_still_resolve_and_unknown_ones_are_attribute_errors():
    import workbench.core.training as training
    from workbench.core.training import CheckpointError, FitResult, fit, load_weights
    from workbench.core.training.checkpoints import CheckpointError as ce, load_weights as lw
    from workbench.core.training.loop import FitResult as fr, fit as f

    assert (CheckpointError, FitResult, fit, load_weights) == (ce, fr, f, lw)
    assert set(training.__all__) <= set(dir(training))
    assert all(getattr(training, n) is not None for n in training.__all__)
    try:
        training.no_such_name
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("an unknown name resolved")
