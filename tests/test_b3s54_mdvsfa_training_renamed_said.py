"""MDvsFA's training/ copied under another name (``mdfa_train/``, away from ``test_org/`` + ``test_gt/``) is no longer
taken for the release's paired set (816fa5d: stereo pairs and two-frame sequences were): it opens as a plain folder
of frames, its ``<k>_2`` masks every other frame. That was unsaid; now the folder's warnings say it and how to have
the pairs read (name it ``training``)."""
from __future__ import annotations

import cv2
import numpy as np

from workbench.core.data import detect


def _img(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    a = np.full((24, 32), value, np.uint8)
    a[10:13, 14:17] = 250
    cv2.imwrite(str(path), a)


def _pairs(folder, n=3):
    for k in range(1, n + 1):
        _img(folder / f"{k:06d}_1.png", 80)
        _img(folder / f"{k:06d}_2.png", 0)


def _said(seq):
    return [w for w in seq.meta.get("warnings") or [] if "MDvsFA's training set?" in w]


def test_a_renamed_training_copy_opens_as_frames_and_says_so(tmp_path):
    folder = tmp_path / "mdfa_train"
    _pairs(folder)
    seq = detect.open_sequence(folder)
    assert seq.meta["layout"] == "folder" and len(seq) == 6
    (said,) = _said(seq)
    assert said.startswith(f"{folder}: every image is a <k>_1 / <k>_2 pair") and "Name the folder training" in said


def test_the_release_training_folder_and_other_folders_are_not_said(tmp_path):
    training = tmp_path / "training"
    _pairs(training)
    seq = detect.open_sequence(training)
    assert seq.meta["layout"] == "masks" and not _said(seq)  # read as images with their masks
    lone = tmp_path / "lone"
    _pairs(lone)
    (lone / "000002_2.png").unlink()  # an image without its mask: no release pairs
    assert not _said(detect.open_sequence(lone))
    video = tmp_path / "video"
    _pairs(video, 2)
    (video / "groundtruth.txt").write_text("10,10,5,5\n" * 4)  # a video's frames with their boxes
    seq = detect.open_sequence(video)
    assert seq.groundtruth is not None and not _said(seq)
