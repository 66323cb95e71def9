"""A path setting's files put in place (NanoTrack's two ONNX files copied into its weights_dir) left Run greyed until a
refresh more than ``FRESH_S`` after the last look: a refresh asked while a look at a file was going was dropped (that
look, started before the file came, answered for it), and choosing the same folder again in Browse… looked at nothing
(no text changed); choosing a folder looked at before counted as typing, so the files in it were not looked at again.
Now a refresh during a look looks again once it ends, and Browse…'s choice looks again at the path and what is under
it, at once."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from workbench.baselines.opencv_peers import NANOTRACK_FILES, PLUGIN
from workbench.core.registry import Registry


@pytest.fixture
def dock(qtbot, monkeypatch):
    """NanoTrack selected in a Methods dock; verdicts fresh for a long while (only a new look can change them)."""
    from workbench.gui import config_form
    from workbench.gui.methods_dock import MethodsDock

    monkeypatch.delenv("WORKBENCH_NANOTRACK_DIR", raising=False)
    monkeypatch.setattr(config_form, "FRESH_S", 60.0)
    reg = Registry()
    reg.add(next(p for p in PLUGIN if p.name == "nanotrack"))
    d = MethodsDock(reg)
    qtbot.addWidget(d)
    assert d.select("nanotrack")
    d.said = []  # what Run's state says at each refresh the dock asks for, as the window refreshes it
    d.sigReadyChanged.connect(lambda: d.said.append(d.not_ready()))
    return d


def _half_filled(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / NANOTRACK_FILES[0]).write_bytes(b"")  # the check looks for the files only; nothing is loaded
    return folder


def _browse(qtbot, editor, chosen: Path) -> None:
    """Browse… and the folder chosen in its dialog."""
    editor.browse.click()
    d = editor.dialog
    assert d is not None
    with qtbot.waitSignal(d.fileSelected, timeout=5000):
        d.fileSelected.emit(str(chosen))  # as the dialog says a folder was chosen (offscreen: no one to click)
    d.done(1)


def _missing_said(dock, folder: Path) -> bool:
    return f"not found in {folder}: missing {NANOTRACK_FILES[1]}" in (dock.not_ready() or "")


def test_a_refresh_during_a_look_looks_again_once_it_ends(qtbot, dock, tmp_path, monkeypatch):
    from workbench.gui.config_form import path_checks

    folder = _half_filled(tmp_path, "nano")
    late = folder / NANOTRACK_FILES[1]
    looked, gate = threading.Event(), threading.Event()
    real = Path.exists

    def exists(self, *a, **k):  # the first look at the late file finds it missing, then answers when let
        there = real(self, *a, **k)
        if self == late and threading.current_thread() is not threading.main_thread() and not gate.is_set():
            looked.set()
            gate.wait(10)
        return there

    monkeypatch.setattr(Path, "exists", exists)
    try:
        editor = dock.form("nanotrack").editor("weights_dir")
        editor.setText(str(folder))
        dock.not_ready()  # a refresh: the files looked for
        assert looked.wait(5)
        late.write_bytes(b"")  # copied in while that look is going
        dock.not_ready()  # a refresh after it
    finally:
        gate.set()
    checks = path_checks()
    qtbot.waitUntil(lambda: checks.verdict(late) is True and dock.not_ready() is None, timeout=5000)
    assert not checks.looking(late)


def test_browse_choosing_the_same_folder_looks_again(qtbot, dock, tmp_path):
    folder = _half_filled(tmp_path, "nano")
    editor = dock.form("nanotrack").editor("weights_dir")
    editor.setText(str(folder))
    qtbot.waitUntil(lambda: _missing_said(dock, folder), timeout=5000)
    (folder / NANOTRACK_FILES[1]).write_bytes(b"")  # copied in
    dock.said.clear()
    _browse(qtbot, editor, folder)
    qtbot.waitUntil(lambda: bool(dock.said) and dock.said[-1] is None, timeout=5000)  # Run enabled, no refresh asked
    assert editor.text() == str(folder) and not editor.typing()


def test_browse_choosing_a_folder_seen_before_is_not_typing(qtbot, dock, tmp_path):
    folder = _half_filled(tmp_path, "nano")
    editor = dock.form("nanotrack").editor("weights_dir")
    editor.setText(str(folder))
    qtbot.waitUntil(lambda: _missing_said(dock, folder), timeout=5000)
    editor.setText(str(tmp_path / "nowhere"))  # another folder chosen a while
    qtbot.waitUntil(lambda: "no such folder" in (dock.not_ready() or ""), timeout=5000)
    (folder / NANOTRACK_FILES[1]).write_bytes(b"")  # copied in meanwhile
    dock.said.clear()
    _browse(qtbot, editor, folder)
    assert not editor.typing()  # set, not typed: looked for at once
    qtbot.waitUntil(lambda: bool(dock.said) and dock.said[-1] is None, timeout=5000)
