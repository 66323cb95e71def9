"""Frame rates a video can be written at: ``export-video --fps 1e12`` blamed the codec ("OpenCV can write
neither MP4 nor MJPG AVI here") after reading the sequence; the MJPG fallback wrote 600 fps for 10000
without a word. A sequence's own nonsense rate (a container's 90000) no longer decides the video's."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import WorkbenchError


@pytest.mark.parametrize("fps", ["1e12", "10000", "0.001", "0"])
def test_a_rate_no_writer_keeps_is_refused_before_any_work(tmp_path, capsys, fps, monkeypatch):
    from workbench.core import video

    monkeypatch.setattr(video, "write_video", lambda *a, **k: pytest.fail("written"))
    s = write_demo(tmp_path / "data", frames=4, width=48, height=40, name="s")
    rc = main(["export-video", "--sequence", str(s), "--results", str(tmp_path / "none"), "--fps", fps,
               "--out", str(tmp_path / "v.mp4")])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert rc == 2 and "--fps" in err and "between 0.01 and 600" in err, err
    assert not (tmp_path / "v.mp4").exists()


def test_write_video_refuses_such_a_rate_naming_the_file(tmp_path):
    from workbench.core.video import write_video

    seq = open_sequence(write_demo(tmp_path / "data", frames=3, width=48, height=40, name="s"))
    with pytest.raises(WorkbenchError, match=r"v.mp4: 1e\+06 frames per second cannot be written"):
        write_video(seq, [], tmp_path / "v.mp4", fps=1e6)


def test_a_sequences_nonsense_rate_gives_way_to_the_default(tmp_path):
    import cv2

    from workbench.core.video import DEFAULT_FPS, write_video

    seq = open_sequence(write_demo(tmp_path / "data", frames=3, width=48, height=40, name="s"))
    seq.meta["fps"] = 90000.0
    res = write_video(seq, [], tmp_path / "v.mp4")
    cap = cv2.VideoCapture(str(res.path))
    assert np.isclose(cap.get(cv2.CAP_PROP_FPS), DEFAULT_FPS), cap.get(cv2.CAP_PROP_FPS)
    cap.release()
