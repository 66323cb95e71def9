"""Found opening the demo with 25 saved runs after another sequence, the Timeline on screen (J1): the
Timeline's legend made a label for every run again each time (25 labels, most of 50-110 ms under load). The
labels of entries removed are kept, hidden, and used again for an entry of the same text."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from workbench.gui.timeline import TimelineDock

NAMES = [f"kcf/default-run{i}" for i in range(2, 7)]


def test_timeline_legend_labels_used_again_for_the_same_runs(qtbot, monkeypatch):
    tl = TimelineDock()
    qtbot.addWidget(tl)
    tl.show()
    qtbot.waitExposed(tl)
    tl.set_length(12)
    series = {n: {"iou": np.linspace(0, 1, 12)} for n in NAMES}
    tl.set_series(series, {n: "#ff0000" for n in NAMES})
    first = {label.text: label for _s, label in tl.legend.items}
    made = []
    add = pg.LegendItem.addItem
    monkeypatch.setattr(pg.LegendItem, "addItem", lambda self, item, name: (made.append(name), add(self, item, name))[1])
    tl.set_series({}, {})  # another sequence, no runs
    assert tl.legend.items == [] and not any(label.isVisible() for label in first.values())
    tl.set_series(series, {n: "#00ff00" for n in NAMES})  # opened again
    assert made == []  # no label made again
    assert [label.text for _s, label in tl.legend.items] == NAMES
    assert all(first[label.text] is label and label.isVisible() for _s, label in tl.legend.items)
    rows = [tl.legend.layout.itemAt(r, 1) for r in range(tl.legend.layout.rowCount())]
    assert [x.text for x in rows if x is not None] == NAMES  # laid out, in order
    assert [s.item.opts["pen"].color().name() for s, _l in tl.legend.items] == ["#00ff00"] * len(NAMES)
    tl.set_series({"other": {"iou": np.zeros(12)}}, {"other": "#0000ff"})  # a new name: an entry taken over (H3)
    assert [label.text for _s, label in tl.legend.items] == ["other"] and tl.legend.items[0][1].isVisible()
