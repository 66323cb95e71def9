"""On a full disk (here a file-size limit too small for the writer's header) OpenCV's MP4 writer does not open, which
was taken for mp4v missing from the build: the export fell back to MJPG AVI and its error named ``v.avi``, a file the
user never asked for. A first write in the folder tells the two apart: a disk that refuses it is said naming
``v.mp4`` and why; a build without mp4v still falls back to AVI, as it says."""
import pytest

from workbench.core import video
from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import WorkbenchError

resource = pytest.importorskip("resource", reason="file-size limits (RLIMIT_FSIZE) are POSIX only")


@pytest.fixture
def seq(tmp_path):
    return open_sequence(write_demo(tmp_path / "data", frames=4, width=64, height=48, name="s"))


def test_a_full_disk_is_said_naming_the_mp4_asked_for(seq, tmp_path):
    out = tmp_path / "v.mp4"
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16, hard))  # Python ignores SIGXFSZ: writes past it fail (EFBIG)
    try:
        with pytest.raises(WorkbenchError) as err:
            video.write_video(seq, [], out, scale=1)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    said = str(err.value)
    assert said.startswith(f"{out}: the video cannot be written there (File too large)"), said  # old: v.avi: ...
    assert "v.avi" not in said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no part file, no probe left


def test_a_build_without_mp4v_still_falls_back_to_avi(seq, tmp_path, monkeypatch):
    real = video.cv2.VideoWriter

    def writer(path, fourcc, fps, size):
        if fourcc == video.cv2.VideoWriter_fourcc(*"mp4v"):
            return real()  # (a writer that is not open: the codec is missing)
        return real(path, fourcc, fps, size)

    monkeypatch.setattr(video.cv2, "VideoWriter", writer)
    done = video.write_video(seq, [], tmp_path / "v.mp4", scale=1)
    assert done.path == tmp_path / "v.avi" and done.codec == "MJPG" and "mp4v is not available" in done.message
    assert (tmp_path / "v.avi").stat().st_size > 0
