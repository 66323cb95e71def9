"""GUI tests drive the real window offscreen. Settings and the workspace go to tmp folders; message
boxes are captured instead of blocking; trackers are small fakes registered in a fresh registry."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import time
from dataclasses import dataclass, field

import numpy as np
import pytest

from workbench.core.boxes import Box
from workbench.core.methods import MapLayer, TrackOutput
from workbench.core.registry import Plugin, Registry


@dataclass
class FakeConfig:
    step: float = field(default=1.0, metadata={"help": "pixels per frame toward the right", "min": 0, "max": 10})
    delay: float = field(default=0.0, metadata={"help": "seconds per frame", "min": 0, "max": 1, "step": 0.001})
    fail_at: int = field(default=-1, metadata={"help": "raise on this frame (-1: never)"})
    mode: str = field(default="plain", metadata={"choices": ("plain", "fancy")})
    verbose: bool = False


class FakeTracker:
    """Moves the box a fixed step per frame and publishes a Gaussian 'response' over a search window."""

    modalities = ("gray", "rgb", "ir16")

    def __init__(self, name, cfg: FakeConfig):
        self.name, self.cfg = name, cfg
        self.box = None
        self.n = 0

    def initialize(self, frame, box):
        self.box = Box(*box)
        self.n = 0

    def track(self, frame):
        self.n += 1
        if self.cfg.fail_at >= 0 and self.n >= self.cfg.fail_at:
            raise RuntimeError("fake tracker exploded on purpose")
        if self.cfg.delay:
            time.sleep(self.cfg.delay)
        b = self.box
        self.box = Box(b.x + self.cfg.step, b.y, b.w, b.h)
        yy, xx = np.mgrid[0:17, 0:17]
        resp = np.exp(-((xx - 8) ** 2 + (yy - 8) ** 2) / 8.0)
        region = Box(b.x - b.w, b.y - b.h, 3 * b.w, 3 * b.h)
        return TrackOutput(self.box, float(resp.max()), {"response": MapLayer(resp, region)})


def _factory(name, **over):
    def make(cfg, device):
        if over:
            cfg = FakeConfig(**{**cfg.__dict__, **over})
        return FakeTracker(name, cfg)

    return make


def make_registry(with_real: bool = False) -> Registry:
    reg = Registry()
    if with_real:
        reg.load_entry_points()
    reg.add(Plugin("fake", "tracker", _factory("fake"), title="Fake", description="Test tracker. Moves right.",
                   config=FakeConfig))
    reg.add(Plugin("fake_b", "tracker", _factory("fake_b", step=0.5), title="Fake B", config=FakeConfig))
    reg.add(Plugin("fake_slow", "tracker", _factory("fake_slow", delay=0.03), title="Fake slow", config=FakeConfig))
    reg.add(Plugin("boom", "tracker", _factory("boom", fail_at=3), title="Boom", config=FakeConfig))
    from workbench.core.registry import FailedPlugin

    reg.failed["broken"] = FailedPlugin("broken", "ImportError: no module named 'nothing'")
    return reg


@pytest.fixture
def messages(monkeypatch):
    """Message boxes recorded instead of shown: [(kind, title, text)]."""
    from PySide6.QtWidgets import QMessageBox

    seen = []

    def rec(kind, answer=None):
        def f(parent, title, text, *a, **k):
            seen.append((kind, title, text))
            return answer if answer is not None else QMessageBox.StandardButton.Ok
        return f

    monkeypatch.setattr(QMessageBox, "critical", rec("critical"))
    monkeypatch.setattr(QMessageBox, "warning", rec("warning"))
    monkeypatch.setattr(QMessageBox, "information", rec("information"))
    monkeypatch.setattr(QMessageBox, "question", rec("question", QMessageBox.StandardButton.Yes))
    return seen


@pytest.fixture
def registry():
    return make_registry()


def _freezes() -> int:
    """How many times ``gc.freeze`` was called since it was first wrapped here: ``_collect_earlier_windows``
    learns that something else froze from it, not from ``gc.get_freeze_count()``, which walks the whole
    permanent generation (CPython 3.11: 24-30 ms over the ~170,000+ objects torch and the plugins leave
    frozen, twice a window). The count lives on the wrapper, so this module imported under two names
    (as a conftest and as ``tests.gui.conftest``) reads one count."""
    import gc

    if not hasattr(gc.freeze, "calls"):
        freeze = gc.freeze

        def counted():
            counted.calls += 1
            freeze()

        counted.calls = 0
        gc.freeze = counted
    return gc.freeze.calls


_freezes()  # counting from the start
_FROZEN = {"freezes": None}  # _freezes() after the last _collect_earlier_windows froze


def _collect_earlier_windows() -> None:
    """The earlier tests' windows' cyclic garbage collected before the next window is made.

    A window moves what is alive to the collector's permanent generation (``MainWindow._freeze_heap``):
    one process, one window in the app, but here the earlier windows' cyclic garbage (their plots'
    menus, ~45 top-level widgets a window) stayed for good and every later test's GUI thread walked more
    of it (370 top-level widgets by the last journey). Unfreezing and collecting everything before
    every window walked the whole heap (torch, the plugins: 0.1-0.25 s a window, about 230 windows a
    run), so here the windows do not freeze (``_freeze_heap`` is a no-op under the tests): what is alive
    before a window is frozen at once, and only what came after (the last window and its test) is
    walked. The whole heap is unfrozen and walked again only when something else froze meanwhile (the
    GUI thread's collector ``maingc`` freezes after imports): counted by ``_freezes``."""
    import gc

    from workbench.gui.main_window import MainWindow

    MainWindow._freeze_heap = staticmethod(lambda: None)
    if _FROZEN["freezes"] is None or _freezes() > _FROZEN["freezes"]:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
    _FROZEN["freezes"] = _freezes()


def shown_window(qtbot, registry, size=(1400, 900)):
    """The real main window over ``registry``, shown offscreen; a generator for fixtures to yield
    from (it cancels a run still going at teardown). Also used by plugin tests outside tests/gui."""
    from workbench.gui import style
    from workbench.gui.main_window import MainWindow
    from PySide6.QtWidgets import QApplication

    # the earlier tests' windows go first, as a closed window is gone for a user: pytest-qt's
    # deleteLater waits for an event loop that a later test may never run, and dead windows' top-level
    # widgets piled up (~80 each: menus, popups), slowing every later test's GUI thread (a journey's
    # Segment frame: 0.04 s alone, 0.2-0.3 s after five others)

    from PySide6.QtCore import QEvent

    from workbench.gui.worker import Job

    Job.wait_all(30000)  # no earlier window's job may outlive it
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    _collect_earlier_windows()
    style.apply(QApplication.instance())
    from workbench.gui import config_form

    # each window its own path and readiness checks' answers, as an application run has: one test's answer
    # (a setting's path looked at, a check said ready) was another's for the same setting values
    config_form._CHECKS = config_form._READY = None
    w = MainWindow(registry)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    yield w
    if w.runner.running:
        w.runner.cancel()
        qtbot.waitUntil(lambda: not w.runner.running, timeout=10000)
    Job.wait_all(30000)  # nor one of this window's (the session's last test's job outlived the app)


@pytest.fixture
def short_let_go(monkeypatch):
    """A call in progress let go 0.2 s after Cancel (the window waits 1 s): for tests whose gated call lasts
    seconds, so it is still in progress when let go, as a plugin's 30 s call is."""
    from workbench.gui.runner import TrackRunner
    from workbench.gui.worker import Job

    monkeypatch.setattr(Job, "LET_GO_MS", 200)
    monkeypatch.setattr(TrackRunner, "LET_GO_MS", 200)


@pytest.fixture
def window(qtbot, registry, messages):
    yield from shown_window(qtbot, registry)


class StallMeter:
    """A QTimer on the GUI thread (``interval_ms``); the largest gap between its ticks is the longest stall.

    With ``WORKBENCH_STALL_STACKS=1`` in the environment a watchdog thread also samples the GUI
    thread's Python stack whenever it is more than 40 ms behind, and prints the most frequent stacks on
    exit (what held the GUI thread: its own work, or the interpreter lock held by a worker), and the
    garbage collections over 5 ms. ``WORKBENCH_STALL_PROFILE=1``: a cProfile of the GUI thread over
    the step (``WORKBENCH_STALL_PROFILE_FN=regex``: what those functions call).
    ``WORKBENCH_STALL_TRACE=1``: each Python callback that Qt entered, timed, and what ran between the
    two ticks furthest apart (several short callbacks in one event-loop pass are one stall)."""

    def __init__(self, interval_ms: int = 10):
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.worst, self.last = 0.0, 0.0
        self.samples = None

    def _tick(self):
        now = time.perf_counter()
        self.worst, self.last = max(self.worst, now - self.last), now

    def _watch(self, gui_id):
        # the stacks are written by faulthandler, from C: a frame object of the GUI thread held here
        # (sys._current_frames) and let go after the GUI thread left it freed that frame's locals on
        # this thread, a spin()'s QEventLoop among them ("Timers cannot be stopped from another
        # thread", then a segfault, seen in the stall probe)
        import faulthandler
        import re
        import tempfile

        head = f"Thread 0x{gui_id:016x}"
        with tempfile.TemporaryFile("w+") as out:
            while self.samples is not None:
                time.sleep(0.004)
                if time.perf_counter() - self.last > 0.04:
                    out.seek(0)
                    out.truncate()
                    faulthandler.dump_traceback(out.fileno(), all_threads=True)
                    out.seek(0)
                    block = next((b for b in out.read().split("\n\n") if b.lstrip().startswith(head)), "")
                    st = re.findall(r'File "(.*)", line (\d+) in (.*)', block)[:7]
                    key = " <- ".join(f"{os.path.basename(f)}:{n}:{name}" for f, n, name in st)
                    if key and self.samples is not None:
                        self.samples[key] = self.samples.get(key, 0) + 1

    def __enter__(self):
        import threading

        self.worst, self.last = 0.0, time.perf_counter()
        self.timer.start()
        self.profile = None
        if os.environ.get("WORKBENCH_STALL_PROFILE"):  # the GUI thread's Python work in the step
            import cProfile

            self.profile = cProfile.Profile()
            self.profile.enable()
        self.trace, self._t_enter = None, time.perf_counter()
        if os.environ.get("WORKBENCH_STALL_TRACE"):  # each Python callback entered from Qt, timed
            import sys

            self.trace, open_ = [], {}
            loops = {"run_and_wait", "_process_events_while", "spin"}  # event loops run from Python

            def prof(frame, event, arg):
                if event == "call":
                    back = frame.f_back
                    if back is None or back.f_code.co_name in loops or frame.f_code.co_name == "_tick":
                        entry = [time.perf_counter(), 0.0, f"{frame.f_code.co_filename.split('/')[-1]}:"
                                 f"{frame.f_code.co_name}"]
                        self.trace.append(entry)
                        open_[id(frame)] = entry
                elif event == "return":
                    entry = open_.pop(id(frame), None)
                    if entry is not None:
                        entry[1] = time.perf_counter()

            sys.setprofile(prof)
        if os.environ.get("WORKBENCH_STALL_STACKS"):
            self.samples = {}
            threading.Thread(target=self._watch, args=(threading.get_ident(),), daemon=True).start()
            import gc

            self.collections, self._gc_t0 = [], 0.0

            def on_gc(phase, info):
                if phase == "start":
                    self._gc_t0 = time.perf_counter()
                elif time.perf_counter() - self._gc_t0 > 0.005:
                    self.collections.append((info["generation"], time.perf_counter() - self._gc_t0,
                                             threading.current_thread().name))

            self._on_gc = on_gc
            gc.callbacks.append(on_gc)
        return self

    def __exit__(self, *exc):
        self._tick()
        self.timer.stop()
        if self.trace is not None:
            import sys

            sys.setprofile(None)
            ticks = [i for i, (_t0, _t1, name) in enumerate(self.trace) if name.endswith(":_tick")]
            if ticks:  # the step's own synchronous part: from entering the meter to its first tick
                print(f"\n[trace] before the first tick ({self.trace[ticks[0]][0] - self._t_enter:.3f} s):")
                for t0, t1, name in self.trace[:ticks[0]]:
                    if t1 and t1 - t0 > 0.005:
                        print(f"  {t1 - t0:.3f}  {name}")
            if len(ticks) > 1:  # what ran between the two meter ticks furthest apart
                a, b = max(zip(ticks, ticks[1:]), key=lambda ab: self.trace[ab[1]][0] - self.trace[ab[0]][0])
                print(f"\n[trace, stall {self.worst:.3f} s] between the ticks furthest apart "
                      f"({self.trace[b][0] - self.trace[a][0]:.3f} s):")
                prev_end, counts = self.trace[a][1], {}
                for t0, t1, name in self.trace[a + 1:b]:
                    if t0 - prev_end > 0.005:
                        print(f"  {t0 - prev_end:.3f}  (outside Python)")
                    if t1 and t1 - t0 > 0.005:
                        print(f"  {t1 - t0:.3f}  {name}")
                    counts[name] = counts.get(name, 0) + 1
                    prev_end = t1 or prev_end
                print("  callbacks:", sorted(counts.items(), key=lambda kv: -kv[1])[:8])
        if self.profile is not None:
            import pstats

            self.profile.disable()
            print(f"\n[profile, stall {self.worst:.3f} s]")
            stats = pstats.Stats(self.profile).sort_stats("cumulative")
            stats.print_stats(25)
            if os.environ.get("WORKBENCH_STALL_PROFILE_FN"):  # e.g. _on_run_started: what it calls
                stats.print_callees(os.environ["WORKBENCH_STALL_PROFILE_FN"])
        if self.samples is not None:
            samples, self.samples = self.samples, None
            print(f"\n[stall {self.worst:.3f} s] GUI-thread stacks while > 40 ms behind (4 ms samples):")
            for key, n in sorted(samples.items(), key=lambda kv: -kv[1])[:12]:
                print(f"  {n:4d}  {key}")
            import gc

            gc.callbacks.remove(self._on_gc)
            for gen, dt, thread in self.collections:
                print(f"  collection of generation {gen} took {dt:.3f} s on thread {thread}")


def dataset_scored(qtbot, w, timeout: int = 20000) -> None:
    """Wait until the plots show the dataset scope's scores (they are scored on a worker)."""
    qtbot.waitUntil(lambda: not w.scoring.running, timeout=timeout)


def relisted_results(qtbot, w, timeout: int = 10000) -> dict[str, list[str]]:
    """The open dataset's Results column as a listing of the whole workspace gives it: listed again the
    window's way (on a worker, ``list_results_later``), waited for, read from the Dataset dock."""
    w.sequences.list_results_later()
    qtbot.waitUntil(lambda: not w.sequences.listing_results, timeout=timeout)
    return w.dataset.results


def near_the_end(w, last: int = 12) -> None:
    """The next run starts from the groundtruth ``last`` frames before the end of the open sequence: for a test
    that asserts what a run allows, writes or is called, not how many frames it tracked (a fake tracker over the
    whole 150-frame demo is ~1 s of GUI-thread work; its last box is still the sequence's last frame's)."""
    w.set_frame(w.n_frames - last)
    w.start_from_here()


def spin(until, timeout_s: float = 60.0) -> bool:
    """Run the event loop (not QTest.qWait, which starves workers) until ``until()`` or the timeout."""
    from PySide6.QtCore import QEventLoop

    loop, t0 = QEventLoop(), time.perf_counter()
    while time.perf_counter() - t0 < timeout_s:
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if until():
            return True
        time.sleep(0.002)
    return until()


def axis_labels(axis) -> list:
    """What a pyqtgraph axis draws: its tick labels as (rectangle in the axis's coordinates, text)."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _axis, _ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(rect, text) for rect, _flags, text in texts]


def top_label_rect(axis, text: str):
    """The scene rectangle of the axis's label ``text`` (asserted drawn)."""
    rects = [rect for rect, t in axis_labels(axis) if t == text]
    assert rects, [t for _r, t in axis_labels(axis)]
    return axis.mapRectToScene(rects[0])
