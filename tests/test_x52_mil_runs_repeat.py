"""OpenCV's MIL draws its Haar features with the C library's rand() (one stream per process, which cv2.setRNGSeed
does not reach): the same sequence tracked twice in one process (the window, a local batch) gave boxes a few pixels
apart. The wrapper seeds rand() right before MIL's init(), so the runs repeat wherever the C library can be seeded."""
import ctypes
import sys
from pathlib import Path

import pytest

cv2 = pytest.importorskip("cv2")

HORSE = Path("/work/shared/data/tracking/vottir2016_horse")


def _libc_rand():
    if sys.platform == "win32":
        pytest.skip("the test draws from the C library's rand() through ctypes.CDLL(None) (Linux / macOS)")
    try:
        return ctypes.CDLL(None).rand
    except (OSError, AttributeError) as exc:
        pytest.skip(f"the C library's rand() is not reachable through ctypes here: {exc}")


def test_mil_twice_in_one_process_after_other_rand_draws_gives_the_same_boxes():
    if not (HORSE / "groundtruth.txt").is_file():
        pytest.skip(f"{HORSE} (the project's real thermal sequence) is not here")
    from workbench.baselines.opencv_peers import make_mil
    from workbench.core.data.detect import open_sequence

    rand = _libc_rand()
    seq = open_sequence(HORSE)
    frames = [seq.frame(i) for i in range(16)]
    first = tuple(seq.gt_box(0))

    def run(draws):
        for _ in range(draws):  # whatever else in the process drew from rand() before this run
            rand()
        tracker = make_mil()
        tracker.initialize(frames[0], first)
        return [tuple(float(v) for v in tracker.track(f).box) for f in frames[1:]]

    runs = [run(draws) for draws in (0, 1, 37)]
    assert runs[1] == runs[0]
    assert runs[2] == runs[0]
    # and it tracks: the horse stays within a box's width of where it started
    assert abs(runs[0][-1][0] - first[0]) < first[2] and abs(runs[0][-1][1] - first[1]) < first[3]


def test_mil_starts_where_the_c_library_cannot_be_seeded(monkeypatch):
    import numpy as np

    from workbench.baselines import opencv_peers

    monkeypatch.setattr(opencv_peers, "_SRAND", [None])  # no srand found: nothing seeded, MIL runs as it did
    frame = np.random.default_rng(0).integers(0, 60, (60, 80), dtype=np.uint8)
    frame[20:30, 30:40] = 250
    tracker = opencv_peers.make_mil()
    tracker.initialize(frame, (30, 20, 10, 10))
    box = tracker.track(frame).box
    assert abs(box.x - 30) <= 3 and abs(box.y - 20) <= 3 and (box.w, box.h) == (10, 10)
