"""QA item 8: the Success / precision dock's Export… menu was always enabled while File › Export
greyed the same entries when there was nothing to write, and choosing one then gave a critical
"Nothing to export" box for a normal state. Its entries are greyed with the reason in their tooltip,
and the window's own File › Export actions can take their place (``use_actions``): one enabling for
both menus."""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

GT = np.array([[10.0 + i, 10.0, 20.0, 20.0] for i in range(30)])


def _curves(names) -> dict:
    from workbench.core.evaluation.ope import evaluate_tracker

    return {n: evaluate_tracker(n, {"s": GT + [3 * k, k, 0, 0]}, {"s": GT}, {"s": {}}).overall
            for k, n in enumerate(names)}


def test_export_menu_entries_follow_the_windows_actions(qtbot):
    from workbench.gui.plots_dock import NO_ATTRIBUTES, NO_SCORES, PlotsDock

    dock = PlotsDock()
    qtbot.addWidget(dock)
    window = QMainWindow()
    qtbot.addWidget(window)
    acts = dock.export_actions
    # nothing scored: the dock's own entries greyed, saying why (they were enabled, then an error box)
    for what in ("plots", "numbers", "attributes"):
        assert not acts[what].isEnabled() and NO_SCORES in acts[what].toolTip()
    assert dock.export_menu.toolTipsVisible()
    dock.set_curves(_curves(["kcf"]), {"kcf": "#ff0000"}, "seq")
    dock.set_attributes([])
    assert acts["plots"].isEnabled() and acts["numbers"].isEnabled()
    assert not acts["attributes"].isEnabled() and NO_ATTRIBUTES in acts["attributes"].toolTip()

    # the window's File › Export actions take the place of the dock's: one enabling for both menus
    own = {what: QAction(what, window) for what in ("plots", "numbers", "boxes", "frame")}
    dock.use_actions(own)
    entries = [a for a in dock.export_menu.actions() if not a.isSeparator()]
    assert [own.get(w, acts.get(w)) for w in ("plots", "numbers", "attributes", "boxes", "frame")] == entries
    own["plots"].setEnabled(False)
    dock.set_curves(_curves(["kcf"]), {"kcf": "#ff0000"}, "seq")  # the dock leaves the window's alone
    assert not dock.export_actions["plots"].isEnabled()
    fired = []
    own["numbers"].triggered.connect(lambda *_: fired.append("numbers"))
    dock.export_actions["numbers"].trigger()
    assert fired == ["numbers"]


def test_window_gives_the_dock_its_export_actions(window):
    """In the window the dock's Export menu holds File › Export's own actions: with nothing scored its plots
    and numbers entries are greyed, saying why (they were the dock's own, always enabled)."""
    w = window
    acts = w.plots.export_actions
    for what, act in (("plots", w.act_export_plots), ("numbers", w.act_export_numbers),
                      ("boxes", w.act_export_boxes), ("frame", w.act_export_frame)):
        assert acts[what] is act
    w.update_enabled()
    assert not w.scoring.reports
    for what in ("plots", "numbers"):
        assert not acts[what].isEnabled() and "Nothing scored yet" in acts[what].toolTip()
