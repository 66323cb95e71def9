"""Two threads importing ``workbench.core.data`` modules at once both succeed.

The package's ``__init__`` imported ``sequence`` and ``detect``. A thread importing ``workbench.core.data.detect``
(or ``sequence``, or ``frame_path_list`` which ``sequence`` imports) takes that module's import lock and then
imports the package; if another thread is running the package's ``__init__`` then, that one waits for the
module's lock and the first waits for the package's: Python fails one import ("deadlock detected by
_ModuleLock" / "cannot import name ... from partially initialized module"). The CLI's Dask workers, plugins and
scripts import readers from threads.

The interleaving is forced, not hoped for: in a fresh interpreter, thread B begins the package's first import
and is held (by a finder placed first on ``sys.meta_path``) inside its loader while it owns the package's
import lock; thread A then starts its import, and once the interpreter records A as waiting for the package's
lock, B goes on. Each pair runs against a fresh import of the package.
"""
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

SCRIPT = r'''
import importlib.machinery, sys, threading, time

PKG = "workbench.core.data"
PAIRS = [  # (B: first into the package, A: starts while B holds the package's import lock)
    ("from workbench.core.data import open_sequence", "from workbench.core.data.sequence import Sequence"),
    ("from workbench.core.data.images import list_images", "from workbench.core.data.detect import layouts"),
    ("import workbench.core.data.detect", "from workbench.core.data.frame_path_list import FramePaths"),
    ("from workbench.core.data.sequence import FrameSource", "from workbench.core.data import open_dataset, images"),
]
boot = sys.modules["_frozen_importlib"]
if not hasattr(boot, "_blocking_on"):
    print("unforceable: this Python keeps no _blocking_on")
    sys.exit(0)


def waits_for_package(tid):
    entry = boot._blocking_on.get(tid)
    locks = entry if isinstance(entry, list) else [entry]  # a list of locks from Python 3.12
    return any(getattr(lock, "name", None) == PKG for lock in locks)


class Hold:
    """The package's next import waits in create_module (its thread owns the package's module lock then; in
    find_spec it would hold the global import lock that every import needs) until ``go`` is set."""
    def __init__(self):
        self.held, self.go, self.used = threading.Event(), threading.Event(), False

    def find_spec(self, name, path=None, target=None):
        if name != PKG or self.used:
            return None
        self.used = True
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        real, hold = spec.loader, self

        class Held:
            def create_module(self, spec):
                hold.held.set()
                hold.go.wait(10)
                return None

            def exec_module(self, module):
                real.exec_module(module)

        spec.loader = Held()
        return spec


import cv2, numpy, workbench.core.atomic, workbench.core.boxes, workbench.core.jobs  # noqa: E401 - not the race's
for b_stmt, a_stmt in PAIRS:
    for name in [m for m in sys.modules if m == PKG or m.startswith(PKG + ".")]:
        del sys.modules[name]
    hold, errors = Hold(), []
    sys.meta_path.insert(0, hold)

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
    while a.is_alive() and not waits_for_package(a.ident) and time.monotonic() < end:
        time.sleep(0.001)
    forced = waits_for_package(a.ident)
    hold.go.set()
    b.join(20)
    a.join(20)
    sys.meta_path.remove(hold)
    print("; ".join(errors) if errors else "ok" if forced else "unforced: A never waited for the package",
          flush=True)
'''


def test_two_threads_importing_data_modules_at_once_both_succeed():
    p = subprocess.run([sys.executable, "-c", SCRIPT], cwd=str(REPO), capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr[-2000:]
    lines = p.stdout.splitlines()
    if lines and lines[0].startswith("unforceable"):
        pytest.skip(lines[0])
    assert lines == ["ok"] * 4, p.stdout + p.stderr[-2000:]


def test_package_names_submodules_and_patches_still_resolve(monkeypatch):
    import workbench.core.data as data
    from workbench.core.data import FrameSource, Sequence, detect_layout, images, open_dataset, open_sequence
    from workbench.core.data import detect, sequence

    assert (Sequence, FrameSource) == (sequence.Sequence, sequence.FrameSource)
    assert (open_sequence, open_dataset, detect_layout) == (detect.open_sequence, detect.open_dataset,
                                                           detect.detect_layout)
    assert images is sys.modules["workbench.core.data.images"] and callable(images.list_images)
    assert set(data.__all__) <= set(dir(data))
    assert all(getattr(data, n) is not None for n in data.__all__)
    with pytest.raises(AttributeError, match="no_such_name"):
        data.no_such_name
    with pytest.raises(ImportError, match="no_such_module"):
        exec("from workbench.core.data import no_such_module", {})

    def patched(path, *a, **k):
        return "patched"

    monkeypatch.setattr(data, "open_sequence", patched)  # as test_k2's and the CLI tests' fixtures do
    from workbench.core.data import open_sequence as now

    assert now is patched
    monkeypatch.undo()
    from workbench.core.data import open_sequence as back

    assert back is detect.open_sequence
