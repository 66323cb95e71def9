"""A sequence opened alone shows the tracker runs made over a wider root holding it (0c29be0): the opener's worker
read them (sequence.add_wider_runs, beside the window's read), but where the window reads the saved runs itself
(``TrackingController.load_saved_runs`` without the worker's listing: a script's sequence, a listing of another
workspace) it read only the sequence's own names, and the run vanished. Every reader now takes them one way
(``runs.with_wider_names``, guarded in ``results.find_runs``), so both reads show the same runs, and not another
dataset's same-named sequence's."""
from __future__ import annotations

import numpy as np

from tests.gui.wider_roots_runs import runs_over_two_data_roots


def test_the_windows_own_read_of_saved_runs_finds_the_wider_roots_run(qtbot, window, tmp_path, capsys):
    from workbench.gui import settings as wsettings

    w = window
    results = wsettings.results_dir()
    mine = runs_over_two_data_roots(tmp_path, results)  # and another dataset's data/grp/seqA, kcf over each
    capsys.readouterr()

    assert w.open_path(mine)
    qtbot.waitUntil(lambda: w.sequences.sequence is not None and "kcf" in w.tracking.live, timeout=10000)
    shown = {k: (r.saved_to, r.boxes.copy()) for k, r in w.tracking.live.items()}
    assert list(shown) == ["kcf"] and shown["kcf"][0] == results / "data" / "kcf" / "default" / "seqA.txt"

    # the window reads them itself (no listing from the opener's worker): the same runs
    w.tracking.live = {}
    w.tracking.load_saved_runs(w.sequences.sequence, None)
    assert list(w.tracking.live) == ["kcf"], list(w.tracking.live)  # a's run, not b's kcf/padding=2
    run = w.tracking.live["kcf"]
    assert run.status == "saved" and run.saved_to == shown["kcf"][0]
    np.testing.assert_array_equal(run.boxes, shown["kcf"][1])
