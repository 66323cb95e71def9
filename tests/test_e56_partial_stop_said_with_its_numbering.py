"""A partial run's stop (its record's frame k: frames before k tracked, 0-based) was said "interrupted at frame 70" by
eval's notes, the report's list and LaTeX note, and the window's plots, where the run itself said "stopped at frame
index 70 (frame 71 of 71)" and the report's timeline marks the stop at frame 71 (its axis counts from 1): read as the
70th frame, one off. Said as the index it is and counted from 1, one rule (``ope.stop_said``). Task E (s56)."""
from __future__ import annotations

import numpy as np

from workbench.core.evaluation.ope import evaluate_tracker, stop_said


def _partial_report():
    gt = np.tile([10.0, 10, 20, 20], (80, 1))
    r = evaluate_tracker("mil", {"crowd": gt.copy()}, {"crowd": gt})
    r.partial = {"crowd": {"frame": 70, "reason": "interrupted"}}
    return r


def test_the_stop_is_said_as_an_index_and_counted_from_1():
    assert stop_said({"frame": 70, "reason": "interrupted"}) == \
        "interrupted at frame index 70 (0-based; frame 71 counted from 1)"
    assert stop_said({"frame": None, "reason": "cancelled"}) == "cancelled"
    assert stop_said(None) == "stopped"


def test_the_report_and_its_latex_say_the_stop_as_the_run_did():
    from workbench.core.evaluation.report import latex_table, render_html

    page = render_html([_partial_report()], [], "")
    assert "<li>mil on crowd: interrupted at frame index 70 (0-based; frame 71 counted from 1)</li>" in page
    note = latex_table([_partial_report()]).split("\\end{tabular}")[1]
    assert "Partial run: mil on crowd, interrupted at frame index 70 (0-based; frame 71 counted from 1)." in note


def test_eval_notes_say_the_stop_as_the_run_did(capsys):
    from workbench import cli

    cli._note_reports([_partial_report()])
    err = capsys.readouterr().err
    assert ("note: mil: 1 partial run(s), scored with the frames after the stop as failures: crowd: interrupted at "
            "frame index 70 (0-based; frame 71 counted from 1)") in err, err
