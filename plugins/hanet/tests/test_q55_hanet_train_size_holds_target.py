"""`workbench train hanet --size 64x16`: the generator sizes its targets by HEIGHT/128, so the validation videos
started on boxes 1.5-2.1 px high, which HA-Net refused (FirstBoxError) at the first validation, after a whole epoch
of training. A height whose generated targets can be under 2 px is refused before anything is made."""
import numpy as np
import pytest

from workbench.core.errors import WorkbenchError


def _argv(out, size, *more):
    return ["--frames", "2", "--size", size, "--epochs", "1", "--steps", "1", "--batch", "1", "--threads", "1",
            "--device", "cpu", "--out", str(out), *more]


def test_a_height_too_small_for_a_two_pixel_target_is_refused_before_training():
    from workbench_hanet.train import check_numbers, parser

    # (check_numbers: the first thing `main` does, before --out is made)
    with pytest.raises(WorkbenchError, match=r"^--size 64x16: a height under 27 px makes generated targets under "
                                             r"2 px .*1\.2 px at the least.* give a height of at least 27"):
        check_numbers(parser().parse_args(_argv("unused", "64x16", "--val", "2")))


def test_the_smallest_height_taken_holds_a_two_pixel_target():
    from workbench.core.data import hsi_generate as g
    from workbench_hanet.train import SMALLEST_HEIGHT, check_numbers, parser

    check_numbers(parser().parse_args(_argv("unused", f"64x{SMALLEST_HEIGHT}", "--val", "2")))  # taken
    check_numbers(parser().parse_args(_argv("unused", "64x16", "--val", "0")))  # nothing generated: --size unused
    # validation's seeds (9000+) and others, over frames enough for the size wobble: never under 2 px
    low = min(g.make_video(g.load_scene(None, 16, s), g.VideoSpec(frames=200, width=64, height=SMALLEST_HEIGHT,
                                                                  seed=s)).groundtruth[:, 2:].min()
              for s in range(9000, 9020))
    assert 2.0 <= low < 2.2  # 27 is the smallest such height, not a loose one
    at_16 = g.make_video(g.load_scene(None, 16, 9000), g.VideoSpec(frames=2, width=64, height=16, seed=9000))
    assert np.min(at_16.groundtruth[0, 2:]) < 2.0  # the case refused: 1.5 px high
