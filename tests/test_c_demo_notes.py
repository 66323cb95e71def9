"""The demo scored with evaluate_folder, which returned the reports alone: the notes eval prints (a file read with
rows dropped, repetitions scored the first only, a partial run, sequences that scored no frame) were dropped.
evaluate_folder says the scorer's notes for every caller, and the demo says what eval says under its table."""
import workbench.cli as cli
import workbench.core.evaluation.folders as folders


def test_demo_says_the_notes_eval_says(tmp_path, monkeypatch, capsys):
    real = folders.score_folder

    def score_folder(*a, **k):  # as for a result file longer than its sequence, and a run stopped early
        scores = real(*a, **k)
        scores.notes.append("kcf/demo_thermal.txt: 2 rows beyond the sequence dropped")
        scores.reports[0].partial = {"demo_thermal": {"reason": "cancelled", "frame": 2}}
        return scores

    monkeypatch.setattr(folders, "score_folder", score_folder)
    monkeypatch.setattr(cli, "_write_outputs", lambda *a, **k: [])  # the plots: seconds, and not what is tested
    assert cli.main(["demo", "--out", str(tmp_path / "d"), "--frames", "3", "--trackers", "kcf"]) == 0
    err = capsys.readouterr().err
    assert "note: kcf/demo_thermal.txt: 2 rows beyond the sequence dropped" in err
    assert "note: kcf: 1 partial run(s), scored with the frames after the stop as failures: demo_thermal: " \
           "cancelled at frame index 2 (0-based; frame 3 counted from 1)" in err
