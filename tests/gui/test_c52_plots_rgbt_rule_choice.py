"""The Success / precision dock had no way to choose the rule RGB-T sequences are scored under: always each
benchmark's own (``--rgbt auto``), while ``workbench eval --rgbt auto|gtot|rgbt234|rgbt210|lasher|vtuav|off`` offers
them all. The dock's "RGB-T" choice (shown only where the sequences scored are RGB-T) scores them as ``--rgbt`` does:
its legends, ranking and convention line follow it, in the sequence and the dataset scope, and the window keeps the
choice in its settings."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from tests.gui.conftest import dataset_scored
from tests.gui.gtot_blackcar import GT, H, N, PRED, W, gtot_blackcar


def _plain(root: Path) -> Path:
    d = root / "plain"
    d.mkdir(parents=True)
    for k in range(N):
        cv2.imwrite(str(d / f"{k + 1:08d}.jpg"), np.full((H, W), 40 + 20 * k, np.uint8))
    (d / "groundtruth.txt").write_text("".join(",".join(f"{v:g}" for v in r) + "\n" for r in GT))
    return d


def _choose(qtbot, w, key: str) -> None:
    w.plots.rule.setCurrentIndex(w.plots.rule.findData(key))
    qtbot.waitUntil(lambda: not w.scoring.running, timeout=10000)
    w.plots.redraw()


def test_rgbt_choice_hidden_for_other_sequences_and_the_rule_chosen_scores_as_eval_rgbt(qtbot, window, tmp_path):
    from workbench.core.evaluation.ope import CONVENTION_SHORT
    from workbench.core.evaluation.rgbt import RULES
    from workbench.core.results import write_boxes
    from workbench.gui import settings as wsettings

    w = window
    # first a sequence that is not RGB-T, in this window (a window of its own cost more than the check): no choice
    _rgbt_choice_hidden_for_other_sequences(qtbot, w, tmp_path)
    data = gtot_blackcar(tmp_path / "gtot")
    write_boxes(wsettings.results_dir() / "trk" / "BlackCar.txt", PRED)
    assert w.open_path(data)
    w.dataset._open_row(0)
    qtbot.waitUntil(lambda: w.sequences.sequence is not None and not w.scoring.running, timeout=10000)
    w.plots.redraw()
    assert w.plots.rule.isVisibleTo(w.plots) and w.plots.current_rule() == "auto"
    assert w.plots.legend_texts()[1] == "trk [MPR@5 0.000]"  # auto: GTOT's own rule

    _choose(qtbot, w, "off")  # one-pass, as eval --rgbt off: P@20 of 8-px errors is 1
    c = w.plots.curves["trk"]
    assert getattr(c, "rule", None) is None
    assert w.plots.legend_texts() == [f"trk [AUC {c.success_auc:.3f}]", "trk [P@20 1.000]"]
    assert CONVENTION_SHORT in w.plots.note.text()

    _choose(qtbot, w, "rgbt234")  # RGBT234's rule on GTOT data: MPR@20
    assert w.plots.curves["trk"].rule is RULES["rgbt234"]
    assert w.plots.legend_texts()[1] == "trk [MPR@20 1.000]"
    assert [w.plots.ranking.horizontalHeaderItem(j).text() for j in range(3)] == ["tracker", "MSR", "MPR@20"]
    assert RULES["rgbt234"].convention_short() in w.plots.note.text()
    assert wsettings.settings().value("plots/rgbt") == "rgbt234"  # kept at once

    # the dataset scope under the rule chosen too
    w.plots.scope.setCurrentIndex(1)
    dataset_scored(qtbot, w)
    w.plots.redraw()
    assert w.plots.rule.isVisibleTo(w.plots)
    assert w.plots.curves["trk"].rule is RULES["rgbt234"], w.plots.note.text()
    _choose(qtbot, w, "off")
    assert getattr(w.plots.curves["trk"], "rule", None) is None and w.plots.legend_texts()[1] == "trk [P@20 1.000]"
    _choose(qtbot, w, "auto")
    assert w.plots.curves["trk"].rule is RULES["gtot"] and w.plots.legend_texts()[1] == "trk [MPR@5 0.000]"

    # kept in the settings: a window restoring them scores under it
    wsettings.settings().setValue("plots/rgbt", "lasher")
    w._restore_settings()
    assert w.plots.current_rule() == "lasher"
    w.plots.set_rule("nonsense")
    assert w.plots.current_rule() == "auto"


def _rgbt_choice_hidden_for_other_sequences(qtbot, w, tmp_path):
    assert w.open_path(_plain(tmp_path))
    qtbot.waitUntil(lambda: w.sequences.sequence is not None and not w.scoring.running, timeout=10000)
    w.scoring.update_plots()
    assert w.sequences.sequence.has_groundtruth
    assert not w.plots.rule.isVisibleTo(w.plots) and not w.plots.rule_label.isVisibleTo(w.plots)
