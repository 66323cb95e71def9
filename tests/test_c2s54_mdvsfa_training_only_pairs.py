"""MDvsFA-cGAN's training/ holds ``<k>_1.png`` images beside their ``<k>_2.png`` masks. Before, any folder whose
images all ended ``_1`` / ``_2`` was taken for it: a two-frame ``frame_1 frame_2`` sequence with its
groundtruth.txt, stereo / RGB-T pairs ``0001_1 0001_2`` opened as a labelled set whose second images were masks (the
box file ignored). Now only ``<digits>_1`` / ``<digits>_2`` names, each image with its mask, no box file beside,
in a folder named ``training`` or lying beside ``test_org/`` + ``test_gt/``."""
from __future__ import annotations

import cv2
import numpy as np

from workbench.core import segment_plain
from workbench.core.data import detect
from workbench.core.data.sirst import image_mask_dirs


def _img(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    a = np.full((24, 32), value, np.uint8)
    a[10:13, 14:17] = 250
    cv2.imwrite(str(path), a)


def _said_plain(folder, frames):
    assert image_mask_dirs(folder) is None
    assert segment_plain.is_plain_images(folder)
    seq = detect.open_sequence(folder)
    assert seq.meta["layout"] == "folder" and len(seq) == frames  # every image a frame, none a mask


def test_two_frame_sequence_with_its_box_file_is_no_labelled_set(tmp_path):
    folder = tmp_path / "pair2"
    _img(folder / "frame_1.png", 80)
    _img(folder / "frame_2.png", 90)
    _said_plain(folder, 2)
    (folder / "groundtruth.txt").write_text("10,10,5,5\n" * 2)
    assert image_mask_dirs(folder) is None
    seq = detect.open_sequence(folder)
    assert seq.groundtruth is not None and len(seq.groundtruth) == 2  # the box file read, not ignored


def test_camera_frames_with_a_box_file_are_no_labelled_set(tmp_path):
    folder = tmp_path / "pairbox"
    _img(folder / "cam_1.png", 80)
    _img(folder / "cam_2.png", 90)
    (folder / "groundtruth.txt").write_text("10,10,5,5\n" * 2)
    assert image_mask_dirs(folder) is None
    assert detect.open_sequence(folder).meta["layout"] == "folder"


def test_stereo_pairs_are_no_labelled_set(tmp_path):
    folder = tmp_path / "stereo"
    for k in range(1, 4):
        _img(folder / f"{k:04d}_1.png", 80)
        _img(folder / f"{k:04d}_2.png", 120)
    _said_plain(folder, 6)
    # named as MDvsFA's but with a box file beside: a video's frames, not images and masks
    training = tmp_path / "x" / "training"
    for k in range(1, 3):
        _img(training / f"{k:06d}_1.png", 80)
        _img(training / f"{k:06d}_2.png", 120)
    assert image_mask_dirs(training) == (training, training)
    (training / "groundtruth.txt").write_text("10,10,5,5\n" * 4)
    assert image_mask_dirs(training) is None


def test_the_release_training_folder_still_pairs(tmp_path):
    root = tmp_path / "MDFA"
    for d in ("test_org", "test_gt"):
        (root / d).mkdir(parents=True)
    renamed = root / "train"  # renamed, but beside test_org/ + test_gt/
    for k in range(3):
        _img(renamed / f"{k:06d}_1.png", 80)
        _img(renamed / f"{k:06d}_2.png", 0)
    assert image_mask_dirs(renamed) == (renamed, renamed)
    assert detect.open_sequence(renamed).meta["layout"] == "masks"
    (renamed / "000001_2.png").unlink()  # an image without its mask: not the release's pairs
    assert image_mask_dirs(renamed) is None
