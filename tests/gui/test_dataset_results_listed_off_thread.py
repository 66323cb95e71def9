"""Opening a dataset root listed the workspace's result files (every run folder) on the GUI thread, for
the Dataset dock's Results column. It is listed on the opener's worker with the sequences; a dataset set
without a listing gets it from a worker too, the column filling when it comes, and a listing that
arrives after another dataset was opened is dropped."""
from __future__ import annotations

import threading

import numpy as np

from tests.gui.conftest import spin


def _record_listing_threads(monkeypatch) -> list:
    from workbench.core import results

    threads, real = [], results.list_results

    def recorded(*a, **k):
        threads.append(threading.current_thread())
        return real(*a, **k)

    monkeypatch.setattr(results, "list_results", recorded)
    return threads


def _dataset_with_results(root, names, results_dir, tracker):
    from workbench.core.data.synthetic import write_demo
    from workbench.core.results import write_boxes

    for k, name in enumerate(names):
        write_demo(root, frames=4, width=48, height=32, name=name, seed=k)
        write_boxes(results_dir / tracker / f"{name}.txt", np.tile([5.0, 5.0, 8.0, 8.0], (4, 1)))


def test_opening_a_dataset_lists_results_off_the_gui_thread(window, monkeypatch, tmp_path):
    from workbench.gui import settings as wsettings

    w = window
    _dataset_with_results(tmp_path / "ds", ("seq_a", "seq_b"), wsettings.results_dir(), "t1")
    threads = _record_listing_threads(monkeypatch)
    assert w.open_path(tmp_path / "ds")
    assert threads and all(t is not threading.main_thread() for t in threads), threads
    rows = {e.name: r for r, e in enumerate(w.dataset.entries)}
    assert w.dataset.table.item(rows["seq_a"], 4).text() == "t1"  # filled as it opened
    assert w.sequences.tracker_results[2] == {"seq_a", "seq_b"}


def test_a_listing_from_a_worker_fills_the_column_and_a_stale_one_is_dropped(window, monkeypatch, tmp_path):
    from workbench.core.data.detect import open_dataset
    from workbench.gui import settings as wsettings

    w = window
    _dataset_with_results(tmp_path / "ds", ("seq_a", "seq_b"), wsettings.results_dir(), "t1")
    _dataset_with_results(tmp_path / "other", ("seq_c", "seq_d"), wsettings.results_dir(), "t2")
    threads = _record_listing_threads(monkeypatch)
    # the first dataset's listing is held on its worker until the second dataset is open
    from workbench.gui.controllers import sequence as seqmod

    gate, real = threading.Event(), seqmod.dataset_results

    def held(results_dir, root, *entries):
        if root.name == "ds":
            gate.wait(10)
        return real(results_dir, root, *entries)

    monkeypatch.setattr(seqmod, "dataset_results", held)
    w.set_dataset(tmp_path / "ds", open_dataset(tmp_path / "ds"))
    assert w.dataset.table.item(0, 4).text() == "…"  # being listed
    from workbench.gui.worker import Job

    assert w.sequences.listing_results
    w.set_dataset(tmp_path / "other", open_dataset(tmp_path / "other"))
    assert spin(lambda: not w.sequences.listing_results, 10)  # the second's listing came first
    gate.set()  # then the first one's
    assert spin(lambda: Job.wait_all(0), 10)
    spin(lambda: False, 0.1)  # the stale listing's signals, had they been let through
    assert w.dataset.root == tmp_path / "other"
    texts = {w.dataset.entries[r].name: w.dataset.table.item(r, 4).text() for r in range(2)}
    assert texts == {"seq_c": "t2", "seq_d": "t2"}, texts
    assert w.sequences.tracker_results[0] == tmp_path / "other"
    assert threads and all(t is not threading.main_thread() for t in threads), threads
