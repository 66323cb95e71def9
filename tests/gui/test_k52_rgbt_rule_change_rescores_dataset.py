"""An RGB-T rule chosen in the Success / precision dock's dataset scope left the old rule's curves, ranking and
footer (and the scores Export… writes) on screen until the rescoring ended, the combo naming the new rule; a
scoring still running under an earlier rule was shown when it ended (only its dataset was checked); and each rule
chosen read every sequence's groundtruth again. Now a rule chosen is like another dataset: the scoring running is
cancelled, the plots say the dataset is being scored, only the chosen rule's scores are shown, and the groundtruth
read once serves every rule."""
from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np

from tests.gui.conftest import dataset_scored

N, H, W = 5, 32, 48
GT = np.array([[10 + i, 8, 16, 16] for i in range(N)], float)
PRED = GT + [8, 0, 0, 0]  # 8 px off: P@20 = 1 one-pass, GTOT's MPR@5 = 0


def _gtot(root: Path, names=("BlackCar", "Minibus")) -> Path:
    """GTOT-layout sequences: i/ and v/ frames, groundTruth_i.txt / groundTruth_v.txt as corners x1 y1 x2 y2."""
    corners = np.column_stack([GT[:, :2], GT[:, :2] + GT[:, 2:]]).astype(int)
    for name in names:
        for tag in ("i", "v"):
            (root / name / tag).mkdir(parents=True)
            for k in range(N):
                cv2.imwrite(str(root / name / tag / f"{k + 1:05d}_{tag}.png"), np.full((H, W, 3), 40 + 20 * k, np.uint8))
            (root / name / f"groundTruth_{tag}.txt").write_text("".join(" ".join(map(str, r)) + "\n" for r in corners))
    return root


def test_rule_chosen_in_dataset_scope_drops_old_scores_and_keeps_groundtruth(qtbot, window, tmp_path, monkeypatch):
    from workbench.core.evaluation.rgbt import RULES
    from workbench.core.results import write_boxes
    from workbench.gui import settings as wsettings
    from workbench.gui.controllers import scoring

    w = window
    data = _gtot(tmp_path / "gtot")
    for name in ("BlackCar", "Minibus"):
        write_boxes(wsettings.results_dir() / "trk" / f"{name}.txt", PRED)
    assert w.open_path(data)
    w.dataset._open_row(0)
    qtbot.waitUntil(lambda: w.sequences.sequence is not None and not w.scoring.running, timeout=10000)
    w.plots.scope.setCurrentIndex(1)
    dataset_scored(qtbot, w)
    assert w.plots.curves["trk"].rule is RULES["gtot"] and w.scoring.reports

    # the scorings from here on score, then wait for the gate (a cancel comes too late: the scores come back);
    # each records the rule it was asked under and what it was given
    gate, asked, real = threading.Event(), [], scoring.score_dataset

    def held(*args, rule="auto", **kwargs):
        asked.append((rule, set(args[4])))  # args[4]: ``known``, the groundtruth read before
        got = real(*args, rule=rule, **kwargs)
        assert gate.wait(10)
        return got

    monkeypatch.setattr(scoring, "score_dataset", held)
    shown = []  # the rule of every curve set drawn from here on
    draw = w.plots.set_curves
    monkeypatch.setattr(w.plots, "set_curves", lambda curves, *a, **k: (
        shown.append({getattr(getattr(c, "rule", None), "key", None) for c in curves.values()}), draw(curves, *a, **k))[1])

    w.plots.rule.setCurrentIndex(w.plots.rule.findData("rgbt234"))
    # at once: the old rule's curves, ranking and numbers are gone, the plots say the dataset is being scored
    assert w.plots.current_rule() == "rgbt234"
    assert w.scoring.reports == [] and w.plots.curves == {}
    assert w.plots.note.text().startswith(scoring.SCORING_NOTE)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=5000)
    w.plots.rule.setCurrentIndex(w.plots.rule.findData("off"))  # while rgbt234's scoring still runs
    gate.set()
    dataset_scored(qtbot, w)
    # rgbt234's scores, back after 'off' was chosen, were never drawn
    assert "rgbt234" not in set().union(*shown), shown
    assert getattr(w.plots.curves["trk"], "rule", None) is None and w.plots.legend_texts()[1] == "trk [P@20 1.000]"
    # every scoring was given the groundtruth read under the first rule: no sequence was read again
    assert [r for r, _k in asked][-1] == "off"
    assert all(known == {"BlackCar", "Minibus"} for _r, known in asked), asked
