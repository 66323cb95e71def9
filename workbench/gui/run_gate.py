"""The Run press's readiness check, kept off the GUI thread.

Before a run starts, what it would run is asked whether it can (``Plugin.why_not_ready``: a path setting naming
nothing, NanoTrack without its weights, a plugin's own ``ready`` check), so that a method its check refuses is said
at the press, not after its start (d4d4d78: the Methods dock's answers, made off the GUI thread as settings are
typed, may be stale or not known yet, so the press asked the checks itself). It asked them on the GUI thread: a check
looking at a dead network mount froze the window at the press. ``RunGate.press`` takes the dock's answers where they
were found within ``config_form.FRESH_S`` for that very config (``PathChecks.fresh``, ``ReadyChecks.fresh``); else it
asks the checks themselves, in full as before, on a thread of its own. An answer within ``PRESS_WAIT_S`` is taken at
once (a local disk answers in well under a millisecond); else Run says "Checking…", Cancel stops waiting, and the
press is made again when the check answers (the run starts then, or the reason is said). One thread a set of methods
and settings at a time: a check that never answers holds one thread however often Run is pressed."""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from workbench.gui import config_form

CHECKING = "checking"  # ``press``: being checked on a thread; the run follows the answer
PRESS_WAIT_S = 0.2  # how long the press waits for the checks' thread before saying "Checking…"
_UNKNOWN = object()


class RunGate(QObject):
    """Whether the methods a Run press would start are ready, answered without a look at the disk on the GUI
    thread (see the module). ``checking`` while a press waits for its checks' thread; ``changed`` when that
    flips."""

    changed = Signal(bool)
    _answered = Signal(object, object)  # (key, [why per method]) from a checking thread: queued to the GUI thread

    KEPT = 64  # answers kept ((method, its settings) -> why)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._answers = config_form.TimedAnswers(self.KEPT)  # (name, repr(config)) -> why or None
        self._looking: set[tuple] = set()  # the keys whose checks a thread is making
        self._pending: tuple | None = None  # (key, titles, then) of the press waiting for its checks
        self._just: dict[tuple, object] = {}  # the answers that came for the press made again now: taken, however old
        self._answered.connect(self._on_answered)

    @property
    def checking(self) -> bool:
        return self._pending is not None

    def checking_what(self) -> str:
        """The methods whose checks the press waits for ("Fake, NanoTrack"); "" when none."""
        return ", ".join(self._pending[1]) if self._pending is not None else ""

    def press(self, items, then):
        """``items``: [(plugin, config)] a Run press would start. None when every one can run; (plugin, why) of
        one that cannot; ``CHECKING`` when its checks are being made on a thread: ``then()`` (the press made
        again, which finds their answers) is called when they answer, unless ``cancel`` came first. A press
        answered supersedes one still waiting (no run follows that one's answer)."""
        got = self._press(items, then)
        if got is not CHECKING:
            self._wait(None, None, None)
        return got

    def _press(self, items, then):
        todo = []
        for plugin, config in items:
            known, why = self._known(plugin, config)
            if why:
                return plugin, why
            if not known:
                todo.append((plugin, config))
        if not todo:
            return None
        key = tuple((p.name, repr(c)) for p, c in todo)
        titles = [p.title for p, _c in todo]
        if key in self._looking:  # a thread checks these already (one that may never answer): wait for it
            self._wait(key, titles, then)
            return CHECKING
        self._looking.add(key)
        got: dict = {}
        done = threading.Event()
        items = [(p, config_form.config_copy(c)) for p, c in todo]
        threading.Thread(target=self._look, args=(key, items, got, done), daemon=True, name="run-ready-check").start()
        if done.wait(PRESS_WAIT_S):  # answered at once: taken now (its queued signal only records it again)
            self._take(key, got["whys"])
            return next(((p, why) for (p, _c), why in zip(todo, got["whys"]) if why), None)
        self._wait(key, titles, then)
        return CHECKING

    def cancel(self) -> None:
        """The press waiting for its checks gives up (Cancel, another sequence opened): no run follows their
        answer (which is still kept: a press soon after takes it)."""
        self._wait(None, None, None)

    # --- inside --------------------------------------------------------------------------------
    def _wait(self, key, titles, then) -> None:
        was = self.checking
        self._pending = (key, titles, then) if key is not None else None
        if was != self.checking:
            self.changed.emit(self.checking)

    def _known(self, plugin, config) -> tuple[bool, str | None]:
        """(known, why) of ``plugin`` with ``config`` from answers found within ``FRESH_S``: a checking thread's,
        else the Methods dock's looks (paths, ``ready(config)`` checks); known False when one is missing."""
        k = (plugin.name, repr(config))
        if k in self._just:
            return True, self._just[k]
        got = self._answers.fresh(k, _UNKNOWN)
        if got is not _UNKNOWN:
            return True, got
        missing = []
        paths, checks = config_form.path_checks(), config_form.ready_checks()

        def exists(path):
            there = paths.fresh(path)
            if there is None:
                missing.append(path)
            return there  # (None: nothing said for it)

        def ask(check, cfg):
            why = checks.fresh(check, cfg, _UNKNOWN)
            if why is _UNKNOWN:
                missing.append(check)
                return None
            return why

        why = plugin.why_not_ready(config, exists, ask=ask)
        return (True, why) if why else (not missing, None)

    def _look(self, key: tuple, items: list, got: dict, done: threading.Event) -> None:
        # in full and at once, as the command line asks (``why_not_ready`` without exists / ask)
        got["whys"] = [plugin.why_not_ready(config) for plugin, config in items]
        done.set()
        if isValid(self):  # (the window may have closed while the disk did not answer)
            self._answered.emit(key, got["whys"])

    def _take(self, key: tuple, whys: list) -> None:
        for k, why in zip(key, whys):
            self._answers.put(k, why)

    def _on_answered(self, key: tuple, whys: list) -> None:
        self._looking.discard(key)
        self._take(key, whys)
        if self._pending is not None and self._pending[0] == key:
            then = self._pending[2]
            self._wait(None, None, None)
            self._just = dict(zip(key, whys))  # (taken by the press made again, however short FRESH_S is)
            try:
                then()
            finally:
                self._just = {}
