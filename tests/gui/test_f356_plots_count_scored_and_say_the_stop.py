"""Two of E's (s56) mends the window's plots missed (reviewer R1's findings, task F3):

1. A cancelled run on the open sequence was said "kcf: cancelled at frame 70 of 71" (the Plots dock's note tooltip):
   its stop (frames before index 70 tracked) read as the 70th frame, where eval, the report and the dataset scope say
   it with ``ope.stop_said``: "at frame index 70 (0-based; frame 71 counted from 1)".
2. The dataset scope's note ("N sequences · t2 on 1", drawn onto exported figures too) counted every sequence with a
   result, beside means that leave out one that scored no frame (no target shown): "2 sequences · t2 on 1" over
   curves of one sequence each. It counts the sequences scored, as the report and eval's JSON do."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject

from tests.gui.conftest import dataset_scored

GT = np.array([[10.0 + i, 10.0, 20.0, 20.0] for i in range(71)])


class _Window(QObject):
    """What ScoringController reads of the window for the open sequence's scores."""

    def __init__(self, plots, seq, live):
        super().__init__()
        from types import SimpleNamespace

        self.plots = plots
        self.sequences = SimpleNamespace(sequence=seq, dataset_entries=[], dataset_root=None)
        self.tracking = SimpleNamespace(live=live, color=lambda k: "#ff0000")

    def update_enabled(self):
        pass


def test_a_cancelled_runs_stop_said_with_its_numbering(qtbot):
    from workbench.core.data.sequence import Sequence
    from workbench.gui.controllers.scoring import ScoringController
    from workbench.gui.plots_dock import PlotsDock
    from workbench.gui.runner import LiveRun

    seq = Sequence("s", frames=[np.zeros((8, 8), np.uint8)] * 71, groundtruth=GT.copy())
    run = LiveRun("kcf", "s", 71, 0, status="cancelled")
    run.boxes[:] = GT
    run.last = 69  # frames 0-69 tracked: stopped at frame index 70, the 71st frame
    plots = PlotsDock()
    qtbot.addWidget(plots)
    ScoringController(_Window(plots, seq, {"kcf": run})).update_plots()
    said = plots.partial["kcf"]
    assert said == ("kcf: cancelled at frame index 70 (0-based; frame 71 counted from 1), of 71 frames; "
                    "later frames count as failures"), said
    assert said in plots.note.toolTip()


def test_dataset_note_counts_the_sequences_scored(qtbot, window, tmp_path):
    from workbench.core.data.synthetic import write_demo
    from workbench.core.results import write_boxes
    from workbench.gui import settings as wsettings

    w = window
    write_demo(tmp_path / "ds", frames=8, width=64, height=48, name="seen")
    empty = write_demo(tmp_path / "ds", frames=8, width=64, height=48, name="empty", seed=3)
    (empty / "groundtruth_rect.txt").write_text("0,0,0,0\n" * 8)  # no target in any frame: no frame scored
    res = wsettings.results_dir()
    write_boxes(res / "t1" / "seen.txt", np.tile([10.0, 10.0, 8.0, 8.0], (8, 1)))
    write_boxes(res / "t1" / "empty.txt", np.tile([10.0, 10.0, 8.0, 8.0], (8, 1)))
    write_boxes(res / "t2" / "seen.txt", np.tile([10.0, 10.0, 8.0, 8.0], (8, 1)))  # none for "empty"
    assert w.open_path(tmp_path / "ds")
    w.dataset._open_row(next(r for r, e in enumerate(w.dataset.entries) if e.name == "seen"))
    w.plots.scope.setCurrentIndex(1)
    dataset_scored(qtbot, w)
    assert {r.tracker for r in w.reports} == {"t1", "t2"}
    assert w.reports[0].sequences.keys() != w.reports[1].sequences.keys()  # the case: t1 has "empty", t2 not
    assert all(sum(1 for c in r.sequences.values() if c.frames) == 1 for r in w.reports)
    text = w.plots.note.text()
    assert text.startswith("1 sequence") and not text.startswith("1 sequences"), text
    assert "t2 on" not in text and "fewer" not in w.plots.note.toolTip(), w.plots.note.toolTip()
