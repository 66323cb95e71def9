"""The Run press asked each method's readiness check on the GUI thread (``why_not_ready(config)``, no exists / ask, in
the tracking, detection and segmentation controllers): a ``ready(config)`` check looking at a dead network mount froze
the window at the press. The press now takes the Methods dock's answers where they are fresh for that config, else
asks the check on a thread: Run says "Checking…" (Cancel stops waiting) and the run starts when the check answers, or
its reason is said then, as before, before anything starts (d4d4d78)."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pytest

from workbench.core.registry import Plugin

from .conftest import FakeConfig, FakeTracker, make_registry, near_the_end

GATE = threading.Event()  # the checks off the GUI thread wait for it (the dead mount)
CALLS: list[tuple[str, bool]] = []  # (the setting's value, on the GUI thread)


@dataclass
class MountConfig:
    model: str = field(default="ok", metadata={"help": "'ok…' or anything else (not there)"})


def _ready(cfg: MountConfig):  # the old signature (no exists): it looks at the disk itself
    gui = threading.current_thread() is threading.main_thread()
    CALLS.append((cfg.model, gui))
    if not gui:  # (on the GUI thread the old code is answered at once: it must fail, not hang)
        assert GATE.wait(20)
    return None if cfg.model.startswith("ok") else f"mount: {cfg.model} is not there"


class _Seg:
    def predict(self, frame):
        raise AssertionError("not reached")


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("mount", "tracker", lambda cfg, device: FakeTracker("mount", FakeConfig()), title="Mount",
                   config=MountConfig, ready=_ready))
    reg.add(Plugin("mount_det", "detector", lambda cfg, device: _Seg(), title="Mount detector",
                   config=MountConfig, ready=_ready))
    reg.add(Plugin("mount_seg", "segmenter", lambda cfg, device: _Seg(), title="Mount segmenter",
                   config=MountConfig, ready=_ready))
    return reg


@pytest.fixture
def gate():
    GATE.clear()
    CALLS.clear()
    yield GATE
    GATE.set()  # the threads still waiting end


def _press(w, qtbot):
    t = time.perf_counter()
    w.methods.run_button.click()
    return time.perf_counter() - t


def test_run_press_checks_on_a_thread_and_starts_when_it_answers(window, qtbot, gate, messages):
    w = window
    w.open_demo()
    near_the_end(w)
    assert w.methods.select("mount")
    w.methods.set_checked(["mount"])
    qtbot.waitUntil(lambda: w.methods.run_button.isEnabled(), timeout=5000)  # not known yet: nothing said

    took = _press(w, qtbot)
    assert not [c for c in CALLS if c[1]], CALLS  # never on the GUI thread
    assert took < 2.0 and not w.tracking.running
    # Run says it is checking, greyed; Cancel stops waiting
    assert w.methods.run_button.text() == "Checking…" and not w.methods.run_button.isEnabled()
    assert "Mount" in w.methods.run_button.toolTip() and w.methods.cancel_button.isEnabled()
    w.methods.cancel_button.click()
    assert not w.methods.run_gate.checking and w.methods.run_button.text() == "Run Mount"
    assert w.methods.run_button.isEnabled()
    gate.set()  # the check answers after the cancel: no run follows
    qtbot.waitUntil(lambda: not w.methods.run_gate._looking, timeout=5000)
    assert not w.tracking.running and not w.live

    # pressed again while that answer is fresh: taken, the run starts at once, the check not asked again
    asked = len(CALLS)
    w.methods.run_button.click()
    assert w.tracking.running and len(CALLS) - asked <= 1  # (the dock's own refresh may ask once, on its thread)
    assert not [c for c in CALLS if c[1]]
    assert w.wait_for_run(20)
    assert "mount" in w.live and not messages


def test_check_answering_later_starts_the_run_or_says_why(window, qtbot, gate, messages):
    w = window
    w.open_demo()
    near_the_end(w)
    assert w.methods.select("mount")
    # (values of its own: the application's ready-check answers outlive a test's window)
    w.methods.form("mount").set_values({"model": "ok-later"})
    w.methods.set_checked(["mount"])
    qtbot.waitUntil(lambda: w.methods.run_button.isEnabled(), timeout=5000)
    _press(w, qtbot)
    assert not [c for c in CALLS if c[1]], CALLS  # never on the GUI thread
    assert w.methods.run_gate.checking and not w.tracking.running
    gate.set()  # answers: the run starts by itself
    qtbot.waitUntil(lambda: bool(w.live), timeout=5000)
    assert w.wait_for_run(20) and [k for k in w.live if k.startswith("mount")]  # (named by its settings)
    assert w.methods.run_button.text() == "Run Mount"

    gate.clear()
    w.methods.form("mount").set_values({"model": "gone-later"})  # another config: its answer is not known
    qtbot.waitUntil(lambda: w.methods.run_button.isEnabled(), timeout=5000)
    runs = len(w.live)
    _press(w, qtbot)
    assert w.methods.run_gate.checking
    gate.set()  # answers "not there": said as before, nothing starts
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert messages[-1][1] == "Mount cannot run" and "mount: gone-later is not there" in messages[-1][2], messages
    assert len(w.live) == runs and not w.tracking.running and not w.methods.run_gate.checking
    assert not [c for c in CALLS if c[1]], CALLS


@pytest.mark.parametrize("name", ["mount_det", "mount_seg"])
def test_detector_and_segmenter_press_check_on_a_thread(window, qtbot, gate, messages, name):
    w = window
    w.open_demo()
    assert w.methods.select(name)
    # (a value of its own: the application's ready-check answers outlive a test's window)
    w.methods.form(name).set_values({"model": f"gone-{name}"})
    qtbot.waitUntil(lambda: (w.update_enabled(), w.methods.run_button.isEnabled())[1], timeout=5000)
    took = _press(w, qtbot)
    assert not [c for c in CALLS if c[1]], CALLS  # never on the GUI thread
    assert took < 2.0 and w.methods.run_gate.checking and not w.busy
    assert w.methods.run_button.text() == "Checking…"
    w.open_demo()  # another sequence opened while it checks: the press gives up
    assert not w.methods.run_gate.checking
    gate.set()
    qtbot.waitUntil(lambda: not w.methods.run_gate._looking, timeout=5000)
    assert not messages and not w.busy
    # pressed again: the answer (taken now, or asked again and answering at once) says why, nothing starts
    qtbot.waitUntil(lambda: (w.update_enabled(), w.methods.run_button.isEnabled())[1] or bool(w.methods.not_ready()),
                    timeout=5000)
    assert w.run_selected() is False
    title = {"mount_det": "Mount detector", "mount_seg": "Mount segmenter"}[name]
    assert messages and messages[-1][1] == f"{title} cannot run", messages
    assert f"mount: gone-{name} is not there" in messages[-1][2] and not w.busy


def test_answers_taken_by_the_press_made_again_however_short_fresh_is(window, qtbot, gate, messages, monkeypatch):
    from workbench.gui import config_form

    monkeypatch.setattr(config_form, "FRESH_S", 0.0)  # no answer is fresh: the one that came is taken once
    w = window
    w.open_demo()
    near_the_end(w)
    assert w.methods.select("mount")
    w.methods.form("mount").set_values({"model": "ok-fresh0"})
    w.methods.set_checked(["mount"])
    qtbot.waitUntil(lambda: w.methods.run_button.isEnabled(), timeout=5000)
    _press(w, qtbot)
    assert w.methods.run_gate.checking
    gate.set()
    qtbot.waitUntil(lambda: bool(w.live), timeout=5000)  # started on that answer, not asked again and again
    assert w.wait_for_run(20) and not w.methods.run_gate.checking and not messages
    assert sum(1 for m, gui in CALLS if m == "ok-fresh0" and not gui) < 10, CALLS
