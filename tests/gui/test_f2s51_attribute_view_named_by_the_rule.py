"""The per-attribute scores under an RGB-T rule (R2's review of 2a5377a, finding 9): the cells are the rule's success
score (GTOT: MSR), but the dock's view and its export entry said "AUC by attribute" and ``eval --attributes`` titled
them "success_auc by attribute"; both are named as the curves name the score (one-pass: AUC, as before)."""
from __future__ import annotations

import numpy as np

GT = np.array([[10.0 + i, 12, 20, 20] for i in range(4)])
PRED = GT + [3, 0, 0, 0]
ATTRS = {"seq": {"occ": np.array([True, True, False, False]), "tag": True}}


def _reports():
    from workbench.core.evaluation import ope, rgbt

    one = ope.evaluate_tracker("trk", {"seq": PRED}, {"seq": GT}, ATTRS)
    msr = rgbt.evaluate_tracker("trk", {"seq": PRED}, {"seq": rgbt.RgbtTruth(rgbt.RULES["gtot"], (GT, GT))}, ATTRS)
    return one, msr


def test_dock_names_the_attribute_view_by_the_rules_score(qtbot):
    from workbench.gui.plots_dock import PlotsDock

    dock = PlotsDock()
    qtbot.addWidget(dock)
    one, msr = _reports()
    view = dock.view.findData("attributes")
    dock.set_attributes([msr])
    assert dock.view.itemText(view) == "MSR by attribute"
    assert dock.export_actions["attributes"].text() == "MSR by attribute (CSV)…"
    assert dock.attribute_rows[1][0][2] == msr.attributes["occ"].success_auc  # the cells: the rule's MSR
    dock.set_attributes([one])
    assert dock.view.itemText(view) == "AUC by attribute"
    assert dock.export_actions["attributes"].text() == "AUC by attribute (CSV)…"


def test_eval_attribute_table_titled_by_the_rules_score():
    from workbench.core.evaluation.plots import format_attribute_table

    one, msr = _reports()
    assert format_attribute_table([msr]).splitlines()[0] == "MSR (success_auc) by attribute"
    assert format_attribute_table([one]).splitlines()[0] == "success_auc by attribute"
