"""Result folders written with another toolkit's names of OTB's several-target sequences (Jogging.1, Jogging_1,
Human4, Human4.2, Human4_2), which scoring reads through results.match_names, are drawn over the video too: by
export-video (video.runs_from_folders) and by the window's saved runs (TrackingController.load_saved_runs)."""
from __future__ import annotations

from types import SimpleNamespace

import cv2
import numpy as np
import pytest

from workbench.core.data import open_dataset
from workbench.core.results import FILE_FRAME


def _otb(tmp_path):
    root = tmp_path / "OTB100"
    data = cv2.imencode(".jpg", np.full((48, 64), 90, np.uint8))[1].tobytes()
    texts = {}
    for folder, files in (("Jogging", (1, 2)), ("Human4", (2,))):
        (root / folder / "img").mkdir(parents=True)
        for k in range(1, 7):
            (root / folder / "img" / f"{k:04d}.jpg").write_bytes(data)
        for t in files:
            text = "".join(f"{4 + 9 * t + i},{7 + i},10,12\n" for i in range(6))
            (root / folder / f"groundtruth_rect.{t}.txt").write_text(text)
            texts[f"{folder}-{t}"] = text
    seqs = {e.name: e.open() for e in open_dataset(root)}
    assert sorted(seqs) == ["Human4-2", "Jogging-1", "Jogging-2"]
    return seqs, texts


def _folder(res, tracker, files, times=False):
    d = res / tracker
    d.mkdir(parents=True)
    for name, text in files.items():
        (d / f"{name}.txt").write_text(text)
    if times:
        (d / "times").mkdir()
        for name in files:
            (d / "times" / f"{name}_time.txt").write_text("0.01\n" * 6)


@pytest.mark.parametrize("names", [("Jogging.1", "Jogging.2", "Human4"), ("Jogging_1", "Jogging_2", "Human4_2"),
                                   ("Jogging.1", "Jogging.2", "Human4.2")])
def test_export_video_finds_other_toolkits_names(tmp_path, names):
    from workbench.core.video import runs_from_folders

    seqs, texts = _otb(tmp_path)
    res = tmp_path / "res"
    _folder(res, "T", dict(zip(names, (texts["Jogging-1"], texts["Jogging-2"], texts["Human4-2"]))))
    for seq in seqs.values():
        (run,) = runs_from_folders(seq, res, unmarked=FILE_FRAME)
        assert np.allclose(run.boxes, seq.groundtruth), seq.name


def test_a_plain_name_of_two_targets_is_never_guessed(tmp_path):
    from workbench.core.errors import WorkbenchError
    from workbench.core.video import runs_from_folders

    seqs, texts = _otb(tmp_path)
    res = tmp_path / "res"
    _folder(res, "T", {"Jogging": texts["Jogging-1"], "Human4": texts["Human4-2"]})
    with pytest.raises(WorkbenchError, match="no result file"):
        runs_from_folders(seqs["Jogging-1"], res, unmarked=FILE_FRAME)
    (run,) = runs_from_folders(seqs["Human4-2"], res, unmarked=FILE_FRAME)  # one target: got10k's Human4
    assert np.allclose(run.boxes, seqs["Human4-2"].groundtruth)


def test_the_window_shows_saved_runs_under_other_toolkits_names(tmp_path, monkeypatch):
    from workbench.gui import settings as wsettings
    from workbench.gui.controllers.tracking import TrackingController

    seqs, texts = _otb(tmp_path)
    res = tmp_path / "res"
    _folder(res, "SiamFC", {"Jogging.1": texts["Jogging-1"], "Human4": texts["Human4-2"]}, times=True)  # got10k
    _folder(res / "dimp", "dimp50", {"Jogging_1": texts["Jogging-1"], "Human4_2": texts["Human4-2"]})  # pytracking
    monkeypatch.setattr(wsettings, "results_dir", lambda: res)
    messages = []
    bar = SimpleNamespace(showMessage=lambda text, ms=0: messages.append(text))
    for name in ("Jogging-1", "Human4-2"):
        fake = SimpleNamespace(w=SimpleNamespace(statusBar=lambda: bar, scoring=SimpleNamespace(
                sequence_key_read=lambda seq, key: None), sequences=SimpleNamespace(run_dataset_root=lambda: None)),
                               live={}, dataset_name=lambda s=None: None,
                               saved_names=lambda s=None: (), color=lambda label: "#fff")
        TrackingController.load_saved_runs(fake, seqs[name])
        assert sorted(fake.live) == ["SiamFC", "dimp/dimp50"], name
        for run in fake.live.values():  # both layouts are in the dataset file's frame: the groundtruth itself
            assert np.allclose(run.boxes, seqs[name].groundtruth), name
    assert not messages
