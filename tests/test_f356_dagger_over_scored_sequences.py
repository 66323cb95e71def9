"""The report's dagger ("scored on fewer sequences than the other trackers: not comparable") compared the sequences
each tracker has results for, where its Scores table (3cc3944) counts those the means are over: tracker a with
results for "seen" and "empty" (no target shown: no frame scored) and b with "seen" alone showed 1 sequence each and
the same means, yet b was daggered ("no results for empty") and left out of the LaTeX table's bold. The dagger
compares the sequences each tracker scored. Reviewer R1's finding, task F3 (s56)."""
from __future__ import annotations

import numpy as np

GT = np.tile([10.0, 10, 20, 20], (6, 1))
NONE = np.full((6, 4), np.nan)  # a groundtruth showing no target in any frame


def _reports():
    from workbench.core.evaluation.ope import evaluate_tracker

    a = evaluate_tracker("a", {"seen": GT.copy(), "empty": GT.copy()}, {"seen": GT, "empty": NONE})
    b = evaluate_tracker("b", {"seen": GT.copy()}, {"seen": GT, "empty": NONE})
    return a, b


def test_a_sequence_no_tracker_scored_does_not_dagger_the_one_without_its_result():
    from workbench.core.evaluation.report import FEWER, fewer_sequences, latex_table, render_html

    a, b = _reports()
    assert a.sequences["empty"].frames == 0 and "empty" not in b.sequences  # the case: a has a result, b none
    assert fewer_sequences([a, b]) == {}
    page = render_html([a, b], [], "")
    assert FEWER not in page and "scored on fewer sequences" not in page and "not scored on" not in page
    tex = latex_table([a, b])
    assert "dagger" not in tex
    assert "\\textbf{" in tex.split("\nb & ")[1].split("\\\\")[0]  # b's equal scores are bold beside a's


def test_a_tracker_missing_a_scored_sequence_is_still_daggered():
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.core.evaluation.report import FEWER, fewer_sequences, render_html

    a, _ = _reports()
    c = evaluate_tracker("c", {"empty": GT.copy()}, {"seen": GT, "empty": NONE})  # no result for "seen"
    assert fewer_sequences([a, c]) == {"c": ["seen"]}
    page = render_html([a, c], [], "")
    assert f"c {FEWER}" in page and "<li>c: not scored on seen (no result, or none of its frames scored)</li>" in page
