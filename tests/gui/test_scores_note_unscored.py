"""A segmentation of a set without label masks (IST-A's YOLO boxes, a tracking sequence) has no score;
the Scores dock still captioned its row with the masks' rule ("masks: mIoU / nIoU / Pd ... Scores over
the frames done so far."). The caption says it is not scored; a scored run keeps its rule."""
from __future__ import annotations

from workbench.gui.scores_dock import ScoresDock


def test_unscored_run_is_said_so(qtbot):
    dock = ScoresDock()
    qtbot.addWidget(dock)
    dock.set_run("segmentation", {"method": "mpcm", "status": "done", "frames": "47 / 47"})
    assert "not scored" in dock.note.text() and "mIoU" not in dock.note.text()
    dock.set_run("segmentation", {"method": "mpcm", "status": "done", "frames": "42 / 42", "miou": 0.4, "niou": 0.45,
                                  "pd": 0.9, "fa_e6": 19.4})
    assert dock.note.text().startswith("masks: mIoU") and dock.note.text().endswith("done so far.")
    dock.set_run("detection", {"method": "seq_irst", "status": "done", "frames": "100 / 100"})
    assert "detections not scored" in dock.note.text() and "masks: mIoU" in dock.note.text()
