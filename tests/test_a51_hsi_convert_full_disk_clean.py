"""`workbench generate hsi-convert` on a full disk, as one clean error. HDF5: the write failed inside HDF5, which
then printed its own tracebacks as h5py's objects went ("Exception ignored in: ...ObjectID.__dealloc__") around our
named error, and the process died of a segmentation fault (exit 139). ENVI: the groundtruth file was written last,
after the data and the header had been put in place, so a full disk there left a video without its boxes (and the
groundtruth's ``.part`` file)."""
import errno
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.core.data import hsi_convert
from workbench.core.data import hsi_generate as gen
from workbench.core.errors import WorkbenchError

CLI = "import sys; from workbench.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture(scope="module")
def src(tmp_path_factory):
    video = gen.make_video(gen.load_scene(None, 16, seed=5), gen.VideoSpec(frames=3, width=48, height=32, seed=5,
                                                                            distractors=0))
    return hsi_convert.write_h5(tmp_path_factory.mktemp("a51") / "src.h5", (video.frame(t) for t in range(3)), None,
                                video.wavelengths, video.groundtruth)


def _file_size_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, hard))  # Python ignores SIGXFSZ: writes past it fail (EFBIG)


def test_h5_on_a_full_disk_is_one_clean_error(tmp_path, src):
    out = tmp_path / "out"
    out.mkdir()
    dst = out / "new" / "x.h5"
    run = subprocess.run([sys.executable, "-c", CLI, "generate", "hsi-convert", str(src), "--out", str(dst),
                          "--format", "h5"], capture_output=True, text=True, timeout=120, preexec_fn=_file_size_limit,
                         cwd=tmp_path)
    errors = [line for line in run.stderr.splitlines() if line.startswith("workbench: error:")]
    assert run.returncode == 2, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "Exception ignored" not in run.stderr, run.stderr[-2000:]
    assert len(errors) == 1 and errors[0].startswith(f"workbench: error: {dst}: could not be written ("), run.stderr
    assert "the disk is full or a file-size limit was reached" in errors[0]
    assert list(out.iterdir()) == []


def test_envi_boxes_on_a_full_disk_leave_nothing(tmp_path, src, monkeypatch):
    dst = tmp_path / "out" / "x.hdr"
    (tmp_path / "out").mkdir()
    write_text = Path.write_text

    def full(self, *args, **kw):
        if "groundtruth" in self.name:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return write_text(self, *args, **kw)

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(WorkbenchError) as err:
        hsi_convert.convert(src, dst, "envi")
    assert str(err.value).startswith(f"{dst}: could not be written ({os.strerror(errno.ENOSPC)}: the disk is full")
    assert list((tmp_path / "out").iterdir()) == []


def test_a_killed_conversions_folder_is_removed_or_named(tmp_path, src):
    import warnings

    from workbench.core.atomic import _writer_id
    from workbench.core.errors import DataWarning

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    host = _writer_id()  # this machine's name and pid space (boot, PID namespace)
    dead = tmp_path / f".seq.{host}.{proc.pid}.ab12cd34.part"  # a conversion SIGKILLed: its process is gone
    older = tmp_path / ".seq.part"  # an earlier version's, whose writer cannot be told: it was cleared silently
    for p in (dead, older):
        (p / "frame0001.img").parent.mkdir()
        (p / "frame0001.img").write_bytes(b"x")
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        hsi_convert.convert(src, tmp_path / "seq", "envi-frames")
    assert (tmp_path / "seq" / "frame0003.hdr").is_file() and not dead.exists() and older.is_dir()
    notes = [str(w.message) for w in said if issubclass(w.category, DataWarning)]
    assert any(n.startswith(f"{older}: a hidden folder a conversion to seq left") for n in notes), notes
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".seq.part"]
