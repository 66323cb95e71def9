"""Fixtures of every test folder (tests/ and each plugin's plugins/<name>/tests/)."""
from __future__ import annotations

import os
import sys

import pytest

# every test runs Qt offscreen, also when started as plain `pytest plugins/...` without the
# README's QT_QPA_PLATFORM=offscreen (pytest-qt creates the QApplication before any test body runs)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")  # as the app runs (workbench/gui/app.py)
from workbench.gui.app import GIL_SWITCH_S  # noqa: E402 - no Qt import

sys.setswitchinterval(GIL_SWITCH_S)  # as the app runs


def _keep_exported_graphs(session_cache: str) -> None:
    """The session cache's ``onnx`` folder is a link to one kept between test sessions
    (``$XDG_CACHE_HOME/workbench-tests/onnx``, not the user's own cache): the SiamFC++ search graphs exported
    and int8-quantized by the tests (~14 a run, 11 s of CPU, 4 s the two int8 ones) are made once per machine.
    A graph's key holds everything that makes it (weights, input size, channels, int8, the versions of torch,
    ONNX Runtime and onnx, the digest of the code that exports and quantizes it: ``runtime.onnx_cache_path``),
    so a graph read back is the graph an export would make. The other kinds stay fresh per session. Where the
    link cannot be made, the graphs are made each session, as before."""
    kept = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
                        "workbench-tests", "onnx")
    try:
        os.makedirs(kept, exist_ok=True)
        os.symlink(kept, os.path.join(session_cache, "onnx"), target_is_directory=True)
    except OSError:
        pass


if "WORKBENCH_CACHE" not in os.environ:  # fingerprints etc.: a fresh cache per test session (graphs: kept)
    import tempfile

    os.environ["WORKBENCH_CACHE"] = _SESSION_CACHE = tempfile.mkdtemp(prefix="workbench-cache-")
    _keep_exported_graphs(_SESSION_CACHE)


@pytest.hookimpl(optionalhook=True)  # pytest without xdist (the GPU machine's, tools/gpu_check.sh) refused the hook
def pytest_xdist_auto_num_workers(config):
    """``pytest -n auto`` (the README's test command): one test process per CPU core, at most 4: each
    holds torch, Qt and a window, and the machine's own threads (GUI tests measure stalls) need room."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def pytest_collection_modifyitems(session, config, items):
    """Under ``pytest -n`` the plugins' test files first, then tests/ (each file's tests in their order):
    ``--dist loadfile`` hands the files out in this order, and the plugins hold the longest files (HA-Net's
    and the SiamFC++ ones, 1-2 minutes each) while tests/ is some hundred short GUI and core files. Last in
    the order (testpaths), a long plugin file began when the other process had nearly nothing left and ran
    on alone (a balance of the per-file times of a full run: the two processes ended ~100 s apart, now
    within a few seconds)."""
    if _WORKERS < 2:
        return
    root = str(config.rootpath)

    def plugins_first(item):
        rel = os.path.relpath(str(item.path), root)
        return 0 if rel.split(os.sep, 1)[0] == "plugins" else 1

    items.sort(key=plugins_first)  # stable: the order within each group stays


def pytest_sessionfinish(session, exitstatus):
    import shutil

    # a window's job still going when its test ended (an inspector loading the shipped model behind a
    # test that set its own) ends before the interpreter shuts down under it, as the app waits at exit:
    # its last signal raised "Signal source has been deleted" after the run's last line otherwise
    worker = sys.modules.get("workbench.gui.worker")
    if worker is not None:
        worker.Job.wait_all(60000)
    if globals().get("_SESSION_CACHE"):
        shutil.rmtree(_SESSION_CACHE, ignore_errors=True)

from tests.helpers import SHARED_DATA, shared  # noqa: E402,F401


@pytest.fixture
def shared_data():
    return shared


@pytest.fixture(autouse=True)
def isolated(tmp_path):
    """Every test (and the processes it starts) saves runs to a workspace and settings to a file of its
    own, also after it undid its own ``monkeypatch``: a window test that called ``monkeypatch.undo()``
    closed its window with the variables gone and wrote the user's ~/.config/workbench, and two test
    processes (pytest -n) would have shared that file. Its own MonkeyPatch, undone after every other
    fixture of the test."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_WORKSPACE", str(tmp_path / "workspace"))
        mp.setenv("WORKBENCH_SETTINGS", str(tmp_path / "settings.ini"))
        yield tmp_path


@pytest.fixture(autouse=True)
def _gc_on_gui_thread(request):
    """For tests that use Qt: cyclic garbage collected on the GUI thread only, as in the app
    (workbench/gui/maingc.py); a worker thread's automatic collection once deadlocked a GUI test."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield None
        return
    request.getfixturevalue("qapp")
    from workbench.gui.maingc import MainThreadGC

    guard = MainThreadGC()  # the app's interval
    try:
        yield guard
    finally:
        guard.stop()


@pytest.fixture(autouse=True)
def _one_thread_per_worker():
    """Under ``pytest -n`` (two test processes on the 2-core CI machine) torch and OpenCV compute with one
    thread each, as ``one_thread`` gives the tests that asked for it: with their default (a thread per core)
    the two processes ran four busy threads on two cores, and the second thread of each only spun at
    barriers. torch is not imported for it: a test that imports torch gets it set from the next test on. A
    test that sets its own threads still does (``one_thread`` restores to this)."""
    if _WORKERS > 1:
        torch = sys.modules.get("torch")
        if torch is not None and hasattr(torch, "set_num_threads") and torch.get_num_threads() != 1:
            torch.set_num_threads(1)
        cv2 = sys.modules.get("cv2")
        if cv2 is not None and hasattr(cv2, "setNumThreads") and cv2.getNumThreads() != 1:
            cv2.setNumThreads(1)
    yield


_WORKERS = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)


@pytest.fixture
def one_thread():
    """One thread each for torch and OpenCV while a test runs, restored afterwards: the models in these
    tests are tiny and the 2-core CI machine is shared, so a second thread only spins at barriers."""
    import cv2
    import torch

    t, c = torch.get_num_threads(), cv2.getNumThreads()
    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    yield
    torch.set_num_threads(t)
    cv2.setNumThreads(c)
