"""A video whose writer does not open and whose folder refuses a first write: every refusal said "free some space
or give --out on another disk", also a folder without write permission or on a read-only disk, where no space is
missing. The advice follows the error's code; the disk-full wording is kept for a full disk. It is worded for the
window's Export video too, which shows it as it is and has no --out to give: "choose ... (--out)"
(``errors.write_advice``, the one place of the advice by code)."""
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
    (errno.EACCES, "Permission denied", "choose a folder you may write to (--out), not "),
    (errno.EROFS, "Read-only file system", "the disk is read-only: choose a folder on another disk (--out)"),
    (errno.ENOSPC, "No space left on device", "free some space or choose a folder on another disk (--out)"),
    (errno.EIO, "Input/output error", "check the disk and the folder, or choose another folder (--out)"),
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
    assert todo in text and "give --out" not in text
    if code != errno.ENOSPC:
        assert "free some space" not in text
    if code == errno.EACCES:
        assert text.endswith(f"not {tmp_path / 'out'}"), text
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []


def test_a_video_cut_off_says_the_same_advice_for_a_full_disk(tmp_path):
    """A video the writer left cut off (no error: a full disk) said "give --out" too, in the window as well."""
    with pytest.raises(WorkbenchError) as err:
        video._check_whole(tmp_path / ".v.part.mp4", tmp_path / "v.mp4", 3)
    text = str(err.value)
    assert text.startswith(f"{tmp_path / 'v.mp4'}: the video could not be written whole"), text
    assert text.endswith(": free some space or choose a folder on another disk (--out)"), text
