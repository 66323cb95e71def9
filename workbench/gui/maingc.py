"""Python's cyclic garbage collector, run on the GUI thread only.

Automatic collection runs in whichever thread happens to allocate past the threshold. When that is a
worker (a training job building a model) and the garbage holds Qt objects (a closed dock, a plot's
menus), the worker destroys QObjects while the GUI thread is destroying their relatives: seen here as
a deadlock in a GUI test, the worker holding a Qt mutex inside ~QObject and waiting for the GIL, the
GUI thread holding the GIL and waiting for that mutex (PySide6 6.11, a training started from the
LW-IRSTNet panel). So while the window lives, automatic collection is off and a timer on the GUI
thread collects by the same generation thresholds Python would use. It looks every 100 ms: at 500 ms the
young generation held everything a worker allocated meanwhile and one collection of it took 15-19 ms
on the GUI thread (measured in the GUI journeys); at 100 ms each is a fifth of that.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer


class MainThreadGC(QObject):
    def __init__(self, interval_ms: int = 100, parent: QObject | None = None):
        super().__init__(parent)
        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() != app.thread():
            raise RuntimeError("MainThreadGC must be made on the GUI thread, after the application")
        self.thresholds = gc.get_threshold()
        self.was_enabled = gc.isenabled()
        self.collections = 0
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(int(interval_ms))

    def check(self) -> None:
        """Collect the oldest generation whose allocation count passed its threshold (and the younger)."""
        counts = gc.get_count()
        due = [g for g in range(3) if self.thresholds[g] and counts[g] > self.thresholds[g]]
        if due:
            gc.collect(max(due))
            self.collections += 1

    def stop(self) -> None:
        """Back to automatic collection, after one full collection here on the GUI thread."""
        self.timer.stop()
        gc.collect()
        if self.was_enabled:
            gc.enable()
