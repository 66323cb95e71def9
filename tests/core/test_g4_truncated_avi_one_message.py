"""A cut AVI: OpenCV's AVI reader prints "Unexpected element. Expected: LIST. Got: ..." bare on descriptor 2;
the user sees only the reader's one error, with OpenCV's line folded into it."""
import cv2
import numpy as np
import pytest

from workbench.core.data.video import VideoFrames
from workbench.core.errors import DataError


def test_cut_avi_says_opencvs_line_in_the_error_not_on_stderr(tmp_path, capfd):
    full = tmp_path / "full.avi"
    writer = cv2.VideoWriter(str(full), cv2.VideoWriter_fourcc(*"MJPG"), 10, (32, 24))
    for i in range(6):
        writer.write(np.full((24, 32, 3), 30 * i, np.uint8))
    writer.release()
    cut = tmp_path / "cut.avi"
    cut.write_bytes(full.read_bytes()[:len(full.read_bytes()) // 2])
    capfd.readouterr()
    with pytest.raises(DataError) as err:
        VideoFrames(cut)
    out, stderr = capfd.readouterr()
    assert "Unexpected element" not in stderr and "Expected: LIST" not in stderr, stderr
    text = str(err.value)
    assert str(cut) in text and "not a readable video" in text, text
    assert "OpenCV's AVI reader: Unexpected element. Expected: LIST" in text, text
