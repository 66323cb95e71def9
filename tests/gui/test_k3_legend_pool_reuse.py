"""K3: the frame view's and the Timeline's legends kept the entries they took out in two pools of their own
(``FrameView._legend_spare``, ``SideLegend._spare``), each reaching into pyqtgraph's legend. One class now
(``legend_pool.PooledLegend``): an entry shown again under the same text is the one kept, hidden; beyond
its cap the oldest kept is freed."""
from __future__ import annotations

import pyqtgraph as pg

from workbench.gui.legend_pool import PooledLegend
from workbench.gui.timeline import SideLegend
from workbench.gui.viewer import FrameView


def test_an_entry_shown_again_is_the_one_kept_and_the_oldest_goes_past_the_cap(qtbot, monkeypatch):
    made = []
    add = pg.LegendItem.addItem
    monkeypatch.setattr(pg.LegendItem, "addItem", lambda self, item, name: (made.append(name), add(self, item, name))[1])
    lg = PooledLegend(spare_cap=2)
    first, second = pg.PlotCurveItem([0, 1], [0, 1]), pg.PlotCurveItem([0, 1], [1, 0])
    sample, label = lg.add_entry(first, "a")
    lg.add_entry(first, "a", variant=True)  # another variant: an entry of its own
    assert made == ["a", "a"]
    lg.take_all_out()
    assert lg.items == [] and lg.layout.count() == 0 and not label.isVisible() and lg.spare_count() == 2
    assert lg.add_entry(second, "a") == (sample, label)  # the one kept, drawing the new curve
    assert made == ["a", "a"] and sample.item is second and label.isVisible() and sample.isVisible()
    assert lg.layout.count() == 2 and lg.spare_count() == 1
    lg.removeItem(second)  # pyqtgraph's own removal keeps it too
    assert lg.items == [] and lg.has_spare("a") and lg.spare_count() == 2

    lg.add_entry(first, "b")
    lg.add_entry(first, "c")
    lg.take_all_out()  # four kept, cap two: the oldest two ("a" on one line, then "a") freed
    assert lg.spare_count() == 2 and not lg.has_spare("a") and not lg.has_spare("a", True)
    assert lg.has_spare("b") and lg.has_spare("c")
    assert label.scene() is None  # freed: out of the scene
    lg.add_entry(first, "a")
    assert made == ["a", "a", "b", "c", "a"]


def test_frame_view_and_timeline_legends_are_pooled(qtbot):
    view = FrameView()
    qtbot.addWidget(view)
    assert isinstance(view.legend, PooledLegend) and view.legend.spare_cap == FrameView.SPARE_ENTRIES
    assert issubclass(SideLegend, PooledLegend) and "_removeItemFromLayout" not in vars(SideLegend)
