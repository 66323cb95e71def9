"""K3: opening a sequence with 25 saved runs, the Layers dock's ``set_runs`` took 6-23 ms of the switch's
turn, most of it reading Qt enum members (three per run) and painting a swatch pixmap per run on every open.
The swatches are made once per colour and the enums read once; the list is the same."""
from __future__ import annotations

from PySide6.QtCore import Qt

from workbench.gui.layers_dock import LayersDock, swatch


def test_swatch_made_once_per_colour_and_the_runs_listed_as_before(qtbot):
    assert swatch("#12ab34") is swatch("#12ab34") and swatch("#12ab34") is not swatch("#12ab35")
    dock = LayersDock()
    qtbot.addWidget(dock)
    colors = {f"fake/default-run{i}": f"#{i:02x}8040" for i in range(2, 8)}
    dock.set_runs({"other": "#ff0000"}, {})
    dock.set_runs(colors, {})
    items = [dock.runs.item(i) for i in range(dock.runs.count())]
    assert [i.text() for i in items] == list(colors)
    assert all(i.flags() == Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable for i in items)
    assert all(i.checkState() == Qt.CheckState.Checked for i in items)
    assert [i.data(Qt.ItemDataRole.UserRole) for i in items] == list(colors.values())
    assert all(i.icon().cacheKey() == swatch(c).cacheKey() for i, c in zip(items, colors.values()))
