"""A frame of a YOLO folder's run (IST-A, Anti-UAV) whose label file is missing was scored as target-free by
`workbench detect seq_irst`: the target detected there counted a false alarm (P 0.947 for 1.000 on a DAUB sequence
laid out as YOLO, one label file removed), and training cut it into background crops. It is unlabelled, as the
core's YOLO reader, `segment` and a DAUB file's frames past its end read such frames: not scored, not cut."""
import shutil

import numpy as np

from tests.helpers import shared
from workbench.core.data.images import write_image


def _yolo_run(root, n=6):
    for i in range(n):
        img = np.full((32, 32), 30, np.uint8)
        img[10:13, 10 + i:13 + i] = 200
        write_image(root / "images" / f"{i + 1:06d}.png", img)
        (root / "labels").mkdir(exist_ok=True)
        (root / "labels" / f"{i + 1:06d}.txt").write_text(f"1 {(11.5 + i) / 32:.5f} {11.5 / 32:.5f} 0.1 0.1\n")
    return root


def test_a_frame_without_its_label_file_is_not_scored(tmp_path):
    from workbench_seq_irst.runs import open_runs

    root = _yolo_run(tmp_path / "set")
    (root / "labels" / "000003.txt").unlink()
    (root / "labels" / "000005.txt").write_text("")  # an empty file: a frame without target, scored
    (seq,) = open_runs(root)
    assert seq.scored_frames() == [0, 1, 3, 4, 5]
    assert seq.labels[4] == [] and len(seq.labels[3]) == 1
    assert any("no label file for 1 of 6 frames" in w and w.endswith("not scored") for w in seq.meta["warnings"])


def test_real_anti_uav_frames_without_their_label_file_are_not_scored(tmp_path):
    from workbench_seq_irst.runs import open_runs

    src = shared("tir/anti_uav_ir")
    stems = sorted(p.stem for p in (src / "images").glob("*.jpg"))[:19]
    for d in ("images", "labels"):
        (tmp_path / d).mkdir()
    for s in stems:
        shutil.copy(src / "images" / f"{s}.jpg", tmp_path / "images")
        shutil.copy(src / "labels" / f"{s}.txt", tmp_path / "labels")
    (tmp_path / "labels" / f"{stems[4]}.txt").unlink()
    runs = open_runs(tmp_path)
    scored = [i for r in runs for i in r.scored_frames()]
    assert sum(len(r) for r in runs) == 19 and len(scored) == 18


def test_a_frame_saved_twice_is_one_frame_of_one_run(tmp_path):
    """``000003.png`` beside a converted ``000003.bmp`` split the folder into two runs (1-3 and 3-6), frame 3 detected
    and scored twice (20 frames scored for 19)."""
    import warnings

    import cv2

    from workbench_seq_irst.runs import list_sequences, open_runs, open_seq

    root = _yolo_run(tmp_path / "set")
    cv2.imwrite(str(root / "images" / "000003.bmp"), cv2.imread(str(root / "images" / "000003.png")))
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        runs = open_runs(root)
        (path,) = list_sequences(root)
        one = open_seq(path)
    assert [len(r) for r in runs] == [6] and len(one) == 6
    assert any("first 000003: 000003.png, 000003.bmp" in str(w.message) for w in said)
