"""VOT's supervised runner on a frame whose groundtruth shows no target: the VOT toolkit's
supervised experiment declares a failure on any frame with overlap <= 0, and a box against an
empty region has overlap 0 there, so such a frame fails and the tracker is re-initialised on the
next annotated frame at least five frames later."""
import numpy as np

from workbench.core.data.sequence import ArrayFrames, Sequence
from workbench.core.loops import VOT_FAILURE, VOT_INIT, VOT_TRACKED, iter_track_supervised
from workbench.core.methods import TrackOutput


class _Stay:
    name = "stay"

    def initialize(self, frame, box):
        self.box = box

    def track(self, frame):
        return TrackOutput(self.box, 1.0)


def test_a_frame_without_target_fails_and_reinitialises_on_the_next_annotated_frame():
    n = 20
    gt = np.array([[10, 10, 10, 10]] * n, float)
    gt[6] = np.nan          # target out of view on frame 6 only
    gt[11] = [0, 0, 0, 0]   # ... and no box on frame 11 (the re-init frame 6 + 5)
    seq = Sequence("toy", ArrayFrames(n, lambda i: np.full((40, 40), i, np.uint8)), "gray", gt, meta={})
    got = [(fr.index, code) for fr, code in iter_track_supervised(_Stay, seq)]
    assert got[0] == (0, VOT_INIT)
    assert (6, VOT_FAILURE) in got and (5, VOT_TRACKED) in got
    idx = [i for i, _ in got]
    assert not any(7 <= i <= 11 for i in idx)  # skipped, then frame 11 has no box to start from
    assert (12, VOT_INIT) in got and got[-1] == (n - 1, VOT_TRACKED)
    assert [c for _, c in got].count(VOT_FAILURE) == 1
