"""The GUI thread's looks at one file, counted: for the window tests that check a dead mount cannot hold the window."""
from __future__ import annotations

import os
import threading
from pathlib import Path


def gui_thread_looks_at(monkeypatch, path) -> list:
    """The GUI thread's looks at ``path`` (Path.is_file / exists / stat, os.stat), by name, as they happen."""
    looks, gui, target = [], threading.main_thread(), str(path)
    for name in ("is_file", "exists", "stat"):
        real = getattr(Path, name)

        def counted(self, *a, _real=real, _name=name, **k):
            if threading.current_thread() is gui and str(self) == target:
                looks.append(_name)
            return _real(self, *a, **k)
        monkeypatch.setattr(Path, name, counted)
    real_stat = os.stat

    def os_stat(p, *a, **k):
        if threading.current_thread() is gui and str(p) == target:
            looks.append("os.stat")
        return real_stat(p, *a, **k)
    monkeypatch.setattr(os, "stat", os_stat)
    return looks
