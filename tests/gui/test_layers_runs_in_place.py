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


def test_run_list_shows_every_run_in_a_tall_dock(qtbot):
    """Six runs (two trackers run three times) in the compact layout's Layers tab (the right column's full
    height at 1366x768): the list was 64 px, four rows and a scroll bar, with the tab empty below it.
    It is as tall as its runs now, up to eight; more scroll."""
    dock = LayersDock()
    qtbot.addWidget(dock)
    dock.resize(440, 640)
    dock.show()
    qtbot.waitExposed(dock)
    names = ["kcf", "siamfcpp", "kcf/default-run2", "siamfcpp/default-run2", "kcf/default-run3",
             "siamfcpp/default-run3"]
    dock.set_runs({n: "#3399ff" for n in names}, {})
    last = lambda: dock.runs.visualItemRect(dock.runs.item(len(names) - 1))  # noqa: E731
    qtbot.waitUntil(lambda: last().bottom() <= dock.runs.viewport().height(), timeout=2000)  # the layout's pass
    assert not dock.runs.verticalScrollBar().isVisible()
    many = [f"run{k}" for k in range(20)]
    dock.set_runs({n: "#3399ff" for n in many}, {})  # more than eight: it scrolls, the form stays below
    qtbot.waitUntil(lambda: dock.runs.verticalScrollBar().isVisible())
    assert dock.runs.height() <= 8 * dock.runs.sizeHintForRow(0) + 12
    dock.set_runs({"kcf": "#3399ff"}, {})  # one run: a small list again
    qtbot.waitUntil(lambda: dock.runs.height() <= dock.RUNS_MIN_H if hasattr(dock, "RUNS_MIN_H") else True)
