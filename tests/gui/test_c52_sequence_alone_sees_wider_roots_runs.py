"""A sequence opened alone did not show the runs made over a wider root holding it (``workbench run --dataset
ROOT/data``, then ROOT/data/grp/seqA opened): they are stored under the root's name (``data``), and the window read
runs under the folder holding the sequence (``grp``) and its own name only, while ``export-video --sequence`` finds
them (it also reads the names of the folders above). The window reads those names too, guarded: a run under such a
name is taken only where its recorded dataset root holds the opened sequence (``data`` is a generic name: another
dataset's root of that name holds a same-named sequence whose runs are not this one's)."""
from __future__ import annotations

import numpy as np

from tests.gui.wider_roots_runs import runs_over_two_data_roots


def test_runs_over_a_wider_root_holding_the_sequence_are_shown(qtbot, window, tmp_path, capsys):
    from workbench.gui import settings as wsettings

    w = window
    results = wsettings.results_dir()
    mine = runs_over_two_data_roots(tmp_path, results)  # and another dataset's data/grp/seqA, kcf over each
    capsys.readouterr()
    assert (results / "data" / "kcf" / "default" / "seqA.txt").is_file()
    assert (results / "data" / "kcf" / "padding=2" / "seqA.txt").is_file()  # b's, under the same name

    assert w.open_path(mine)
    qtbot.waitUntil(lambda: w.sequences.sequence is not None and "kcf" in w.tracking.live, timeout=10000)
    run = w.tracking.live["kcf"]
    assert run.status == "saved" and run.saved_to == results / "data" / "kcf" / "default" / "seqA.txt"
    assert list(w.tracking.live) == ["kcf"], list(w.tracking.live)  # not b's run of its own seqA

    # the boxes shown are those export-video draws for the same sequence
    from workbench.core.video import runs_from_folders

    got = runs_from_folders(w.sequences.sequence, results, ["kcf"], dataset="data")
    np.testing.assert_allclose(run.boxes, got[0].boxes)


def test_holds_sequence_reads_the_recorded_root(tmp_path):
    from workbench.core.results import holds_sequence
    from workbench.core.runs import wider_dataset_names

    seq = tmp_path / "irst" / "daub" / "seqA"
    assert wider_dataset_names(seq)[:2] == ("irst", tmp_path.name)
    assert holds_sequence({"dataset_root": str(tmp_path / "irst")}, seq)
    assert not holds_sequence({"dataset_root": str(tmp_path / "other")}, seq)
    assert not holds_sequence({"dataset_root": str(tmp_path / "irst" / "daub" / "seqAB")}, seq)
    assert not holds_sequence(None, seq) and not holds_sequence({}, seq)
