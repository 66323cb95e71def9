"""The run colour swatches had two hand-written caches around ``swatch_icon``: a module dict in the Layers dock
and a dict per ranking table in the plots dock (each table painted its own icon of a colour the Layers dock had
already made). One ``lru_cache`` on ``swatch_icon`` now: one icon per colour and side, whoever asks."""
from __future__ import annotations


def test_one_icon_per_colour_and_side_for_the_layers_dock_and_the_ranking(qtbot):
    from workbench.gui.layers_dock import SWATCH_SIDE, swatch
    from workbench.gui.painted_icons import swatch_icon
    from workbench.gui.plots_dock import RankingTable

    assert swatch_icon("#3a7bd5") is swatch_icon("#3a7bd5")
    assert swatch_icon("#3a7bd5") is not swatch_icon("#3a7bd6")
    assert swatch_icon("#3a7bd5", SWATCH_SIDE) is not swatch_icon("#3a7bd5")  # another size: another icon
    assert swatch("#3a7bd5") is swatch_icon("#3a7bd5", SWATCH_SIDE)  # the Layers dock's is the same one

    tables = [RankingTable(), RankingTable()]
    for table in tables:
        qtbot.addWidget(table)
        table.set_rows([("kcf", "#3a7bd5", 0.5, 0.6, 10), ("csrt", "#d53a7b", 0.4, 0.5, 10)])
    for table in tables:  # both tables show the one cached icon of each colour
        keys = {table.item(r, 0).text(): table.item(r, 0).icon().cacheKey() for r in range(2)}
        assert keys == {"kcf": swatch_icon("#3a7bd5").cacheKey(), "csrt": swatch_icon("#d53a7b").cacheKey()}
