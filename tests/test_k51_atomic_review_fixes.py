"""The R1 review of the whole-or-nothing writers (``workbench.core.atomic``, ``hsi_convert``):
(2) a source frame that could not be read (EIO on a network disk) was said as "<output>: could not be written
(Input/output error) ... check the disk": every OSError of the block was blamed on the output; (3) a staging folder's
name (``.<name>.<host>.<pid>.<random>.part``) passed 255 bytes for a name that exported before (240 characters);
(4) a live writer of another PID namespace (a container of the same host name) or machine looked gone and its
staging folder was removed under it; (5) a short ``os.pwrite`` of a BSQ band (the sparse fallback on a filling
disk) left zeros without a word; (6) an ENVI video without boxes written over one with boxes kept the old
``<stem>_groundtruth.txt``, read as the new video's boxes."""
import errno
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from workbench.core import atomic
from workbench.core.data import hsi_convert
from workbench.core.data import hsi_generate as gen
from workbench.core.errors import WorkbenchError


@pytest.fixture(scope="module")
def src(tmp_path_factory):
    video = gen.make_video(gen.load_scene(None, 16, seed=3), gen.VideoSpec(frames=3, width=40, height=24, seed=3,
                                                                            distractors=0))
    return hsi_convert.write_h5(tmp_path_factory.mktemp("k51") / "src.h5", (video.frame(t) for t in range(3)), None,
                                video.wavelengths, video.groundtruth)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize("fmt,name", [("h5", "x.h5"), ("envi", "x.hdr"), ("envi-frames", "seq")])
def test_a_source_that_cannot_be_read_is_named_not_the_output(tmp_path, src, fmt, name, monkeypatch):
    from workbench.core.data.sequence import Sequence

    frame = Sequence.frame

    def eio(self, i):
        if i == 1:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(src))
        return frame(self, i)

    monkeypatch.setattr(Sequence, "frame", eio)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OSError) as err:
        hsi_convert.convert(src, out / name, fmt)
    assert err.value.filename == str(src) and err.value.errno == errno.EIO
    assert list(out.iterdir()) == []  # nothing half-written, no temporary file or staging folder


def test_a_write_error_is_still_the_outputs(tmp_path):
    path = tmp_path / "x.bin"
    with pytest.raises(WorkbenchError, match=f"^{path}: could not be written"), atomic.atomic_path(path) as tmp:
        open(tmp / "sub", "wb")  # names the temporary file's path: the write's own (ENOTDIR)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["k" * 240, "\u00e9" * 120])  # exported before the writer's machine and
def test_a_long_name_is_staged_and_its_leftover_found(tmp_path, name):  # process went into the name
    final = tmp_path / name
    stage = atomic.staging_folder(final)
    assert stage.is_dir() and len(os.fsencode(stage.name)) <= 255
    assert atomic.stale_stages(final) == ([], [stage])  # its writer (this process) is there
    dead = stage.with_name(stage.name.replace(f".{os.getpid()}.", f".{_dead_pid()}."))
    stage.rename(dead)
    assert atomic.stale_stages(final) == ([dead], []) and not dead.exists()


def test_a_long_export_name_exports(tmp_path):
    from workbench.core.results import export_results, update_manifest, write_boxes, write_times

    folder = tmp_path / "res" / "data" / "kcf" / "default"
    write_boxes(folder / "seqA.txt", np.tile([5.0, 6.0, 8.0, 7.0], (4, 1)), 0)
    write_times(folder / "seqA_time.txt", np.full(4, 0.01))
    update_manifest(folder, {"method": "kcf", "kind": "tracker", "variant": "default"}, "seqA",
                    {"box_offset": 0, "start_frame": 0, "completed": True})
    name = "k" * 240
    export_results(tmp_path / "res", tmp_path / "x", "pysot", names={"kcf": name})
    assert (tmp_path / "x" / name / "seqA.txt").is_file()
    assert [p.name for p in (tmp_path / "x").iterdir()] == [name]


