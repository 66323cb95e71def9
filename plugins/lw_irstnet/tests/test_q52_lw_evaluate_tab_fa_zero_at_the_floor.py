"""LW-IRSTNet's Evaluate tab, its Pd-Fa curve: the operating point was not drawn when its Fa is 0 and the thresholds
without a false alarm were dropped from the log axis without a word, where the exported pd_fa.png (09f374d) draws
them at the axis floor. Both draw from ``irst_curves.pd_fa_drawn`` now: the points at the floor, the operating point
there, the figure's note (saying so) as the plot's tooltip."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from workbench.core.evaluation.irst_curves import FLOOR_NOTE, pd_fa_drawn


def _report(fa_op: float):
    fa = np.array([4e-5, 2e-6, fa_op, 0.0, 0.0])
    return SimpleNamespace(pdfa_thresholds=np.array([0.1, 0.3, 0.5, 0.7, 0.9]),
                           pdfa_pd=np.array([0.95, 0.9, 0.85, 0.8, 0.6]), pdfa_fa=fa, pd=0.85, fa=fa_op,
                           fa_e6=fa_op * 1e6, roc_fpr=np.array([]), roc_tpr=np.array([]))


def _pd_fa_tab(qtbot, report):
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    panel = Panel(PLUGIN, None)
    qtbot.addWidget(panel)
    panel.setCurrentIndex(2)  # the evaluation tab is built
    panel.eval_result = SimpleNamespace(report=report)
    panel.curve_kind.setCurrentIndex(1)
    panel._show_curve()
    return panel


def test_operating_point_and_zero_fa_thresholds_drawn_at_the_floor(qtbot):
    report = _report(0.0)
    panel = _pd_fa_tab(qtbot, report)
    drawn = pd_fa_drawn(report)
    assert drawn.floor == 0.2  # a decade below the least Fa drawn (2e-6 = 2 x 1e-6)
    assert list(panel.roc_curve.xData) == [40.0, 2.0]  # the curve: the thresholds with a false alarm
    assert list(panel.roc_point.xData) == [drawn.floor] and list(panel.roc_point.yData) == [0.85]
    assert list(panel.roc_floor.xData) == [0.2] * 3 and list(panel.roc_floor.yData) == [0.85, 0.8, 0.6]
    assert FLOOR_NOTE in panel.roc_plot.toolTip()
    lo, _hi = panel.roc_plot.getPlotItem().viewRange()[0]
    assert lo <= np.log10(drawn.floor)  # the floor is in view
    panel.curve_kind.setCurrentIndex(0)  # the pixel ROC: nothing of the Pd-Fa floor left on it
    assert panel.roc_floor.xData is None or not len(panel.roc_floor.xData)
    assert FLOOR_NOTE not in panel.roc_plot.toolTip()


def test_without_zero_fa_nothing_at_the_floor(qtbot):
    report = SimpleNamespace(**{**vars(_report(1e-6)), "pdfa_fa": np.array([4e-5, 2e-6, 1e-6, 5e-7, 1e-7])})
    panel = _pd_fa_tab(qtbot, report)
    assert list(panel.roc_point.xData) == [1.0] and list(panel.roc_point.yData) == [0.85]
    assert panel.roc_floor.xData is None or not len(panel.roc_floor.xData)
    assert FLOOR_NOTE not in panel.roc_plot.toolTip()
