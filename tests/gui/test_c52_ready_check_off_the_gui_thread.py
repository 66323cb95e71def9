"""A plugin's readiness check written ``ready(config)`` (no ``exists``: it looks at the disk itself, as any plugin's
own check may) was called on the GUI thread every time the Methods dock refreshed Run's state (each key typed, each
tick of a run): a file on a dead network mount held the window each time. Only checks taking ``exists`` were given
the looks made off the GUI thread (d4d4d78). The dock now asks such a check on a thread (``config_form.ReadyChecks``):
not known yet, nothing is said; its answer greys Run once it comes, and a changed file is seen at a later refresh."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from workbench.core.registry import Plugin, Registry

from .conftest import FakeConfig, FakeTracker

CALLS: list[tuple[str, bool]] = []  # (the file looked for, on the GUI thread)


@dataclass
class FileConfig:
    model: str = field(default="", metadata={"help": "a file the method reads"})


def _ready(cfg: FileConfig):  # the old signature: no exists
    CALLS.append((cfg.model, threading.current_thread() is threading.main_thread()))
    return None if Path(cfg.model).is_file() else f"own_check: {cfg.model} is not there"


@pytest.fixture
def dock(qtbot, monkeypatch):
    from workbench.gui import config_form
    from workbench.gui.methods_dock import MethodsDock

    monkeypatch.setattr(config_form, "FRESH_S", 0.05)
    CALLS.clear()
    reg = Registry()
    reg.add(Plugin("own_check", "tracker", lambda cfg, device: FakeTracker("own_check", FakeConfig()),
                   title="Own check", config=FileConfig, ready=_ready))
    d = MethodsDock(reg)
    qtbot.addWidget(d)
    assert d.select("own_check")
    return d


def test_a_check_without_exists_is_asked_off_the_gui_thread(qtbot, dock, tmp_path):
    model = tmp_path / "model.onnx"
    dock.form("own_check").set_values({"model": str(model)})
    changed = []
    dock.sigReadyChanged.connect(lambda: changed.append(1))
    dock.not_ready()  # not known yet: asked on a thread
    qtbot.waitUntil(lambda: dock.not_ready() == f"own_check: {model} is not there", timeout=5000)
    assert not [c for c in CALLS if c[1]], CALLS  # never on the GUI thread
    assert changed  # the answer coming refreshes Run's state (the window listens to this)

    model.write_bytes(b"")  # the file put in place: seen at a later refresh
    qtbot.waitUntil(lambda: dock.not_ready() is None, timeout=5000)

    assert CALLS and {m for m, _gui in CALLS} == {str(model)}
    assert not [c for c in CALLS if c[1]], CALLS  # never on the GUI thread


def test_the_run_press_and_the_command_line_still_ask_at_once(tmp_path):
    p = Plugin("own_check", "tracker", lambda cfg, device: None, config=FileConfig, ready=_ready)
    assert p.why_not_ready(FileConfig(str(tmp_path / "x"))) == f"own_check: {tmp_path / 'x'} is not there"


def test_a_check_that_does_not_answer_holds_one_thread_while_settings_change(qtbot, dock, tmp_path):
    """A dead mount: the check never returns while it is held. Settings typed meanwhile (a config a key) start no
    thread each; the latest is looked at once the look going answers."""
    import threading as th

    held = th.Event()
    started = []

    def slow(cfg: FileConfig):
        started.append(cfg.model)
        held.wait(10)
        return f"slow: {cfg.model}"

    from workbench.gui.config_form import ready_checks

    checks = ready_checks()
    for k in range(5):
        checks.answer(slow, FileConfig(f"m{k}"))
    qtbot.waitUntil(lambda: len(started) == 1, timeout=5000)
    assert started == ["m0"]
    held.set()
    qtbot.waitUntil(lambda: checks.verdict(slow, FileConfig("m4")) == "slow: m4", timeout=5000)
    assert started == ["m0", "m4"]  # the latest asked, not every one
