"""MIL's frame-size check: it refused only frames under 8 px, yet on 9x9 and 10x10 frames OpenCV's init() then
failed its `!negSamples.empty()` assertion (no room about the box for a negative sample). The check now refuses
the frames no box starts on, naming the smallest square frame (11x11), and lets through those some boxes start on
(a long, narrow 40x8 frame among them)."""
import numpy as np
import pytest

pytest.importorskip("cv2")


def _start(w, h, box):
    from workbench.baselines.opencv_peers import make_mil

    frame = np.random.default_rng(0).integers(0, 60, (h, w), dtype=np.uint8)
    t = make_mil()
    t.initialize(frame, box)
    return t.track(frame)


@pytest.mark.parametrize("w,h", [(9, 9), (10, 10), (9, 11), (40, 7)])
def test_mil_refuses_frames_no_box_starts_on(w, h):
    with pytest.raises(ValueError, match=rf"cannot start on a {w}x{h} frame .* 11x11 px or more, or long narrow "
                                         r"ones .*: track this sequence with another"):
        _start(w, h, (0, 0, 1, 1))


@pytest.mark.parametrize("w,h,box", [(11, 11, (0, 0, 1, 1)), (10, 11, (0, 0, 1, 1)), (40, 8, (20, 3, 2, 2)),
                                     (8, 12, (0, 0, 1, 1))])
def test_mil_starts_on_the_smallest_frames_it_can(w, h, box):
    out = _start(w, h, box)
    assert out.box.w == box[2] and out.box.h == box[3]
