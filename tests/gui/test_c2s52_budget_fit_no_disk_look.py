"""The window's budget for maps (``MapBudget.fit``) runs on the GUI thread at every frame and run end once past the
budget. Each time it asked whether a window-saved run's maps are in its maps file (``map_budget.on_file``:
``Path.is_file``), so a dead mount held the window at every frame. The answer is now the one remembered when the
window wrote that file (the runner) or when a worker last looked at it (reading dropped maps back): the fit looks
at no disk, and its answer (which runs go first, what the status bar says) is still right."""
from __future__ import annotations

from tests.gui.conftest import near_the_end
from tests.gui.gui_thread_looks import gui_thread_looks_at
from workbench.core.results import maps_path


def test_budget_fit_remembers_the_maps_file_and_looks_at_no_disk(qtbot, window, monkeypatch):
    from workbench.gui.map_budget import on_file

    w = window
    w.open_demo()
    near_the_end(w)  # from 12 frames before the end: the maps file is asked about, not the frames tracked
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    run = w.live["fake"]
    file = maps_path(run.saved_to)
    assert run.maps and file.is_file() and run.saved_run is None  # a window-saved run, its maps file written
    looks = gui_thread_looks_at(monkeypatch, file)

    w.map_budget.limit = 1
    dropped = w.map_budget.fit(w.tracking.live)
    assert [(k, on) for k, _b, on in dropped] == [("fake", True)]  # kept in its file: said so
    assert "their maps files keep them" in w.map_budget.note(dropped)
    assert looks == [], looks

    # the file gone behind the window's back: the worker reading the map back finds none, and that is remembered
    file.unlink()
    w.layers.select_map("fake", "response")
    w.set_frame(w.start_frame + 3)
    qtbot.waitUntil(lambda: run.maps_back_failed is not None and not w.tracking._back.pending, timeout=5000)
    assert not on_file(run) and run.maps == {}
    assert looks == [], looks
