"""A run's look (a colour, or (colour, line style) past the eighth colour) was unpacked by four copies of one line:
the plots' pens (curves), the frame view's pens (viewer), the layers dock's and the scores table's swatches. Each now
asks ``curves.color_and_line``: given a stand-in for it, every one of them draws what the stand-in says."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.gui import curves, layers_dock, plots_dock, viewer

USERS = (curves, viewer, layers_dock, plots_dock)


def test_every_reader_of_a_look_is_the_one_helper():
    for mod in USERS:
        assert mod.color_and_line is curves.color_and_line, mod.__name__
    assert curves.color_and_line("#ff0000") == ("#ff0000", "-")
    assert curves.color_and_line(("#ff0000", "--")) == ("#ff0000", "--")


@pytest.fixture
def stand_in(monkeypatch):
    """``color_and_line`` answering ("#010203", "--") for the look "g55" wherever it is used."""
    asked = []

    def fake(look):
        asked.append(look)
        return ("#010203", "--") if look == "g55" else curves.color_and_line(look)

    for mod in USERS:
        monkeypatch.setattr(mod, "color_and_line", fake)
    return asked


def test_the_pens_follow_the_helper(qtbot, stand_in):
    for pen in (curves._pen("g55", 2.0), viewer._look_pen("g55", 2.0), viewer._look_pen("g55", 2.0, cosmetic=False)):
        assert pen.color().name() == "#010203"
        assert pen.style() == Qt.PenStyle.DashLine
    assert stand_in == ["g55"] * 3


def test_the_swatches_follow_the_helper(qtbot, stand_in, monkeypatch):
    dock = layers_dock.LayersDock()
    qtbot.addWidget(dock)
    dock.set_runs({"run": "g55"}, {})
    item = dock.runs.item(0)
    assert (item.data(layers_dock._COLOR_ROLE), item.data(layers_dock._LINE_ROLE)) == ("#010203", "--")

    drawn = []
    monkeypatch.setattr(plots_dock, "swatch_icon", lambda *a: drawn.append(a) or layers_dock.swatch("#010203"))
    table = plots_dock.RankingTable()
    qtbot.addWidget(table)
    table.set_rows([("run", "g55", 0.5, 0.6, 10)])
    assert drawn == [("#010203", None, "--")]
    assert stand_in == ["g55", "g55"]
