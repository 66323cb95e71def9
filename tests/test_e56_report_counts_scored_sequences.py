"""The report's Scores table (and eval's JSON ``_all.sequences``) gave a tracker's sequences as every sequence it has
results for, beside means left out of which is a sequence that scored no frame (its groundtruth shows no target):
"2 sequences, 6 frames" over a mean of one. Both count the sequences the means are over. The notes saying so (and
rows dropped from a file) were headed "Skipped files", which they are not: "Notes". Task E (s56)."""
from __future__ import annotations

import numpy as np


def test_the_sequences_column_counts_those_the_means_are_over():
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.core.evaluation.report import render_html

    gt = np.tile([10.0, 10, 20, 20], (6, 1))
    r = evaluate_tracker("kcf", {"seen": gt.copy(), "empty": gt.copy()}, {"seen": gt, "empty": np.full((6, 4), np.nan)})
    assert r.overall.success_auc == r.sequences["seen"].success_auc  # the mean is over "seen" alone
    note = "empty: its groundtruth shows no target in any frame"
    page = render_html([r], [], "", problems=[note])
    overall = page.split('class="overall"')[1].split("</table>")[0]
    row = overall.split("<tr><td>kcf</td>")[1].split("</tr>")[0]
    assert row.endswith("<td>1</td><td>6</td>"), row  # 1 sequence, 6 frames
    assert f"<h2>Notes</h2><ul><li>{note}</li></ul>" in page and "Skipped files" not in page


def test_eval_json_counts_the_sequences_its_means_are_over():
    from workbench.core.evaluation.ope import evaluate_tracker, report_dict

    gt = np.tile([10.0, 10, 20, 20], (6, 1))
    r = evaluate_tracker("kcf", {"seen": gt.copy(), "empty": gt.copy()}, {"seen": gt, "empty": np.full((6, 4), np.nan)})
    d = report_dict([r])["kcf"]
    assert d["_all"]["sequences"] == 1 and d["_all"]["frames"] == 6 and d["empty"]["frames"] == 0
