"""The Layers dock's run list is updated in place on every live tick: an item is made for a new run
and deleted when its run leaves, and a tick that changes nothing changes no item (the list was cleared
and made anew twice a second during a run; a CI run segfaulted inside that clear())."""
from __future__ import annotations

from PySide6.QtCore import Qt

from workbench.gui.layers_dock import LayersDock


def _names(dock):
    return [dock.runs.item(i).text() for i in range(dock.runs.count())]


def test_runs_list_kept_in_place(qtbot):
    dock = LayersDock()
    qtbot.addWidget(dock)
    changed = []
    dock.sigChanged.connect(lambda: changed.append(1))
    dock.set_runs({"kcf": "#ff0000", "siamfcpp": "#00ff00"}, {"siamfcpp": ["response"]})
    assert _names(dock) == ["kcf", "siamfcpp"]
    kcf = dock.runs.item(0)
    kcf.setCheckState(Qt.CheckState.Unchecked)  # the user hides KCF's boxes
    assert dock.hidden() == {"kcf"}
    for _ in range(5):  # live ticks with the same runs
        dock.set_runs({"kcf": "#ff0000", "siamfcpp": "#00ff00"}, {"siamfcpp": ["response"]})
    assert dock.runs.item(0) is kcf  # the same item, not a new one
    assert dock.hidden() == {"kcf"}
    # a third run joins, the colours change, the order changes
    dock.set_runs({"siamfcpp": "#0000ff", "kcf": "#ff0000", "csrt": "#123456"}, {})
    assert _names(dock) == ["siamfcpp", "kcf", "csrt"]
    assert dock.runs.item(1) is kcf and dock.hidden() == {"kcf"}
    assert dock.runs.item(0).data(Qt.ItemDataRole.UserRole) == "#0000ff"
    assert dock.runs.item(2).checkState() == Qt.CheckState.Checked
    # a run leaves; the others stay as they were
    dock.set_runs({"csrt": "#123456"}, {})
    assert _names(dock) == ["csrt"] and dock.hidden() == set()
    dock.set_runs({}, {})
    assert dock.runs.count() == 0 and dock.runs.isHidden()
    assert changed  # the map rows still announce a change
