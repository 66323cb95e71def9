"""The Run press whose readiness checks are made on a thread ("Checking…", run_gate since 961f336), three races:

- the window closed while it checked: the checks' answer, arriving while the close handled events or after it,
  still started the run (closeEvent never gave the press up; the press made again looked only at the sequence);
- a script's ``run_selected`` then ``wait_for_run`` (screenshot_run, docs/make_screenshots.py): run_selected returned
  False while checking and wait_for_run waited only on a running job, so it returned at once and no run was made;
- a tracker unticked during "Checking…" still ran: the press made again kept the press's tracker list, though it
  read every setting again."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest

from workbench.core.registry import Plugin

from .conftest import FakeConfig, FakeTracker, make_registry

GATE = threading.Event()  # the checks off the GUI thread wait for it (a slow mount)


@dataclass
class SlowConfig:
    model: str = field(default="ok", metadata={"help": "'ok…' or anything else (not there)"})


def _ready(cfg: SlowConfig):
    if threading.current_thread() is not threading.main_thread():
        assert GATE.wait(20)
    return None if cfg.model.startswith("ok") else f"slow: {cfg.model} is not there"


@pytest.fixture
def registry():
    reg = make_registry()
    reg.add(Plugin("slow", "tracker", lambda cfg, device: FakeTracker("slow", FakeConfig()), title="Slow",
                   config=SlowConfig, ready=_ready))
    return reg


@pytest.fixture
def gate():
    GATE.clear()
    yield GATE
    GATE.set()  # a thread still waiting ends


def _ticked(w, qtbot, model, *others):
    w.open_demo()
    # from the groundtruth 12 frames before the end: these tests ask which run starts after the checks, not how
    # many frames it tracks (the whole 150-frame demo is ~1 s of GUI-thread work a run)
    w.set_frame(w.n_frames - 12)
    w.start_from_here()
    assert w.methods.select("slow")
    w.methods.form("slow").set_values({"model": model})
    w.methods.set_checked(["slow", *others])
    qtbot.waitUntil(lambda: w.methods.run_button.isEnabled(), timeout=5000)


def _plugins_run(w) -> set[str]:
    return {run.method for run in w.runner.runs.values()}  # (the plugin; the label names its folder)


def _answered(w) -> bool:
    return not w.methods.run_gate._looking  # the checks' answer reached the GUI thread (and was acted on)


def test_closing_the_window_while_checking_starts_no_run(window, qtbot, gate, messages):
    w = window
    _ticked(w, qtbot, "ok-close")
    w.methods.run_button.click()
    assert w.methods.run_gate.checking and not w.busy
    w.close()
    assert not w.isVisible() and not w.methods.run_gate.checking  # the press was given up with the window
    gate.set()
    qtbot.waitUntil(lambda: _answered(w), timeout=5000)
    assert not w.busy and not w.runner.runs and not w.live


def test_a_press_made_again_while_the_window_closes_starts_nothing(window, qtbot, gate, messages):
    """A Run press made during the close's waits (an export finishing): its answer starts nothing either."""
    w = window
    _ticked(w, qtbot, "ok-closing")
    w._closing = True  # as closeEvent sets it after the quit question, before waiting on exports
    w.methods.run_button.click()
    assert w.methods.run_gate.checking
    gate.set()
    qtbot.waitUntil(lambda: _answered(w), timeout=5000)
    assert not w.busy and not w.runner.runs


def test_wait_for_run_waits_for_the_checks_and_the_run_that_follows(window, qtbot, gate, messages):
    w = window
    _ticked(w, qtbot, "ok-script")
    assert w.run_selected() is False and w.methods.run_gate.checking  # not started yet: being checked
    threading.Timer(0.3, gate.set).start()
    assert w.wait_for_run(20)
    assert _plugins_run(w) == {"slow"} and not w.busy
    assert all(run.status == "done" for run in w.runner.runs.values()), [r.status for r in w.runner.runs.values()]


def test_screenshot_run_takes_a_run_that_starts_after_checking(window, qtbot, gate, messages):
    from workbench.gui.app import screenshot_run

    w = window
    _ticked(w, qtbot, "ok-shot")
    threading.Timer(0.3, gate.set).start()
    assert screenshot_run(w, "slow", frame=None)
    assert _plugins_run(w) == {"slow"} and not w.busy


def test_screenshot_run_refused_after_checking_says_nothing_was_run(window, qtbot, gate, messages):
    from workbench.gui.app import screenshot_run

    w = window
    _ticked(w, qtbot, "gone")
    threading.Timer(0.3, gate.set).start()
    assert screenshot_run(w, "slow", frame=None) is False
    assert not w.runner.runs
    assert [m for m in messages if "slow: gone is not there" in m[2]], messages


def test_a_tracker_unticked_while_checking_does_not_run(window, qtbot, gate, messages):
    w = window
    _ticked(w, qtbot, "ok-untick", "fake")
    w.methods.run_button.click()
    assert w.methods.run_gate.checking
    w.methods.set_checked(["fake"])  # the user unticks Slow while it is checked
    gate.set()
    qtbot.waitUntil(lambda: _answered(w), timeout=5000)
    assert w.wait_for_run(20)
    assert _plugins_run(w) == {"fake"}


def test_named_trackers_are_run_as_named_after_checking(window, qtbot, gate, messages):
    """A script's run_selected(["slow"]) with another tracker ticked: the named one runs, as at once."""
    w = window
    _ticked(w, qtbot, "ok-named", "fake")
    assert w.run_selected(["slow"]) is False and w.methods.run_gate.checking
    threading.Timer(0.3, gate.set).start()
    assert w.wait_for_run(20)
    assert _plugins_run(w) == {"slow"}
