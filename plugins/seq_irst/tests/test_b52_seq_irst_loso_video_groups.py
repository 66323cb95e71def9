"""Leave-one-sequence-out groups a sequence stored as a video by the rule of the frames folder it stands for.

``daub/sequence1.avi`` with ``daub/sequence1.anno_xy.txt`` was grouped by its folder (``group_of`` matched the
name ``sequence1.avi``, not ``sequence1``): every DAUB video in one group ``daub``, so recordings 1-3 and 4+8 were
never held out apart, and a DAUB video was not with its own recording's frames folder."""
from pathlib import Path

import cv2
import numpy as np
import pytest

from workbench_seq_irst.loso import discover, folds, group_of


def _video(path: Path, labels: Path | None) -> Path:
    """A 3-frame 32 x 32 gray MJPG video with a bright 3 x 3 target; ``labels``: its DAUB anno_xy.txt."""
    path.parent.mkdir(parents=True, exist_ok=True)
    w = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (32, 32), isColor=False)
    if not w.isOpened():
        pytest.skip("OpenCV here writes no MJPG .avi")
    for i in range(3):
        f = np.full((32, 32), 50, np.uint8)
        f[10:13, 10 + i:13 + i] = 200
        w.write(f)
    w.release()
    if labels is not None:
        labels.write_text("".join(f"{11 + i}\t11\n" for i in range(3)))
    return path


def _daub_video(folder: Path, n: int) -> Path:
    return _video(folder / f"sequence{n}.avi", folder / f"sequence{n}.anno_xy.txt")


def test_daub_videos_are_grouped_by_recording_not_by_their_folder(tmp_path):
    daub = tmp_path / "daub"
    for n in (1, 2, 4, 12):
        _daub_video(daub, n)
    groups = discover([daub])
    assert {g: sorted(p.name for p in ps) for g, ps in groups.items()} == {
        "daub_1-2-3": ["sequence1.avi", "sequence2.avi"], "daub_4-8": ["sequence4.avi"], "daub_12": ["sequence12.avi"]}
    for g, held, train in folds(groups):  # a recording is never on both sides of a fold
        assert {group_of(p, p.name) for p in held} == {g} and g not in {group_of(p, p.name) for p in train}


def test_a_daub_video_joins_its_recordings_frames_folder(tmp_path):
    frames = tmp_path / "daub" / "sequence3"  # DAUB's layout: frames/ + anno_xy.txt
    (frames / "frames").mkdir(parents=True)
    for i in range(3):
        cv2.imwrite(str(frames / "frames" / f"{i + 1:04d}.png"), np.full((32, 32), 60, np.uint8))
    (frames / "anno_xy.txt").write_text("5\t5\n5\t5\n5\t5\n")
    video = _daub_video(tmp_path / "daub", 1)
    assert group_of(video, video.name) == group_of(frames, frames.name) == "daub_1-2-3"


def test_a_lone_video_reading_its_folders_labels_is_that_folders_sequence(tmp_path):
    # a user's sequence folder with a clip instead of frames (irseq.video_label_file reads the folder's labels)
    clip = _video(tmp_path / "daub" / "sequence9" / "clip.avi", tmp_path / "daub" / "sequence9" / "anno_xy.txt")
    assert group_of(clip, clip.name) == "daub_9-10"


def test_videos_of_another_dataset_keep_their_folders_group(tmp_path):
    sky = tmp_path / "sky"
    for name in ("easy4", "easy6"):  # as frames folders sky/easy4, sky/easy6 are: one group, the dataset's
        v = _video(sky / f"{name}.avi", None)
        v.with_name(f"{name}.labels.csv").write_text("frame,cx,cy,w,h,cls\n1,11,11,3,3,0\n")
    assert {group_of(p, p.name) for p in (sky / "easy4.avi", sky / "easy6.avi")} == {"sky"}
