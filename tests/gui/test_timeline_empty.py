"""The Timeline before a sequence is open: its frame axis read "1 … 2" (frames of nothing) with the
cursor on "frame 1"; now no frame ticks, no cursor, a hint, and the frames once a sequence opens."""
from __future__ import annotations

from tests.gui.conftest import axis_labels


def _frame_labels(dock):
    return [text for _rect, text in axis_labels(dock.plot.getPlotItem().getAxis("bottom"))]


def test_empty_timeline_shows_no_frames_then_the_sequences(qtbot):
    from workbench.gui.timeline import TimelineDock

    dock = TimelineDock()
    qtbot.addWidget(dock)
    dock.resize(700, 260)
    dock.show()
    qtbot.waitExposed(dock)
    assert _frame_labels(dock) == []
    assert not dock.cursor.isVisible()
    assert dock.empty_hint.isVisible() and "Open a sequence" in dock.empty_hint.text()
    # the hint lies on the plot's data area
    vb = dock.plot.getPlotItem().getViewBox()
    area = dock.plot.mapFromScene(vb.sceneBoundingRect()).boundingRect()
    assert area.contains(dock.empty_hint.geometry()), (area, dock.empty_hint.geometry())
    # a click on the empty plot jumps to no frame
    jumped = []
    dock.sigFrame.connect(jumped.append)
    dock.cursor.setValue(3)
    assert jumped == []

    dock.set_length(150)
    labels = _frame_labels(dock)
    assert "1" in labels and "141" in labels, labels
    assert dock.cursor.isVisible() and not dock.empty_hint.isVisible()
    dock.cursor.setValue(4)
    assert jumped == [4]

    dock.set_length(1)  # a one-frame sequence: frame 1 alone, not "1 … 2"
    assert _frame_labels(dock) == ["1"]

    dock.set_length(0)  # and back to none
    assert _frame_labels(dock) == [] and dock.empty_hint.isVisible()
