"""A thermal camera's polarity in a folder name ('white_hot', 'Black-Hot') is no HOT hyperspectral hint: gray
frames there open as gray frames, not as a 4x4 mosaic cube every gray tracker refuses as hsi."""
import cv2
import numpy as np

from workbench.core.boxes import Box
from workbench.core.data import open_sequence
from workbench.core.runs import run_tracker


def _frames(folder, n=3, h=48, w=64):
    folder.mkdir(parents=True)
    for i in range(n):
        f = np.full((h, w), 30, np.uint8)
        f[10 + i:14 + i, 10 + i:14 + i] = 200
        cv2.imwrite(str(folder / f"{i + 1:04d}.png"), f)
    return folder


def test_gray_frames_under_a_polarity_folder_open_gray_and_track(tmp_path):
    for name in ("white_hot", "Black-Hot", "white hot"):
        seq = open_sequence(_frames(tmp_path / name / "seq1"))
        assert seq.modality == "gray" and seq.frame(0).shape == (48, 64), (name, seq.modality, seq.meta.get("layout"))
    from workbench.core.registry import default_registry

    res = run_tracker(default_registry().get("kcf").create(device="cpu"), seq, init=Box(10, 10, 4, 4))
    assert res.completed and np.isfinite(res.boxes).all()


def test_mosaic_hinted_folders_still_open_as_cubes(tmp_path):
    for name in ("HOT2022", "hot", "seq_hot"):  # (8-bit under a mere VIS: gray, test_e55_hot_gray_under_vis_nir)
        seq = open_sequence(_frames(tmp_path / name / "car1"))
        assert seq.modality == "hsi" and seq.frame(0).shape == (12, 16, 16), name
