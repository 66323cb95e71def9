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

Objects born while modules were being imported (a first ONNX export pulling in ``torch.onnx``, a
plugin's model code, an inspector) are module-level functions, classes and tables that live as long as
the process: when an older generation is due and ``sys.modules`` grew since the last one, the young
generation is collected and the rest is moved to the permanent generation (``gc.freeze``) instead of
being traversed. A generation-1 collection of the ~190,000 objects a first SiamFC++ run's imports left
took 0.066-0.084 s on the GUI thread (TIR journey); the freeze takes microseconds. Their cyclic garbage
(rare: what refcounting frees is still freed) is never collected, as for everything frozen at start-up.
"""
from __future__ import annotations

import gc
import sys

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
        self._last = [0.0, 0.0, 0.0]  # when each older generation was last collected (perf_counter)
        self._cost = [0.0, 0.0, 0.0]  # and how long that took
        self._modules = len(sys.modules)  # modules loaded at the last older collection (or freeze)
        self.freezes = 0
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(int(interval_ms))

    #: an older generation (1, 2) is collected again only after this many times its last collection's
    #: duration: at most ~2 % of the GUI thread's time goes to them. A model built on a worker leaves
    #: tens of thousands of objects there, and a collection of generation 1 then took 0.06-0.08 s
    #: (NAS search journey) every ten young collections.
    SPACING = 50.0

    def check(self) -> None:
        """Collect the oldest generation whose allocation count passed its threshold (and the younger),
        older generations no more often than ``SPACING`` allows."""
        import time

        counts = gc.get_count()
        now = time.perf_counter()
        due = [g for g in range(3) if self.thresholds[g] and counts[g] > self.thresholds[g]
               and (g == 0 or now - self._last[g] >= self.SPACING * self._cost[g])]
        if due:
            g = max(due)
            if g and len(sys.modules) > self._modules:  # imports ran since: their objects stay
                gc.collect(0)
                gc.freeze()
                self.freezes += 1
            else:
                gc.collect(g)
            self.collections += 1
            if g:
                end = time.perf_counter()
                self._last[g], self._cost[g] = end, end - now
                self._modules = len(sys.modules)

    def stop(self) -> None:
        """Back to automatic collection, after one full collection here on the GUI thread."""
        self.timer.stop()
        gc.collect()
        if self.was_enabled:
            gc.enable()
