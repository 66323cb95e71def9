"""A result file longer than its sequence is cut to the groundtruth's length, as the LaSOT toolkit
(calc_seq_err_robust.m, monkey-17) and pytracking (analysis/extract_results.py) cut it, with a one-line note naming
the file and the rows dropped; a shorter one is still refused."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.evaluation.folders import dataset_groundtruth, score_folder


def _otb(root, name, n):
    img = root / name / "img"
    img.mkdir(parents=True)
    data = cv2.imencode(".jpg", np.full((48, 64), 90, np.uint8))[1].tobytes()
    for k in range(1, n + 1):
        (img / f"{k:04d}.jpg").write_bytes(data)
    text = "".join(f"{5 + k % 7},{9 + k % 5},12,10\n" for k in range(n))
    (root / name / "groundtruth_rect.txt").write_text(text)
    return text


def test_longer_file_is_cut_with_a_note_and_shorter_is_refused(tmp_path):
    root = tmp_path / "OTB"
    gt_text = _otb(root, "Car", 30)
    res = tmp_path / "res" / "T"
    res.mkdir(parents=True)
    (res / "Car.txt").write_text(gt_text + "1,1,5,5\n" * 3)
    gts, attrs, offsets, _ = dataset_groundtruth(root)
    scores = score_folder(res.parent, gts, attrs, offsets=offsets, unmarked="dataset file")
    assert scores.reports[0].sequences["Car"].scores()["success_auc"] == pytest.approx(20 / 21)
    assert len(scores.notes) == 1 and "Car.txt" in scores.notes[0] and "3 row(s)" in scores.notes[0]
    assert len(scores.results["T"]["Car"]) == 30

    (res / "Car.txt").write_text("".join(gt_text.splitlines(keepends=True)[:28]))
    with pytest.raises(WorkbenchError, match="has 28 boxes but sequence 'Car' has 30 frames"):
        score_folder(res.parent, gts, attrs, offsets=offsets, unmarked="dataset file")
    lax = score_folder(res.parent, gts, attrs, offsets=offsets, unmarked="dataset file", strict=False)
    assert not lax.reports and "28 boxes" in lax.problems[0]


def test_export_video_draws_a_longer_file_cut_to_the_sequence(tmp_path):
    from workbench.core.data import open_dataset
    from workbench.core.video import runs_from_folders

    root = tmp_path / "OTB"
    gt_text = _otb(root, "Car", 30)
    res = tmp_path / "res" / "T"
    res.mkdir(parents=True)
    (res / "Car.txt").write_text(gt_text + "1,1,5,5\n" * 2)
    seq = open_dataset(root)[0].open()
    notes = []
    (run,) = runs_from_folders(seq, tmp_path / "res", unmarked="dataset file", notes=notes)
    assert run.boxes.shape == (30, 4) and np.allclose(run.boxes, seq.groundtruth)
    assert len(notes) == 1 and "2 row(s)" in notes[0]
