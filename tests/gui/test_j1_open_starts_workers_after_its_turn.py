"""Found opening the demo with 25 saved runs (J1): the read of the saved runs' maps and the scoring of the
saved runs were started on workers halfway through the sequence switch (``set_sequence``); the workers,
holding the interpreter lock between their numpy calls, made the rest of the switch on the GUI thread
1.5-2.5x as long (2-core machine under load). They are started on the next event-loop turn; the window
counts them as going meanwhile (``reading_maps``, ``scoring_saved``), and a newer open drops them."""
from __future__ import annotations

from workbench.core.data.synthetic import write_demo
from workbench.gui.worker import Job


def test_saved_maps_and_scores_started_after_the_switch(qtbot, window, tmp_path, monkeypatch):
    w = window
    seq = write_demo(tmp_path / "small", frames=8, width=64, height=48) or tmp_path / "small"
    other = write_demo(tmp_path / "other", frames=4, width=64, height=48, name="other")
    assert w.open_path(seq)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    started, switching = [], []  # (the job's function, during the switch)
    real_start, real_switch = Job.start, w.sequences._set_sequence

    def start(self, fn, *a, **k):
        started.append((getattr(fn, "__name__", "?"), bool(switching)))
        return real_start(self, fn, *a, **k)

    def switch(*a, **k):
        switching.append(1)
        try:
            return real_switch(*a, **k)
        finally:
            switching.clear()

    monkeypatch.setattr(Job, "start", start)
    monkeypatch.setattr(w.sequences, "_set_sequence", switch)
    assert w.open_path(seq)
    assert list(w.live) == ["fake"] and w.live["fake"].status == "saved"
    assert w.tracking.reading_maps and w.scoring.scoring_saved  # asked for, not started yet
    ours = ("_read_saved_maps", "score_saved_runs")
    assert [s for s in started if s[0] in ours] == []
    qtbot.waitUntil(lambda: not w.tracking.reading_maps and not w.scoring.running, timeout=10000)
    assert sorted(s for s in started if s[0] in ours) == [("_read_saved_maps", False), ("score_saved_runs", False)]
    assert len(w.live["fake"].maps) == 7 and list(w.plots.curves) == ["fake"]

    assert w.open_path(seq)  # asked for again, and another sequence opened: theirs dropped
    assert w.tracking.reading_maps and w.scoring.scoring_saved
    assert w.open_path(other)
    assert not w.tracking.reading_maps and not w.scoring.scoring_saved
    qtbot.waitUntil(lambda: not w.scoring.running, timeout=10000)
    assert w.plots.curves == {} and w.live == {}


def test_a_run_started_right_after_the_open_queues_them_first(qtbot, window, tmp_path, monkeypatch):
    w = window
    seq = write_demo(tmp_path / "small", frames=8, width=64, height=48) or tmp_path / "small"
    assert w.open_path(seq)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    started = []
    real_start = Job.start
    monkeypatch.setattr(Job, "start", lambda self, fn, *a, **k: (started.append(getattr(fn, "__name__", "?")),
                                                                  real_start(self, fn, *a, **k))[1])
    assert w.open_path(seq)
    started.clear()
    assert w.run_selected(["fake"])  # before the turn that starts them
    assert started[:2] == ["_read_saved_maps", "score_saved_runs"] and len(started) > 2, started
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps and not w.scoring.running, timeout=20000)
    assert started.count("score_saved_runs") == 1 and started.count("_read_saved_maps") == 1
