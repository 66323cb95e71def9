"""run --start / --init with the same tracker settings came to the same run folder (named by the settings only)
and replaced the earlier run of the sequence that started elsewhere. Such a run is saved beside it now
(<variant>-run2, ...), said in a note; a rerun from the same start and first box still replaces its own files."""
import json

import numpy as np

from workbench.cli import main
from workbench.core.data.synthetic import write_demo
from workbench.core.results import RunInfo
from workbench.core.runs import RunResult


def _result(start, box, info):
    boxes = np.full((4, 4), np.nan)
    boxes[start:] = box
    times = np.full(4, np.nan)
    times[start:] = 0.01
    return RunResult("kcf", "s", boxes, np.zeros(4), times, start_frame=start, init_box=tuple(box), info=info,
                     init_given=False, box_offset=0)


def _entry(folder):
    return json.loads((folder / "manifest.json").read_text())["sequences"]["s"]


def test_a_run_from_another_start_or_box_goes_beside_the_earlier_one(tmp_path):
    info = RunInfo("kcf", dataset="data")
    a, b, c = (1.0, 2.0, 10.0, 12.0), (3.0, 4.0, 10.0, 12.0), (5.0, 6.0, 8.0, 8.0)
    default = tmp_path / "data" / "kcf" / "default"
    assert _result(0, a, info).save(tmp_path) == default / "s.txt"
    first = (default / "s.txt").read_text()
    moved = _result(1, b, info)
    assert moved.save(tmp_path) == tmp_path / "data" / "kcf" / "default-run2" / "s.txt"
    assert "holds a run from frame 0, box 1,2,10,12" in moved.beside_note and "from frame 1, box 3,4" in moved.beside_note
    assert (default / "s.txt").read_text() == first and _entry(default)["start_frame"] == 0
    assert _entry(default.with_name("default-run2"))["start_frame"] == 1
    # the same start and first box as a run there: that run is replaced, as before (no -run3)
    again = _result(1, b, info)
    assert again.save(tmp_path) == default.with_name("default-run2") / "s.txt" and again.beside_note
    assert _result(0, a, info).save(tmp_path) == default / "s.txt"
    assert _result(0, c, info).save(tmp_path) == default.with_name("default-run3") / "s.txt"  # another first box
    assert sorted(p.name for p in default.parent.iterdir()) == ["default", "default-run2", "default-run3"]
    # a flat folder (a script's run, no settings) goes to its sibling, as the window's second run does
    flat = RunInfo("kcf", variant=None)
    assert _result(0, a, flat).save(tmp_path / "f") == tmp_path / "f" / "kcf" / "s.txt"
    assert _result(2, b, flat).save(tmp_path / "f") == tmp_path / "f" / "kcf-run2" / "s.txt"


def test_run_start_note_and_manifest(tmp_path, capsys):
    seq = write_demo(tmp_path / "data", frames=4, width=64, height=48, seed=3, name="s")
    out = tmp_path / "r"
    base = ["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out)]
    assert main(base) == 0
    assert main(base + ["--start", "1"]) == 0
    err = capsys.readouterr().err
    note = next(ln for ln in err.splitlines() if ln.startswith("note:"))
    assert "holds a run from frame 0" in note and "from frame 1" in note and "default-run2" in note
    default = out / "data" / "kcf" / "default"
    assert _entry(default)["start_frame"] == 0 and _entry(default)["init_box_from"] == "groundtruth"
    entry = _entry(default.with_name("default-run2"))
    assert entry["start_frame"] == 1 and len(entry["init_box"]) == 4
