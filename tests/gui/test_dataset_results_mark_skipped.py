"""The Dataset dock's Results column listed a tracker for every sequence with a result file of it, also
where the dataset scores had skipped that file (fewer rows than the sequence has frames): the table
said "t1" on a sequence whose t1 scores were not in the plots. Such a run is marked "⚠" (the cell's
tooltip says why), as the plots' note counts it skipped; the other sequences' runs are not."""
from __future__ import annotations

import numpy as np

from tests.gui.conftest import dataset_scored, relisted_results


def test_results_column_marks_a_file_the_scores_skipped(qtbot, window, tmp_path):
    from workbench.core.data.synthetic import write_demo
    from workbench.core.results import write_boxes
    from workbench.gui import settings as wsettings

    w = window
    write_demo(tmp_path / "ds", frames=8, width=64, height=48, name="seq_a")
    write_demo(tmp_path / "ds", frames=6, width=64, height=48, name="seq_b", seed=3)
    out = wsettings.results_dir() / "t1"
    write_boxes(out / "seq_a.txt", np.tile([10.0, 10.0, 8.0, 8.0], (8, 1)))
    write_boxes(out / "seq_b.txt", np.tile([10.0, 10.0, 8.0, 8.0], (4, 1)))  # 2 rows short: skipped
    assert w.open_path(tmp_path / "ds")
    rows = {e.name: r for r, e in enumerate(w.dataset.entries)}
    cell = lambda name: w.dataset.table.item(rows[name], 4)  # noqa: E731
    assert cell("seq_b").text() == "t1"  # not scored yet: listed as found
    w.dataset._open_row(rows["seq_a"])
    w.plots.scope.setCurrentIndex(1)
    dataset_scored(qtbot, w)
    assert {r.tracker for r in w.reports} == {"t1"} and set(w.reports[0].sequences) == {"seq_a"}
    assert w.scoring.problems
    qtbot.waitUntil(lambda: "⚠" in cell("seq_b").text(), timeout=3000)
    assert "t1" in cell("seq_b").text()
    assert "seq_b.txt" in cell("seq_b").toolTip() and "frames" in cell("seq_b").toolTip(), cell("seq_b").toolTip()
    assert cell("seq_a").text() == "t1" and "⚠" not in cell("seq_a").toolTip()
    # the listing again (a run ended, a segmentation saved): the mark stays
    relisted_results(qtbot, w)
    assert "⚠" in cell("seq_b").text()
    # the file mended and scored again: no mark
    write_boxes(out / "seq_b.txt", np.tile([10.0, 10.0, 8.0, 8.0], (6, 1)))
    w.scoring.update_plots()
    dataset_scored(qtbot, w)
    qtbot.waitUntil(lambda: "⚠" not in cell("seq_b").text(), timeout=3000)
    assert set(w.reports[0].sequences) == {"seq_a", "seq_b"}
