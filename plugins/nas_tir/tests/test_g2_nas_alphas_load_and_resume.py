"""The NAS alphas dock read the shipped search's replay (alpha history, genotype, saved settings) on the GUI
thread when it opened (0.05-0.1 s, 0.25 s with a worker holding the interpreter lock): it is read on a
worker, the dock saying it is loading meanwhile; each heatmap was made (plot and colour bar, ~80 ms) and put on
screen in one turn: made, given its bar and shown on turns of their own. And its Resume button was enabled with nothing to resume
(a press only wrote the reason into the status line): greyed, the reason its tooltip, until a search with a
last.pt exists."""
from __future__ import annotations

import threading

import pytest

pytest.importorskip("torch")


@pytest.fixture
def window(qtbot, registry, messages):
    from tests.gui.conftest import shown_window

    yield from shown_window(qtbot, registry, size=(1366, 768))


def test_shipped_replay_read_on_a_worker_and_resume_greyed_until_resumable(window, registry, qtbot, monkeypatch,
                                                                           shipped_copy):
    from workbench_nas_tir import inspector

    threads = []
    read_history = inspector.read_history

    def recording(history):
        threads.append(threading.current_thread() is threading.main_thread())
        return read_history(history)

    monkeypatch.setattr(inspector, "read_history", recording)
    made = []

    class Heatmap(inspector.AlphaHeatmap):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            made.append(self)

    monkeypatch.setattr(inspector, "AlphaHeatmap", Heatmap)
    turns = []  # (heatmaps made, heatmaps on screen) in each of the dock's build turns
    step = inspector.NASInspector._build_step

    def one_turn(self, i):
        n_made, n_shown = len(made), len(self._heat)
        step(self, i)
        turns.append((len(made) - n_made, len(self._heat) - n_shown))

    monkeypatch.setattr(inspector.NASInspector, "_build_step", one_turn)
    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    job = getattr(dock, "load_job", None)
    qtbot.waitUntil(lambda: (job is not None and job.running) or dock.search_dir is not None, timeout=10000)
    # nothing shown yet: the read is going (its answer arrives only through this thread's event loop, so it cannot
    # land before the assertion); `job.running` was the guard, but it flips after the answer is shown: a fast worker
    # had filled the dock while the job still said running
    if dock.search_dir is None:
        assert "loading" in dock.status.text() and dock.epoch_label.text() == "loading…"
    qtbot.waitUntil(lambda: not dock.loading and dock.search_dir is not None, timeout=20000)
    assert threads == [False], "the shipped replay was read on the GUI thread"
    assert len(made) == 2 and all(not (m and s) for m, s in turns), turns  # never made and shown in one turn
    assert all(h.bar is not None and h.isVisible() for h in (dock.heat_normal, dock.heat_reduce))
    assert dock.search_dir == shipped_copy and dock.slider.maximum() == 8 and "replay only" in dock.status.text()

    # nothing to resume (the shipped replay on show, no search of the workspace's): greyed, the reason its tooltip
    assert not dock.resume_btn.isEnabled()
    assert "nothing to resume" in dock.resume_btn.toolTip() and "last.pt" in dock.resume_btn.toolTip()
    # a search saved in the workspace: Resume offers to continue it
    out = dock.default_dir()
    out.mkdir(parents=True, exist_ok=True)
    (out / "last.pt").write_bytes(b"checkpoint")
    dock.load_folder(shipped_copy)
    assert dock.resume_btn.isEnabled() and str(out) in dock.resume_btn.toolTip()
    qtbot.waitUntil(lambda: not dock.cost_pending, timeout=30000)
