"""The one detection scorer (``workbench.core.evaluation.detection``) that ``workbench detect``, the
plugin's metrics and the window's detection controller share: the rule on tiny cases, and the same
numbers on a real DAUB sequence through the plugin and through the window's path."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from workbench.core.evaluation.detection import Counts, match_frame, score_detections

DAUB4 = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "irst" / "daub" / "sequence4"


def test_match_rule_on_tiny_cases():
    labels = [(10.0, 10.0, 0), (30.0, 30.0, 0), (50.0, 50.0, 1)]  # the third is interference
    # highest score first takes the nearest free label; 3 px is inside, 3.01 px is not
    c, md, ml = match_frame([(12.0, 10.0), (10.0, 13.0), (33.01, 30.0), (50.0, 50.0)], [0.5, 0.9, 0.8, 0.7], labels)
    assert (c.tp, c.fp, c.fn) == (1, 3, 1) and md == [1] and ml == [0]
    # a detection the detector classes as interference counts neither way
    c, _, _ = match_frame([(50.0, 50.0)], [0.9], labels, is_target=[False])
    assert (c.tp, c.fp, c.fn) == (0, 0, 2)
    # no labels: every target detection is a false alarm; no detections: every label is missed
    assert match_frame([(1.0, 1.0)], [0.1], [])[0] == Counts(0, 1, 0, 1)
    assert match_frame(np.zeros((0, 2)), [], labels)[0] == Counts(0, 0, 2, 1)
    total = score_detections([([(10.0, 10.0)], [1.0], labels), ([], [], labels)], match_px=3.0)
    assert (total.tp, total.fp, total.fn, total.frames) == (1, 0, 3, 2)
    assert total.precision == 1.0 and total.recall == 0.25 and total.f1 == pytest.approx(0.4)


def test_plugin_metrics_use_the_core_rule():
    from workbench_seq_irst import metrics

    assert metrics.Counts is Counts and metrics.RULE.startswith("centroid distance <= {px:g} px")


@pytest.mark.skipif(not DAUB4.is_dir(), reason="needs ../shared/data/irst/daub/sequence4")
def test_daub_sequence4_numbers_through_plugin_and_window():
    from workbench_seq_irst import PLUGIN
    from workbench_seq_irst.detector import evaluate, make_detector
    from workbench_seq_irst.sequences import open_many

    from workbench.gui.controllers.detection import score_detections as window_score

    plugin = PLUGIN[0] if isinstance(PLUGIN, list) else PLUGIN
    det = make_detector(plugin.default_config(), "cpu")
    seqs = open_many([str(DAUB4)])
    outputs = {}
    rep, _ = evaluate(det, seqs, on_output=lambda s, outs: outputs.update(dict(outs)))
    # what `workbench detect --model seq_irst --sequence .../sequence4` prints: every labelled target is
    # either found or missed (one target in each of the 100 frames), precision / recall from the counts
    assert rep["tp"] + rep["fn"] == 100
    assert rep["precision"] == pytest.approx(rep["tp"] / max(rep["tp"] + rep["fp"], 1))
    assert rep["recall"] == pytest.approx(rep["tp"] / 100)
    # the window's controller scores the same outputs against the sequence's point labels identically
    labels = [[(lab.cx, lab.cy, lab.cls) for lab in frame] for frame in seqs[0].labels]
    win = window_score(outputs, labels, det.match_px)
    assert (win["tp"], win["fp"], win["fn"]) == (rep["tp"], rep["fp"], rep["fn"]) and win["f1"] == pytest.approx(rep["f1"])
