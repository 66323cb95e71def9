"""A one-frame sequence: the differential input is zero everywhere, so `workbench detect` reported
'0 detections in 1 frames' as if the frame had been searched; it says the detector cannot see anything in it."""
import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")
pytest.importorskip("torch")


def _frames(folder, n):
    (folder / "frames").mkdir(parents=True)
    rng = np.random.default_rng(0)
    for i in range(n):
        img = rng.integers(40, 60, (32, 40), dtype=np.uint8)
        img[10 + i, 12:14] = 250
        cv2.imwrite(str(folder / "frames" / f"{i + 1:04d}.png"), img)


def test_one_frame_sequence_is_said(tmp_path, capsys):
    from workbench_seq_irst.detector import main

    _frames(tmp_path / "single", 1)
    _frames(tmp_path / "four", 4)
    assert main(["--sequence", str(tmp_path / "single"), "--sequence", str(tmp_path / "four")]) == 0
    err = capsys.readouterr().err
    said = [line for line in err.splitlines() if "one frame" in line]
    assert len(said) == 1 and "single" in said[0] and "lw_irstnet" in said[0], err
