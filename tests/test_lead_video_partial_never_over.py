"""An interrupted export-video kept its frames as ``v.partial.mp4`` by os.replace, over a file of that name (the
user's own, or an earlier stop's) without --force (R3); and a stop after the last frame, the writer closed, found no
writer and removed the whole video. The frames go to the next free name, ``v.partial-2.mp4`` ..., and a closed
writer's file is kept as well."""
import cv2
import pytest

from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo

from tests.test_k2_export_video_interrupted_keeps_frames import _StopAfter as _StopAt  # (a stop at frame K)


def _frames(path) -> int:
    cap = cv2.VideoCapture(str(path))
    try:
        return int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) if cap.isOpened() else 0
    finally:
        cap.release()


def test_a_stop_never_writes_over_a_partial_name_and_keeps_a_finished_writer(tmp_path):
    from workbench.core import video

    seq = open_sequence(write_demo(tmp_path / "data", frames=6, width=64, height=48, name="s"))
    out = tmp_path / "v.mp4"
    mine = tmp_path / "v.partial.mp4"
    mine.write_bytes(b"the user's own file")
    with pytest.raises(KeyboardInterrupt) as stop:
        video.write_video(seq, [], out, scale=1, ctx=_StopAt(3))
    kept = tmp_path / "v.partial-2.mp4"
    assert stop.value.video_kept == (kept, 3, 6) and _frames(kept) == 3
    assert mine.read_bytes() == b"the user's own file"
    # the stop after the last frame (here as the whole-file check begins): the writer is closed, the frames kept
    real = video._check_whole

    def stop_now(*a, **k):
        raise KeyboardInterrupt

    video._check_whole = stop_now
    try:
        with pytest.raises(KeyboardInterrupt) as stop:
            video.write_video(seq, [], out, scale=1)
    finally:
        video._check_whole = real
    third = tmp_path / "v.partial-3.mp4"
    assert stop.value.video_kept == (third, 6, 6) and _frames(third) == 6
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "v.partial-2.mp4", "v.partial-3.mp4", "v.partial.mp4"]
