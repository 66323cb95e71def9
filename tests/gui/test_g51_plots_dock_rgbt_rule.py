"""The Success / precision dock on an RGB-T sequence: the scores were the RGB-T toolkit's (GTOT: MSR, MPR at 5 px,
``evaluation.rgbt``), as ``workbench eval`` gives them, but the dock named them one-pass: "AUC" and "P@20" in the
legends and the ranking, whose precision column was the rate at 20 px (not GTOT's MPR@5), the one-pass convention
line under the plots after the RGB-T note, and the 20 px mark on the precision plot. The dock names the scores, the
threshold and the convention as the rule does, and its numbers, its CSV / JSON / plot exports and eval agree."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.gui.conftest import dataset_scored
from tests.gui.gtot_blackcar import PRED, gtot_blackcar


def _csv_row(path: Path) -> dict:
    return next(r for r in csv.DictReader(path.open()) if r["sequence"] == "_all")


def test_dock_names_the_rgbt_rules_scores_as_eval_does(qtbot, window, tmp_path, capsys, monkeypatch):
    from workbench.cli import main
    from workbench.core.evaluation import plots as core_plots
    from workbench.core.evaluation.ope import CONVENTION_SHORT
    from workbench.core.evaluation.rgbt import RULES
    from workbench.core.results import write_boxes
    from workbench.gui import settings as wsettings

    w = window
    data = gtot_blackcar(tmp_path / "gtot")
    res = wsettings.results_dir()
    write_boxes(res / "trk" / "BlackCar.txt", PRED)
    assert w.open_path(data)
    w.dataset._open_row(0)
    w.plots.scope.setCurrentIndex(1)
    dataset_scored(qtbot, w)
    w.plots.redraw()

    rule = RULES["gtot"]
    c = w.plots.curves["trk"]
    assert getattr(c, "rule", None) is rule and c.precision_20 == 1.0 and c.precision_headline == 0.0
    legends = w.plots.legend_texts()
    assert legends == [f"trk [MSR {c.success_auc:.3f}]", "trk [MPR@5 0.000]"], legends
    ranking = w.plots.ranking
    assert [ranking.horizontalHeaderItem(j).text() for j in range(3)] == ["tracker", "MSR", "MPR@5"]
    assert ranking.item(0, 2).value == 0.0 and ranking.item(0, 1).value == pytest.approx(c.success_auc)
    assert "MPR@5 0.000" in ranking.item(0, 0).toolTip()
    note = w.plots.note.text()
    assert rule.convention_short() in note and CONVENTION_SHORT not in note, note
    assert note.count("RGB-T") == 1, note  # said once, not as a note beside the one-pass line
    assert rule.convention() in w.plots.note.toolTip() and "OPE" not in w.plots.note.toolTip()
    assert w.plots.precision_mark.value() == 5.0  # where MPR@5 is read, not 20 px

    # eval says the same numbers under the same names
    assert main(["eval", str(res), "--dataset", str(data)]) == 0
    out = capsys.readouterr().out
    head = next(line for line in out.splitlines() if line.startswith("tracker")).split()
    row = next(line for line in out.splitlines() if line.startswith("trk")).split()
    assert head[2:4] == ["MSR", "MPR@5"] and row[2:4] == [f"{c.success_auc:.3f}", "0.000"], out

    # the dock's exports: the numbers as shown, the plots' footer the rule's convention with the dock's note
    files = w.export_numbers(tmp_path / "out" / "scores.csv")
    got = _csv_row(files[0])
    assert float(got["mpr"]) == 0.0 and float(got["msr"]) == pytest.approx(c.success_auc, abs=1e-4)
    footers = []
    real = core_plots.curve_figure

    def figure(curves, kind, title="", convention=CONVENTION_SHORT, labels=None, **more):  # (styles=, 143cf35)
        footers.append(convention)
        return real(curves, kind, title, convention, labels, **more)

    monkeypatch.setattr(core_plots, "curve_figure", figure)
    assert w.export_plots(tmp_path / "plots", formats=("png",))
    assert footers and set(footers) == {note}, (footers, note)

