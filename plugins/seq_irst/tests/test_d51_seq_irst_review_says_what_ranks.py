"""The detector workflow's review queue showed every item's rank number as "loss": a mined miss on DAUB
sequence 9 read "loss 22.000" (the number of points of the trajectory it falls inside), a lone false alarm
its detection score. Each item says what its number is."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


def test_review_rows_say_what_ranks_each_item(qtbot):
    from workbench.core.data.irseq import INTERFERENCE, TARGET, Label
    from workbench_seq_irst.panel import SeqIRSTPanel
    from workbench_seq_irst.refine import ReviewItem, ReviewQueue

    items = [ReviewItem("s", 3, "miss", Label(3, 10.0, 12.0, 3, 3, TARGET), None, loss=22.0),
             ReviewItem("s", 5, "false_alarm", Label(5, 4.0, 4.0, 3, 3, INTERFERENCE),
                        (4.0, 4.0, 3, 3, 0.45, TARGET), loss=0.45),
             ReviewItem("s", 1, "label", Label(1, 8.0, 8.0, 3, 3, TARGET), None, loss=4.349)]
    panel = SeqIRSTPanel(None)
    qtbot.addWidget(panel)
    panel._show_item = lambda: None  # the crops need a project's frames: the table is what is checked here
    panel.queue = ReviewQueue(items, {"s": [[] for _ in range(8)]})
    panel._refresh_queue()
    col = [panel.queue_table.horizontalHeaderItem(c).text() for c in range(6)].index("ranked by")
    cells = [panel.queue_table.item(r, col).text() for r in range(3)]
    assert cells == ["gap in a 22-point track", "lone detection, score 0.45", "loss 4.349"]
