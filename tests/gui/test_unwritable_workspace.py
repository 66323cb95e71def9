"""A workspace that cannot be written (found by a GUI fuzzing pass, 2026-12-05): the window used to die
at start when the folder could not be made, and a run whose results could not be saved ended without a
message, the status line stuck on its last frame."""
from __future__ import annotations

import numpy as np

from tests.gui.conftest import near_the_end, shown_window, spin


def test_window_starts_when_the_workspace_cannot_be_made(qtbot, registry, messages, monkeypatch, tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(blocker / "ws"))
    import tempfile

    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # the fallback: a fresh folder
    gen = shown_window(qtbot, registry)
    w = next(gen)
    assert spin(lambda: any(m[1] == "Workspace" for m in messages), 5)
    (kind, _title, text), = [m for m in messages if m[1] == "Workspace"]
    assert kind == "critical" and str(blocker / "ws") in text and "saved to" in text
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    assert spin(lambda: not w.runner.running, 20)
    run = w.live["fake"]
    assert run.status == "done" and run.saved_to is not None
    assert (tmp_path / "tmp") in run.saved_to.parents and blocker not in run.saved_to.parents
    for _ in gen:
        pass


def test_settings_that_cannot_be_saved_are_reported_once(qtbot, registry, messages, monkeypatch, tmp_path):
    """WORKBENCH_SETTINGS under a file: Qt's writes failed without a word and the settings were lost."""
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    monkeypatch.setenv("WORKBENCH_SETTINGS", str(blocker / "settings.ini"))
    gen = shown_window(qtbot, registry)
    w = next(gen)
    assert spin(lambda: any(m[1] == "Settings" for m in messages), 5)
    w.save_settings()
    w.save_settings()
    spin(lambda: False, 0.3)
    (kind, _title, text), = [m for m in messages if m[1] == "Settings"]  # once, not per save
    assert kind == "critical" and str(blocker / "settings.ini") in text and "cannot be written" in text
    assert not [m for m in messages if m[1] == "Workspace"]
    for _ in gen:
        pass


def test_a_run_that_cannot_be_saved_ends_with_a_message(qtbot, window, messages, tmp_path):
    results = tmp_path / "workspace" / "results"  # the fixture's workspace; its results folder made a file
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text("not a folder")
    window.open_demo()
    near_the_end(window)
    assert window.run_selected(["fake"])
    assert spin(lambda: not window.runner.running, 20)
    run = window.live["fake"]
    assert run.status == "error" and "could not save results" in run.error and "is a file" in run.error
    crit = [m for m in messages if m[0] == "critical"]
    assert crit and "could not save results" in crit[-1][2]
    assert np.isfinite(run.boxes[:, 0]).sum() > 1  # the tracked boxes stay in the window


def test_boolean_cube_levels():
    from workbench.gui.display import levels

    img = np.zeros((8, 8), bool)
    img[2:4, 2:4] = True
    lo, hi = levels(img, 0.5, 99.5)
    assert lo == 0.0 and hi == 1.0
