"""The window's thread setting while another thread is still importing torch (seen once at a window's start:
"partially initialized module 'torch' has no attribute 'set_num_threads'")."""
from __future__ import annotations

import importlib.machinery
import sys
import types

import pytest


def _half_torch(initializing: bool):
    fake = types.ModuleType("torch")
    fake.__spec__ = importlib.machinery.ModuleSpec("torch", None)
    fake.__spec__._initializing = initializing
    return fake


def test_a_torch_import_under_way_is_waited_for_off_the_caller(monkeypatch):
    from workbench.gui import preload

    monkeypatch.setenv("WORKBENCH_THREADS", "3")
    monkeypatch.setattr(preload, "_threads_set", False)
    started = []
    monkeypatch.setattr(preload.threading, "Thread",
                        lambda target, args, **kw: types.SimpleNamespace(start=lambda: started.append(args)))
    monkeypatch.setitem(sys.modules, "torch", _half_torch(True))  # in sys.modules, no set_num_threads yet
    assert preload.leave_a_core_for_drawing(force=True) == 3  # raised AttributeError
    assert started == [(True,)] and preload._threads_set is False


def test_the_setting_is_applied_once_the_import_finished(monkeypatch):
    pytest.importorskip("cv2")
    from workbench.gui import preload

    monkeypatch.setenv("WORKBENCH_THREADS", "3")
    monkeypatch.setattr(preload, "_threads_set", False)
    done = _half_torch(False)
    calls = []
    done.set_num_threads = calls.append
    monkeypatch.setitem(sys.modules, "torch", done)
    import cv2

    n = cv2.getNumThreads()
    try:
        preload._after_torch_import(True)
        assert calls == [3] and preload._threads_set is True
        # a torch whose import failed half way is left alone
        calls.clear()
        monkeypatch.setitem(sys.modules, "torch", _half_torch(True))
        preload._after_torch_import(True)
        assert calls == []
    finally:
        cv2.setNumThreads(n)
