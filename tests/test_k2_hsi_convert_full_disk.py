"""`workbench generate hsi-convert` on a full disk (here a file-size limit: EFBIG, as ENOSPC): it said "File too
large: [Errno 27] File too large" naming no file (HOT's false-colour JPEGs were not even checked: cv2.imwrite said
False and the video went into place without them). The error names the video, nothing is put in place, and no part
file or folder is left."""
import resource

import pytest

from workbench.core.data import hsi_convert
from workbench.core.data import hsi_generate as gen
from workbench.core.errors import WorkbenchError


@pytest.fixture(scope="module")
def src(tmp_path_factory):
    video = gen.make_video(gen.load_scene(None, 16, seed=3), gen.VideoSpec(frames=3, width=48, height=32, seed=3,
                                                                            distractors=0))
    return hsi_convert.write_h5(tmp_path_factory.mktemp("k2h") / "src.h5", (video.frame(t) for t in range(3)), None,
                                video.wavelengths, video.groundtruth)


@pytest.mark.parametrize("fmt, name", [("hot", "seq"), ("envi", "x.hdr")])  # h5: h5py reports it again on its own (an unraisable RuntimeError when its objects go)
def test_a_full_disk_names_the_video_and_leaves_nothing(tmp_path, src, fmt, name):
    dst = tmp_path / "out" / "new" / name  # out/new/ made by the command
    dst.parent.parent.mkdir()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
    try:
        with pytest.raises(WorkbenchError) as err:
            hsi_convert.convert(src, dst, fmt)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert str(err.value).startswith(f"{dst}: could not be written ("), err.value
    assert "the disk is full or a file-size limit was reached" in str(err.value), err.value
    assert list((tmp_path / "out").iterdir()) == []
