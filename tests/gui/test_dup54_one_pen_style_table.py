"""The frame view's pens (``viewer._look_pen``: a ninth run's box and legend line) and the plots' curves
(``curves._pen``) mapped matplotlib line styles to Qt pen styles by two tables: one, ``curves.pen_style``."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


def test_every_line_style_one_qt_style_in_the_view_and_the_plots(qtbot):
    from PySide6.QtCore import Qt

    from workbench.core.evaluation.plots import line_style_for
    from workbench.gui import curves, viewer

    want = {"-": Qt.PenStyle.SolidLine, "--": Qt.PenStyle.DashLine, ":": Qt.PenStyle.DotLine,
            "-.": Qt.PenStyle.DashDotLine, "": Qt.PenStyle.SolidLine, "none": Qt.PenStyle.SolidLine}
    assert {line: curves.pen_style(line) for line in want} == want
    assert not hasattr(viewer, "_LINE_STYLES")  # no second table
    for k in range(40):  # every style the figures' rule gives a run: a Qt style of its own, not solid past the first
        line = line_style_for(k)
        look = ("#1f77b4", line)
        assert viewer._look_pen(look, 2.0).style() == curves._pen(look, 2.0).style() == curves.pen_style(line)
        assert (curves.pen_style(line) == Qt.PenStyle.SolidLine) == (line == "-")
    assert viewer._look_pen("#1f77b4", 2.0).style() == Qt.PenStyle.SolidLine  # a colour alone: solid
