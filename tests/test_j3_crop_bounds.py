"""crop() of a window no warp can take (a tracker's box exploding on a bad frame: a side of ~1e10 px, a NaN
centre) ended the process with a segmentation fault inside OpenCV's warp; it is refused with a CropError (a
WorkbenchError, so a run says it in one line, and a ValueError) naming the window. Run in a child process: the
old code's crash must not take the test worker with it."""
import subprocess
import sys

import numpy as np
import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.preprocess import MAX_CROP_REACH, CropError, crop

CHILD = """
import numpy as np
from workbench.core.preprocess import crop
im = np.random.default_rng(0).random((64, 80)).astype(np.float32)
for cx, side in ((40.0, 1e10), (float('nan'), 30.0)):
    try:
        crop(im, cx, 32.0, side, 127, fill='replicate')
    except ValueError as exc:
        print('refused:', exc)
"""


def test_an_exploded_or_nan_window_is_refused_not_a_crash():
    p = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, f"crashed with {p.returncode}: {p.stderr[-300:]}"
    lines = [x for x in p.stdout.splitlines() if x.startswith("refused:")]
    assert len(lines) == 2 and "1e+10" in lines[0] and "nan" in lines[1]


@pytest.mark.parametrize("cx, side", [(40.0, MAX_CROP_REACH * 2.0), (40.0, float("inf")), (40.0, 0.0),
                                      (40.0, -5.0), (float("inf"), 30.0), (-MAX_CROP_REACH * 1.0, 30.0)])
def test_refused_windows_say_what_happened(cx, side):
    im = np.zeros((16, 20), np.uint8)
    with pytest.raises(CropError) as err:
        crop(im, cx, 8.0, side, 9)
    assert isinstance(err.value, WorkbenchError) and "exploded" in str(err.value)


def test_large_but_sane_windows_still_crop():
    im = np.full((16, 20), 7, np.uint8)
    assert crop(im, 10.0, 8.0, 1e6, 9, fill="replicate").shape == (9, 9)
    assert crop(im, 10.0, 8.0, (30.0, 12.0), (9, 5)).shape == (5, 9)


def test_a_tracker_whose_box_explodes_says_the_frame():
    from workbench.core.boxes import Box
    from workbench.core.data.sequence import ArrayFrames, Sequence
    from workbench.core.loops import iter_track
    from workbench.core.methods import TrackOutput

    class Exploding:
        name = "boom"

        def initialize(self, frame, box):
            self.side = 20.0

        def track(self, frame):
            self.side *= 1e6  # a bad frame's scale estimate, compounded
            crop(frame, 10.0, 8.0, self.side, 9, fill="replicate")
            return TrackOutput(Box(1, 1, 4, 4), 1.0)

    frames = np.zeros((4, 16, 20), np.uint8)
    seq = Sequence(name="s", frames=ArrayFrames.from_array(frames), modality="gray")
    with pytest.raises(WorkbenchError) as err:
        list(iter_track(Exploding(), seq, init=Box(2, 2, 5, 5)))
    said = str(err.value)
    assert "'s' frame index 2 (0-based)" in said and "'boom' lost its target" in said and "2e+13" in said


def test_a_run_keeps_the_frames_tracked_before_the_target_was_lost(tmp_path):
    """The box exploding on frame 3 failed the whole task: frames 0-2, tracked, were lost with it. They are kept,
    marked partial (stopped: target lost), as an unreadable frame keeps the frames before it."""
    from workbench.core.boxes import Box
    from workbench.core.data.sequence import ArrayFrames, Sequence
    from workbench.core.methods import TrackOutput
    from workbench.core.runs import STOP_LOST, run_tracker

    class LosesIt:
        name = "boom"

        def initialize(self, frame, box):
            self.k = 0

        def track(self, frame):
            self.k += 1
            if self.k == 3:
                crop(frame, 10.0, 8.0, float("nan"), 9)
            return TrackOutput(Box(2, 2, 5, 5), 1.0)

    seq = Sequence(name="s", frames=ArrayFrames.from_array(np.zeros((6, 16, 20), np.uint8)), modality="gray")
    res = run_tracker(LosesIt(), seq, init=Box(2, 2, 5, 5), name="boom")
    assert not res.completed and res.stopped["frame"] == 3 and res.stopped["reason"] == STOP_LOST
    assert np.isfinite(res.boxes[:3]).all() and np.isnan(res.boxes[3:]).all()
    out = res.save(tmp_path)
    assert "lost its target" in res.stop_message(out) and "frames 0..2 (0-based) kept" in res.stop_message(out)
