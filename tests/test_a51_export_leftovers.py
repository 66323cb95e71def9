"""What a killed (SIGKILL) whole-or-nothing export leaves in --out: its hidden ``.<name>.*.part`` staging folder.
The readers of result folders skip it as ``find_runs`` does (the detectors' / segmenters' listing, which the
window's Dataset dock and its saved runs read, listed one as a run '.lw.<...>.part'; the VOT / TRE / SRE listing's
``*/`` patterns matched it too), and the next export of that name removes one whose writer is gone (its host and
process are in its name) or names one it cannot tell (an older version's name, a process still there) in a note;
a hidden folder of another name (the user's) is not touched."""
import os
import subprocess
import sys

import numpy as np

from workbench.core import atomic
from workbench.core.results import export_results, find_method_runs, update_manifest, write_boxes, write_times


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _stage(parent, name, pid, host=None):
    host = host or atomic._writer_id()  # this machine's name and pid space (boot, PID namespace)
    stage = parent / f".{name}.{host}.{pid}.ab12cd34.part"
    (stage / "times").mkdir(parents=True)
    (stage / "seqA.txt").write_text("1,2,3,4\n")
    return stage


def test_listings_skip_a_killed_exports_folder(tmp_path):
    from workbench.core.evaluation.vot import find_vot_runs

    for folder in ("data/lw/default", "data/.lw.h.1.ab12cd34.part/default", ".lw.h.1.ab12cd34.part/default"):
        update_manifest(tmp_path / folder, {"method": "lw", "kind": "segmenter", "variant": "default"}, "s",
                        {"completed": True})
    assert [label for label, _f, _m in find_method_runs(tmp_path)] == ["lw"]
    for folder in ("kcf/baseline", ".kcf.h.1.ab12cd34.part/baseline"):
        write_boxes(tmp_path / "v" / folder / "s" / "s_001.txt", np.tile([1.0, 2.0, 3.0, 4.0], (3, 1)))
    assert [r.label for r in find_vot_runs(tmp_path / "v")] == ["kcf"]


def test_the_next_export_clears_or_names_what_a_killed_one_left(tmp_path):
    res = tmp_path / "res" / "data" / "kcf" / "default"
    write_boxes(res / "seqA.txt", np.tile([5.0, 6.0, 8.0, 7.0], (4, 1)), 0)
    write_times(res / "seqA_time.txt", np.full(4, 0.01))
    update_manifest(res, {"method": "kcf", "kind": "tracker", "variant": "default"}, "seqA",
                    {"box_offset": 0, "start_frame": 0, "completed": True})
    out = tmp_path / "out"
    out.mkdir()
    dead = _stage(out, "kcf", _dead_pid())
    running = _stage(out, "kcf", os.getppid())  # a writer still there: never removed
    elsewhere = _stage(out, "kcf", _dead_pid(), host="otherhost")  # another machine's: cannot be told
    older = out / ".kcf.zz99yy88.part"  # an earlier version's name
    older.mkdir()
    mine = out / ".kcf.notes"  # the user's
    mine.mkdir()
    (res_,) = export_results(tmp_path / "res", out, "got10k")
    assert (out / "kcf" / "seqA.txt").is_file()
    assert not dead.exists() and running.is_dir() and elsewhere.is_dir() and older.is_dir() and mine.is_dir()
    said = "\n".join(res_.notes)
    assert f"{dead}: removed" in said
    for left in (running, elsewhere, older):
        assert f"{left}: a hidden folder an export of kcf left" in said, said
    assert str(mine) not in said
    assert sorted(p.name for p in out.iterdir() if p.name.endswith(".part")) == sorted(
        p.name for p in (running, elsewhere, older))


def test_a_staging_folder_names_its_writer(tmp_path):
    stage = atomic.staging_folder(tmp_path / "kcf")
    assert stage.name.startswith(".kcf.") and stage.name.endswith(".part") and f".{os.getpid()}." in stage.name
    assert atomic.stale_stages(tmp_path / "kcf") == ([], [stage])  # its writer (this process) is there