def test_a_stage_of_another_pid_space_is_left(tmp_path, monkeypatch):
    """Same host name, dead-looking process id, but written in another PID namespace (or boot, or machine of that
    name): its writer cannot be told gone here, so its folder is named, not removed."""
    final = tmp_path / "kcf"
    stage = atomic.staging_folder(final)
    dead = stage.with_name(stage.name.replace(f".{os.getpid()}.", f".{_dead_pid()}."))
    stage.rename(dead)
    mine = atomic._pid_space()
    monkeypatch.setattr(atomic, "_pid_space", lambda: "0" * 8 if mine != "0" * 8 else "1" * 8)
    assert atomic.stale_stages(final) == ([], [dead]) and dead.is_dir()
    monkeypatch.undo()
    assert atomic.stale_stages(final) == ([dead], [])  # this machine's, boot's and namespace's: removed


def test_another_pid_namespace_is_another_pid_space():
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-Urpf", "true"], capture_output=True).returncode != 0:
        pytest.skip("no unprivileged PID namespaces here (unshare -Urpf)")
    code = "from workbench.core import atomic; print(atomic._pid_space())"
    run = subprocess.run([unshare, "-Urpf", sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() != atomic._pid_space()


def _frames(seed: int, n: int = 3):
    return [np.random.default_rng(seed + t).random((6, 5, 4)).astype(np.float32) for t in range(n)]


def _sparse_only(monkeypatch):
    def no_fallocate(fd, offset, size):
        raise OSError(errno.EOPNOTSUPP, os.strerror(errno.EOPNOTSUPP))

    monkeypatch.setattr(hsi_convert.os, "posix_fallocate", no_fallocate)


def test_bsq_short_writes_are_written_on(tmp_path, monkeypatch):
    from workbench.core.data.detect import open_sequence

    _sparse_only(monkeypatch)
    pwrite = os.pwrite
    monkeypatch.setattr(hsi_convert.os, "pwrite", lambda fd, data, off: pwrite(fd, bytes(data)[:7], off))
    frames = _frames(0)
    hsi_convert.write_envi_video(tmp_path / "v.hdr", frames, interleave="bsq")
    monkeypatch.undo()
    seq = open_sequence(tmp_path / "v.hdr")
    for t, fr in enumerate(frames):
        np.testing.assert_array_equal(seq.frame(t), fr)


def test_bsq_a_write_of_nothing_is_a_full_disk(tmp_path, monkeypatch):
    _sparse_only(monkeypatch)
    monkeypatch.setattr(hsi_convert.os, "pwrite", lambda fd, data, off: 0)
    with pytest.raises(WorkbenchError, match=f"^{tmp_path / 'v.hdr'}: could not be written"):
        hsi_convert.write_envi_video(tmp_path / "v.hdr", _frames(0), interleave="bsq")
    assert list(tmp_path.iterdir()) == []


def test_envi_video_without_boxes_over_one_with_boxes(tmp_path):
    from workbench.core.data.detect import open_sequence

    hdr = tmp_path / "v.hdr"
    boxes = np.tile([1.0, 1.0, 3.0, 3.0], (3, 1))
    hsi_convert.write_envi_video(hdr, _frames(0), groundtruth=boxes)
    gt = tmp_path / "v_groundtruth.txt"
    assert gt.is_file()

    def broken():  # a failed write keeps the old video whole, its boxes too
        yield _frames(1)[0]
        raise hsi_convert.DataError(hdr, "frame 1 cannot be read")

    with pytest.raises(hsi_convert.DataError):
        hsi_convert.write_envi_video(hdr, broken())
    assert gt.is_file() and open_sequence(hdr).groundtruth is not None
    hsi_convert.write_envi_video(hdr, _frames(2, 4))
    assert not gt.exists()
    seq = open_sequence(hdr)
    assert len(seq) == 4 and seq.groundtruth is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.hdr", "v.img"]
