"""A tracking run that ends is saved on the runner's save worker (c4fa8e8). Closing the window then: a run whose save
failed (``TrackingController.unsaved``) was lost without a word; a save alone going was asked about as "Quit and stop
it?" though nothing is stopped (closing waits for it); the maps its manifest names were written from the GUI thread
after the save returned, so a window gone by then left a manifest naming a maps file never written; Track › Save
again was put in the menu by its title at the first failed save. Now the unsaved runs are named on closing, a save
alone is waited for without a question, the maps are written by the save's own worker step, and the Track menu holds
Save again from the start."""
from __future__ import annotations

import errno
import threading
import time

from workbench.core.runs import RunResult, maps_path

from .conftest import near_the_end, spin


def _track_menu(w):
    return next(a.menu() for a in w.menuBar().actions() if a.text().replace("&", "") == "Track")


def test_the_track_menu_holds_save_again_from_the_start(window):
    acts = [a for a in _track_menu(window).actions() if a.text() == "Save again"]
    assert len(acts) == 1 and not acts[0].isEnabled()
    assert acts[0] is window.tracking.save_again_action()


def test_closing_names_the_runs_not_saved_and_no_keeps_them(window, messages, monkeypatch):
    w = window

    def save(self, out_dir):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(RunResult, "save", save)
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    assert spin(lambda: not w.runner.running, 20)
    run = w.live["fake"]
    assert w.tracking.unsaved == [run]
    from PySide6.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: (
        asked.append((title, text)), QMessageBox.StandardButton.No)[1])
    assert not w.close()  # No: the window and its unsaved run stay
    assert len(asked) == 1, asked
    title, text = asked[0]
    assert title == "Runs not saved", title
    assert run.label in text and "Track › Save again" in text and "lost on quitting" in text, text
    assert "stop" not in text.split("\n")[0], text  # nothing runs: nothing is stopped
    assert w.isVisible() and w.tracking.unsaved == [run]


def test_closing_while_only_a_save_runs_asks_nothing_and_waits_for_it(window, messages, monkeypatch):
    w = window
    real = RunResult.save
    release = threading.Event()

    def save(self, out_dir):
        assert release.wait(10), "the test never released the save"
        return real(self, out_dir)

    monkeypatch.setattr(RunResult, "save", save)
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    assert spin(lambda: not w.runner.job.running and w.runner.saving, 20)
    run = w.live["fake"]
    threading.Timer(0.3, release.set).start()
    w.close()
    assert not [m for m in messages if m[0] == "question"], messages  # no "Quit and stop it?": nothing is stopped
    assert not w.runner.saving and run.saved_to is not None and run.saved_to.is_file()


def test_the_maps_are_written_by_the_save_step_without_the_gui_thread(window, monkeypatch):
    """The GUI thread takes no event after the save returns (the window closed then): the maps its manifest names
    are written all the same."""
    w = window
    real = RunResult.save
    release, saved = threading.Event(), []

    def save(self, out_dir):
        assert release.wait(10), "the test never released the save"
        saved.append(real(self, out_dir))
        return saved[-1]

    monkeypatch.setattr(RunResult, "save", save)
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    assert spin(lambda: not w.runner.job.running and w.runner.saving, 20)
    assert w.live["fake"].maps  # the demo's fake tracker publishes maps
    release.set()  # from now on no event is handled until the maps file is there (or 10 s)
    t0 = time.perf_counter()
    while not (saved and maps_path(saved[0]).is_file()) and time.perf_counter() - t0 < 10:
        time.sleep(0.02)
    assert saved, "the save never returned"
    assert maps_path(saved[0]).is_file(), "the maps waited for the GUI thread"
    assert spin(lambda: not w.runner.writing_maps and not w.runner.running, 20)


def test_a_save_longer_than_closing_waits_keeps_the_window_open_and_says_so(window, messages, monkeypatch):
    """Past the wait, the saves waiting their turn would never start (their worker's end is heard by the window's
    event loop): the close is given up, naming the runs still being written."""
    w = window
    real = RunResult.save
    release = threading.Event()

    def save(self, out_dir):
        assert release.wait(10), "the test never released the save"
        return real(self, out_dir)

    monkeypatch.setattr(RunResult, "save", save)
    monkeypatch.setattr(type(w), "QUIT_SAVE_WAIT_S", 0.3)
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    assert spin(lambda: not w.runner.job.running and w.runner.saving, 20)
    run = w.live["fake"]
    try:
        assert not w.close()
        said = [m for m in messages if m[0] == "warning"]
        assert said and said[-1][1] == "Still saving" and run.label in said[-1][2], messages
        assert w.isVisible() and w.runner.saving
    finally:
        release.set()
    assert spin(lambda: not w.runner.saving, 20) and run.saved_to is not None and run.saved_to.is_file()
    assert w.close()  # the save written: the window closes
