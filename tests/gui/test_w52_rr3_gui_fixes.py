"""RR3's window findings: screenshot_run after an earlier run whose new one the checks refused; a folder export's
look for its files (urgent in the pool, said in the status bar); each test window with its own checks' answers."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from workbench.core.registry import Plugin

from . import test_s52_run_gate_close_script_untick as s52
from .conftest import FakeConfig, FakeTracker, make_registry, shown_window


@pytest.fixture
def registry():
    """The fake trackers and ``slow``, whose readiness check off the GUI thread waits for ``gate``."""
    reg = make_registry()
    reg.add(Plugin("slow", "tracker", lambda cfg, device: FakeTracker("slow", FakeConfig()), title="Slow",
                   config=s52.SlowConfig, ready=s52._ready))
    return reg


@pytest.fixture
def gate():
    s52.GATE.clear()
    yield s52.GATE
    s52.GATE.set()  # a thread still waiting ends


def test_screenshot_run_refused_after_an_earlier_run_says_nothing_was_run(window, qtbot, gate, messages):
    """runner.runs keeps the earlier run until a run starts: that run was taken as the new one (True)."""
    from workbench.gui.app import screenshot_run

    w = window
    s52._ticked(w, qtbot, "gone")
    assert w.run_selected(["fake"]) and w.wait_for_run(20)
    earlier = list(w.runner.runs.values())
    assert [r.method for r in earlier] == ["fake"]
    threading.Timer(0.3, gate.set).start()
    assert screenshot_run(w, "slow", frame=None) is False
    assert list(w.runner.runs.values()) == earlier  # nothing else was run
    assert [m for m in messages if "slow: gone is not there" in m[2]], messages


def test_export_look_for_files_is_urgent_and_said(qtbot, window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    import workbench.gui.controllers.export as export
    from workbench.gui.worker import Job

    w = window
    w.open_demo()
    monkeypatch.setattr(w.exporter, "_seg_frames", lambda: {0: object()})
    held, urgent = threading.Event(), []
    real_look, real_urgent = export.existing_files, Job._start_urgent

    def slow_look(paths):
        held.wait(10)
        return real_look(paths)

    def counted(worker):
        urgent.append(worker)
        return real_urgent(worker)

    monkeypatch.setattr(export, "existing_files", slow_look)
    monkeypatch.setattr(Job, "_start_urgent", staticmethod(counted))
    monkeypatch.setattr(export, "write_segmentation", lambda *a, **k: [])
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{w.sequences.sequence.name}_targets.csv").write_text("frame\n")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    w.exporter.export_dialog("masks")
    try:
        assert w.exporter.running
        # said, and ahead of a dataset's scoring in the pool (urgent): the user waits for it
        assert (w.statusBar().currentMessage(), len(urgent)) == ("Checking which files exist…", 1)
    finally:
        held.set()  # (a failed check leaves no worker waiting)
    assert w.exporter.wait(10)
    assert w.statusBar().currentMessage() != "Checking which files exist…"  # answered (No: nothing written)


def test_each_window_has_its_own_checks(qtbot, registry, messages):
    from workbench.gui import config_form

    first = shown_window(qtbot, registry)
    w1 = next(first)
    ready, paths = config_form.ready_checks(), config_form.path_checks()
    w1.close()
    next(first, None)  # its teardown
    second = shown_window(qtbot, registry)
    next(second)
    assert config_form.ready_checks() is not ready and config_form.path_checks() is not paths
    next(second, None)


def test_segmentation_files_are_where_write_segmentation_writes(tmp_path):
    import numpy as np

    from workbench.gui.controllers.export import segmentation_files, write_segmentation

    class Out:
        mask, targets = np.zeros((4, 4), bool), []

    frames = {2: Out(), 0: Out()}
    names = {0: "a", 2: "b"}
    table, masks = segmentation_files(tmp_path, "seq", frames, names)
    assert set(map(Path, write_segmentation(tmp_path, "seq", frames, names))) == {table, *masks.values()}
    assert masks == {0: tmp_path / "seq" / "masks" / "a.png", 2: tmp_path / "seq" / "masks" / "b.png"}
