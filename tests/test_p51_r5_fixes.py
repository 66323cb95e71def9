"""The R5 review of the whole-or-nothing writers and the RGB-T export: (1) an ENVI video without boxes written over
one with boxes removed the old ``<stem>_groundtruth.txt`` before the data and header were renamed in place, so a
failed rename left the old video without its boxes while the error said it was as it was."""
import errno
import os

import numpy as np
import pytest

from workbench.core.data import hsi_convert
from workbench.core.errors import WorkbenchError


def _frames(seed):
    return [np.random.default_rng(seed + t).random((6, 5, 4)).astype(np.float32) for t in range(3)]


@pytest.mark.parametrize("failing", [".img", ".hdr"])
def test_a_failed_envi_rewrite_keeps_the_old_videos_boxes(tmp_path, monkeypatch, failing):
    hdr = tmp_path / "v.hdr"
    gt = tmp_path / "v_groundtruth.txt"
    hsi_convert.write_envi_video(hdr, _frames(0), groundtruth=np.tile([1., 1., 2., 2.], (3, 1)))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    replace = os.replace

    def fails(src, dst, *a, **k):
        if str(dst).endswith(failing):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", fails)
    with pytest.raises(WorkbenchError, match="could not be written"):
        hsi_convert.write_envi_video(hdr, _frames(9))  # no boxes, over the video with boxes
    monkeypatch.setattr(os, "replace", replace)
    assert gt.is_file(), "the old video's boxes went though the new video was not put in place"
    if failing == ".img":  # the header is renamed last: nothing of the old video changed
        assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    hsi_convert.write_envi_video(hdr, _frames(9))
    assert not gt.is_file()  # a whole write still drops them
