"""Heavy imports made on a worker without freezing the GUI thread.

Importing torch on a worker still stalled the GUI thread for 0.2-0.5 s (measured: the GUI thread's
longest gap while a thread imports torch, 0.22 s; with the libraries mapped first, 0.04-0.1 s): Python loads an extension
module (and ``ctypes.CDLL`` its libraries) while holding the interpreter lock, and ``dlopen`` of
``libtorch_cpu.so`` alone takes about 0.2 s of relocations and static constructors. Called through
ctypes as a plain C function, ``dlopen`` runs with the lock released, so ``preload_torch_libraries``
maps torch's big shared libraries first (RTLD_GLOBAL, as torch itself loads them); the ``import torch``
that follows finds them loaded and only runs Python, which the GUI thread interleaves with.

Some extension modules hold the GIL for long in their own initialisation, which no loading trick
avoids: ``ml_dtypes`` (imported by ``onnx``, which torch's ONNX export and the ONNX Runtime back ends of
the Siamese trackers use) takes 0.6 s. The window imports those before it shows
(``import_slow_extensions``), then torch on a worker once it is up (``warm_torch``), when an installed
plugin uses torch (``MainWindow._warm_up``): on a worker, during the start-up, the GIL handovers made
building the window five times slower. ``warm_torch`` is also what a panel's module import runs first
(``methods_dock._load_panel_module``).
"""
from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
import threading

# {extension: the installed package that brings it in}: ml_dtypes (~0.6 s of GIL-held initialisation)
# is imported by onnx, which torch's (legacy) ONNX export imports when it is installed
SLOW_INIT_EXTENSIONS = {"ml_dtypes": "onnx"}
# in load order (each needs the ones before); the ones a build lacks are skipped
TORCH_LIBRARIES = ("libc10.so", "libtorch_cpu.so", "libtorch.so", "libtorch_python.so")
_lock = threading.Lock()
_done = False


def preload_torch_libraries() -> list[str]:
    """dlopen torch's shared libraries with the interpreter lock released; the names loaded. Does
    nothing (returns []) when torch is already imported, not installed or not on Linux."""
    global _done
    with _lock:
        if _done or "torch" in sys.modules or not sys.platform.startswith("linux"):
            return []
        _done = True
        try:
            spec = importlib.util.find_spec("torch")
        except (ImportError, ValueError):
            return []
        if spec is None or not spec.origin:
            return []
        lib = os.path.join(os.path.dirname(spec.origin), "lib")
        try:
            libc = ctypes.CDLL(None)
            dlopen = libc.dlopen
        except (OSError, AttributeError):
            return []
        dlopen.restype = ctypes.c_void_p
        dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
        loaded = []
        for name in TORCH_LIBRARIES:
            path = os.path.join(lib, name)
            if os.path.isfile(path) and dlopen(path.encode(), os.RTLD_NOW | os.RTLD_GLOBAL):
                loaded.append(name)  # the handle is kept open on purpose: torch uses these for good
        return loaded


def compute_threads(cores: int | None = None) -> int:
    """CPU threads for the window's computations (torch, and the ONNX Runtime sessions that follow
    torch's setting, OpenCV): one core fewer than the machine has, at least one.

    Qt paints large images and polygons with its own pool of threads and the GUI thread waits for
    them; with every core busy in a network's intra-op threads, those waits held the GUI thread (seen
    in native stack samples of the GUI journeys, 2 cores: ``QLatch::waitInternal`` under
    ``QPainter::drawImage``). ``WORKBENCH_THREADS`` overrides."""
    env = os.environ.get("WORKBENCH_THREADS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    cores = cores if cores is not None else (os.cpu_count() or 1)
    return max(1, int(cores) - 1)


_threads_set = False


def leave_a_core_for_drawing(force: bool = False) -> int:
    """Apply ``compute_threads()`` to torch and OpenCV once per process, when torch is imported (every
    panel and inspector import goes through ``warm_torch``: a tracker's own ``threads`` setting is not
    undone by the next one); the number of threads."""
    global _threads_set
    n = compute_threads()
    if "torch" not in sys.modules or (_threads_set and not force):
        return n
    if not torch_imported():
        # another thread is importing torch (the module is in sys.modules from the import's first line):
        # set_num_threads did not exist yet ("partially initialized module 'torch'" at a window's start).
        # A thread of its own waits for that import (the import lock) and applies the setting then; the
        # caller, often the GUI thread, does not wait
        threading.Thread(target=_after_torch_import, args=(force,), daemon=True, name="torch-threads").start()
        return n
    _threads_set = True
    sys.modules["torch"].set_num_threads(n)
    try:
        import cv2

        cv2.setNumThreads(n)
    except ImportError:
        pass
    return n


def imported(module: str) -> bool:
    """``module`` imported, its import finished: in ``sys.modules`` and not still being imported by another thread
    (the window's warm-up worker: its ``__spec__._initializing`` set), whose import a caller here would wait on
    (on the GUI thread: frozen for the seconds a first torch import takes)."""
    m = sys.modules.get(module)
    # ``_initializing``: CPython's import machinery (importlib._bootstrap, _load_unlocked) sets it on the module's
    # spec while the module's code runs and clears it after; private, so a Python without it (the attribute
    # missing, or no __spec__) counts a module in sys.modules as imported, as before dc535a5
    return m is not None and not getattr(getattr(m, "__spec__", None), "_initializing", False)


def torch_imported() -> bool:
    """torch is imported and its import has finished (not merely begun on another thread)."""
    return imported("torch") and hasattr(sys.modules["torch"], "set_num_threads")


def _after_torch_import(force: bool) -> None:
    try:
        importlib.import_module("torch")  # waits for the other thread's import to finish
    except ImportError:
        return
    if torch_imported():  # else its import failed half way: nothing to set
        leave_a_core_for_drawing(force)


def warm_torch() -> bool:
    """Worker body: torch imported with the GUI thread kept responsive (and left a core, see
    ``compute_threads``); False when it is not installed."""
    preload_torch_libraries()
    try:
        importlib.import_module("torch")
    except ImportError:
        return False
    leave_a_core_for_drawing()
    return True


def import_slow_extensions() -> None:
    """The slow-initialising extensions, when installed (on the GUI thread, before the window shows)."""
    for name, user in SLOW_INIT_EXTENSIONS.items():
        if name not in sys.modules:
            try:
                if importlib.util.find_spec(user) is not None and importlib.util.find_spec(name) is not None:
                    importlib.import_module(name)
            except Exception:  # noqa: BLE001 - a warm-up must never fail the window
                pass
