import threading

import numpy as np
import pytest

from workbench.core.boxes import Box
from workbench.core.data.sequence import ArrayFrames, Sequence
from workbench.core.errors import WorkbenchError
from workbench.core.jobs import CancelToken, JobContext
from workbench.core.methods import MapLayer, TrackOutput
from workbench.core.results import read_result_boxes
from workbench.core.runs import iter_track, run_tracker


class Oracle:
    """Follows a known trajectory (the test's groundtruth) and publishes a response map."""

    name = "oracle"
    modalities = ("gray",)

    def __init__(self, gt):
        self.gt, self.i = gt, 0

    def initialize(self, frame, box):
        self.i = int(np.flatnonzero((self.gt == np.asarray(box)).all(1))[0])

    def track(self, frame):
        self.i += 1
        b = Box(*self.gt[self.i])
        return TrackOutput(b, 0.9, {"response": MapLayer(np.ones((5, 5)), b)})


def _seq(n=20):
    gt = np.array([[i, 2 * i, 10, 12] for i in range(n)], float)
    return Sequence("toy", ArrayFrames(n, lambda i: np.full((64, 64), i, np.uint8)), "gray", gt)


def test_run_collects_boxes_timing_maps_and_saves(tmp_path):
    seq = _seq()
    res = run_tracker(Oracle(seq.groundtruth), seq, keep_maps=True)
    assert res.completed and res.frames_done == 20
    np.testing.assert_allclose(res.boxes, seq.groundtruth)
    assert np.isfinite(res.fps) and res.fps > 0
    assert set(res.maps[5]) == {"response"} and 0 not in res.maps
    path = res.save(tmp_path)
    assert path == tmp_path / "oracle" / "toy.txt"
    np.testing.assert_allclose(read_result_boxes(path), seq.groundtruth)
    assert len((tmp_path / "oracle" / "toy_time.txt").read_text().split()) == 20


def test_start_frame_and_explicit_init():
    seq = _seq()
    res = run_tracker(Oracle(seq.groundtruth), seq, init=Box(*seq.groundtruth[5]), start_frame=5)
    assert np.all(np.isnan(res.boxes[:5])) and np.allclose(res.boxes[5:], seq.groundtruth[5:])
    assert res.frames_done == 15


def test_cancel_keeps_what_was_tracked():
    seq = _seq()
    token = CancelToken()
    seen = []

    def progress(f, msg):
        seen.append(f)
        if len(seen) == 7:
            token.cancel()

    res = run_tracker(Oracle(seq.groundtruth), seq, ctx=JobContext(progress, token))
    assert not res.completed
    assert res.frames_done == 8  # init + 7 tracked before the cancel was seen
    assert np.all(np.isnan(res.boxes[8:]))
    assert seen == sorted(seen) and 0 < seen[0] < 1


def test_generator_stops_between_frames():
    seq = _seq()
    gen = iter_track(Oracle(seq.groundtruth), seq)
    first = next(gen)
    assert first.index == 0 and first.box == Box(*seq.groundtruth[0])
    assert next(gen).index == 1
    gen.close()


def test_bad_starts_are_user_errors():
    seq = _seq()
    seq.groundtruth[3] = np.nan
    with pytest.raises(WorkbenchError, match=r"no groundtruth box \(absent / NaN\) for 'toy' frame index 3 \(0-based\)"):
        run_tracker(Oracle(seq.groundtruth), seq, start_frame=3)
    with pytest.raises(WorkbenchError, match="outside"):
        run_tracker(Oracle(seq.groundtruth), seq, start_frame=99)
    with pytest.raises(WorkbenchError, match="positive size"):
        run_tracker(Oracle(seq.groundtruth), seq, init=Box(0, 0, 0, 5))
    rgb = Sequence("c", ArrayFrames(3, lambda i: np.zeros((8, 8, 3), np.uint8)), "rgb", seq.groundtruth[:3])
    with pytest.raises(WorkbenchError, match="accepts gray"):
        run_tracker(Oracle(seq.groundtruth), rgb)


def test_cancel_token_from_another_thread():
    token = CancelToken()
    t = threading.Thread(target=token.cancel)
    t.start()
    t.join()
    assert token.cancelled
