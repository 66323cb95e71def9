"""The Targets dock lists a detector's class beside each score ("0.312  interference"); the column's
header said only "score". It says "score, class" when classes are shown."""
from __future__ import annotations

from types import SimpleNamespace

from workbench.gui.targets_dock import TargetsDock


def _t(x, y):
    return SimpleNamespace(centroid=(x, y), box=(x - 1, y - 1, 3, 3), pixels=9, aspect_ratio=1.0, score=0.3)


def test_class_column_named_when_classes_are_shown(qtbot):
    dock = TargetsDock()
    qtbot.addWidget(dock)
    last = dock.table.columnCount() - 1
    dock.set_targets([_t(10, 10), _t(20, 20)], kind="detection", classes=["target", "interference"])
    assert dock.table.horizontalHeaderItem(last).text() == "score, class"
    assert dock.table.item(1, last).text().endswith("interference")
    dock.set_targets([_t(10, 10)], kind="target")  # a segmenter's components: no class
    assert dock.table.horizontalHeaderItem(last).text() == "score"
