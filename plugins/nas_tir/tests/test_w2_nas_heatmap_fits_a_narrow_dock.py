"""The NAS alphas heatmaps in a 1024 px wide window (~200 px each): the title's width held the image's
column wide, pushing the colour bar out past the plot's right edge (its labels cut to "0."), and the eight
op names under the image ran together ("max3avg3sep3sep5"). The colour bar stays inside the plot and the
names shown are as far apart as the widest needs."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QFont, QFontMetrics

pytest.importorskip("workbench_nas_tir")


def test_heatmap_keeps_its_colour_bar_and_op_names_readable(qtbot):
    from workbench_nas_tir.cells import PRIMITIVES, edge_list
    from workbench_nas_tir.inspector import SHORT, AlphaHeatmap

    heat = AlphaHeatmap("normal cell \u03b1 (softmax)")
    qtbot.addWidget(heat)
    heat.set_alpha(np.full((len(edge_list("dual")), len(PRIMITIVES)), 1 / 8), "dual")
    heat.resize(200, 150)
    heat.show()
    axis = heat.bar.axis
    qtbot.waitUntil(lambda: heat.getPlotItem().vb.width() < 150, timeout=3000)
    right = axis.mapRectToScene(axis.boundingRect()).right()
    assert right <= heat.width() + 0.5, f"colour bar's axis ends at {right:.0f} px, the plot at {heat.width()}"
    bottom = heat.getPlotItem().getAxis("bottom")
    named = [(x, t) for x, t in bottom._tickLevels[0] if t]
    font = QFont(heat.font())
    font.setPointSizeF(max(6.0, font.pointSizeF() * 0.68))
    widest = max(QFontMetrics(font).horizontalAdvance(SHORT[p]) for p in PRIMITIVES)
    col = heat.getPlotItem().vb.width() / len(PRIMITIVES)
    gaps = np.diff([x for x, _t in named]) * col
    assert len(named) >= 2 and gaps.min() >= widest, f"names {named} {gaps} px apart, the widest is {widest} px"
