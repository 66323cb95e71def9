"""The rerun a stopped export's message gives (the same command, --trackers of the runs not exported) keeps a --name
of a run exported before: that --name is accepted when the run's files are in --out as this export writes them. A
LasHeR folder exported before it had its manifest.json (3f4c1c2), every box the same, was refused there ("trk is not
among the runs exported"), as 3e8ef5d had fixed for the runs named in --trackers: it counts as exported now."""
import json

import numpy as np

from workbench.cli import main

BOXES = np.array([[12.0, 10.0, 10.0, 10.0], [31.5, 30.0, 9.0, 11.0]])


def _run(root, label, shift=0.0):
    folder = root / label
    folder.mkdir(parents=True, exist_ok=True)
    for seq in ("afterrain", "baby"):
        (folder / f"{seq}.txt").write_text("".join(",".join(map(str, b)) + "\n" for b in BOXES + shift))
    (folder / "manifest.json").write_text('{"boxes": "dataset file"}')


def test_a_name_left_out_of_trackers_whose_old_folder_lacks_the_manifest(tmp_path, capsys):
    res, out = tmp_path / "res", tmp_path / "out"
    _run(res, "trk")
    cmd = ["export-results", str(res), "--toolkit", "lasher", "--out", str(out), "--name", "trk=Mine"]
    assert main(cmd) == 0, capsys.readouterr().err
    (out / "Mine" / "manifest.json").unlink()  # as exports before 3f4c1c2 left it
    _run(res, "new", shift=2.0)  # a run not exported then
    capsys.readouterr()
    assert main(cmd + ["--trackers", "new"]) == 0, capsys.readouterr().err
    assert json.loads((out / "new" / "manifest.json").read_text())["boxes"] == "dataset file"
    assert not (out / "Mine" / "manifest.json").exists()  # not exported now: left as it was
    # other boxes under that name are still not taken as exported
    _run(res, "trk", shift=1.0)
    assert main(cmd + ["--trackers", "new"]) == 2
    assert "trk is not among the runs exported" in capsys.readouterr().err
