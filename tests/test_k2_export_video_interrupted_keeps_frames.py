"""export-video stopped by Ctrl-C / SIGTERM (here a KeyboardInterrupt after the third frame) kept nothing and said
only 'interrupted': the frames written so far are kept as a playable v.partial.mp4 beside the video (a video already
at v.mp4 is as it was), and one line says so."""
import cv2
import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.results import update_manifest, write_boxes


class _StopAfter:
    def __init__(self, frames):
        self.frames, self.token = frames, None

    def check(self):
        pass

    def progress(self, fraction, message=""):
        if message.startswith(f"video frame {self.frames}/"):
            raise KeyboardInterrupt


def test_an_interrupted_export_keeps_the_frames_written(tmp_path, monkeypatch, capsys):
    import workbench.core.jobs as jobs
    from workbench.core import video

    data = write_demo(tmp_path / "data", frames=8, width=64, height=48, name="s")
    out = tmp_path / "v.mp4"
    out.write_bytes(b"the video of yesterday")
    with pytest.raises(KeyboardInterrupt) as stop:
        video.write_video(open_sequence(data), [], out, scale=1, ctx=_StopAfter(3))
    kept = tmp_path / "v.partial.mp4"
    assert stop.value.video_kept == (kept, 3, 8)
    cap = cv2.VideoCapture(str(kept))
    assert cap.isOpened() and int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == 3
    cap.release()
    assert out.read_bytes() == b"the video of yesterday"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["v.mp4", "v.partial.mp4"]  # no .part
    # the command: said in one line
    kept.unlink()
    out.unlink()
    run = tmp_path / "res" / "data" / "kcf" / "default"
    write_boxes(run / "s.txt", np.tile([10.0, 10.0, 8.0, 8.0], (8, 1)), 0)
    update_manifest(run, {"method": "kcf", "kind": "tracker", "variant": "default"}, "s",
                    {"box_offset": 0, "start_frame": 0, "completed": True})
    monkeypatch.setattr(jobs, "JobContext", lambda progress=None, token=None: _StopAfter(2))
    assert main(["export-video", "--sequence", str(data), "--results", str(tmp_path / "res"), "--out", str(out)]) \
        == 130
    err = capsys.readouterr().err
    assert (f"export-video stopped (Ctrl-C): frames 1..2 of 8 kept in {kept} (a video up to there); {out} was not "
            "written; the same command again writes it whole") in err, err
    assert kept.is_file() and not out.exists()
