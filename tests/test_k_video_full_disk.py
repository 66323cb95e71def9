"""export-video on a full disk (here a file-size limit: EFBIG, as ENOSPC, which OpenCV's writer does not report):
the cut-off video was renamed into place and 'wrote ... (N frames)' said; it is refused, naming the file, and a
video already there is left as it was."""
import resource

import pytest

from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import WorkbenchError


def test_a_video_cut_off_by_a_full_disk_is_refused_and_the_old_one_kept(tmp_path):
    from workbench.core.video import write_video

    seq = open_sequence(write_demo(tmp_path / "data", frames=12, width=96, height=80, name="s"))
    out = tmp_path / "v.mp4"
    out.write_bytes(b"the video of yesterday")
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, hard))  # Python ignores SIGXFSZ: writes past it fail
    try:
        with pytest.raises(WorkbenchError) as err:
            write_video(seq, [], out, scale=2)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert str(err.value).startswith(f"{out}: the video could not be written whole"), err.value
    assert "the disk is full or a file-size limit was reached" in str(err.value)
    assert out.read_bytes() == b"the video of yesterday"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["v.mp4"]  # no part file left
    write_video(seq, [], out, scale=2)  # with room: written, and it passes the same check
    assert out.stat().st_size > 8192
