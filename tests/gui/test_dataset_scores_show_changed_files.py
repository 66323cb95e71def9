"""The dataset scope of the Success / precision dock named the result files it skipped, but not those it
scored after a change (``FolderScores.notes``: a file longer than its sequence's groundtruth, cut to it,
"N row(s) after the groundtruth dropped"): the analyst could not tell that a file had been cut. They are
counted in the note apart from the skipped ones, listed in its tooltip, and said once in the status bar."""
from __future__ import annotations

import numpy as np

from tests.gui.conftest import dataset_scored


def test_dataset_scores_show_files_read_with_a_change_not_as_skipped(qtbot, window, tmp_path):
    from workbench.core.data.synthetic import write_demo
    from workbench.core.results import write_boxes
    from workbench.gui import settings as wsettings

    w = window
    write_demo(tmp_path / "ds", frames=8, width=64, height=48, name="seq_a")
    write_demo(tmp_path / "ds", frames=6, width=64, height=48, name="seq_b", seed=3)
    out = wsettings.results_dir() / "t1"
    write_boxes(out / "seq_a.txt", np.tile([10.0, 10.0, 8.0, 8.0], (11, 1)))  # 3 rows too many: cut
    write_boxes(out / "seq_b.txt", np.tile([10.0, 10.0, 8.0, 8.0], (6, 1)))
    assert w.open_path(tmp_path / "ds")
    w.dataset._open_row(0)
    w.plots.scope.setCurrentIndex(1)
    dataset_scored(qtbot, w)
    assert {r.tracker for r in w.reports} == {"t1"} and set(w.reports[0].sequences) == {"seq_a", "seq_b"}
    text, tip = w.plots.note.text(), w.plots.note.toolTip()
    assert "1 result file read with a change" in text and "skipped" not in text, text
    assert "seq_a.txt" in tip and "3 row(s)" in tip and "Skipped" not in tip, tip
    assert w.scoring.notes and not w.scoring.problems
    assert "read with a change" in w.statusBar().currentMessage()
