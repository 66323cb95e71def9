"""A sequence's saved runs are read with the sequence on the opener's worker (``with_saved_runs``): listing
the workspace and reading the runs' box and time files held the GUI thread 65 ms for 20 trackers of a
100-sequence dataset, more as the workspace grows. They are there once ``open_path`` returns, as before."""
from __future__ import annotations

import threading

import numpy as np

from workbench.core import results
from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence


def test_saved_runs_are_listed_and_read_off_the_gui_thread(qtbot, window, tmp_path, monkeypatch, messages):
    w = window
    root = tmp_path / "irdata"
    for k, name in enumerate(("synth_a", "synth_b")):
        save_irseq(make_sequence(seed=3 + k, frames=8, width=64, height=48), root / name)
    assert w.open_path(root / "synth_a")
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.writing_maps, timeout=20000)
    boxes = w.live["fake"].boxes.copy()
    assert w.open_path(root / "synth_b") and "fake" not in w.live

    listed = []
    real = results.find_runs

    def find_runs(*args, **kw):
        listed.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kw)

    monkeypatch.setattr(results, "find_runs", find_runs)
    assert w.open_path(root / "synth_a")
    run = w.live["fake"]  # there once it returns
    assert run.status == "saved" and run.saved_to.parent.parent.parent.name == "irdata"
    np.testing.assert_allclose(run.boxes, boxes, atol=0.01)  # as saved (2 decimals)
    assert listed == [False], listed  # listed once, on the worker

    # a dataset's entry opened from the Dataset dock: the same
    assert w.open_path(root)
    names = [e.name for e in w.dataset_entries]
    listed.clear()  # (the dataset's own listing, its Results column, is not this test's)
    w.dataset._open_row(names.index("synth_b"))
    assert w.sequence.name == "synth_b" and "fake" not in w.live
    w.dataset._open_row(names.index("synth_a"))
    assert w.sequence.name == "synth_a" and w.live["fake"].status == "saved"
    np.testing.assert_allclose(w.live["fake"].boxes, boxes, atol=0.01)
    assert listed == [False, False], listed
    assert not [m for m in messages if m[0] == "critical"], messages
