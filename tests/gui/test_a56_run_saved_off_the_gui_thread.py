"""A tracking run that ends was written to the workspace on the GUI thread (``TrackRunner._end``: ``keep_earlier`` and
``RunResult.save``: boxes, times, the manifest): on a slow or network disk, or a long sequence, the window froze. It is
written on the runner's save worker now, the run said as being saved until then; a save that fails names the file and
the problem, and the run stays in the window to be written again (Track › Save again); closing the window while a
save runs waits for it."""
from __future__ import annotations

import errno
import threading

import numpy as np

from workbench.core.runs import RunResult

from .conftest import near_the_end, spin


def _held_save(monkeypatch):
    """RunResult.save made to wait for ``release`` (a slow disk), recording the thread it ran on."""
    real = RunResult.save
    seen = {"threads": [], "entered": threading.Event(), "release": threading.Event()}

    def save(self, out_dir):
        seen["threads"].append(threading.get_ident())
        seen["entered"].set()
        assert seen["release"].wait(10), "the test never released the save"
        return real(self, out_dir)

    monkeypatch.setattr(RunResult, "save", save)
    return seen


def test_a_run_is_saved_on_a_worker_said_as_saving_until_then(window, monkeypatch):
    w = window
    seen = _held_save(monkeypatch)
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    assert spin(lambda: seen["entered"].is_set(), 20), "the run was never saved"
    run = w.live["fake"]
    # the GUI thread is free while the file is written: this very spin handles events, the run is said as saving
    assert spin(lambda: "saving" in w.methods.run_status.text(), 5), w.methods.run_status.text()
    assert run.saving and run.saved_to is None and w.runner.running and w.busy
    assert threading.get_ident() not in seen["threads"]
    seen["release"].set()
    assert spin(lambda: not w.runner.running, 20)
    assert seen["threads"] and threading.get_ident() not in seen["threads"], "saved on the GUI thread"
    assert run.status == "done" and not run.saving and run.saved_to is not None and run.saved_to.is_file()
    assert (run.saved_to.parent / "manifest.json").is_file()
    assert "saving" not in w.methods.run_status.text() and "saved to" in w.methods.run_status.text()


def test_a_failed_save_names_the_file_keeps_the_run_and_saves_again(window, messages, monkeypatch):
    w = window
    real = RunResult.save
    fail = {"left": 1, "threads": []}

    def save(self, out_dir):
        fail["threads"].append(threading.get_ident())
        if fail["left"]:
            fail["left"] -= 1
            raise OSError(errno.ENOSPC, "No space left on device")  # (no file named by the error itself)
        return real(self, out_dir)

    monkeypatch.setattr(RunResult, "save", save)
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    assert spin(lambda: not w.runner.running, 20)
    run = w.live["fake"]
    assert run.status == "error" and run.saved_to is None and run.save_failed
    name = f"{w.sequence.name}.txt"
    crit = [m for m in messages if m[0] == "critical"]
    assert crit and name in crit[-1][2] and "No space left on device" in crit[-1][2], crit
    assert "could not save results" in run.error and name in run.error
    assert np.isfinite(run.boxes[:, 0]).sum() > 1  # the frames tracked stay in the window
    assert "NOT saved" in w.methods.run_status.text()
    act = w.tracking.save_again_action()
    assert act.isEnabled() and act in [a for m in w.menuBar().actions() if m.menu() for a in m.menu().actions()]
    w.open_demo()  # the sequence opened again: the unsaved run leaves the view, not the window's memory
    assert spin(lambda: all(r is not run for r in w.live.values()), 10)
    assert w.tracking.unsaved == [run] and act.isEnabled()
    act.trigger()  # Track › Save again
    assert spin(lambda: not w.runner.running and not run.saving, 20)
    assert threading.get_ident() not in fail["threads"]
    assert run.status == "done" and not run.save_failed and run.saved_to is not None and run.saved_to.is_file()
    assert run.saved_to.name == name and not act.isEnabled()
    assert w.tracking.unsaved == []


def test_closing_the_window_while_a_run_is_saved_waits_for_it(window, monkeypatch):
    w = window
    seen = _held_save(monkeypatch)
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    assert spin(lambda: seen["entered"].is_set(), 20)
    run = w.live["fake"]
    assert w.runner.saving and run.saved_to is None
    threading.Timer(0.3, seen["release"].set).start()  # the slow disk answers while the window closes
    w.close()
    assert not w.runner.saving and not w.runner.running
    assert run.saved_to is not None and run.saved_to.is_file() and (run.saved_to.parent / "manifest.json").is_file()


def test_retry_in_the_failed_save_message_writes_the_run_again(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    w = window
    real = RunResult.save
    fail = {"left": 1}
    asked = []

    def save(self, out_dir):
        if fail["left"]:
            fail["left"] -= 1
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self, out_dir)

    def critical(parent, title, text, *a, **k):
        asked.append((title, text))
        return QMessageBox.StandardButton.Retry

    monkeypatch.setattr(RunResult, "save", save)
    monkeypatch.setattr(QMessageBox, "critical", critical)
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    assert spin(lambda: bool(asked), 20)
    assert "Permission denied" in asked[0][1] and f"{w.sequence.name}.txt" in asked[0][1], asked
    run = w.live["fake"]
    assert spin(lambda: run.saved_to is not None and not w.runner.running, 20), run.error
    assert run.status == "done" and run.saved_to.is_file() and len(asked) == 1
