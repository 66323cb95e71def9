"""A path setting (``metadata={"path": "file" | "dir"}``) was looked for with ``Path.exists`` on the GUI thread at
each key typed, by its own line under it and again by the Methods dock's Run check: a path on a dead network mount
held the window for the mount's timeout at every key. It is looked for off the GUI thread once typing pauses; the
line under it still says whether the path is there, and says it is still looking when the disk does not answer."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtTest import QTest

from workbench.core.registry import Plugin, Registry


@dataclass
class PathConfig:
    weights: str = field(default="", metadata={"help": "weights file", "path": "file"})


def test_a_typed_path_is_looked_for_off_the_gui_thread(qtbot, monkeypatch, tmp_path):
    from workbench.gui import config_form
    from workbench.gui.methods_dock import MethodsDock

    monkeypatch.setattr(config_form, "CHECKING_MS", 100, raising=False)
    mount = tmp_path / "mount"  # a mount that does not answer until told to
    answer = threading.Event()
    looked, real = [], Path.exists

    def exists(self, *a, **k):
        if str(self).startswith(str(tmp_path)):
            looked.append((str(self), threading.current_thread() is threading.main_thread()))
            if str(self).startswith(str(mount)):
                answer.wait(10)
        return real(self, *a, **k)

    monkeypatch.setattr(Path, "exists", exists)
    reg = Registry()
    reg.add(Plugin("pathy", "segmenter", lambda c, d: None, config=PathConfig))
    dock = MethodsDock(reg)
    qtbot.addWidget(dock)
    assert dock.select("pathy")
    ready = []
    dock.sigReadyChanged.connect(lambda: ready.append(dock.not_ready()))  # the window checks Run at each
    ed = dock.form("pathy").editor("weights")

    QTest.keyClicks(ed.edit, str(tmp_path / "nope.pt"))  # typed key by key
    qtbot.waitUntil(lambda: not ed.problem.isHidden(), timeout=5000)
    assert ed.problem.text() == f"no such file: {tmp_path / 'nope.pt'}"
    qtbot.waitUntil(lambda: dock.not_ready() is not None, timeout=5000)
    assert dock.not_ready().startswith("setting weights: no such file")
    assert looked and not [p for p, on_gui in looked if on_gui], looked  # never on the GUI thread
    assert {p for p, _g in looked} == {str(tmp_path / "nope.pt")}  # the path typed, not each prefix of it

    (tmp_path / "w.pt").write_bytes(b"x")
    ed.setText(str(tmp_path / "w.pt"))  # set (Browse…): looked for at once, found
    qtbot.waitUntil(lambda: dock.not_ready() is None and ed.problem.isHidden(), timeout=5000)

    looked.clear()
    ed.setText(str(mount / "w.pt"))  # the disk does not answer: the window goes on, the line says so
    qtbot.waitUntil(lambda: "looking for" in ed.problem.text() and not ed.problem.isHidden(), timeout=5000)
    assert dock.not_ready() is None  # not known: Run itself looks again when pressed
    answer.set()
    qtbot.waitUntil(lambda: ed.problem.text() == f"no such file: {mount / 'w.pt'}", timeout=5000)
    qtbot.waitUntil(lambda: dock.not_ready() is not None, timeout=5000)
    assert not [p for p, on_gui in looked if on_gui], looked
