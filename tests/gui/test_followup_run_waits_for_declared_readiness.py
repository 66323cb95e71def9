"""NanoTrack without its two ONNX files (no weights_dir, no $WORKBENCH_NANOTRACK_DIR): Run was enabled, and
pressing it started a run that opened "nanotrack failed ... set weights_dir". A method may declare a cheap
readiness check (``Plugin.ready``): while it says what is missing Run is greyed with that reason first in
its tooltip, and it is checked again when the settings change (weights_dir typed in) or other trackers
are ticked. Any plugin may declare one: the window knows none by name."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from workbench.baselines.opencv_peers import NANOTRACK_FILES, PLUGIN
from workbench.core.registry import Plugin

from .conftest import FakeConfig, FakeTracker, make_registry


@dataclass
class PathConfig:
    path: str = field(default="", metadata={"help": "a file the method needs"})


def _needs_path(cfg: PathConfig):
    return None if cfg.path else "needs_path: set path to the file it reads"


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.delenv("WORKBENCH_NANOTRACK_DIR", raising=False)
    reg = make_registry()
    reg.add(next(p for p in PLUGIN if p.name == "nanotrack"))
    reg.add(Plugin("needs_path", "tracker", lambda cfg, device: FakeTracker("needs_path", FakeConfig()),
                   title="Needs path", config=PathConfig, ready=_needs_path))
    return reg


def _weights(folder):
    folder.mkdir()
    for name in NANOTRACK_FILES:
        (folder / name).write_bytes(b"")  # the check looks for the files only; nothing is loaded here
    return folder


def test_ticked_trackers_name_the_one_not_ready_and_run_waits_for_the_weights(window, messages, tmp_path,
                                                                             monkeypatch, qtbot):
    """The ticked trackers' check, then NanoTrack's weights, in one window (a window each cost more than the
    checks)."""
    w = window
    w.open_demo()
    run = w.methods.run_button
    w.methods.select("fake")
    assert run.isEnabled()
    # ticking re-checks (a check without ``exists`` is answered off the GUI thread: waited for)
    w.methods.set_checked(["fake", "needs_path"])
    qtbot.waitUntil(lambda: not run.isEnabled())
    assert run.toolTip().startswith("Needs path: needs_path: set path"), run.toolTip()
    w.methods.set_checked(["fake"])
    assert run.isEnabled() and run.toolTip().startswith("Track with")
    w.methods.select("needs_path")
    w.methods.set_checked([])
    assert not run.isEnabled() and run.toolTip().startswith("needs_path: set path")
    w.methods.form("needs_path").editor("path").setText("/some/file")
    qtbot.waitUntil(run.isEnabled)
    assert not messages
    _run_greyed_with_the_reason_until_the_weights_are_set(window, messages, tmp_path, monkeypatch, qtbot)


def _run_greyed_with_the_reason_until_the_weights_are_set(window, messages, tmp_path, monkeypatch, qtbot):
    w = window
    assert w.sequence is not None and w.sequence.name == "demo_thermal"  # the demo of the test above
    run = w.methods.run_button
    assert w.methods.select("nanotrack")
    assert not run.isEnabled() and not w.act_run.isEnabled()
    assert run.toolTip().startswith("NanoTrack needs its two ONNX files"), run.toolTip()
    assert "set weights_dir" in run.toolTip() and "Track with NanoTrack" in run.toolTip()
    assert w.act_run.toolTip().startswith("NanoTrack needs its two ONNX files")
    assert not w.run_selected(["nanotrack"]) and not w.busy  # a script's run: refused before it starts
    assert messages and messages[-1][1] == "NanoTrack (OpenCV DNN) cannot run"
    messages.clear()

    editor = w.methods.form("nanotrack").editor("weights_dir")
    # typed in: checked again, once the folder (a path setting) and its files are looked for off the GUI thread
    editor.setText(str(tmp_path / "nowhere"))
    qtbot.waitUntil(lambda: not run.isEnabled() and "setting weights_dir: no such folder" in run.toolTip())
    (tmp_path / "empty").mkdir()
    editor.setText(str(tmp_path / "empty"))
    qtbot.waitUntil(lambda: not run.isEnabled() and "NanoTrack weights not found in" in run.toolTip())
    editor.setText(str(_weights(tmp_path / "nano")))
    qtbot.waitUntil(lambda: run.isEnabled() and w.act_run.isEnabled())
    assert run.toolTip().startswith("Track with NanoTrack"), run.toolTip()
    editor.setText("")
    assert not run.isEnabled()
    monkeypatch.setenv("WORKBENCH_NANOTRACK_DIR", str(tmp_path / "nano"))  # the folder from the environment
    w.update_enabled()
    qtbot.waitUntil(run.isEnabled)
    assert not messages
