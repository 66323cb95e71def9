"""MDvsFA-cGAN as published (AGPCNet's MDFADataset reads it so): ``training/<k>_1.png`` images beside their
``<k>_2.png`` masks, ``test_org/`` + ``test_gt/`` the test set. Before, the root listed ``training`` as a plain
sequence of images and masks alike (each mask a frame) and ``test_gt`` as a sequence of its own; nothing scored."""
from __future__ import annotations

import cv2
import numpy as np

from workbench.core.data import detect
from workbench.core.data.sirst import image_mask_dirs, open_sirst


def _pair(i):
    img = np.full((24, 32), 40, np.uint8)
    m = np.zeros_like(img)
    img[5 + i:8 + i, 4 + 2 * i:7 + 2 * i], m[5 + i:8 + i, 4 + 2 * i:7 + 2 * i] = 220, 255
    return img, m


def _mdfa(root):
    for d in ("training", "test_org", "test_gt"):
        (root / d).mkdir(parents=True)
    for i in range(4):
        img, m = _pair(i)
        cv2.imwrite(str(root / "training" / f"{i:06d}_1.png"), img)
        cv2.imwrite(str(root / "training" / f"{i:06d}_2.png"), m)
    for i in range(3):
        img, m = _pair(i + 4)
        cv2.imwrite(str(root / "test_org" / f"{i:05d}.png"), img)
        cv2.imwrite(str(root / "test_gt" / f"{i:05d}.png"), m)
    return root


def test_root_is_its_test_set(tmp_path):
    root = _mdfa(tmp_path / "MDFA")
    ds = open_sirst(root)
    assert [(it.name, it.image_path.parent.name, it.mask_path.name) for it in ds.items] == [
        ("00000", "test_org", "00000.png"), ("00001", "test_org", "00001.png"), ("00002", "test_org", "00002.png")]
    entries = detect.open_dataset(root)
    assert [(e.name, e.layout) for e in entries] == [("MDFA", "masks")]
    assert len(entries[0].open()) == 3


def test_training_pairs_each_image_with_its_mask(tmp_path):
    root = _mdfa(tmp_path / "MDFA")
    ds = open_sirst(root / "training")
    assert [(it.image_path.name, it.mask_path.name) for it in ds.items] == [
        (f"{i:06d}_1.png", f"{i:06d}_2.png") for i in range(4)]
    seq = detect.open_sequence(root / "training")
    assert seq.meta["layout"] == "masks" and len(seq) == 4  # the masks are no frames
    for i, mask_file in enumerate(seq.meta["mask_files"]):
        mask = cv2.imread(str(mask_file), cv2.IMREAD_GRAYSCALE) > 0
        assert (seq.frames.read(i)[mask] == 220).all()  # each mask on its own image's target


def test_a_folder_with_other_images_is_no_pair_folder(tmp_path):
    root = _mdfa(tmp_path / "MDFA")
    cv2.imwrite(str(root / "training" / "extra.png"), _pair(0)[0])
    assert image_mask_dirs(root / "training") is None
