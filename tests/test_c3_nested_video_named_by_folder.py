"""Sequence folders each holding a video and its box file under one file name (car/video.avi, boat/video.avi)
stopped a whole dataset run: "two sequences are named 'video' ... rename one". Such a video is the sequence of its
folder and goes by the folder's name, in the listing, a video opened on its own and the run's and eval's results."""
import json

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")


def _video(path, n=3):
    w = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (32, 24))
    if not w.isOpened():
        pytest.skip("no MJPG writer in this OpenCV")
    for i in range(n):
        frame = np.zeros((24, 32, 3), np.uint8)
        frame[8 + i:14 + i, 10:16] = 255
        w.write(frame)
    w.release()


def _root(tmp_path):
    root = tmp_path / "data"
    for name in ("car", "boat"):
        (root / name).mkdir(parents=True)
        _video(root / name / "video.avi")
        (root / name / "video.txt").write_text("10,8,6,6\n10,9,6,6\n10,10,6,6\n")
    return root


def test_named_after_their_folders_everywhere(tmp_path, capsys):
    from workbench.cli import main
    from workbench.core.batch import sequence_refs
    from workbench.core.data.detect import open_dataset, open_sequence

    root = _root(tmp_path)
    assert sorted(e.name for e in open_dataset(root)) == ["boat", "car"]
    assert [e.open().name for e in open_dataset(root) if e.name == "car"] == ["car"]
    assert sorted(r.label for r in sequence_refs(dataset=root)) == ["boat", "car"]
    assert open_sequence(root / "car" / "video.avi").name == "car"
    out = tmp_path / "out"
    assert main(["run", "--dataset", str(root), "--tracker", "kcf", "--out", str(out)]) == 0, capsys.readouterr().err
    assert sorted(p.name for p in out.rglob("*.txt") if not p.name.endswith("_time.txt")) == ["boat.txt", "car.txt"]
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(root), "--json", str(tmp_path / "s.json")]) == 0
    scores = json.loads((tmp_path / "s.json").read_text())
    assert {"boat", "car"} <= set(next(v for k, v in scores.items() if not k.startswith("_")))


def test_a_root_video_beside_sequence_folders_keeps_its_name(tmp_path):
    from workbench.core.data.detect import open_dataset, open_sequence

    root = _root(tmp_path)
    _video(root / "clip.avi")
    (root / "clip.txt").write_text("10,8,6,6\n10,9,6,6\n10,10,6,6\n")
    assert sorted(e.name for e in open_dataset(root)) == ["boat", "car", "clip"]
    assert open_sequence(root / "clip.avi").name == "clip"
