"""The Dataset dock's Results cell was drawn all amber when one tracker's result file in it was left out
of the dataset scores: "⚠ t1, t2" in amber, which run's file it was could not be read off the colour.
Now only "⚠ t1" is amber, t2 in the text colour; the tooltip names the file and the reason."""
from __future__ import annotations

from pathlib import Path

import numpy as np


class _Seq:
    def __len__(self):
        return 6

    def tags(self):
        return ["occlusion"]


class _Entry:
    def __init__(self, name):
        self.name, self.frames, self.layout, self.error = name, 6, "otb", None
        self.path = Path("/data/ds") / name

    def try_open(self):
        return _Seq()


def _amber(px):
    r, g, b = px[..., 0].astype(int), px[..., 1].astype(int), px[..., 2].astype(int)
    return (r > 170) & (g > 110) & (g < 210) & (b < 130) & (r - b > 90)


def _plain(px):  # the light grey text colour (#d8dce2) or near it, not amber
    r, b = px[..., 0].astype(int), px[..., 2].astype(int)
    return (r > 120) & (b > 120) & (abs(r - b) < 40)


def test_only_the_left_out_run_is_amber(qtbot):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from workbench.gui import style
    from workbench.gui.dataset_dock import WARN_COLOR, DatasetDock

    style.apply(QApplication.instance())
    dock = DatasetDock()
    qtbot.addWidget(dock)
    dock.resize(700, 200)
    dock.show()
    qtbot.waitExposed(dock)
    dock.set_dataset(Path("/data/ds"), [_Entry("seq_a"), _Entry("seq_b")],
                     {"seq_a": ["t1", "t2"], "seq_b": ["t2"]})
    qtbot.waitUntil(lambda: not dock.describing, timeout=5000)
    why = "/ws/results/t1/seq_a.txt: has 4 boxes but the sequence has 6 frames"
    dock.set_skipped({("seq_a", "t1"): why})
    table = dock.table
    table.horizontalHeader().resizeSection(4, 200)  # the whole text on screen
    item = table.item(0, 4)
    assert item.text() == "⚠ t1, t2"
    # the cell itself is not coloured: the run is
    assert item.foreground().color().name() != WARN_COLOR
    from workbench.gui.dataset_dock import ResultsDelegate

    segs = ResultsDelegate.segments(table.model().index(0, 4), table.palette())
    assert [(t, c.name()) for t, c in segs] == [
        ("⚠ t1", WARN_COLOR), (", ", table.palette().color(QPalette.ColorRole.Text).name()),
        ("t2", table.palette().color(QPalette.ColorRole.Text).name())]
    # the tooltip names the run, its file and why
    tip = item.toolTip()
    assert "t1" in tip and "seq_a.txt" in tip and "has 4 boxes" in tip, tip
    assert "⚠" not in table.item(1, 4).toolTip() and table.item(1, 4).text() == "t2"

    # what a user sees: amber over "⚠ t1" only, "t2" drawn in the text colour
    table.clearSelection()
    image = table.viewport().grab().toImage()
    rect = table.visualRect(table.model().index(0, 4))
    px = np.array([[image.pixelColor(x, y).getRgb()[:3] for x in range(rect.left(), rect.right())]
                   for y in range(rect.top(), rect.bottom())], np.uint8)
    cols_amber = np.flatnonzero(_amber(px).any(axis=0))
    fm = table.fontMetrics()
    t2_from = fm.horizontalAdvance("⚠ t1, ")  # where "t2" starts, after the cell's margin
    assert cols_amber.size and cols_amber.max() < t2_from, (cols_amber, t2_from)
    right = px[:, t2_from:]
    assert _plain(right).sum() > 5 and not _amber(right).any()
    # the other row's cell: no amber at all
    rect_b = table.visualRect(table.model().index(1, 4))
    pxb = np.array([[image.pixelColor(x, y).getRgb()[:3] for x in range(rect_b.left(), rect_b.right())]
                    for y in range(rect_b.top(), rect_b.bottom())], np.uint8)
    assert not _amber(pxb).any() and _plain(pxb).sum() > 5
