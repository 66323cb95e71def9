"""8-bit gray PNGs under a 'vis' / 'nir' folder (an RGB-T set's visible camera, a NIR camera's frames) were cut into
HOT mosaic cubes of garbage. HOT's mosaics are 16-bit, or of a HOT camera's size (VIS / RedNIR 2048 x 1024, NIR
2045 x 1085), or kept under HSI / HOT folders: anything else 8-bit is read as gray frames, and said."""
import cv2
import numpy as np

from workbench.core.data import open_sequence


def _frames(folder, h=48, w=64, n=2, dtype=np.uint8):
    folder.mkdir(parents=True)
    for i in range(n):
        f = np.full((h, w), 30 + i, dtype)
        f[10:14, 10:14] = 200
        cv2.imwrite(str(folder / f"{i + 1:04d}.png"), f)
    return folder


def test_8_bit_gray_frames_under_vis_or_nir_open_gray_and_say_so(tmp_path):
    for kind in ("vis", "NIR", "RedNIR"):
        seq = open_sequence(_frames(tmp_path / "rgbt" / kind / "seq1"))
        assert seq.modality == "gray" and seq.frame(0).shape == (48, 64), (kind, seq.modality)
        said = [w for w in seq.meta.get("warnings") or () if "HOT mosaics" in w]
        assert said and "0001.png" in said[0] and "64x48" in said[0] and "HSI" in said[0], (kind, seq.meta)


def test_hot_sized_or_hsi_named_8_bit_frames_and_16_bit_ones_stay_mosaics(tmp_path):
    seq = open_sequence(_frames(tmp_path / "VIS" / "car1", h=1024, w=2048))
    assert seq.modality == "hsi" and seq.frame(0).shape == (256, 512, 16)
    seq = open_sequence(_frames(tmp_path / "NIR" / "car2", h=1085, w=2045))
    assert seq.modality == "hsi" and seq.frame(0).shape == (217, 409, 25)
    for folder in (tmp_path / "a" / "NIR" / "car3" / "HSI", tmp_path / "HOT2022" / "VIS" / "car4"):
        seq = open_sequence(_frames(folder, h=40, w=60))
        assert seq.modality == "hsi" and not any("HOT mosaics" in w for w in seq.meta.get("warnings") or ())
    seq = open_sequence(_frames(tmp_path / "b" / "VIS" / "car5", dtype=np.uint16))
    assert seq.modality == "hsi" and seq.frame(0).shape == (12, 16, 16)


def test_plain_gray_frames_elsewhere_say_nothing(tmp_path):
    seq = open_sequence(_frames(tmp_path / "thermal" / "seq1"))
    assert seq.modality == "gray" and not any("HOT mosaics" in w for w in seq.meta.get("warnings") or ())
