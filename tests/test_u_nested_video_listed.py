"""A dataset root whose sequences are folders each holding a video and its box file (<seq>/<seq>.mp4 +
<seq>.txt) lists those videos; they were left out of the dataset without a word."""
import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")


def _video(path, n=3):
    w = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (32, 24))
    if not w.isOpened():
        pytest.skip("no MJPG writer in this OpenCV")
    for i in range(n):
        w.write(np.full((24, 32, 3), 40 * i, np.uint8))
    w.release()


def test_videos_in_sequence_folders_are_listed(tmp_path):
    from workbench.core.data.detect import open_dataset

    for name in ("car", "boat"):
        (tmp_path / name).mkdir()
        _video(tmp_path / name / f"{name}.avi")
        (tmp_path / name / f"{name}.txt").write_text("1,2,5,5\n" * 3)
    frames = tmp_path / "walk" / "img"
    frames.mkdir(parents=True)
    for i in range(3):
        cv2.imwrite(str(frames / f"{i + 1:04d}.png"), np.zeros((24, 32), np.uint8))
    (tmp_path / "walk" / "groundtruth.txt").write_text("1,2,5,5\n" * 3)
    entries = open_dataset(tmp_path)
    assert sorted((e.name, e.layout) for e in entries) == [("boat", "video"), ("car", "video"), ("walk", "folder")]
    seq = next(e for e in entries if e.name == "car").open()
    assert len(seq) == 3 and seq.groundtruth.shape == (3, 4)
