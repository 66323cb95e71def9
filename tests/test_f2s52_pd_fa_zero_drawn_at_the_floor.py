"""The Pd-Fa figure (``segment --plots``, LW-IRSTNet's Evaluate tab; F, session 52): Fa is on a log axis, and the
thresholds with no false alarm (Fa = 0) were dropped without a word, the 0.5 operating point too (the note says it
is marked): on SIRST val with LW-IRSTNet the operating point was missing. They are drawn at the axis floor, marked
apart, and the note says so."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from workbench.core.evaluation.irst_curves import pd_fa_figure


def _report(fa_op: float):
    return SimpleNamespace(pdfa_thresholds=np.array([0.1, 0.3, 0.5, 0.7, 0.9]),
                           pdfa_pd=np.array([0.95, 0.9, 0.85, 0.8, 0.6]),
                           pdfa_fa=np.array([4e-5, 2e-6, fa_op, 0.0, 0.0]), pd=0.85, fa=fa_op, fa_e6=fa_op * 1e6)


def test_zero_fa_points_and_operating_point_drawn_at_the_floor():
    fig = pd_fa_figure(_report(0.0))
    ax = fig.axes[0]
    left = ax.get_xlim()[0]
    assert left > 0 and left < 2.0  # a decade below the least Fa drawn (2e-6 = 2 x 1e-6)
    at_floor = [(line.get_label(), list(line.get_ydata())) for line in ax.get_lines()
                if len(line.get_xdata()) and np.allclose(line.get_xdata(), left)]
    labels = dict(at_floor)
    assert labels.get("Fa = 0 (drawn at the floor)") == [0.85, 0.8, 0.6]
    assert any(k.startswith("threshold 0.5: Pd 0.850, Fa 0") for k in labels), labels  # the operating point
    assert any("Fa = 0 drawn at the floor" in t.get_text() for t in fig.texts)


def test_no_zero_fa_is_drawn_as_before():
    fig = pd_fa_figure(SimpleNamespace(**{**vars(_report(1e-6)), "pdfa_fa": np.array([4e-5, 2e-6, 1e-6, 5e-7, 1e-7])}))
    ax = fig.axes[0]
    assert not any("floor" in line.get_label() for line in ax.get_lines())
    assert not any("floor" in t.get_text() for t in fig.texts)
