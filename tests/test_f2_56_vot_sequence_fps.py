"""A VOT2020+ sequence's ``sequence`` file says the rate it was recorded at (``fps=30``): it was not put into the
sequence's ``meta["fps"]``, so ``export-video`` wrote such a sequence at 25 fps though its help promises the
sequence's own rate. A value that is no rate is said and not used."""
from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import shared
from workbench.core.data import open_sequence


def _vot(tmp_path, fps_line: str):
    from workbench.core.data.images import write_image

    seq = tmp_path / "book"
    (seq / "color").mkdir(parents=True)
    for i in range(3):
        write_image(seq / "color" / f"{i + 1:08d}.jpg", np.full((40, 48, 3), 40 * i, np.uint8))
    (seq / "groundtruth.txt").write_text("10,10,20,10,20,20,10,20\n" * 3)
    (seq / "sequence").write_text(f"channels.color=color/%08d.jpg\nformat=default\n{fps_line}\nname=book\n")
    return seq


def test_the_sequence_files_rate_is_the_videos(tmp_path):
    import cv2

    from workbench.core.video import write_video

    seq = open_sequence(_vot(tmp_path, "fps=30"))
    assert seq.meta["fps"] == 30.0
    res = write_video(seq, [], tmp_path / "v.mp4")  # no --fps: the sequence's
    cap = cv2.VideoCapture(str(res.path))
    assert np.isclose(cap.get(cv2.CAP_PROP_FPS), 30.0), cap.get(cv2.CAP_PROP_FPS)
    cap.release()


@pytest.mark.parametrize("value", ["thirty", "0", "-5", "nan"])
def test_a_value_that_is_no_rate_is_said_and_not_used(tmp_path, value):
    seq = open_sequence(_vot(tmp_path, f"fps={value}"))
    assert "fps" not in seq.meta
    said = [w for w in seq.meta["warnings"] if "sequence" in w and "fps=" in w]
    assert len(said) == 1 and "not a frame rate" in said[0], seq.meta["warnings"]


def test_vot2017_book_is_30_fps():
    assert open_sequence(shared("tracking/vot2017_book")).meta.get("fps") == 30.0
