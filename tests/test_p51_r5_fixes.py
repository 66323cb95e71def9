"""The R5 review of the whole-or-nothing writers and the RGB-T export: (1) an ENVI video without boxes written over
one with boxes removed the old ``<stem>_groundtruth.txt`` before the data and header were renamed in place, so a
failed rename left the old video without its boxes while the error said it was as it was; (2) a source frame whose
read error names no file (EIO from read() of a file already open, h5py's "Can't read data") was said as
"<output>: could not be written ... check the disk"; (3) two runs of one VTUAV export writing the same
``<tracker>_<seq>.txt`` (trackers a / a_b, sequences b_c / c): the second replaced the first without a word; (4) a staging folder left by a crash or power cut (another boot) is
never removed, which neither ``stale_stages``' docstring nor the note said; (5) ``run`` and ``eval`` each told two
sequences of one name apart by their own rule and words."""
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


@pytest.fixture(scope="module")
def src(tmp_path_factory):
    from workbench.core.data import hsi_generate as gen

    video = gen.make_video(gen.load_scene(None, 16, seed=3), gen.VideoSpec(frames=3, width=40, height=24, seed=3,
                                                                            distractors=0))
    return hsi_convert.write_h5(tmp_path_factory.mktemp("p51") / "src.h5", (video.frame(t) for t in range(3)), None,
                                video.wavelengths, video.groundtruth)


@pytest.mark.parametrize("error", [OSError(errno.EIO, os.strerror(errno.EIO)), OSError("Can't read data")],
                         ids=["eio-of-an-open-file", "h5py"])
@pytest.mark.parametrize("fmt,name", [("h5", "x.h5"), ("envi", "x.hdr"), ("envi-frames", "seq")])
def test_a_source_frame_read_error_naming_no_file_names_the_source(tmp_path, src, fmt, name, error, monkeypatch):
    """(2) read() of a source already open raises EIO with no file name: the writers took it for their own."""
    from workbench.core.data.sequence import Sequence

    frame = Sequence.frame

    def fails(self, i):
        if i == 1:
            raise error
        return frame(self, i)

    monkeypatch.setattr(Sequence, "frame", fails)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OSError) as err:
        hsi_convert.convert(src, out / name, fmt)
    assert err.value.filename == str(src) and err.value.errno == error.errno
    assert "frame 2 of 3 could not be read" in str(err.value)
    assert list(out.iterdir()) == []


def _two_runs_one_vtuav_name(root):
    from workbench.core.results import update_manifest, write_boxes, write_times

    for tracker, seq, x in (("a", "b_c", 5.0), ("a_b", "c", 50.0)):  # both a_b_c.txt in VTUAV's one folder
        folder = root / "data" / tracker / "default"
        write_boxes(folder / f"{seq}.txt", np.tile([x, 6.0, 8.0, 7.0], (4, 1)), 0)
        write_times(folder / f"{seq}_time.txt", np.full(4, 0.01))
        update_manifest(folder, {"method": tracker, "kind": "tracker", "variant": "default"}, seq,
                        {"box_offset": 0, "start_frame": 0, "completed": True})
    return root


def test_two_runs_exported_to_one_vtuav_file_are_refused(tmp_path):
    """(3) VTUAV's flat layout: the second run's a_b_c.txt replaced the first's, both runs listing it."""
    from workbench.core.rgbt_export import export_results

    res = _two_runs_one_vtuav_name(tmp_path / "res")
    with pytest.raises(WorkbenchError, match=r"a_b_c\.txt: runs a and a_b would both be exported as a_b_c\.txt"):
        export_results(res, tmp_path / "x", "vtuav")
    assert not (tmp_path / "x").exists() or not any((tmp_path / "x").iterdir())  # nothing written
    done = export_results(res, tmp_path / "y", "gtot")  # a folder per tracker: no clash
    assert sorted(f.name for r in done for f in r.files) == ["a_b_c.txt", "a_b_c.txt"]


def test_a_stage_from_before_a_restart_is_named_for_the_user_to_delete(tmp_path, monkeypatch):
    """(4) A crash or power cut restarts the machine: the boot in the staging folder's name differs, so the folder is
    never removed again; the note said "delete it once no such command runs" as of a stop, not that it stays."""
    import subprocess
    import sys

    from workbench.core import atomic

    final = tmp_path / "kcf"
    stage = atomic.staging_folder(final)
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    dead = stage.with_name(stage.name.replace(f".{os.getpid()}.", f".{proc.pid}."))
    stage.rename(dead)
    mine = atomic._pid_space()
    monkeypatch.setattr(atomic, "_pid_space", lambda: "0" * 8 if mine != "0" * 8 else "1" * 8)  # rebooted
    for _ in range(2):  # every later write names it again, and leaves it
        removed, left = atomic.stale_stages(final)
        assert (removed, left) == ([], [dead]) and dead.is_dir()
        (note,) = atomic.stale_note(removed, left, "an export of kcf")
        assert note.startswith(f"{dead}: a hidden folder an export of kcf left")
        assert "before a restart" in note and "not removed for you" in note


def _two_h5_of_one_inner_name(folder):
    for stem in ("a", "b"):
        hsi_convert.write_h5(folder / f"{stem}.h5", [np.zeros((8, 8, 3), np.float32)] * 2, 2, [500.0, 600.0, 700.0],
                             np.array([[1.0, 1.0, 4.0, 4.0]] * 2), name="same")
    return folder


def test_run_and_eval_give_one_rename_advice(tmp_path):
    """(5) ``run`` (batch) and ``eval`` (folders) each had a _rename_advice, by different rules and words: one
    helper now; a folder sequence named otherwise by its dataset's listing is told to rename, not to change a
    name "read from inside" a folder."""
    from pathlib import Path

    from workbench.core import batch
    from workbench.core.data.cube import rename_advice
    from workbench.core.evaluation.folders import dataset_groundtruth

    data = _two_h5_of_one_inner_name(tmp_path / "d")
    advice = rename_advice("same", data / "b.h5")
    assert "'name' attribute" in advice and "b.h5" in advice and "rename one" not in advice
    (tmp_path / "bird1").mkdir()
    assert rename_advice("bird1_2", tmp_path / "bird1") == "rename one"  # UAV123's sub-sequences of one folder
    assert rename_advice("a", data / "a.h5") == "rename one"

    said = []
    dataset_groundtruth(data, warn=said.append, skipped=[])
    (note,) = [s for s in said if "also the name of" in s]
    assert note.endswith(advice), note

    class Res:  # what a tracker run returns, as far as the driver reads it
        sequence, stopped = "same", None

        def folder(self, out):
            return Path(out) / "d" / "kcf" / "default"

        def save(self, out):
            return self.folder(out) / "same.txt"

    class Backend:
        def map(self, tasks):
            return (batch.TaskOutcome(t, Res()) for t in tasks)

    tasks = [batch.TrackTask("kcf", batch.SequenceRef(str(data / f"{s}.h5"), str(data), s)) for s in ("a", "b")]
    report = batch.run_batch(tasks, tmp_path / "res", Backend())
    (failed,) = report.failed
    assert failed.error.endswith(f": {advice})"), failed.error
