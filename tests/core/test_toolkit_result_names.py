"""Result folders of the toolkits score on OTB-100's irregular sequences as their toolkits score them: files
named as each toolkit names the several-target sequences (the OTB / GOT-10k toolkits' Jogging.1, pytracking's
Jogging_1, pysot-toolkit's Jogging-1; Human4 / Human4.2 / Human4_2 / Human4-2), and the GOT-10k toolkit's Tiger1
of 354 rows where the OTB toolkit (and this reader) start at frame 6."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.core.evaluation.folders import dataset_groundtruth, score_folder
from workbench.core.results import match_names


def _img_dir(folder, n):
    folder.mkdir(parents=True, exist_ok=True)
    data = cv2.imencode(".jpg", np.full((48, 64), 90, np.uint8))[1].tobytes()
    for k in range(1, n + 1):
        (folder / f"{k:04d}.jpg").write_bytes(data)


def _boxes(n, x0):
    return "".join(f"{x0 + i % 20},21,10,10\n" for i in range(n))


@pytest.fixture
def otb_root(tmp_path):
    root = tmp_path / "OTB100"
    _img_dir(root / "Jogging" / "img", 6)
    (root / "Jogging" / "groundtruth_rect.1.txt").write_text(_boxes(6, 5))
    (root / "Jogging" / "groundtruth_rect.2.txt").write_text(_boxes(6, 30))
    _img_dir(root / "Human4" / "img", 6)
    (root / "Human4" / "groundtruth_rect.2.txt").write_text(_boxes(6, 12))
    _img_dir(root / "Tiger1" / "img", 354)
    (root / "Tiger1" / "groundtruth_rect.txt").write_text(_boxes(354, 3))
    return root


def _write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.txt").write_text(text)


@pytest.mark.parametrize("layout", ["got10k", "pytracking", "otb", "pysot"])
def test_toolkit_result_names_and_lengths_score_on_every_sequence(otb_root, tmp_path, layout):
    root = otb_root
    tiger = (root / "Tiger1" / "groundtruth_rect.txt").read_text()
    if layout != "got10k":  # the others run Tiger1 from frame 6: 349 rows
        tiger = "".join(tiger.splitlines(keepends=True)[5:])
    sep = {"got10k": ".", "otb": ".", "pytracking": "_", "pysot": "-"}[layout]
    human = {"got10k": "Human4", "otb": "Human4.2", "pytracking": "Human4_2", "pysot": "Human4-2"}[layout]
    files = {f"Jogging{sep}1": (root / "Jogging" / "groundtruth_rect.1.txt").read_text(),
             f"Jogging{sep}2": (root / "Jogging" / "groundtruth_rect.2.txt").read_text(),
             human: (root / "Human4" / "groundtruth_rect.2.txt").read_text(), "Tiger1": tiger}
    res = tmp_path / "res"
    _write(res / "T" / ("default" if layout == "pytracking" else ""), files)
    gts, attrs, offsets, _ = dataset_groundtruth(root)
    assert sorted(gts) == ["Human4-2", "Jogging-1", "Jogging-2", "Tiger1"] and len(gts["Tiger1"]) == 349
    report = score_folder(res, gts, attrs, offsets=offsets, unmarked="dataset file").reports[0]
    assert sorted(report.sequences) == sorted(gts) and not report.missing
    for seq, c in report.sequences.items():  # the groundtruth itself: every frame an IoU of 1
        assert c.scores()["success_auc"] == pytest.approx(20 / 21), seq


def test_match_names_keeps_exact_names_first_and_never_guesses_between_targets():
    names = ["Jogging-1", "Jogging-2", "Human4-2", "car_1", "bike"]
    got = match_names({"Jogging-1": "a", "Jogging.1": "b", "Jogging": "c", "Human4": "d", "car_1": "e",
                       "bike_3": "f"}, names)
    assert got["Jogging-1"] == "a"  # the dataset's own name wins over another toolkit's
    assert got["Human4-2"] == "d" and got["car_1"] == "e"
    assert "Jogging" in got and got["Jogging"] == "c"  # two targets: not guessed, left out by the scorers
    assert got["bike_3"] == "f"


def test_the_got10k_toolkits_otb_experiment_folder_is_read_in_the_dataset_files_frame(otb_root, tmp_path):
    """got10k's ExperimentOTB writes <tracker>/<seq>.txt (1-based on OTB: it hands the tracker the file's first
    box) and <tracker>/times/<seq>_time.txt: read as the file's frame, so the groundtruth itself scores an IoU of 1
    as it does in the toolkit, not a pixel off as an unmarked flat folder (ours before the convention) is read."""
    res = tmp_path / "res" / "SiamFC"
    _write(res, {"Jogging.1": (otb_root / "Jogging" / "groundtruth_rect.1.txt").read_text()})
    (res / "times").mkdir()
    (res / "times" / "Jogging.1_time.txt").write_text("0.01\n" * 6)
    gts, attrs, offsets, _ = dataset_groundtruth(otb_root)
    report = score_folder(res.parent, gts, attrs, offsets=offsets).reports[0]
    assert report.tracker == "SiamFC" and list(report.sequences) == ["Jogging-1"]
    assert report.sequences["Jogging-1"].scores()["success_auc"] == pytest.approx(20 / 21)
