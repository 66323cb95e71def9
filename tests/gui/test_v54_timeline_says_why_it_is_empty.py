"""The Timeline with a sequence open and nothing to draw for the curve chosen (a cube or an image with no
run yet, a single segmented image under "IoU with groundtruth") was an empty plot without a word: it says
why over the plot, and says nothing once a run's curve is drawn."""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QLabel


def _said(dock) -> list[str]:
    """The texts shown over the timeline's plot, inside its data area."""
    vb = dock.plot.getPlotItem().getViewBox()
    area = dock.plot.mapFromScene(vb.sceneBoundingRect()).boundingRect()
    return [lab.text() for lab in dock.plot.findChildren(QLabel)
            if lab.isVisible() and lab.text() and area.contains(lab.geometry())]


def test_an_empty_curve_is_said(qtbot):
    from workbench.gui.timeline import TimelineDock

    dock = TimelineDock()
    qtbot.addWidget(dock)
    dock.resize(700, 260)
    dock.show()
    qtbot.waitExposed(dock)
    dock.set_length(150)  # a sequence, no run yet
    said = _said(dock)
    assert len(said) == 1 and "No run" in said[0] and "IoU" in said[0], said

    dock.set_series({"kcf": {"iou": np.linspace(1, 0, 150)}}, {"kcf": "#0072B2"})  # a run's curve: no word
    assert _said(dock) == []

    dock.set_series({}, {})  # its results gone, a single image opened
    dock.set_length(1)
    said = _said(dock)
    assert len(said) == 1 and said[0].startswith("One frame"), said

    dock.set_length(0)  # none open: the no-sequence hint alone
    said = _said(dock)
    assert len(said) == 1 and "Open a sequence" in said[0], said
