"""A video whose writer does not open and whose folder refuses a first write: every refusal said "free some space
or give --out on another disk", also a folder without write permission or on a read-only disk, where no space is
missing. The advice follows the error's code; the disk-full wording is kept for a full disk."""
from __future__ import annotations

import errno
import os
import tempfile

import pytest

from workbench.core import video
from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import WorkbenchError


@pytest.fixture
def seq(tmp_path):
    return open_sequence(write_demo(tmp_path / "data", frames=3, width=48, height=32, name="s"))


@pytest.mark.parametrize("code, said, todo", [
    (errno.EACCES, "Permission denied", "give --out in a folder you may write to"),
    (errno.EROFS, "Read-only file system", "the disk is read-only: give --out on another disk"),
    (errno.ENOSPC, "No space left on device", "free some space or give --out on another disk"),
])
def test_the_refusal_says_what_to_do_by_its_error(seq, tmp_path, monkeypatch, code, said, todo):
    real_writer, real_mkstemp = video.cv2.VideoWriter, tempfile.mkstemp

    def writer(*a):  # the folder takes no file: OpenCV's writer does not open there
        return real_writer()

    def mkstemp(*a, prefix=None, **kw):
        if prefix == ".workbench-probe-":
            raise OSError(code, os.strerror(code), str(tmp_path / "out" / ".workbench-probe-x"))
        return real_mkstemp(*a, prefix=prefix, **kw)

    monkeypatch.setattr(video.cv2, "VideoWriter", writer)
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "v.mp4"
    with pytest.raises(WorkbenchError) as err:
        video.write_video(seq, [], out, scale=1)
    text = str(err.value)
    assert text.startswith(f"{out}: the video cannot be written there ({said}); nothing was written"), text
    assert todo in text
    if code != errno.ENOSPC:
        assert "free some space" not in text
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []
