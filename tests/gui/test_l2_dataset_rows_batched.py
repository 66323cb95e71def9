"""The dataset dock's rows are described on a worker and sent to the GUI thread in batches: one event a
row re-laid the table out per row and held the GUI thread up to 0.55 s opening a 300-sequence root."""
from __future__ import annotations

import itertools


class _Seq:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def tags(self):
        return ["occlusion"] if self.n % 2 else []


class _Entry:
    def __init__(self, k):
        self.name, self.frames, self.layout, self.error = f"seq{k:03d}", None, "otb", None
        self.opened = 0

    def try_open(self):
        self.opened += 1
        if self.name == "seq007":
            self.error = "groundtruth_rect.txt: line 3 has 2 numbers, not 4"
            return None
        return _Seq(10 + int(self.name[3:]))


def test_rows_come_in_batches_by_count_and_by_time():
    from workbench.gui.dataset_dock import BATCH_ROWS, BATCH_S, _describe_entries

    entries = [_Entry(k) for k in range(150)]
    batches = list(_describe_entries(entries, clock=lambda: 0.0))  # instant: by count alone
    assert [len(b) for b in batches] == [BATCH_ROWS, BATCH_ROWS, 150 - 2 * BATCH_ROWS]
    rows = [r for b in batches for r in b]
    assert [r[0] for r in rows] == list(range(150)) and all(e.opened == 1 for e in entries)
    assert rows[3] == (3, 13, "occlusion", "") and rows[4] == (4, 14, "", "")
    assert rows[7] == (7, None, "", "groundtruth_rect.txt: line 3 has 2 numbers, not 4")
    ticks = itertools.count(step=BATCH_S * 0.6)  # each row takes 0.6 of a batch's time: two rows a batch
    slow = list(_describe_entries([_Entry(k) for k in range(6)], clock=lambda: next(ticks)))
    assert [len(b) for b in slow] == [2, 2, 2]


def test_dock_fills_every_row_from_a_few_deliveries(qtbot):
    from workbench.gui.dataset_dock import DatasetDock
    from pathlib import Path

    dock = DatasetDock()
    qtbot.addWidget(dock)
    deliveries = []
    dock._describer.yielded.connect(lambda batch: deliveries.append(len(batch)))
    entries = [_Entry(k) for k in range(150)]
    dock.set_dataset(Path("/data/otb"), entries, results={})
    qtbot.waitUntil(lambda: not dock.describing, timeout=10000)
    assert sum(deliveries) == 150
    assert len(deliveries) <= 20  # (150: one a row; a loaded machine may cut a few more batches by time)
    t = dock.table
    assert [t.item(r, 1).text() for r in (0, 8, 149)] == ["10", "18", "159"]
    assert t.item(3, 3).text() == "occlusion" and t.item(4, 3).text() == ""
    assert t.item(7, 3).text().startswith("cannot open: groundtruth_rect.txt") and 7 in dock.bad


def test_a_shown_table_measures_its_fitted_columns_once_a_batch(qtbot):
    """Each cell put in or changed made the Frames column (fitted to its contents) measure every row again at
    once: a 300-row table shown and filled took 2.5 s to take the next root's rows, 2 s for their frame counts."""
    from pathlib import Path

    from PySide6.QtWidgets import QApplication, QStyledItemDelegate

    from workbench.gui.dataset_dock import DatasetDock

    class Counting(QStyledItemDelegate):
        calls = 0

        def sizeHint(self, option, index):
            Counting.calls += 1
            return super().sizeHint(option, index)

    dock = DatasetDock()
    qtbot.addWidget(dock)
    dock.resize(420, 500)
    dock.show()
    dock.set_dataset(Path("/data/otb"), [_Entry(k) for k in range(150)], results={})
    qtbot.waitUntil(lambda: not dock.describing, timeout=10000)
    counting = Counting(dock.table)
    dock.table.setItemDelegateForColumn(1, counting)
    QApplication.processEvents()  # its layout done (a layout pending skips the per-cell work)
    assert Counting.calls == 0
    dock.set_dataset(Path("/data/otb2"), [_Entry(k) for k in range(150)], results=None)
    qtbot.waitUntil(lambda: not dock.describing, timeout=10000)
    dock.set_results({"seq001": ["kcf"]})
    assert dock.table.item(149, 1).text() == "159"
    assert Counting.calls < 30 * 150  # (old: 67,500, every row measured at each of the 450 cells put in or described)
    assert dock.table.horizontalHeader().sectionSize(1) >= dock.table.sizeHintForColumn(1)  # still fits them
