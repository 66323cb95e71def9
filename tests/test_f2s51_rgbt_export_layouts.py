"""``export-results`` to the RGB-T layouts (R2's review of 96a7879): a partial run left out gets one note, not also
the flat export's "marked partial in its manifest.json" (no manifest is written); VTUAV's files of every tracker go
into ``--out`` itself (its calcPlotErr_TPR reads ``[resultPath name '_' seq_name '.txt']``); the hidden staging
folder a killed export left in ``--out`` is removed by the next export."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from workbench.core import rgbt_export
from workbench.core.errors import WorkbenchError

BOXES = np.array([[12.0, 10.0, 10.0, 10.0], [31.5, 30.0, 9.0, 11.0]])


def _tracker(res: Path, name: str, seqs=("afterrain", "baby")) -> None:
    folder = res / name
    folder.mkdir(parents=True)
    for seq in seqs:
        (folder / f"{seq}.txt").write_text("".join(",".join(map(str, b)) + "\n" for b in BOXES))


def test_partial_run_left_out_with_one_note(tmp_path):
    res = tmp_path / "res"
    _tracker(res, "trk", ("ok",))
    (res / "trk" / "cut.txt").write_text("1,2,3,4\nnan,nan,nan,nan\n")
    (res / "trk" / "manifest.json").write_text(json.dumps(
        {"boxes": "dataset file", "sequences": {"cut": {"partial": {"frame": 1, "reason": "Ctrl-C"}}}}))
    (got,) = rgbt_export.export_results(res, tmp_path / "out", "gtot", offsets={"cut": 0, "ok": 0})
    about_cut = [n for n in got.notes if n.startswith("cut:")]
    assert len(about_cut) == 1 and "left out: it has NaN rows" in about_cut[0], got.notes
    assert not any("manifest.json" in n for n in got.notes)
    assert sorted(p.name for p in (tmp_path / "out").rglob("*")) == ["trk", "trk_ok.txt"]


def test_vtuav_every_tracker_in_one_folder(tmp_path):
    res = tmp_path / "res"
    _tracker(res, "a")
    _tracker(res, "b")
    offsets = {"afterrain": 0, "baby": 0}
    got = rgbt_export.export_results(res, tmp_path / "out", "vtuav", offsets=offsets)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        ["a_afterrain.txt", "a_baby.txt", "b_afterrain.txt", "b_baby.txt"]
    assert all(r.folder == tmp_path / "out" for r in got)
    np.testing.assert_allclose(np.loadtxt(tmp_path / "out" / "b_baby.txt", delimiter=","), BOXES)
    # a second export of one of them with other boxes is refused naming the file, nothing written over (the same
    # boxes again: unchanged, test_d52_rgbt_export_same_again)
    before = (tmp_path / "out" / "a_baby.txt").read_bytes()
    (res / "a" / "afterrain.txt").write_text("".join(",".join(map(str, b + 1)) + "\n" for b in BOXES))
    with pytest.raises(WorkbenchError, match="already holds a_afterrain.txt"):
        rgbt_export.export_results(res, tmp_path / "out", "vtuav", trackers=["a"], offsets=offsets)
    assert (tmp_path / "out" / "a_baby.txt").read_bytes() == before


KILLED = """
import os, signal, sys
from workbench.core import rgbt_export
def die(*_a, **_k):
    os.kill(os.getpid(), signal.SIGKILL)  # killed while its staging folder is there, as by the OOM killer
rgbt_export._place = die
rgbt_export.export_results(sys.argv[1], sys.argv[2], "lasher", offsets={"afterrain": 0, "baby": 0})
"""


def test_staging_folder_of_a_killed_export_removed_by_the_next(tmp_path):
    res, out = tmp_path / "res", tmp_path / "out"
    _tracker(res, "trk")
    out.mkdir()
    run = subprocess.run([sys.executable, "-c", KILLED, str(res), str(out)], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode < 0, run.stderr  # killed by its signal
    left = [p.name for p in out.iterdir()]
    assert len(left) == 1 and left[0].startswith(".") and left[0].endswith(".part"), left
    (got,) = rgbt_export.export_results(res, out, "lasher", offsets={"afterrain": 0, "baby": 0})
    assert sorted(p.name for p in out.iterdir()) == ["trk"]
    assert any(left[0] in n and "removed" in n for n in got.notes), got.notes
