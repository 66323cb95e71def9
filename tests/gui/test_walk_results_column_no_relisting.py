"""A tracker run's end, a segmentation's save and a detection run's end relisted the whole workspace
(every run folder: ``dataset_results``) on the GUI thread to fill the Dataset dock's Results column.
The run just saved is added to the column's listing instead, named as the listing names it; the
workspace is listed on a worker only where that name is uncertain."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence

from .conftest import relisted_results, shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


def _gui_listings(monkeypatch) -> list:
    """Listings of the workspace made on the GUI thread (the workers' are not counted)."""
    from workbench.core import results

    calls, main = [], threading.main_thread()
    for name in ("find_runs", "find_method_runs", "list_results"):
        real = getattr(results, name)

        def counted(*a, _real=real, _name=name, **k):
            if threading.current_thread() is main:
                calls.append(_name)
            return _real(*a, **k)

        monkeypatch.setattr(results, name, counted)
    return calls


def _cell(w, name: str) -> str:
    row = [e.name for e in w.dataset.entries].index(name)
    return w.dataset.table.item(row, 4).text()


def test_tracker_run_listed_without_relisting(window, messages, monkeypatch, qtbot, tmp_path):
    from workbench.core.data.synthetic import write_demo

    w = window
    write_demo(tmp_path / "ds", frames=6, width=64, height=48, name="seq_a")
    write_demo(tmp_path / "ds", frames=6, width=64, height=48, name="seq_b", seed=3)
    assert w.open_path(tmp_path / "ds")
    qtbot.waitUntil(lambda: w.dataset.results is not None, timeout=5000)
    w.dataset._open_row(0)
    calls = _gui_listings(monkeypatch)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert _cell(w, "seq_a") == "fake" and _cell(w, "seq_b") == ""
    assert calls == []
    # a second run of the same settings goes beside the first ("fake/default-run2"), a second tracker too
    assert w.run_selected(["fake", "fake_b"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert _cell(w, "seq_a") == "fake, fake/default-run2, fake_b"
    assert calls == []
    assert w.sequences.tracker_results[2] == {"seq_a"}
    # what the whole listing says
    assert set(relisted_results(qtbot, w)["seq_a"]) == {"fake", "fake/default-run2", "fake_b"}
    assert not messages


def test_a_name_the_listing_may_give_otherwise_is_listed_on_a_worker(window, messages, monkeypatch, qtbot,
                                                                      tmp_path):
    """A flat ``fake/`` folder (the command line's, no identity) holds seq_b, listed as "fake": the window's
    run of seq_a in ``<dataset>/fake/default/`` takes that name in the listing and the flat folder is
    "fake/(flat)" then; a worker lists it (the column as the whole listing says)."""
    from workbench.core.data.synthetic import write_demo
    from workbench.core.results import write_boxes
    from workbench.gui import settings as wsettings

    w = window
    write_demo(tmp_path / "ds", frames=6, width=64, height=48, name="seq_a")
    write_demo(tmp_path / "ds", frames=6, width=64, height=48, name="seq_b", seed=3)
    write_boxes(wsettings.results_dir() / "fake" / "seq_b.txt", np.tile([10.0, 10.0, 8.0, 8.0], (6, 1)))
    assert w.open_path(tmp_path / "ds")
    qtbot.waitUntil(lambda: w.dataset.results is not None, timeout=5000)
    assert _cell(w, "seq_b") == "fake"
    w.dataset._open_row(0)
    calls = _gui_listings(monkeypatch)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    qtbot.waitUntil(lambda: _cell(w, "seq_a") != "", timeout=5000)
    assert calls == []
    assert (_cell(w, "seq_a"), _cell(w, "seq_b")) == ("fake", "fake/(flat)")
    listing = relisted_results(qtbot, w)
    assert (listing["seq_a"], listing["seq_b"]) == (["fake"], ["fake/(flat)"])


@pytest.fixture
def method_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def test_detector_and_segmenter_runs_listed_without_relisting(qtbot, method_window, tmp_path, monkeypatch,
                                                              messages):
    w = method_window
    root = tmp_path / "irdata"
    for k, seq in enumerate(("synth_a", "synth_b")):
        save_irseq(make_sequence(seed=3 + k, frames=8, width=64, height=48), root / seq)
    assert w.open_path(root)
    qtbot.waitUntil(lambda: w.dataset.results is not None, timeout=5000)
    w.dataset._open_row([e.name for e in w.dataset_entries].index("synth_a"))
    calls = _gui_listings(monkeypatch)
    assert w.methods.select("pacedet")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert _cell(w, "synth_a") == "pacedet"
    w.segmentation.saved_to = None
    assert w.segment_sequence("paceseg")
    qtbot.waitUntil(lambda: not w.busy and w.segmentation.saved_to is not None, timeout=20000)
    assert _cell(w, "synth_a") == "pacedet, paceseg"
    # no workspace listing of trackers' runs (the dataset's column); the sequence's own saved method runs
    # are still looked up to name the run in the Methods dock (find_method_runs, left as it was)
    assert "list_results" not in calls and "find_runs" not in calls
    assert relisted_results(qtbot, w) == {"synth_a": ["pacedet", "paceseg"]}
