"""The NAS alphas heatmaps beside the Timeline in a 1600x1000 window (~190 px each, the row labels' axis
taking ~50 of them): the title "reduction cell α (softmax)" ran past the plot's edge, cut to "reduction cell
α (softmax". Where the whole title does not fit a shorter one is shown ("reduction cell α", then "reduction
α"); the whole one where there is room."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("workbench_nas_tir")


def _title_span(heat) -> tuple[float, float, str]:
    title = heat.getPlotItem().titleLabel
    r = title.item.mapRectToScene(title.item.boundingRect())
    return r.left(), r.right(), title.text


@pytest.mark.parametrize("title", ["normal cell \u03b1 (softmax)", "reduction cell \u03b1 (softmax)"])
def test_heatmap_title_in_the_plot_at_any_width(qtbot, title):
    from workbench_nas_tir.cells import PRIMITIVES, edge_list
    from workbench_nas_tir.inspector import AlphaHeatmap

    heat = AlphaHeatmap(title)
    qtbot.addWidget(heat)
    heat.set_alpha(np.full((len(edge_list("dual")), len(PRIMITIVES)), 1 / 8), "dual")
    heat.resize(190, 170)
    heat.show()
    qtbot.waitExposed(heat)
    qtbot.waitUntil(lambda: heat.getPlotItem().vb.width() < 140, timeout=3000)
    left, right, text = _title_span(heat)
    assert left >= 0 and right <= heat.width(), (left, right, heat.width(), text)
    assert text.split()[0] == title.split()[0] and "\u03b1" in text  # still says which cell's alphas

    heat.resize(520, 300)  # room: the whole title
    qtbot.waitUntil(lambda: heat.getPlotItem().titleLabel.text == title, timeout=3000)
    left, right, _text = _title_span(heat)
    assert left >= 0 and right <= heat.width()
